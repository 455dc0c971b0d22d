/// Splits the byte stream of a serial (RS-232 or USB-CDC) scanner into codes at its suffix:
/// CR (0x0D), LF (0x0A) or CR LF — whichever the scanner is programmed for; an empty line is
/// ignored. GS (0x1D) and every other byte inside a code are kept as they are.
public struct SerialScannerDecoder: Sendable {
    /// The longest code accepted; longer input without a suffix is dropped as garbage.
    public static let maximumLength = 8192
    public let parseAIM: Bool
    private var pending: [UInt8] = []
    private var overflowed = false

    public init(parseAIM: Bool = true) {
        self.parseAIM = parseAIM
    }

    /// Feeds bytes; returns the codes they complete.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [ScannedCode] {
        var codes: [ScannedCode] = []
        for byte in bytes {
            if byte == 0x0D || byte == 0x0A {
                if !pending.isEmpty, !overflowed {
                    codes.append(ScannedCode(raw: pending, parseAIM: parseAIM, source: .serial))
                }
                pending.removeAll(keepingCapacity: true)
                overflowed = false
            } else if pending.count < Self.maximumLength {
                pending.append(byte)
            } else {
                overflowed = true
            }
        }
        return codes
    }
}
