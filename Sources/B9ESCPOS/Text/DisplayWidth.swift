/// How many print columns text takes: East Asian wide and fullwidth characters 2, combining marks and
/// other zero-width characters 0, everything else 1 (Unicode UAX #11 East Asian Width, wide/fullwidth
/// ranges; general categories Mn, Me, Cf for zero width).
public enum DisplayWidth {
    /// Columns taken by one character (grapheme cluster): the width of its first scalar, as the scalars
    /// after it combine with it.
    public static func of(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        return of(first)
    }

    /// Columns taken by `text`.
    public static func of(_ text: some StringProtocol) -> Int {
        // Fast path: text below U+0300 without CR (ASCII, Latin letters), measured in one pass over its UTF-8.
        let utf8 = text.utf8
        if let width = utf8.withContiguousStorageIfAvailable({ latinWidth(of: $0) }) ?? latinWidth(of: utf8) {
            return width
        }
        var total = 0
        if text.scalarsAreCharacters {
            for scalar in text.unicodeScalars { total += of(scalar) }
        } else {
            for character in text { total += of(character) }
        }
        return total
    }

    /// The width of UTF-8 text whose scalars are all below U+0300 and which has no CR (so each scalar is a
    /// character of its own, `scalarsAreCharacters`), as `of(_: Unicode.Scalar)` gives scalar by scalar:
    /// printable ASCII and U+00A0…U+02FF one column, except the soft hyphen U+00AD; C0 and C1 controls
    /// none. `nil` for any other text.
    static func latinWidth(of utf8: some Sequence<UInt8>) -> Int? {
        var width = 0
        var afterC2 = false
        for byte in utf8 {
            if afterC2 {
                // U+0080…U+009F (C1 controls) and U+00AD take no column.
                if byte >= 0xA0 && byte != 0xAD { width += 1 }
                afterC2 = false
                continue
            }
            switch byte {
            case 0x20..<0x7F: width += 1
            case 0x0D: return nil  // CR LF is one character
            case 0x00..<0x80: continue  // other C0 controls and DEL
            case 0x80..<0xC2: continue  // continuation byte of a scalar already counted
            case 0xC2: afterC2 = true
            case 0xC3..<0xCC: width += 1  // U+00C0…U+02FF
            default: return nil  // U+0300 and up
            }
        }
        return width
    }

    /// Columns taken by one scalar on its own.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x7F { return value < 0x20 ? 0 : 1 }
        // Below U+0300 (no marks there): C1 controls U+007F…U+009F and the soft hyphen U+00AD (format) take
        // none, every other scalar one column, as the general categories below give.
        if value < 0x300 { return value < 0xA0 || value == 0xAD ? 0 : 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control:
            return 0
        default:
            break
        }
        if value == 0x200B { return 0 }
        return isWide(value) ? 2 : 1
    }

    /// East Asian Wide (W) and Fullwidth (F) blocks from UAX #11 (EastAsianWidth.txt), in ranges.
    static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F,  // Hangul Jamo initials
            0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3,
            0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1,
            0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA,
            0x26F2...0x26F3, 0x26F5, 0x26FA, 0x26FD, 0x2705, 0x270A...0x270B, 0x2728, 0x274C,
            0x274E, 0x2753...0x2755, 0x2757, 0x2795...0x2797, 0x27B0, 0x27BF, 0x2B1B...0x2B1C,
            0x2B50, 0x2B55,
            0x2E80...0x303E,  // CJK radicals, Kangxi, ideographic description, CJK symbols
            0x3041...0x33FF,  // Hiragana, Katakana, Bopomofo, Hangul compatibility, CJK compatibility
            0x3400...0x4DBF,  // CJK extension A
            0x4E00...0x9FFF,  // CJK unified ideographs
            0xA000...0xA4CF,  // Yi
            0xA960...0xA97F,  // Hangul Jamo extended A
            0xAC00...0xD7A3,  // Hangul syllables
            0xF900...0xFAFF,  // CJK compatibility ideographs
            0xFE10...0xFE19, 0xFE30...0xFE6F,  // vertical forms, CJK compatibility forms, small forms
            0xFF00...0xFF60, 0xFFE0...0xFFE6,  // fullwidth forms
            0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF,
            0x1F004, 0x1F0CF, 0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F251,
            0x1F300...0x1F320, 0x1F32D...0x1F335, 0x1F337...0x1F37C, 0x1F37E...0x1F393,
            0x1F3A0...0x1F3CA, 0x1F3CF...0x1F3D3, 0x1F3E0...0x1F3F0, 0x1F3F4, 0x1F3F8...0x1F43E,
            0x1F440, 0x1F442...0x1F4FC, 0x1F4FF...0x1F53D, 0x1F54B...0x1F54E, 0x1F550...0x1F567,
            0x1F57A, 0x1F595...0x1F596, 0x1F5A4, 0x1F5FB...0x1F64F, 0x1F680...0x1F6C5,
            0x1F6CC, 0x1F6D0...0x1F6D2, 0x1F6D5...0x1F6D7, 0x1F6EB...0x1F6EC, 0x1F6F4...0x1F6FC,
            0x1F7E0...0x1F7EB, 0x1F90C...0x1F93A, 0x1F93C...0x1F945, 0x1F947...0x1F9FF,
            0x1FA70...0x1FAFF,
            0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
