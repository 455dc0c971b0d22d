import NIOCore

/// The barcode-scanner device class: keyboard-wedge scanners on evdev (taken exclusively so the
/// codes do not also land in whatever window has focus), serial scanners, and HID POS scanners
/// on hidraw. Delivers ``ScannedCode``s as data events.
///
/// Use it through ``ManagedDevice``: `ManagedDevice(address: a, driver: BarcodeScannerDriver(for: a))`.
public struct BarcodeScannerDriver: DeviceDriver {
    /// How the scanner talks.
    public enum Interface: Hashable, Sendable {
        /// Key events (evdev): decoded with a layout, suffix and burst rule.
        case keyboardWedge(keyMap: KeyMap, suffix: KeyboardWedgeDecoder.Suffix, burst: KeyboardWedgeDecoder.BurstRule)
        /// Lines of bytes ended by CR/LF (serial, USB-CDC, TCP).
        case serial
        /// 64-byte HID POS reports (hidraw).
        case hidPOS
    }

    /// Status code emitted when slow keystrokes (a person typing on the scanner's keyboard
    /// node) were discarded.
    public static let typingIgnored = DeviceStatus.Code("typing-ignored")

    public let interface: Interface
    /// Split an AIM symbology identifier (`]E0`…) off the front of each code.
    public let parseAIM: Bool

    public init(interface: Interface, parseAIM: Bool = true) {
        self.interface = interface
        self.parseAIM = parseAIM
    }

    /// The usual interface for an address: evdev → keyboard wedge (US layout, Enter suffix unless
    /// given), hidraw → HID POS, anything else → serial.
    public init(for address: DeviceAddress, keyMap: KeyMap = .us, suffix: KeyboardWedgeDecoder.Suffix = .enter,
                burst: KeyboardWedgeDecoder.BurstRule = .default, parseAIM: Bool = true) {
        switch address.location {
        case .evdev: interface = .keyboardWedge(keyMap: keyMap, suffix: suffix, burst: burst)
        case .hidraw: interface = .hidPOS
        default: interface = .serial
        }
        self.parseAIM = parseAIM
    }

    public func receive(from transport: any DeviceTransport, emit: DeviceEmitter<ScannedCode>) async throws(DeviceError) {
        switch interface {
        case .keyboardWedge(let keyMap, let suffix, let burst):
            var events = InputEventDecoder()
            var wedge = KeyboardWedgeDecoder(keyMap: keyMap, suffix: suffix, burst: burst, parseAIM: parseAIM)
            // Without a suffix key, a pause of `maximumGap` ends a code.
            let wait: Duration = suffix == .none ? burst.maximumGap : .seconds(3600)
            while !Task.isCancelled {
                var chunk: ByteBuffer
                do {
                    chunk = try await transport.read(timeout: wait)
                } catch where error.code == .timedOut {
                    deliver(wedge.flush(), emit: emit)
                    continue
                }
                for event in events.decode(chunk.readBytes(length: chunk.readableBytes) ?? []) {
                    deliver(wedge.feed(event), emit: emit)
                }
            }
        case .serial:
            var lines = SerialScannerDecoder(parseAIM: parseAIM)
            while !Task.isCancelled {
                var chunk: ByteBuffer
                do {
                    chunk = try await transport.read(timeout: .seconds(3600))
                } catch where error.code == .timedOut {
                    continue
                }
                for code in lines.feed(chunk.readBytes(length: chunk.readableBytes) ?? []) { emit.data(code) }
            }
        case .hidPOS:
            var reports = HIDPOSReportDecoder()
            while !Task.isCancelled {
                var chunk: ByteBuffer
                do {
                    chunk = try await transport.readChunk(timeout: .seconds(3600))
                } catch where error.code == .timedOut {
                    continue
                }
                if let code = reports.feed(report: chunk.readBytes(length: chunk.readableBytes) ?? []) {
                    emit.data(code)
                }
            }
        }
    }

    private func deliver(_ outputs: [KeyboardWedgeDecoder.Output], emit: DeviceEmitter<ScannedCode>) {
        for output in outputs {
            switch output {
            case .scan(let code): emit.data(code)
            case .typing(let count):
                emit.status(Self.typingIgnored, "\(count) slowly typed character(s) ignored (not a scanner burst)")
            }
        }
    }
}
