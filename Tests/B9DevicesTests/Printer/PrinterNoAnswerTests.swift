import B9Devices
import B9ESCPOS
import Testing

/// A polled printer that stops answering `DLE EOT` is reported (`printer-no-answer`), and reported
/// again once it answers: ready, or what keeps it from printing.
@Suite("Printer that stops answering status polls", .timeLimit(.minutes(5)))
struct PrinterNoAnswerTests {
    @Test("Answering again after polls went unanswered reports printer-ready, or the fault that is there now", arguments: [false, true])
    func answeringAgainIsReported(paperEndMeanwhile: Bool) async throws {
        let simulator = try await PrinterSimulator.onLoopback()
        let driver = ReceiptPrinterDriver(profile: .generic80, statusPollInterval: .milliseconds(200), statusTimeout: .milliseconds(300))
        #expect(!driver.usesAutomaticStatusBack)
        guard let (printer, timeline) = try await makeFollowedPrinter(simulator, driver: driver) else { return }

        // The printer takes its input slowly (16 bytes every 2 s): the polls go unanswered.
        let beforeSilence = timeline.count
        await simulator.setDrainDelay(.seconds(2))
        guard await timeline.status(ReceiptPrinterDriver.noAnswer, from: beforeSilence) != nil else { return }
        if paperEndMeanwhile { await simulator.setPaperEnd(true) }
        let silenced = timeline.count
        await simulator.setDrainDelay(nil)
        let expected = paperEndMeanwhile ? ReceiptPrinterDriver.paperEnd : ReceiptPrinterDriver.ready
        let reported = await timeline.status(expected, from: silenced)
        #expect(reported != nil, "after answering again: \(timeline.tail())")
        await printer.close()
        await simulator.shutdown()
    }
}
