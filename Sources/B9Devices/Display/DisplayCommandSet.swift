public import B9ESCPOS

/// The command set a customer (pole) display speaks. Each produces the bytes for the 2×20
/// operations B9Terminal needs; the byte facts come from the manufacturers' manuals listed per set
/// (collected in the project's protocol notes, section 2.3).
public struct DisplayCommandSet: Hashable, Sendable, CustomStringConvertible {
    private let name: String
    private init(_ name: String) { self.name = name }

    /// Epson ESC/POS customer display (DM-D series): `ESC @` 1B 40 init, `FF` 0C clear,
    /// `US $ x y` 1F 24 x y cursor (1-based), `US X n` 1F 58 n brightness (n = 1…4).
    /// Source: Epson DM-D110 specification; POS-X XP8200 manual.
    public static let epson = DisplayCommandSet("epson")
    /// CD5220: `ESC @` 1B 40 init, `FF` 0C clear, `ESC Q A … CR` 1B 51 41 … 0D upper line,
    /// `ESC Q B … CR` 1B 51 42 … 0D lower line, `ESC * n` 1B 2A n brightness (n = 1…4).
    /// Source: CD5220 manuals.
    public static let cd5220 = DisplayCommandSet("cd5220")
    /// ADM 787/788: `FF` 0C clear (cursor home), text wraps from the upper to the lower line at
    /// column 20; no brightness command. Source: CD5220 / EVO-RD4 manuals (ADM emulation).
    public static let adm788 = DisplayCommandSet("adm788")
    /// AEDEX/EMAX: `!#1 … CR` 21 23 31 … 0D upper line, `!#2 … CR` lower line; no brightness.
    /// Source: CD5220 / EVO-RD4 manuals (AEDEX emulation).
    public static let aedex = DisplayCommandSet("aedex")
    /// Logic Controls LD9000: `US` 1F reset, `DC1` 11 normal (overwrite) mode, `DLE p` 10 p cursor
    /// position (0…39), `EOT n` 04 n brightness (n = 0x20, 0x40, 0x60, 0xFF). Source: Elo/Logic
    /// Controls LD9000 manual.
    public static let logicControls = DisplayCommandSet("logic-controls")

    public static let all: [DisplayCommandSet] = [.epson, .cd5220, .adm788, .aedex, .logicControls]

    /// Looks a command set up by its name (`epson`, `cd5220`, `adm788`, `aedex`, `logic-controls`).
    public init?(name: String) {
        let lowered = name.lowercased()
        let aliases = ["adm787": "adm788", "logic": "logic-controls", "ld9000": "logic-controls",
                       "escpos": "epson", "dm-d": "epson", "emax": "aedex"]
        guard let match = DisplayCommandSet.all.first(where: { $0.name == (aliases[lowered] ?? lowered) }) else {
            return nil
        }
        self = match
    }

    public var description: String { name }

    /// Columns per line.
    public static let columns = 20

    /// Bytes that reset the display and clear it.
    public var initialize: [UInt8] {
        switch self {
        case .epson, .cd5220: [0x1B, 0x40, 0x0C]
        case .logicControls: [0x1F, 0x11]
        case .aedex: Array("!#1".utf8) + [UInt8](repeating: 0x20, count: 20) + [0x0D]
            + Array("!#2".utf8) + [UInt8](repeating: 0x20, count: 20) + [0x0D]
        default: [0x0C]
        }
    }

    /// `ESC t n` (1B 74 n), select character code table, on the Epson DM-D display, or nil for
    /// command sets without one (their table is chosen by DIP switch or memory switch: give the
    /// page to ``showLines(_:_:codePage:)`` so the text is encoded for it).
    ///
    /// Table numbers: the DM-D110 specification (ESC t) accepts n = 0–5 and 16–19, the numbering of
    /// the ESC/POS code table list: 0 PC437, 2 PC850, 16 WPC1252, 17 PC866, 18 PC852, 19 PC858.
    public func selectCodePage(_ page: CodePage) -> [UInt8]? {
        guard self == .epson, let table = Self.epsonCodeTables[page.name] else { return nil }
        return [0x1B, 0x74, table]
    }

    /// Whether ``selectCodePage(_:)`` has a command for `page` on this command set.
    public func canSelect(_ page: CodePage) -> Bool { selectCodePage(page) != nil }

    static let epsonCodeTables: [String: UInt8] = ["PC437": 0, "PC850": 2, "WPC1252": 16, "PC866": 17, "PC852": 18, "PC858": 19]

    /// The page the Epson display's `ESC t n` table number selects, nil for numbers not known here.
    public static func epsonCodePage(table: UInt8) -> CodePage? {
        epsonCodeTables.first { $0.value == table }.flatMap { CodePage.named($0.key) }
    }

    /// Bytes that show `upper` and `lower`, each padded or cut to 20 columns. Characters outside
    /// printable ASCII are written with `codePage` (the display's selected table) where it has
    /// them, otherwise as `?` (a pole display has no raster fallback).
    public func showLines(_ upper: String, _ lower: String, codePage: CodePage? = nil) -> [UInt8] {
        let top = Self.fit(upper, codePage: codePage)
        let bottom = Self.fit(lower, codePage: codePage)
        switch self {
        case .epson:
            return [0x1F, 0x01, 0x1F, 0x24, 0x01, 0x01] + top + [0x1F, 0x24, 0x01, 0x02] + bottom
        case .cd5220:
            return [0x1B, 0x51, 0x41] + top + [0x0D, 0x1B, 0x51, 0x42] + bottom + [0x0D]
        case .aedex:
            return Array("!#1".utf8) + top + [0x0D] + Array("!#2".utf8) + bottom + [0x0D]
        case .logicControls:
            return [0x11, 0x10, 0x00] + top + [0x10, 0x14] + bottom
        default:  // ADM 787/788
            return [0x0C] + top + bottom
        }
    }

    /// Bytes that set brightness `level` (1 dimmest … 4 brightest), or nil when the command set
    /// has no brightness command.
    public func brightness(_ level: Int) -> [UInt8]? {
        let clamped = min(4, max(1, level))
        switch self {
        case .epson: return [0x1F, 0x58, UInt8(clamped)]
        case .cd5220: return [0x1B, 0x2A, UInt8(clamped)]
        case .logicControls: return [0x04, [0x20, 0x40, 0x60, 0xFF][clamped - 1]]
        default: return nil
        }
    }

    /// Pads or cuts `text` to 20 bytes: printable ASCII as is, other characters through
    /// `codePage` (upper half only; control characters never pass), `?` where it has none.
    static func fit(_ text: String, codePage: CodePage?) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(columns)
        for character in text {
            if bytes.count == columns { break }
            if let ascii = character.asciiValue, (0x20...0x7E).contains(ascii) {
                bytes.append(ascii)
            } else if let byte = codePage?.byte(for: character), byte >= 0x80 {
                bytes.append(byte)
            } else {
                bytes.append(UInt8(ascii: "?"))
            }
        }
        bytes += [UInt8](repeating: 0x20, count: columns - bytes.count)
        return bytes
    }
}
