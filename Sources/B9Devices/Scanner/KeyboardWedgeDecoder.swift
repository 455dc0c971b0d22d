/// Turns key events from a keyboard-wedge scanner (an evdev node) into scanned codes.
///
/// - Tracks Shift, Caps Lock, AltGr and Ctrl; Ctrl+`]` types GS 0x1D (the FNC1 separator of GS1
///   codes), Alt held while typing keypad digits types that byte value (Alt+0029 → GS).
/// - A code ends at the configured suffix key (Enter or Tab), or — with no suffix — when the
///   keys stop for longer than ``BurstRule/maximumGap``.
/// - Burst detection tells a scanner from a person: a scanner types every key within a few
///   milliseconds of the last; a code whose slowest gap exceeds the rule is reported as typing
///   and not as a scan.
///
/// Pure value type: feed ``InputEvent``s, get ``Output``s. Timestamps come from the events.
public struct KeyboardWedgeDecoder: Sendable {
    /// Which key ends a code.
    public struct Suffix: Hashable, Sendable, CustomStringConvertible {
        let codes: Set<UInt16>
        let name: String
        /// Enter or keypad Enter (the factory setting of most scanners).
        public static let enter = Suffix(codes: [KeyCode.enter, KeyCode.keypadEnter], name: "enter")
        public static let tab = Suffix(codes: [KeyCode.tab], name: "tab")
        /// No suffix: a pause ends the code.
        public static let none = Suffix(codes: [], name: "none")
        public init?(name: String) {
            switch name.lowercased() {
            case "enter", "cr": self = .enter
            case "tab": self = .tab
            case "none": self = .none
            default: return nil
            }
        }
        private init(codes: Set<UInt16>, name: String) {
            self.codes = codes
            self.name = name
        }
        public var description: String { name }
    }

    /// How fast keys must come to count as a scanner.
    public struct BurstRule: Hashable, Sendable {
        /// The longest allowed pause between two characters of one code.
        public var maximumGap: Duration
        /// Codes shorter than this are treated as typing.
        public var minimumLength: Int
        /// 50 ms between keys, at least 3 characters.
        public static let `default` = BurstRule(maximumGap: .milliseconds(50), minimumLength: 3)
        public init(maximumGap: Duration, minimumLength: Int) {
            self.maximumGap = maximumGap
            self.minimumLength = minimumLength
        }
    }

    /// What the decoder found.
    public enum Output: Hashable, Sendable {
        /// A code typed at scanner speed.
        case scan(ScannedCode)
        /// Characters typed too slowly to be a scanner (a person at the keyboard), discarded.
        case typing(characterCount: Int)
    }

    public let keyMap: KeyMap
    public let suffix: Suffix
    public let burst: BurstRule
    public let parseAIM: Bool

    private var shiftDown = 0
    private var controlDown = 0
    private var altDown = false
    private var altGrDown = false
    private var capsLock = false
    private var altDigits: Int?
    private var buffer: [UInt8] = []
    private var lastKeyTime: Int64?
    private var slowestGap: Int64 = 0

    public init(keyMap: KeyMap = .us, suffix: Suffix = .enter, burst: BurstRule = .default, parseAIM: Bool = true) {
        self.keyMap = keyMap
        self.suffix = suffix
        self.burst = burst
        self.parseAIM = parseAIM
    }

    private var maximumGapMicroseconds: Int64 {
        let (seconds, attoseconds) = burst.maximumGap.components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }

    /// Feeds one event; returns any finished code.
    public mutating func feed(_ event: InputEvent) -> [Output] {
        guard event.type == InputEvent.typeKey else { return [] }
        let pressed = event.value == 1 || event.value == 2
        let released = event.value == 0
        switch event.code {
        case KeyCode.leftShift, KeyCode.rightShift:
            shiftDown = max(0, shiftDown + (pressed && event.value == 1 ? 1 : (released ? -1 : 0)))
            return []
        case KeyCode.leftControl, KeyCode.rightControl:
            controlDown = max(0, controlDown + (pressed && event.value == 1 ? 1 : (released ? -1 : 0)))
            return []
        case KeyCode.rightAlt:
            altGrDown = pressed
            return []
        case KeyCode.leftAlt:
            if pressed {
                altDown = true
                if altDigits == nil { altDigits = 0 }
            } else if released {
                altDown = false
                if let value = altDigits, value > 0 {
                    altDigits = nil
                    return type(byte: UInt8(truncatingIfNeeded: value), at: event)
                }
                altDigits = nil
            }
            return []
        case KeyCode.capsLock:
            if event.value == 1 { capsLock.toggle() }
            return []
        default:
            break
        }
        guard event.value == 1 else { return [] }  // presses only; ignore releases and autorepeat
        var outputs: [Output] = []
        // A pause before this key ends a code that has no suffix.
        if suffix == .none, let last = lastKeyTime, Self.gap(from: last, to: event.timestampMicroseconds) > maximumGapMicroseconds,
            !buffer.isEmpty
        {
            outputs += finish()
        }
        if suffix.codes.contains(event.code) {
            lastKeyTime = nil
            return outputs + finish()
        }
        if altDown, let digit = KeyCode.keypadDigits.firstIndex(of: event.code) {
            altDigits = ((altDigits ?? 0) * 10 + digit) % 1000
            note(time: event.timestampMicroseconds)
            return outputs
        }
        guard let character = keyMap.character(for: event.code, shift: shiftDown > 0, capsLock: capsLock,
                                                altGr: altGrDown)
        else { return outputs }
        if controlDown > 0 {
            if let control = Self.controlByte(for: character) {
                outputs += type(byte: control, at: event)
            }
            return outputs
        }
        note(time: event.timestampMicroseconds)
        buffer += Array(String(character).utf8)
        return outputs
    }

    /// Ctrl+letter → 0x01…0x1A; Ctrl+`[` ESC, Ctrl+`\` FS, Ctrl+`]` GS (FNC1), Ctrl+`^` RS, Ctrl+`_` US.
    static func controlByte(for character: Character) -> UInt8? {
        guard let ascii = character.asciiValue else { return nil }
        switch ascii {
        case 0x61...0x7A: return ascii - 0x60
        case 0x41...0x5F: return ascii - 0x40
        default: return nil
        }
    }

    private mutating func note(time: Int64) {
        if let last = lastKeyTime, !buffer.isEmpty || altDigits != nil {
            slowestGap = max(slowestGap, Self.gap(from: last, to: time))
        }
        lastKeyTime = time
    }

    /// `to − from` in microseconds, saturating (timestamps come from the device and may be anything).
    static func gap(from: Int64, to: Int64) -> Int64 {
        let (difference, overflow) = to.subtractingReportingOverflow(from)
        if overflow { return to > from ? Int64.max : Int64.min }
        return difference
    }

    private mutating func type(byte: UInt8, at event: InputEvent) -> [Output] {
        note(time: event.timestampMicroseconds)
        buffer.append(byte)
        return []
    }

    /// Ends the current code (for a pause timer when there is no suffix key).
    public mutating func flush() -> [Output] {
        finish()
    }

    private mutating func finish() -> [Output] {
        defer {
            buffer.removeAll()
            slowestGap = 0
            lastKeyTime = nil
        }
        guard !buffer.isEmpty else { return [] }
        let characters = String(decoding: buffer, as: UTF8.self).count
        if characters < burst.minimumLength || slowestGap > maximumGapMicroseconds {
            return [.typing(characterCount: characters)]
        }
        return [.scan(ScannedCode(raw: buffer, parseAIM: parseAIM, source: .keyboardWedge))]
    }
}
