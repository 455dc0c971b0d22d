/// Produces what scanners send, for tests and the demo: key events of a keyboard-wedge scanner
/// (real 24-byte `input_event` records), lines of a serial scanner, reports of a HID POS scanner.
public enum ScannerSimulator {
    /// The key events a wedge scanner with `keyMap` sends to type `data` and then `suffix`.
    ///
    /// Bytes without a key on the layout (GS 0x1D and other control bytes) are typed as Alt +
    /// keypad decimal digits, as scanners in "Alt mode" do. Keys are `gap` apart, starting at
    /// `startMicroseconds`.
    public static func keyEvents(
        typing data: [UInt8], keyMap: KeyMap = .us, suffix: KeyboardWedgeDecoder.Suffix = .enter,
        gap: Duration = .milliseconds(2), startMicroseconds: Int64 = 1_700_000_000_000_000
    ) -> [InputEvent] {
        let (seconds, attoseconds) = gap.components
        let step = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        var time = startMicroseconds
        var events: [InputEvent] = []
        func key(_ code: UInt16, _ value: Int32) {
            events.append(InputEvent(seconds: time / 1_000_000, microseconds: time % 1_000_000,
                                     type: InputEvent.typeKey, code: code, value: value))
            events.append(InputEvent(seconds: time / 1_000_000, microseconds: time % 1_000_000,
                                     type: InputEvent.typeSync, code: 0, value: 0))
        }
        func tap(_ code: UInt16) {
            key(code, 1)
            key(code, 0)
            time += step
        }
        for character in String(decoding: data, as: UTF8.self) {
            if let stroke = keyMap.keystroke(for: character) {
                if stroke.shift { key(KeyCode.leftShift, 1) }
                if stroke.altGr { key(KeyCode.rightAlt, 1) }
                tap(stroke.code)
                if stroke.altGr { key(KeyCode.rightAlt, 0) }
                if stroke.shift { key(KeyCode.leftShift, 0) }
            } else if let ascii = character.asciiValue {
                key(KeyCode.leftAlt, 1)
                for digit in [Int(ascii) / 100, Int(ascii) / 10 % 10, Int(ascii) % 10] {
                    tap(KeyCode.keypadDigits[digit])
                }
                key(KeyCode.leftAlt, 0)
            }
        }
        if suffix == .enter { tap(KeyCode.enter) }
        if suffix == .tab { tap(KeyCode.tab) }
        return events
    }

    /// The bytes of `events` as an evdev node delivers them.
    public static func records(_ events: [InputEvent]) -> [UInt8] {
        events.flatMap(\.bytes)
    }

    /// A serial scanner's line: AIM identifier, data, CR.
    public static func serialLine(aim: String?, data: [UInt8]) -> [UInt8] {
        Array((aim ?? "").utf8) + data + [0x0D]
    }
}
