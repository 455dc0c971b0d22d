import B9Devices
import B9ESCPOS
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A fresh empty folder under /tmp for one test.
func temporaryFolder(_ name: String) throws -> String {
    var template = Array("/tmp/b9-\(name)-XXXXXX".utf8CString)
    let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkdtemp($0) } ?? nil }
    guard made != nil else { throw DeviceError(.openFailed, "mkdtemp failed") }
    return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

enum Medium: String, CaseIterable, Sendable {
    case pty
    case tcp
}

func makeSimulator(_ medium: Medium, name: String) async throws -> PrinterSimulator {
    switch medium {
    case .pty: try await PrinterSimulator.onPseudoTerminal(linkPath: try temporaryFolder(name) + "/printer")
    case .tcp: try await PrinterSimulator.onLoopback()
    }
}

/// An enabled printer device, with a quick reconnect for tests unless `policy` is given.
func makePrinter(
    _ address: DeviceAddress,
    policy: ReconnectPolicy = ReconnectPolicy(initialDelay: .milliseconds(20), maximumDelay: .milliseconds(200))
) async throws -> ManagedDevice<ReceiptPrinterDriver> {
    let device = ManagedDevice(
        address: address, driver: ReceiptPrinterDriver(profile: .epsonTMT88, statusTimeout: .seconds(60)),
        policy: policy)
    try await device.open()
    try await device.claim()
    try await device.enable()
    return device
}

/// An enabled printer on `simulator` with `driver`, its events followed from the start; nil (with an
/// issue recorded) when its first status report (the ASB frame, or the first poll's answer) never came.
func makeFollowedPrinter(
    _ simulator: PrinterSimulator, driver: ReceiptPrinterDriver
) async throws -> (printer: ManagedDevice<ReceiptPrinterDriver>, timeline: FlapTimeline<DeviceEvent<PrinterStatus>>)? {
    let printer = ManagedDevice(address: await simulator.address, driver: driver)
    let timeline = FlapTimeline(following: printer.events)
    try await printer.open()
    try await printer.claim()
    try await printer.enable()
    guard await timeline.first(from: 0, where: isData) != nil else { return nil }
    return (printer, timeline)
}

/// A receipt whose text contains `marker` once.
func receipt(_ marker: String, padding: Int = 0) -> [UInt8] {
    ESCPOSCommand.initialize.bytes + Array("RECEIPT \(marker)\n".utf8)
        + Array(repeating: UInt8(ascii: "."), count: padding) + Array("\nEND \(marker)\n".utf8)
        + ESCPOSCommand.feedAndCut(.partial, feed: 3).bytes
}

/// How often `needle` occurs in `haystack` (overlapping occurrences counted).
///
/// With `memchr` and `memcmp`, not a byte-by-byte generic comparison: the flap tests check every cycle's
/// marker against everything the simulator received, and the generic search in a debug build kept both of
/// Swift's executor threads busy for seconds, stalling every other device test in the process.
func occurrences(of needle: String, in haystack: [UInt8]) -> Int {
    let pattern = Array(needle.utf8)
    guard let first = pattern.first, haystack.count >= pattern.count else { return 0 }
    return haystack.withUnsafeBytes { hay in
        pattern.withUnsafeBytes { wanted in
            guard let base = hay.baseAddress, let wantedBase = wanted.baseAddress else { return 0 }
            let last = hay.count - wanted.count
            var count = 0
            var start = 0
            while start <= last, let found = memchr(base + start, CInt(first), last - start + 1) {
                if memcmp(found, wantedBase, wanted.count) == 0 { count += 1 }
                start = base.distance(to: UnsafeRawPointer(found)) + 1
            }
            return count
        }
    }
}

/// Waits until `condition` holds, checking every 10 ms, for at most `limit` — a generous bound that
/// only matters when something is broken (then an issue is recorded and the expectations after it
/// fail). Also gives up when the test is cancelled by its time limit.
func eventually(
    within limit: Duration = .seconds(120), sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: () async -> Bool
) async {
    let deadline = ContinuousClock.now.advanced(by: limit)
    while !(await condition()) {
        guard ContinuousClock.now < deadline else {
            Issue.record("the condition did not hold within \(limit)", sourceLocation: sourceLocation)
            return
        }
        do {
            try await Task.sleep(for: .milliseconds(10))
        } catch {
            return
        }
    }
}

/// The value of `task`, cancelling it when the waiting test is cancelled (by its time limit).
func result<T: Sendable>(of task: Task<T, any Error>) async throws -> T {
    try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
}
