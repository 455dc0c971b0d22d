@testable import B9Terminal
import B9Core
import B9Devices
import Foundation
import Testing

@Suite("Kitchen display inside b9terminal run, through mosquitto", .serialized, .timeLimit(.minutes(5)))
struct KitchenDisplayDaemonTests {
    @Test(
        "An order from the till appears on the kitchen page in headless Chromium, a voided item struck through; a click bumps it and preparing goes out over MQTT",
        .enabled(if: HeadlessChromium.path != nil, "needs Debian's chromium package (scripts/install-deps.sh installs it)")
    )
    func pageShowsAndBumpsATicket() async throws {
        let station = try await KitchenDisplayTestStation.start(kitchenYAML: "{amber_after_seconds: 60, red_after_seconds: 300}")
        var stopped = false
        defer { if !stopped { station.daemon.signal(SIGKILL) } }
        // Two minutes old (amber) and ten minutes old (red).
        #expect(try await station.send(orderID: "order-amber", table: "12", ageSeconds: 120), "log: \(station.log)")
        #expect(try await station.send(orderID: "order-red", table: "3", ageSeconds: 600), "log: \(station.log)")
        // The till voids the naan of the red ticket after sending it.
        #expect(try await station.sendVoid(orderID: "order-red", line: 2, name: "Plain Naan"), "log: \(station.log)")

        let url = "http://127.0.0.1:\(station.port)/kitchen?demo-bump=1#token=\(LocalAPITestServer.token)"
        let page = try await HeadlessChromium.settledDOM(url, folder: station.folder)
        #expect(page.contains("data-state=\"ready\""), "page: \(page.suffix(3_000))")
        let cards = Dictionary(page.matches(of: /<article class="([^"]*)" data-order-id="([^"]+)" data-status="([a-z]+)">/).map {
            (String($0.2), (classes: String($0.1), status: String($0.3)))
        }, uniquingKeysWith: { first, _ in first })
        #expect(cards["order-amber"]?.status == "preparing", "the click bumped the first ticket")
        #expect(cards["order-amber"]?.classes.contains("amber") == true)
        #expect(cards["order-red"]?.status == "accepted")
        #expect(cards["order-red"]?.classes.contains("red") == true)
        #expect(page.contains(#"<li class="item voided">1 × Plain Naan</li>"#), "the voided item is struck through")
        #expect(page.contains(#"<li class="item">1 × Plain Naan</li>"#), "the amber ticket's naan is not voided")
        for text in ["Table 12", "Waiter Rahim", "Course 2", "2 × Beef Bhuna", "+ no onion", "+ extra chilli", "! allergy: nuts", "birthday table"] {
            #expect(page.contains(text), "the card shows \(text)")
        }

        #expect(await eventually(timeout: .seconds(30)) { await station.statuses(of: "order-amber") == ["accepted", "preparing"] })
        #expect(await station.statuses(of: "order-red") == ["accepted"])
        stopped = true
        #expect(await station.stop() == 0)
    }

    @Test("A bump bar on evdev: digits bump the Nth ticket, arrows select, Enter bumps the selection, Backspace recalls; statuses go out over MQTT")
    func bumpBarDrivesTheDisplay() async throws {
        let fifo = try KitchenBumpBarFIFO()
        defer { fifo.remove() }
        let station = try await KitchenDisplayTestStation.start(kitchenYAML: "{bump_bar: \"evdev://\(fifo.path)?grab=no\"}")
        var stopped = false
        defer { if !stopped { station.daemon.signal(SIGKILL) } }
        #expect(try await station.send(orderID: "order-1", table: "1", ageSeconds: 0), "log: \(station.log)")
        #expect(try await station.send(orderID: "order-2", table: "2", ageSeconds: 0), "log: \(station.log)")

        // Key 2 (press, autorepeat, release), an unmapped key, then → Enter Enter Enter (order-1 along to
        // bumped, which clears the selection), then Backspace (recall order-1).
        var events: [InputEvent] = []
        func tap(_ name: String, repeats: Int = 0) throws {
            let code = try #require(KeyName.code(name))
            events.append(InputEvent(type: InputEvent.typeMisc, code: 4, value: 0x70000 + Int32(code)))
            events.append(InputEvent(type: InputEvent.typeKey, code: code, value: 1))
            events.append(InputEvent(type: InputEvent.typeSync, code: 0, value: 0))
            for _ in 0..<repeats { events.append(InputEvent(type: InputEvent.typeKey, code: code, value: 2)) }
            events.append(InputEvent(type: InputEvent.typeKey, code: code, value: 0))
            events.append(InputEvent(type: InputEvent.typeSync, code: 0, value: 0))
        }
        try tap("2", repeats: 3)
        try tap("Q")
        try tap("RIGHT")
        try tap("ENTER", repeats: 2)
        try tap("ENTER")
        try tap("ENTER")
        try tap("BACKSPACE")
        try fifo.write(events.flatMap(\.bytes))

        let walked = await eventually(timeout: .seconds(60)) {
            await station.statuses(of: "order-1") == ["accepted", "preparing", "ready", "bumped", "recalled"]
        }
        let seen = await station.statuses(of: "order-1")
        #expect(walked, "order-1: \(seen); log: \(station.log)")
        #expect(await station.statuses(of: "order-2") == ["accepted", "preparing"])
        let board = try await station.board()
        #expect(board.tickets.map(\.orderID) == ["order-1", "order-2"])
        #expect(board.tickets.map(\.status) == ["recalled", "preparing"])
        #expect(board.selected == nil, "bumping the selected ticket cleared the selection")
        stopped = true
        #expect(await station.stop() == 0)
    }
}

/// A FIFO standing in for the bump bar's evdev node, held open for writing so the daemon can open it
/// (and read what is written before it does).
struct KitchenBumpBarFIFO {
    let directory: String
    let path: String
    let writer: Int32

    init() throws {
        directory = "/tmp/b9-bumpbar-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = directory + "/event-kbd"
        try #require(mkfifo(path, 0o600) == 0)
        writer = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC)
        try #require(writer >= 0)
    }

    func write(_ bytes: [UInt8]) throws {
        let written = bytes.withUnsafeBytes { Glibc.write(writer, $0.baseAddress, $0.count) }
        try #require(written == bytes.count)
    }

    func remove() {
        close(writer)
        unlink(path)
        rmdir(directory)
    }
}
