/// Namespace for the generated code page tables (`CodePageTable+*.swift`).
enum CodePageTable {}

/// A single-byte printer character table: which Unicode character each byte 0x80–0xFF prints as.
///
/// Bytes 0x20–0x7E are ASCII on every page. Which `ESC t n` number selects a page differs between printer
/// models, so the number lives in `PrinterProfile.codePages`, not here.
public struct CodePage: Sendable, Hashable, CustomStringConvertible {
    /// Name as printer manuals write it: "PC437", "PC850", "PC858", "PC852", "PC866", "WPC1252".
    public let name: String
    private let upper: [UInt16]
    private let reverse: [UInt32: UInt8]
    /// `reverse` for scalars below `lowLimit` as a plain table (0: no byte), so the common case is one load.
    private let low: [UInt8]
    private static let lowLimit = 0x2600
    /// Keyed by `Character`, whose equality is canonical equivalence: "e" + U+0301 finds "é".
    private let composed: [Character: UInt8]

    init(name: String, upper: [UInt16]) {
        self.name = name
        self.upper = upper
        var reverse: [UInt32: UInt8] = [:]
        var composed: [Character: UInt8] = [:]
        var low = [UInt8](repeating: 0, count: Self.lowLimit)
        for (offset, value) in upper.enumerated() where value != 0 {
            reverse[UInt32(value)] = UInt8(0x80 + offset)
            if Int(value) < Self.lowLimit { low[Int(value)] = UInt8(0x80 + offset) }
            if let scalar = Unicode.Scalar(UInt32(value)) {
                composed[Character(scalar)] = UInt8(0x80 + offset)
            }
        }
        self.reverse = reverse
        self.low = low
        self.composed = composed
    }

    /// The byte that prints `character`, also when it arrives decomposed (base letter + combining mark).
    public func byte(for character: Character) -> UInt8? {
        let scalars = character.unicodeScalars
        if scalars.count == 1, let scalar = scalars.first { return byte(for: scalar) }
        return composed[character]
    }

    public static let pc437 = CodePage(name: "PC437", upper: CodePageTable.cp437Upper)
    public static let pc850 = CodePage(name: "PC850", upper: CodePageTable.cp850Upper)
    public static let pc858 = CodePage(name: "PC858", upper: CodePageTable.cp858Upper)
    public static let pc852 = CodePage(name: "PC852", upper: CodePageTable.cp852Upper)
    public static let pc866 = CodePage(name: "PC866", upper: CodePageTable.cp866Upper)
    public static let wpc1252 = CodePage(name: "WPC1252", upper: CodePageTable.wpc1252Upper)

    /// Every page this module knows.
    public static let all: [CodePage] = [.pc437, .pc850, .pc858, .pc852, .pc866, .wpc1252]

    /// The page called `name` (case-insensitive; "CP437" and "PC437" both work).
    public static func named(_ name: String) -> CodePage? {
        var key = name.uppercased()
        if key.hasPrefix("CP") { key = "PC" + key.dropFirst(2) }
        return all.first { $0.name == key || $0.name == "W" + key }
    }

    /// The byte that prints `scalar`, or `nil` if this page cannot show it. Control characters have no byte.
    public func byte(for scalar: Unicode.Scalar) -> UInt8? {
        let value = scalar.value
        if value >= 0x20 && value < 0x7F { return UInt8(value) }
        if value < UInt32(Self.lowLimit) {
            let byte = low[Int(value)]
            return byte == 0 ? nil : byte
        }
        return reverse[value]
    }

    /// The character `byte` prints as, or `nil` for control bytes and unassigned positions.
    public func scalar(for byte: UInt8) -> Unicode.Scalar? {
        if byte >= 0x20 && byte < 0x7F { return Unicode.Scalar(byte) }
        guard byte >= 0x80 else { return nil }
        let value = upper[Int(byte - 0x80)]
        return value == 0 ? nil : Unicode.Scalar(value)
    }

    public var description: String { name }

    public static func == (lhs: CodePage, rhs: CodePage) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}

/// A code page as one printer model numbers it for `ESC t n`.
public struct CodePageSlot: Sendable, Hashable {
    public let page: CodePage
    /// The `n` of `ESC t n` (0x1B 0x74 n) on this model.
    public let table: UInt8

    public init(_ page: CodePage, table: UInt8) {
        self.page = page
        self.table = table
    }
}
