/// The name of a scale protocol as written on the command line and in configuration.
public struct ScaleProtocolName: Hashable, Sendable, CustomStringConvertible, Comparable {
    /// `toledo-8217`, `mt-sics`, `cas`, `dialog06`, `avery-berkel`, `adam`, `magellan`.
    public let rawValue: String
    private init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let toledo8217 = ScaleProtocolName("toledo-8217")
    public static let mtSICS = ScaleProtocolName("mt-sics")
    public static let cas = ScaleProtocolName("cas")
    public static let dialog06 = ScaleProtocolName("dialog06")
    public static let averyBerkel = ScaleProtocolName("avery-berkel")
    public static let adam = ScaleProtocolName("adam")
    public static let magellan = ScaleProtocolName("magellan")

    /// Every protocol, in the order auto-detect probes them.
    public static let all: [ScaleProtocolName] = [.mtSICS, .toledo8217, .averyBerkel, .magellan, .cas, .dialog06, .adam]

    /// The protocol for a configuration name.
    /// - Throws: `ScaleError.unknownProtocol` listing the names that exist.
    public init(parsing text: String) throws(ScaleError) {
        guard let match = Self.all.first(where: { $0.rawValue == text.lowercased() }) else {
            throw ScaleError(
                .unknownProtocol,
                "Unknown scale protocol \"\(text)\"; use one of \(Self.all.map(\.rawValue).joined(separator: ", ")).")
        }
        self = match
    }

    public static func < (lhs: ScaleProtocolName, rhs: ScaleProtocolName) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// What a protocol's frame parser found at the start of the buffered bytes.
public enum FrameParse: Sendable, Hashable {
    /// The bytes so far are the beginning of a frame; wait for more.
    case needMore
    /// A complete frame of `length` bytes, decoded into events.
    case frame(length: Int, events: [ScaleEvent])
    /// The first `length` bytes are not a valid frame and are dropped.
    case invalid(length: Int, reason: ScaleError)
}

/// One wire protocol: its line settings, how to encode requests, and how to find frames in replies.
///
/// Conformers are pure values. Feed replies through `ScaleDecoder`, which handles split, merged and
/// garbled input on top of `parseFrame(_:)`.
public protocol ScaleProtocol: Sendable {
    /// The protocol's configuration name.
    var name: ScaleProtocolName { get }
    /// The line settings the scale uses by default.
    var lineSettings: LineSettings { get }
    /// The bytes that ask the scale for `request`.
    /// - Throws: `ScaleError.unsupportedRequest` when the protocol has no such command.
    func encode(_ request: ScaleRequest) throws(ScaleError) -> [UInt8]
    /// Bytes the host must send after `event` while `request` is in progress (for example DC1 after
    /// the ACK of a CAS ECR enquiry, or the EOT acknowledgement Dialog 06 requires), or nil.
    func followUp(after event: ScaleEvent, for request: ScaleRequest) -> [UInt8]?
    /// Whether `byte` can begin a reply frame (used to resynchronise after garbage).
    func canStartFrame(_ byte: UInt8) -> Bool
    /// Parses the frame at the start of `bytes`, which begins with a byte for which `canStartFrame` is true.
    func parseFrame(_ bytes: ArraySlice<UInt8>) -> FrameParse
    /// Longest frame; a partial frame longer than this is garbage.
    var maximumFrameLength: Int { get }
    /// Whether, after an invalid frame, decoding should restart at the next start byte inside it (STX-framed
    /// protocols) rather than after it (line protocols, where the terminator is the boundary).
    var resynchronisesInsideInvalidFrames: Bool { get }
    /// What a scale of this protocol sends for `reading` in answer to a weigh request: used by
    /// `ScaleSimulator` and by tests.
    func encodeReply(_ reading: ScaleReading) -> [UInt8]
}

extension ScaleProtocol {
    public func followUp(after event: ScaleEvent, for request: ScaleRequest) -> [UInt8]? { nil }
    public var resynchronisesInsideInvalidFrames: Bool { false }
}

/// Builds the protocol value for a name, with default options.
public func makeScaleProtocol(_ name: ScaleProtocolName) -> any ScaleProtocol {
    switch name {
    case .toledo8217: Toledo8217Protocol()
    case .mtSICS: MTSICSProtocol()
    case .cas: CASProtocol()
    case .dialog06: Dialog06Protocol()
    case .averyBerkel: AveryBerkelProtocol()
    case .adam: AdamProtocol()
    default: MagellanProtocol()
    }
}

/// ASCII control bytes used by the protocols (named so no frame is written as magic numbers).
enum ASCII {
    static let soh: UInt8 = 0x01
    static let stx: UInt8 = 0x02
    static let etx: UInt8 = 0x03
    static let eot: UInt8 = 0x04
    static let enq: UInt8 = 0x05
    static let ack: UInt8 = 0x06
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let dc1: UInt8 = 0x11
    static let dc2: UInt8 = 0x12
    static let nak: UInt8 = 0x15
    static let esc: UInt8 = 0x1B
    static let space: UInt8 = 0x20

    static func text(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// A short printable rendering of bytes for error messages.
    static func describe(_ bytes: some Collection<UInt8>) -> String {
        bytes.prefix(24).map { byte in
            (0x21...0x7E).contains(byte) ? String(UnicodeScalar(byte)) : "<" + hex(byte) + ">"
        }.joined() + (bytes.count > 24 ? "…" : "")
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }

    static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    /// Right-aligns `text` in `width` characters with `pad`, or returns nil when it does not fit.
    static func padded(_ text: String, width: Int, pad: Character = " ") -> String? {
        guard text.count <= width else { return nil }
        return String(repeating: pad, count: width - text.count) + text
    }

    /// Digits of a non-negative decimal's mantissa at `decimals`, zero-padded to `width`, or nil.
    static func digits(_ value: ExactDecimal, decimals: Int, width: Int) -> String? {
        guard let rescaled = try? value.rescaled(to: decimals), rescaled.mantissa >= 0 else { return nil }
        return padded(String(rescaled.mantissa), width: width, pad: "0")
    }
}

extension ScaleError {
    static func garbled(_ what: String, _ bytes: some Collection<UInt8>) -> ScaleError {
        ScaleError(
            .garbledFrame,
            "Skipped \(bytes.count) byte(s) from the scale that are not \(what): \(ASCII.describe(bytes)). "
                + "Check the protocol and line settings (baud, parity) if this repeats.")
    }
}
