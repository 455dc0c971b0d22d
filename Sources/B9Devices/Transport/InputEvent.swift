/// One Linux input event as the kernel delivers it from `/dev/input/eventN` (`struct input_event`,
/// linux/input.h): a timestamp, a type (`EV_KEY` 0x01, `EV_SYN` 0x00, `EV_MSC` 0x04), a code
/// (`KEY_A` 30, …) and a value (1 press, 0 release, 2 autorepeat).
///
/// On 64-bit Linux a record is 24 bytes, little-endian: `tv_sec` (8), `tv_usec` (8), `type` (2),
/// `code` (2), `value` (4).
public struct InputEvent: Hashable, Sendable {
    /// `EV_SYN` (0x00).
    public static let typeSync: UInt16 = 0x00
    /// `EV_KEY` (0x01).
    public static let typeKey: UInt16 = 0x01
    /// `EV_MSC` (0x04), e.g. `MSC_SCAN` scancodes that keyboards send before each key.
    public static let typeMisc: UInt16 = 0x04
    /// Size of one record on 64-bit Linux.
    public static let recordSize = 24

    public var seconds: Int64
    public var microseconds: Int64
    public var type: UInt16
    public var code: UInt16
    public var value: Int32

    public init(seconds: Int64 = 0, microseconds: Int64 = 0, type: UInt16, code: UInt16, value: Int32) {
        self.seconds = seconds
        self.microseconds = microseconds
        self.type = type
        self.code = code
        self.value = value
    }

    /// The event time in microseconds since the epoch.
    public var timestampMicroseconds: Int64 {
        seconds.multipliedReportingOverflow(by: 1_000_000).partialValue &+ microseconds
    }

    /// The 24-byte record.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(Self.recordSize)
        func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
        }
        append(seconds)
        append(microseconds)
        append(type)
        append(code)
        append(value)
        return out
    }

    /// Decodes one record from exactly 24 bytes; nil otherwise.
    public init?(record: some Collection<UInt8>) {
        guard record.count == Self.recordSize else { return nil }
        let b = Array(record)
        func read<T: FixedWidthInteger>(_ offset: Int, _: T.Type) -> T {
            var value: T = 0
            for index in 0..<MemoryLayout<T>.size {
                value |= T(truncatingIfNeeded: b[offset + index]) << (8 * index)
            }
            return value
        }
        self.init(
            seconds: read(0, Int64.self), microseconds: read(8, Int64.self), type: read(16, UInt16.self),
            code: read(18, UInt16.self), value: read(20, Int32.self))
    }
}

/// Cuts a byte stream from an evdev node into ``InputEvent`` records, keeping a partial record for
/// the next bytes.
public struct InputEventDecoder: Sendable {
    private var pending: [UInt8] = []

    public init() {}

    /// Bytes held back because they do not yet make a whole record.
    public var pendingByteCount: Int { pending.count }

    /// Appends `bytes` and returns every complete record.
    public mutating func decode(_ bytes: some Sequence<UInt8>) -> [InputEvent] {
        pending.append(contentsOf: bytes)
        var events: [InputEvent] = []
        var offset = 0
        while pending.count - offset >= InputEvent.recordSize {
            if let event = InputEvent(record: pending[offset..<offset + InputEvent.recordSize]) {
                events.append(event)
            }
            offset += InputEvent.recordSize
        }
        pending.removeFirst(offset)
        return events
    }
}
