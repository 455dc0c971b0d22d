import B9Devices
import B9ESCPOS
import Testing

/// How long a printer fault takes from the printer to a status event: paper end, cover open and
/// offline set at the simulator, timed to the device's `paper-end` / `cover-open` / `offline`
/// event, and the clearing to `printer-ready`. With Automatic Status Back (the printer reports by
/// itself) and with polling (`DLE EOT 1…4` every second, for printers without ASB). The bounds
/// asserted are generous (the machine may be loaded); the figures printed (`FIGURES …`) are what
/// docs/reliability.md records.
@Suite("Printer status reporting time", .timeLimit(.minutes(30)))
struct PrinterStatusLatencyTests {
    enum Reporting: String, CaseIterable, Sendable {
        case asb
        case polling
    }

    /// Rounds per fault: an eighth of `B9_FLAP_CYCLES` (at least 3; `make soak`: 25).
    static var rounds: Int { max(3, flapCycles() / 8) }

    /// A random wait of up to one poll interval, so each fault lands at a random point of the
    /// polling cycle (and not just after a poll, which would always cost a whole interval).
    static func randomPhase() async throws {
        try await Task.sleep(for: .milliseconds(Int.random(in: 0...1000)))
    }

    /// Makes `change` at a random point of the polling cycle; returns how long until the device
    /// reported `code`.
    static func timeToEvent(
        _ code: DeviceStatus.Code, on timeline: FlapTimeline<DeviceEvent<PrinterStatus>>, after change: () async -> Void
    ) async throws -> Duration? {
        try await randomPhase()
        let mark = timeline.count
        let start = ContinuousClock.now
        await change()
        guard let reported = await timeline.status(code, from: mark) else { return nil }
        return start.duration(to: reported.entry.at)
    }

    @Test(arguments: Reporting.allCases, Medium.allCases)
    func faultToStatusEvent(reporting: Reporting, medium: Medium) async throws {
        let simulator = try await makeSimulator(medium, name: "status-latency")
        let profile: PrinterProfile = reporting == .asb ? .epsonTMT88 : .generic80
        let driver = ReceiptPrinterDriver(profile: profile, statusPollInterval: .seconds(1), statusTimeout: .seconds(60))
        #expect(driver.usesAutomaticStatusBack == (reporting == .asb))
        guard let (printer, timeline) = try await makeFollowedPrinter(simulator, driver: driver) else { return }
        var figures: [String: FlapFigures] = [:]
        for _ in 0..<Self.rounds {
            for fault in PrintJobQueueTests.Fault.allCases {
                guard let took = try await Self.timeToEvent(fault.code, on: timeline, after: { await fault.apply(true, to: simulator) })
                else { return }
                figures["\(fault.rawValue)", default: FlapFigures("\(reporting)-\(medium) \(fault.rawValue)")].add(took)
                #expect(took <= .seconds(30), "\(fault.rawValue) reported after \(took)")
                guard let cleared = try await Self.timeToEvent(ReceiptPrinterDriver.ready, on: timeline, after: { await fault.apply(false, to: simulator) })
                else { return }
                figures["ready", default: FlapFigures("\(reporting)-\(medium) printer-ready")].add(cleared)
                #expect(cleared <= .seconds(30), "printer-ready reported after \(cleared)")
            }
        }
        for name in figures.keys.sorted() { figures[name]?.report() }
        await printer.close()
        await simulator.shutdown()
    }
}
