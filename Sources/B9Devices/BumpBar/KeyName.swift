/// Names of the Linux key codes (linux/input-event-codes.h, without the `KEY_` prefix) that bump bars
/// and small keypads send, for configuration files: `ENTER` → 28, `KP1` → 79, `7` → 8.
public enum KeyName {
    /// Name → key code.
    public static let codes: [String: UInt16] = {
        var table: [String: UInt16] = [
            "ESC": 1, "0": 11, "MINUS": 12, "EQUAL": 13, "BACKSPACE": 14, "TAB": 15, "ENTER": 28, "SPACE": 57,
            "KP0": 82, "KP1": 79, "KP2": 80, "KP3": 81, "KP4": 75, "KP5": 76, "KP6": 77, "KP7": 71, "KP8": 72, "KP9": 73,
            "KPMINUS": 74, "KPPLUS": 78, "KPDOT": 83, "KPASTERISK": 55, "KPSLASH": 98, "KPENTER": 96,
            "F11": 87, "F12": 88, "HOME": 102, "UP": 103, "PAGEUP": 104, "LEFT": 105, "RIGHT": 106, "END": 107,
            "DOWN": 108, "PAGEDOWN": 109, "INSERT": 110, "DELETE": 111,
        ]
        for digit in 1...9 { table[String(digit)] = UInt16(digit + 1) }
        for (offset, letter) in "QWERTYUIOP".enumerated() { table[String(letter)] = UInt16(16 + offset) }
        for (offset, letter) in "ASDFGHJKL".enumerated() { table[String(letter)] = UInt16(30 + offset) }
        for (offset, letter) in "ZXCVBNM".enumerated() { table[String(letter)] = UInt16(44 + offset) }
        for number in 1...10 { table["F\(number)"] = UInt16(58 + number) }
        return table
    }()

    /// The key code for a name (`ENTER`, `kp1`, `KEY_R`) or a decimal code (`28`); nil for anything else.
    public static func code(_ text: String) -> UInt16? {
        var name = String(text.filter { !$0.isWhitespace }).uppercased()
        if name.hasPrefix("KEY_") { name.removeFirst(4) }
        if let code = codes[name] { return code }
        if name.count > 1, let code = UInt16(name), code > 0, code < 0x300 { return code }
        return nil
    }

    /// The name of a key code, or its number when it has no name here.
    public static func name(_ code: UInt16) -> String {
        codes.first { $0.value == code }?.key ?? String(code)
    }
}
