public import B9ESCPOS
import Synchronization

/// The customer-display device class: a 2×20 pole display on serial, USB-serial or TCP, driven
/// with one of the ``DisplayCommandSet``s. Output only; it delivers no data events.
///
/// ```swift
/// let display = ManagedDevice(address: a, driver: CustomerDisplayDriver(commandSet: .cd5220))
/// try await display.open(); try await display.claim()
/// try await display.show(.total("12.50"))
/// ```
/// (Pass-through through a printer with `ESC = n` comes with the printer class.)
///
/// The display is re-initialised after every (re)connect and then shows again what it was last
/// asked to show (with the brightness last set), so a display unplugged mid-sale — or in the
/// middle of a write — comes back with the customer's total rather than the idle message. The idle
/// message is shown only until the first ``ManagedDevice/show(_:)``.
public struct CustomerDisplayDriver: DeviceDriver {
    public typealias Payload = [UInt8]

    public let commandSet: DisplayCommandSet
    /// Brightness applied after every (re)connect (1…4), nil to leave the display's setting.
    public let brightness: Int?
    /// Shown after every (re)connect.
    public let idleMessage: String?
    public let writeTimeout: Duration
    /// The display's character table for text outside ASCII: selected after every reset where the
    /// command set can (Epson `ESC t n`), otherwise the table set on the display's switches.
    /// Nil: ASCII only.
    public let codePage: CodePage?
    /// How long the `interactive` health check leaves its test pattern up for the operator to read
    /// before the display shows again what it showed before.
    public let testPatternHold: Duration
    let memory = DisplayMemory()

    public init(commandSet: DisplayCommandSet, brightness: Int? = nil, idleMessage: String? = nil,
                writeTimeout: Duration = .seconds(2), codePage: CodePage? = nil, testPatternHold: Duration = .seconds(5)) {
        self.commandSet = commandSet
        self.brightness = brightness
        self.idleMessage = idleMessage
        self.writeTimeout = writeTimeout
        self.codePage = codePage
        self.testPatternHold = testPatternHold
    }

    /// The two lines of the health checks' test pattern.
    public static let testPattern = ("B9 display test", "12345678901234567890")

    /// Reset, code table and brightness (the level last set, else ``brightness``): what every
    /// (re)connect and health check starts with.
    public var setup: [UInt8] {
        var bytes = commandSet.initialize
        if let codePage, let select = commandSet.selectCodePage(codePage) { bytes += select }
        if let level = memory.value.brightness ?? brightness, let command = commandSet.brightness(level) { bytes += command }
        return bytes
    }

    /// The bytes that show `upper` and `lower` with this display's code page.
    public func lines(_ upper: String, _ lower: String) -> [UInt8] {
        commandSet.showLines(upper, lower, codePage: codePage)
    }

    public func prepare(_ transport: any DeviceTransport) async throws(DeviceError) {
        try await transport.write(setup + current, timeout: writeTimeout)
    }

    /// The two lines last asked for (shown again after a reconnect), nil before the first show.
    public var lastShown: (String, String)? { memory.value.lines }

    /// What the display is meant to show now: the lines last asked for, else the idle message,
    /// else nothing (the reset has cleared it).
    var current: [UInt8] {
        guard let (upper, lower) = memory.value.lines ?? idleMessage.map({ DisplayLayout.idle($0).lines }) else { return [] }
        return lines(upper, lower)
    }

    /// `external`: re-initialises the display and shows ``testPattern``; `interactive`: the same,
    /// left up for ``testPatternHold`` for the operator to read. Either way the display then shows
    /// again what it showed before (the last layout, else the idle message, else a blank screen) —
    /// also a layout asked for while the pattern was up.
    public func checkHealth(_ level: HealthCheckLevel, transport: any DeviceTransport) async -> HealthReport {
        let (upper, lower) = Self.testPattern
        do {
            try await transport.write(setup + lines(upper, lower), timeout: writeTimeout)
            if level == .interactive { try? await Task.sleep(for: testPatternHold) }
            let restore = current
            try await transport.write(restore.isEmpty ? lines("", "") : restore, timeout: writeTimeout)
            return HealthReport(level: level, healthy: true, text: level == .interactive
                ? "the display showed \"\(upper)\" and \(lower) for \(testPatternHold), then what it showed before: ask the operator whether it was readable"
                : "test pattern sent, then what the display showed before")
        } catch {
            return HealthReport(level: level, healthy: false, text: error.description)
        }
    }
}

extension ManagedDevice where Driver == CustomerDisplayDriver {
    /// Shows `layout`.
    ///
    /// The lines are remembered before they are sent: when the display is away (the write throws
    /// `disconnected`) or goes away during the write, it shows them when it is back.
    public func show(_ layout: DisplayLayout) async throws(DeviceError) {
        let (upper, lower) = layout.lines
        driver.memory.remember(lines: (upper, lower))
        try await write(driver.lines(upper, lower), timeout: driver.writeTimeout)
    }

    /// Sets brightness 1…4; throws `unsupported` for command sets without a brightness command.
    public func setBrightness(_ level: Int) async throws(DeviceError) {
        guard let bytes = driver.commandSet.brightness(level) else {
            throw DeviceError(.unsupported, "\(driver.commandSet) displays have no brightness command",
                              device: address.description)
        }
        driver.memory.remember(brightness: level)
        try await write(bytes, timeout: driver.writeTimeout)
    }
}

/// What a display was last asked to show, shared by the driver's copies (it is restored after a
/// reconnect).
final class DisplayMemory: Sendable {
    struct Contents: Sendable {
        var lines: (String, String)?
        var brightness: Int?
    }

    private let contents = Mutex(Contents())

    var value: Contents { contents.withLock { $0 } }

    func remember(lines: (String, String)) { contents.withLock { $0.lines = lines } }
    func remember(brightness: Int) { contents.withLock { $0.brightness = brightness } }
}
