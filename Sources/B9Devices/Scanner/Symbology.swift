/// A barcode symbology as named by its AIM symbology identifier (ISO/IEC 15424): `]` followed by
/// a code character (`E` EAN/UPC, `C` Code 128, `Q` QR Code, `d` Data Matrix, …) and a modifier
/// character (`]E0` EAN-13/UPC-A, `]C1` GS1-128, `]d2` GS1 DataMatrix, `]Q3` GS1 QR Code…).
public struct Symbology: Hashable, Sendable, CustomStringConvertible {
    /// The name, e.g. `EAN-13` or `GS1-128`.
    public let name: String
    /// The identifier as sent, e.g. `]E0`.
    public let aimIdentifier: String
    /// True when the code carries GS1 element strings (application identifiers, FNC1 as GS 0x1D):
    /// `]C1` GS1-128, `]e0` GS1 DataBar, `]d2` GS1 DataMatrix, `]Q3` GS1 QR Code, `]J1` GS1 DotCode
    /// (GS1 General Specifications, symbology identifiers for GS1 data).
    public let carriesGS1ElementStrings: Bool

    public var description: String { "\(name) (\(aimIdentifier))" }

    /// Names per AIM code character (ISO/IEC 15424 table of code characters).
    static let families: [Character: String] = [
        "A": "Code 39", "B": "Telepen", "C": "Code 128", "D": "Code One", "E": "EAN/UPC", "F": "Codabar",
        "G": "Code 93", "H": "Code 11", "I": "Interleaved 2 of 5", "J": "DotCode", "K": "Code 16K", "L": "PDF417",
        "M": "MSI", "N": "Anker", "O": "Codablock", "P": "Plessey", "Q": "QR Code", "R": "Straight 2 of 5 (2 bar)",
        "S": "Straight 2 of 5 (3 bar)", "T": "Code 49", "U": "MaxiCode", "X": "Other", "Z": "Non-barcode",
        "c": "Channel Code", "d": "Data Matrix", "e": "GS1 DataBar", "g": "Grid Matrix", "h": "Han Xin",
        "o": "OCR", "p": "PosiCode", "s": "SuperCode", "z": "Aztec",
    ]

    /// Specific names for common code/modifier pairs.
    static let specific: [String: (String, Bool)] = [
        "]E0": ("EAN-13", false), "]E1": ("EAN-13 + 2-digit add-on", false),
        "]E2": ("EAN-13 + 5-digit add-on", false), "]E3": ("EAN-13 + add-on", false),
        "]E4": ("EAN-8", false), "]C0": ("Code 128", false), "]C1": ("GS1-128", true),
        "]C2": ("Code 128 (FNC1 in second position)", false), "]e0": ("GS1 DataBar", true),
        "]d1": ("Data Matrix", false), "]d2": ("GS1 DataMatrix", true), "]Q1": ("QR Code", false),
        "]Q3": ("GS1 QR Code", true), "]J1": ("GS1 DotCode", true), "]L2": ("PDF417", false),
        "]A0": ("Code 39", false), "]I0": ("Interleaved 2 of 5", false), "]I1": ("ITF (check digit)", false),
        "]z0": ("Aztec", false),
    ]

    /// Reads an AIM identifier at the start of `data`. Returns the symbology and the data after the
    /// three identifier bytes, or nil when `data` does not start with a known `]Xm` identifier.
    public static func parseAIM(_ data: some Collection<UInt8>) -> (symbology: Symbology, payload: [UInt8])? {
        let bytes = Array(data)
        guard bytes.count >= 3, bytes[0] == UInt8(ascii: "]") else { return nil }
        let code = Character(Unicode.Scalar(bytes[1]))
        let modifier = bytes[2]
        let modifierOK = (0x30...0x39).contains(modifier) || (0x41...0x5A).contains(modifier)
            || (0x61...0x7A).contains(modifier)
        guard let family = families[code], modifierOK else { return nil }
        let identifier = "]" + String(code) + String(Character(Unicode.Scalar(modifier)))
        let (name, gs1) = specific[identifier] ?? (family, false)
        return (Symbology(name: name, aimIdentifier: identifier, carriesGS1ElementStrings: gs1), Array(bytes[3...]))
    }
}

/// Where a scan came from.
public struct ScanSource: Hashable, Sendable, CustomStringConvertible {
    private let name: String
    private init(_ name: String) { self.name = name }
    public static let keyboardWedge = ScanSource("keyboard-wedge")
    public static let serial = ScanSource("serial")
    public static let hidPOS = ScanSource("hid-pos")
    public var description: String { name }
}

/// One scanned code: the data exactly as the scanner sent it (GS1 FNC1 separators kept as
/// GS 0x1D), and the symbology when an AIM identifier came with it.
public struct ScannedCode: Hashable, Sendable, CustomStringConvertible {
    /// The code's data without the AIM identifier and without the suffix (Enter/Tab/CR LF).
    public let data: [UInt8]
    public let symbology: Symbology?
    public let source: ScanSource

    public init(data: [UInt8], symbology: Symbology?, source: ScanSource) {
        self.data = data
        self.symbology = symbology
        self.source = source
    }

    /// Builds a scan from raw data, splitting off an AIM identifier when `parseAIM` and one is present.
    public init(raw: [UInt8], parseAIM: Bool, source: ScanSource) {
        if parseAIM, let (symbology, payload) = Symbology.parseAIM(raw) {
            self.init(data: payload, symbology: symbology, source: source)
        } else {
            self.init(data: raw, symbology: nil, source: source)
        }
    }

    /// The data as text (lossy for non-UTF-8 bytes; use ``data`` for exact bytes).
    public var text: String { String(decoding: data, as: UTF8.self) }

    /// The text with GS (0x1D) shown as `<GS>`, for logs and the CLI.
    public var printableText: String { text.replacingGS() }

    public var description: String {
        "\(printableText) [\(symbology?.description ?? "symbology unknown"), \(source)]"
    }
}

extension String {
    func replacingGS() -> String {
        var out = ""
        for scalar in unicodeScalars {
            if scalar.value == 0x1D {
                out += "<GS>"
            } else if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "<0x" + String(scalar.value, radix: 16) + ">"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
