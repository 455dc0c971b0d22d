/// Barcode symbologies of `GS k m n d…` function B (0x1D 0x6B m n …), with their `m` byte.
///
/// Epson ESC/POS Command Reference, GS k: m = 65 UPC-A … 73 CODE128.
public enum BarcodeSymbology: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case upcA = 65
    case upcE = 66
    case ean13 = 67
    case ean8 = 68
    case code39 = 69
    case itf = 70
    case codabar = 71
    case code93 = 72
    case code128 = 73

    public var description: String {
        switch self {
        case .upcA: "UPC-A"
        case .upcE: "UPC-E"
        case .ean13: "EAN-13"
        case .ean8: "EAN-8"
        case .code39: "CODE39"
        case .itf: "ITF"
        case .codabar: "CODABAR"
        case .code93: "CODE93"
        case .code128: "CODE128"
        }
    }
}

/// Where `GS H n` (0x1D 0x48 n) puts the human-readable interpretation (HRI): 0 none, 1 above, 2 below, 3 both.
public enum BarcodeTextPosition: UInt8, Sendable, Hashable, CaseIterable {
    case none = 0
    case above = 1
    case below = 2
    case both = 3
}

/// A barcode ready for `GS k m n d1…dn` (0x1D 0x6B m n …): symbology and validated data bytes.
///
/// Create it with `init(_:content:)`, which checks the characters and length the symbology allows,
/// computes a missing check digit (EAN/UPC, ITF-14) or verifies a given one, and for CODE128 chooses the
/// code sets A/B/C that give the fewest bytes.
public struct Barcode: Sendable, Hashable {
    public let symbology: BarcodeSymbology
    /// Exactly the `d1…dn` bytes sent after `GS k m n`.
    public let payload: [UInt8]

    /// - Parameters:
    ///   - content: the text to encode. EAN/UPC: digits, with or without the check digit. ITF: an even number
    ///     of digits, or 13 digits to get ITF-14 with its check digit. CODABAR: start/stop characters A–D
    ///     may be given; A…B are added when missing. CODE39/CODE93/CODE128: the text itself (CODE128 takes
    ///     any ASCII).
    /// - Throws: `ESCPOSError.invalidBarcode` naming what is wrong.
    public init(_ symbology: BarcodeSymbology, content: String) throws(ESCPOSError) {
        self.symbology = symbology
        self.payload = try BarcodeRules.payload(for: symbology, content: content)
    }

    /// A barcode from bytes read back from a stream, unchecked.
    init(symbology: BarcodeSymbology, payload: [UInt8]) {
        self.symbology = symbology
        self.payload = payload
    }

    /// The content a person reads under the bars (CODE128 code-set switches removed).
    public var content: String {
        switch symbology {
        case .code128: Code128.decode(payload)
        default: String(decoding: payload, as: UTF8.self)
        }
    }

    func encode(into bytes: inout [UInt8]) {
        bytes += [ControlByte.gs, 0x6B, symbology.rawValue, UInt8(payload.count)]
        bytes += payload
    }
}
