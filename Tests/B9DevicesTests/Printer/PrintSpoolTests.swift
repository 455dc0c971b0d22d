@testable import B9Devices
import B9ESCPOS
import B9TestSupport
import PropertyBased
import Testing

@Suite("Print spool", .cpuBound)
struct PrintSpoolTests {
    @Test(arguments: ["sale-1", "A.b_c-9", String(repeating: "x", count: 64)])
    func acceptsJobIDs(id: String) { #expect(PrintSpool.isValidJobID(id)) }

    @Test(arguments: ["", ".hidden", "../etc", "a/b", "with space", String(repeating: "x", count: 65), "ä"])
    func rejectsJobIDs(id: String) { #expect(!PrintSpool.isValidJobID(id)) }

    @Test func stateRecordsReadBack() async {
        await propertyCheck(count: 200, input: Gen.character(in: "\u{0}"..."\u{7FF}").string(of: 0...30)) { text in
            for state: PrintJobState in [.queued, .sending(printer: text), .heldAtPrinter(printer: text),
                                         .printed(printer: text), .failed(reason: text), .unknown(reason: text)] {
                let line = state.encoded
                #expect(!line.contains("\n"))
                #expect(PrintJobState(encoded: line) == state)
            }
        }
    }

    @Test func jobSendingAtARestartBecomesUnknownAndUnfinishedSubmitsAreDropped() async throws {
        let folder = try temporaryFolder("spool-restart")
        let spool = try PrintSpool(directory: folder)
        try spool.store(jobID: "a", bytes: [0x41])
        try spool.store(jobID: "a", state: .queued)
        try spool.store(jobID: "b", bytes: [0x42])
        try spool.store(jobID: "b", state: .sending(printer: "tcp://127.0.0.1:9100"))
        try spool.store(jobID: "c", bytes: [0x43])  // no state: the submit never returned
        let loaded = try spool.load()
        #expect(loaded.map(\.id) == ["a", "b"])
        #expect(throws: PrintQueueError.self) { try spool.bytes(of: "c") }

        let device = ManagedDevice(address: DeviceAddress(.tcp(host: "127.0.0.1", port: 9)),
                                   driver: ReceiptPrinterDriver(profile: .epsonTMT88))
        let queue = PrintJobQueue(spool: spool, primary: device)
        try await queue.start()
        guard case .unknown = try #require(await queue.state(of: "b")) else {
            Issue.record("a job that was being sent must become unknown")
            return
        }
        #expect(await queue.pendingJobs() == ["a"])
        await queue.stop()
    }
}
