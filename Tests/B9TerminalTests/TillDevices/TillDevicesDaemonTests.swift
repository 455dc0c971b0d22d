@testable import B9Terminal
import B9Core
import B9Devices
import Foundation
import HummingbirdWSClient
import NIOCore
import Testing

@Suite("Till devices inside b9terminal run", .serialized, .timeLimit(.minutes(5)))
struct TillDevicesDaemonTests {
    private struct DeviceRow: Decodable { let device: String; let state: String; let detail: String? }
    private struct DeviceList: Decodable { let devices: [DeviceRow] }

    /// Bytes a pty peer received, collected in the background.
    private actor Collected {
        var bytes: [UInt8] = []
        func add(_ more: [UInt8]) { bytes += more }
    }

    @Test("a sale prints on the simulated printer and is confirmed; at paper end the sale commits, the receipt is held and prints once after recovery")
    func tillPrintsThroughTheQueue() async throws {
        let printer = try await PrinterSimulator.onLoopback()
        let display = try await PseudoTerminal.open(name: "till-display")
        let scanner = try await PseudoTerminal.open(name: "till-scanner")
        let shown = Collected()
        let reader = Task {
            while !Task.isCancelled {
                guard var chunk = try? await display.peer.readChunk(timeout: .seconds(60)) else { continue }
                await shown.add(chunk.readBytes(length: chunk.readableBytes) ?? [])
            }
        }
        let seeded = try await TestStore()
        defer { seeded.remove() }
        defer { reader.cancel() }
        let till = try await TillDaemonTestProcess.start(store: seeded, yaml: """
            metrics: {listen: "127.0.0.1:0"}
            devices: {printer: "\(await printer.address)", display: "\(display.serialAddress())", display_protocol: epson, scanner: "\(scanner.serialAddress())"}
            """, alsoWaitFor: ["metrics listening address=127"])
        defer { till.kill() }
        let port = till.port
        @Sendable func log() -> String { till.log }
        @Sendable func call(_ method: String, _ path: String, _ body: String? = nil) async throws -> RawHTTPResponse {
            try await till.call(method, path, body)
        }
        @Sendable func printerRow() async throws -> DeviceRow? {
            try JSONDecoder().decode(DeviceList.self, from: Data(try await call("GET", "/devices").body)).devices.first { $0.device == "printer" }
        }
        func sell() async throws -> CheckoutView {
            let cart = try JSONDecoder().decode(CartView.self, from: Data(try await call("POST", "/carts").body))
            #expect(try await call("POST", "/carts/\(cart.id)/lines", #"{"code": "SOAP-100", "quantity": "2"}"#).status == 200)
            let paid = try await call("POST", "/carts/\(cart.id)/checkout", #"{"tenders": [{"tender": "cash", "amount": "200.00"}]}"#)
            #expect(paid.status == 201, "\(paid.text)")
            return try JSONDecoder().decode(CheckoutView.self, from: Data(paid.body))
        }
        func occurrences(_ text: String) async -> Int {
            String(decoding: await printer.received, as: UTF8.self).components(separatedBy: text).count - 1
        }
        let ready = await eventually(timeout: .seconds(60)) { (try? await printerRow())?.state == "ready" }
        let devicesAtStart = (try? await call("GET", "/devices").text) ?? ""
        try #require(ready, "devices: \(devicesAtStart) log: \(log())")

        // 0. A code read by the serial scanner reaches a WebSocket client as a scan event.
        let scannerReady = await eventually(timeout: .seconds(60)) {
            ((try? JSONDecoder().decode(DeviceList.self, from: Data(try await call("GET", "/devices").body)))?.devices ?? [])
                .contains { $0.device == "scanner" && $0.state == "ready" }
        }
        try #require(scannerReady)
        let frames = Collected()
        try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/events?access_token=\(LocalAPITestServer.token)", logger: testLogger) { inbound, _, _ in
            for try await message in inbound.messages(maxSize: 1 << 20) {
                guard case .text(let text) = message else { continue }
                await frames.add(Array(text.utf8))
                if text.contains("\"type\":\"ready\"") {
                    try await scanner.peer.write(Array("4006381333931\r\n".utf8), timeout: .seconds(10))
                }
                if text.contains("\"type\":\"scan\"") { break }
            }
        }
        let seen = String(decoding: await frames.bytes, as: UTF8.self)
        #expect(seen.contains(#""code":"4006381333931""#), "\(seen)")

        // 1. A sale prints and its receipt is confirmed in the store.
        let first = try await sell()
        #expect(first.print == "printed", "\(first.printDetail ?? "")")
        #expect(await occurrences("Receipt till-1-\(first.sale.receiptNumber)") == 1)
        #expect(!(try await seeded.store.unconfirmedReceipts()).contains { $0.saleID == first.sale.id })
        // The kick is written before the sale is answered; the simulator counts it once it has read it.
        let kicked = await eventually(timeout: .seconds(30)) { await printer.drawerKicks.count >= 1 }
        let kicks = await printer.drawerKicks.count
        #expect(kicked && kicks == 1, "a cash sale kicks the drawer on the printer, once (\(kicks))")
        let changeShown = await eventually(timeout: .seconds(30)) {
            var screen = CustomerDisplaySimulator(commandSet: .epson)
            screen.feed(await shown.bytes)
            return screen.lines.0.contains("CHANGE") && screen.lines.1.contains(first.sale.change)
        }
        let displayBytes = await shown.bytes
        #expect(changeShown, "display bytes: \(displayBytes)")

        // 2. Paper end: the sale still commits, the receipt is held and unconfirmed, the status says why.
        await printer.setPaperEnd(true)
        let second = try await sell()
        #expect(second.print == "failed")
        #expect(second.printDetail?.contains("paper-end") == true, "\(second.printDetail ?? "")")
        #expect(try await seeded.store.sale(id: second.sale.id) != nil)
        #expect((try await seeded.store.unconfirmedReceipts()).contains { $0.saleID == second.sale.id })
        let paperEndShown = await eventually(timeout: .seconds(30)) { (try? await printerRow())?.detail?.contains("paper-end") == true }
        let deviceText = (try? await call("GET", "/devices").text) ?? ""
        #expect(paperEndShown, "devices: \(deviceText)")
        #expect(await occurrences("Receipt till-1-\(second.sale.receiptNumber)") == 0)

        // 3. Paper loaded: the held receipt prints once and is confirmed.
        await printer.setPaperEnd(false)
        let confirmed = await eventually(timeout: .seconds(60)) {
            !((try? await seeded.store.unconfirmedReceipts()) ?? []).contains { $0.saleID == second.sale.id }
        }
        #expect(confirmed, "log: \(log())")
        #expect(await occurrences("Receipt till-1-\(second.sale.receiptNumber)") == 1)
        #expect(await occurrences("Receipt till-1-\(first.sale.receiptNumber)") == 1)
        let readyAgain = await eventually(timeout: .seconds(30)) { (try? await printerRow())?.state == "ready" }
        #expect(readyAgain)

        // 4. The metrics endpoint counts both sales and shows an empty print queue and a ready printer.
        let metricsPort = try #require(log().firstMatch(of: /metrics listening address=127\.0\.0\.1:([0-9]+)/).flatMap { Int($0.1) })
        let scraped = try await RawHTTPClient.send(to: .tcp(metricsPort), method: "GET", path: "/metrics", headers: [], body: nil)
        #expect(scraped.status == 200)
        let samples = PrometheusText.samples(scraped.text)
        #expect(samples["b9terminal_sales_total"] == 2, "\(scraped.text)")
        let amount = try #require(Double(first.sale.amountDue)) + (try #require(Double(second.sale.amountDue)))
        #expect(samples["b9terminal_sales_amount_minor_total{currency=\"BDT\"}"] == (amount * 100).rounded())
        #expect(samples["b9terminal_print_queue_depth"] == 0)
        #expect(samples["b9terminal_device_state{device=\"printer\",state=\"ready\"}"] == 1)
        #expect(samples["b9terminal_device_state{device=\"printer\",state=\"error\"}"] == 0)
        #expect(samples["b9terminal_outbox_depth"] == 4, "two sales, each a sale and a stock event, wait without a broker")
        #expect((samples["b9terminal_outbox_lag_seconds"] ?? 0) > 0)

        #expect(await till.stop() == 0)
        await printer.shutdown()
    }
}
