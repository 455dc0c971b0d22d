/// Maps Linux key codes (linux/input-event-codes.h: `KEY_1` = 2 … `KEY_SLASH` = 53, `KEY_102ND` =
/// 86) to the characters a keyboard layout gives them, so a keyboard-wedge scanner set to that
/// layout is read correctly (the scanner types key positions, not characters).
///
/// US (ANSI) and German (QWERTZ, with AltGr) are built in; a German scanner read as US turns
/// `Z` into `Y` and `-` into `ß` (field-failures 4.7).
public struct KeyMap: Hashable, Sendable {
    /// Layout name (`us`, `de`).
    public let name: String
    /// key code → (plain, shifted, AltGr) character.
    let keys: [UInt16: (Character?, Character?, Character?)]
    /// Characters that caps lock shifts (letters, including umlauts on German).
    let capsLockAffects: Set<Character>

    public static func == (a: KeyMap, b: KeyMap) -> Bool { a.name == b.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    /// Looks a layout up by name (`us`, `de`).
    public static func named(_ name: String) -> KeyMap? {
        switch name.lowercased() {
        case "us", "en-us", "en_us": .us
        case "de", "de-de", "de_de", "german": .german
        default: nil
        }
    }

    /// All built-in layouts.
    public static let all: [KeyMap] = [.us, .german]

    /// The character for `code` with the given modifiers, or nil for keys that type nothing.
    public func character(for code: UInt16, shift: Bool, capsLock: Bool, altGr: Bool) -> Character? {
        guard let entry = keys[code] else { return nil }
        if altGr { return entry.2 }
        guard let plain = entry.0 else { return nil }
        var shifted = shift
        if capsLock, capsLockAffects.contains(plain) { shifted.toggle() }
        return shifted ? entry.1 : plain
    }

    /// The key and modifiers that type `character`, for simulators.
    public func keystroke(for character: Character) -> (code: UInt16, shift: Bool, altGr: Bool)? {
        for code in keys.keys.sorted() {
            guard let entry = keys[code] else { continue }
            if entry.0 == character { return (code, false, false) }
            if entry.1 == character { return (code, true, false) }
            if entry.2 == character { return (code, false, true) }
        }
        return nil
    }

    private static func rows(_ rows: [(UInt16, String, String)], extra: [UInt16: (Character?, Character?, Character?)] = [:],
                             altGr: [UInt16: Character] = [:]) -> [UInt16: (Character?, Character?, Character?)] {
        var keys = extra
        for (first, plain, shifted) in rows {
            for (offset, pair) in zip(plain, shifted).enumerated() {
                let code = first + UInt16(offset)
                keys[code] = (pair.0, pair.1, altGr[code])
            }
        }
        for (code, character) in altGr where keys[code] == nil {
            keys[code] = (nil, nil, character)
        }
        return keys
    }

    static let common: [UInt16: (Character?, Character?, Character?)] = [
        57: (" ", " ", nil),  // KEY_SPACE
        // Keypad (KEY_KP7 = 71 … KEY_KPDOT = 83, KEY_KPSLASH = 98, KEY_KPASTERISK = 55).
        71: ("7", "7", nil), 72: ("8", "8", nil), 73: ("9", "9", nil), 74: ("-", "-", nil), 75: ("4", "4", nil),
        76: ("5", "5", nil), 77: ("6", "6", nil), 78: ("+", "+", nil), 79: ("1", "1", nil), 80: ("2", "2", nil),
        81: ("3", "3", nil), 82: ("0", "0", nil), 55: ("*", "*", nil), 98: ("/", "/", nil),
    ]

    /// US ANSI layout.
    public static let us = KeyMap(
        name: "us",
        keys: rows(
            [
                (2, "1234567890-=", "!@#$%^&*()_+"),
                (16, "qwertyuiop[]", "QWERTYUIOP{}"),
                (30, "asdfghjkl;'`", "ASDFGHJKL:\"~"),
                (43, "\\zxcvbnm,./", "|ZXCVBNM<>?"),
            ], extra: common.merging([83: (".", ".", nil)]) { a, _ in a }),
        capsLockAffects: Set("abcdefghijklmnopqrstuvwxyz"))

    /// German QWERTZ layout (T1, DIN 2137) with AltGr characters (`@` is AltGr+Q).
    public static let german = KeyMap(
        name: "de",
        keys: rows(
            [
                (2, "1234567890ß´", "!\"§$%&/()=?`"),
                (16, "qwertzuiopü+", "QWERTZUIOPÜ*"),
                (30, "asdfghjklöä^", "ASDFGHJKLÖÄ°"),
                (43, "#yxcvbnm,.-", "'YXCVBNM;:_"),
                (86, "<", ">"),
            ],
            extra: common.merging([83: (",", ",", nil)]) { a, _ in a },
            altGr: [16: "@", 3: "²", 4: "³", 8: "{", 9: "[", 10: "]", 11: "}", 12: "\\", 27: "~", 86: "|",
                    18: "€", 50: "µ"]),
        capsLockAffects: Set("abcdefghijklmnopqrstuvwxyzäöü"))
}

/// Linux key codes the wedge decoder treats specially (linux/input-event-codes.h).
public enum KeyCode {
    public static let escape: UInt16 = 1
    public static let tab: UInt16 = 15
    public static let enter: UInt16 = 28
    public static let leftControl: UInt16 = 29
    public static let leftShift: UInt16 = 42
    public static let rightShift: UInt16 = 54
    public static let leftAlt: UInt16 = 56
    public static let capsLock: UInt16 = 58
    public static let keypadEnter: UInt16 = 96
    public static let rightControl: UInt16 = 97
    public static let rightAlt: UInt16 = 100
    /// `KEY_KP0` … `KEY_KP9` in digit order, for Alt+keypad byte entry (how many scanners type GS 0x1D).
    public static let keypadDigits: [UInt16] = [82, 79, 80, 81, 75, 76, 77, 71, 72, 73]
}
