@testable import B9Terminal
import B9Core
import B9Devices
import B9Scale
import Foundation
import Testing

/// `b9terminal run` with role `weighing` as a process: one label per item on the pan, the event in
/// the outbox, and a clean exit on SIGTERM.
@Suite("b9terminal run --role weighing as a process", .timeLimit(.minutes(5)))
struct WeighingDaemonTests {
    @Test("A weight left on the pan gives exactly one label and one event; SIGTERM exits 0")
    func oneLabelPerItem() async throws {
        let test = try await TestStore(storeID: "s1", terminalID: "scale-1")
        defer { test.remove() }
        let host = try await ScaleSimulatorHost.start(ScaleSimulator(MTSICSProtocol(), script: try ScaleScript(parsing: "stable 0.500 kg")))
        let printer = try await WeighingStationTests.LabelPrinterStub()
        let configFile = test.folder.appendingPathComponent("b9terminal.yaml")
        try """
            role: weighing
            store: {id: s1, terminal_id: scale-1, path: \(test.folder.appendingPathComponent("store.sqlite").path)}
            devices:
              scale: serial://\(host.devicePath)
              scale_protocol: mt-sics
              printer: \(printer.listener.address)
              printer_profile: epson-tm-t20
            weighing: {sku: APPLE, minimum_kg: "0.020"}
            """.write(to: configFile, atomically: true, encoding: .utf8)
        let logFile = test.folder.appendingPathComponent("stderr.log").path
        let daemon = try ChildProcess.spawn(ChildProcess.b9terminal, ["run", "--config", configFile.path], errors: logFile)

        // Wait (bounded) for the event, then give the service a few more rounds with the item still
        // on the pan: it must not print again.
        var events: [OutboxEvent] = []
        for _ in 0..<1200 where events.isEmpty {
            events = try await test.store.pendingEvents().filter { $0.type == EventType.weighingItemCreated }
            if events.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
        }
        try await Task.sleep(for: .seconds(2))
        daemon.signal(SIGTERM)
        let status = await daemon.wait()
        await host.stop()
        await printer.listener.stop()
        let label = await printer.received.value
        let log = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""

        #expect(status == 0, "\(log)")
        #expect(String(decoding: label, as: UTF8.self).contains("160.00"))
        events = try await test.store.pendingEvents().filter { $0.type == EventType.weighingItemCreated }
        #expect(events.count == 1, "\(log)")
        let envelope = try JSONDecoder().decode(CloudEvent<WeighedItemCreatedData>.self, from: Data(try #require(events.first).payload.utf8))
        #expect(envelope.data.price == 16_000)
        #expect(envelope.data.netWeight == "0.500")
        #expect(log.contains("weighed item labelled"))
    }
}
