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

        // On a loaded machine a first poll can miss its 0.3 s, and the printer is reported silent before
        // the test silences it: wait until it is heard again, so the silence starts from an answering
        // printer. `answering` is where the driver last took it as answering.
        var answering = 0
        while true {
            let events = timeline.all.map(\.event)
            guard let missed = events.lastIndex(where: isStatus(ReceiptPrinterDriver.noAnswer)) else { break }
            if let heard = events[missed...].firstIndex(where: isStatus(ReceiptPrinterDriver.ready)) {
                answering = heard
                break
            }
            guard await timeline.status(ReceiptPrinterDriver.ready, from: missed) != nil else { return }
        }

        // The printer takes its input slowly (16 bytes every 2 s): the polls go unanswered.
        await simulator.setDrainDelay(.seconds(2))
        guard await timeline.status(ReceiptPrinterDriver.noAnswer, from: answering) != nil else { return }
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
