public import B9ESCPOS

/// A 2×20 customer display that renders what it is sent, for tests, the demo and
/// `b9terminal display --display sim://…`. It interprets the real command bytes of its
/// ``DisplayCommandSet`` (see that type for the commands) and ignores bytes it does not know.
/// Bytes 0x80–0xFF show as the characters of its code table: the one set on its switches, or
/// for the Epson set the one chosen with `ESC t n`.
public struct CustomerDisplaySimulator: Sendable {
    public let commandSet: DisplayCommandSet
    private var grid: [[UInt8]] = Array(repeating: Array(repeating: 0x20, count: 20), count: 2)
    private var row = 0
    private var column = 0
    private var pending: [UInt8] = []
    /// The last brightness level set (1…4), if any.
    public private(set) var brightness: Int?
    /// The character table bytes 0x80–0xFF are shown with.
    public private(set) var codePage: CodePage
    private let switchCodePage: CodePage

    /// - Parameter codePage: the table set on the display's switches (PC437 from the factory);
    ///   `ESC @` returns to it.
    public init(commandSet: DisplayCommandSet, codePage: CodePage = .pc437) {
        self.commandSet = commandSet
        self.codePage = codePage
        self.switchCodePage = codePage
    }

    /// The two lines as shown.
    public var lines: (String, String) {
        (render(grid[0]), render(grid[1]))
    }

    private func render(_ row: [UInt8]) -> String {
        var text = ""
        for byte in row {
            let scalar = byte < 0x80 ? Unicode.Scalar(byte) : codePage.scalar(for: byte) ?? "?"
            text.unicodeScalars.append(scalar)
        }
        return text
    }

    /// Whether the display shows `byte` as a character (printable ASCII or a table position).
    private func shows(_ byte: UInt8) -> Bool {
        (0x20...0x7E).contains(byte) || (byte >= 0x80 && codePage.scalar(for: byte) != nil)
    }

    /// Feeds bytes received from the host.
    public mutating func feed(_ bytes: some Sequence<UInt8>) {
        pending.append(contentsOf: bytes)
        var index = 0
        while index < pending.count {
            let consumed = step(Array(pending[index...].prefix(48)))
            if consumed == 0 { break }  // incomplete command: wait for more bytes
            index += consumed
        }
        pending.removeFirst(index)
        if pending.count > 256 { pending.removeAll() }  // garbage that never completes
    }

    /// `ESC @` (or the set's reset): settings back to the switches, screen cleared.
    private mutating func reset() {
        codePage = switchCodePage
        clear()
    }

    private mutating func clear() {
        grid = Array(repeating: Array(repeating: 0x20, count: 20), count: 2)
        row = 0
        column = 0
    }

    private mutating func put(_ byte: UInt8) {
        if column >= 20 {
            column = 0
            row = (row + 1) % 2
        }
        grid[row][column] = byte
        column += 1
    }

    private mutating func writeLine(_ line: Int, _ text: ArraySlice<UInt8>) {
        grid[line] = Array(repeating: 0x20, count: 20)
        for (offset, byte) in text.prefix(20).enumerated() where shows(byte) {
            grid[line][offset] = byte
        }
    }

    /// Interprets the command or character at the start of `b`; returns bytes consumed, 0 when
    /// more bytes are needed.
    private mutating func step(_ b: [UInt8]) -> Int {
        guard let first = b.first else { return 0 }
        switch commandSet {
        case .epson:
            switch first {
            case 0x1B:
                guard b.count >= 2 else { return 0 }
                if b[1] == 0x40 { reset(); return 2 }
                if b[1] == 0x74 {  // ESC t n code table
                    guard b.count >= 3 else { return 0 }
                    if let page = DisplayCommandSet.epsonCodePage(table: b[2]) { codePage = page }
                    return 3
                }
                return 2
            case 0x0C: clear(); return 1
            case 0x18: grid[row] = Array(repeating: 0x20, count: 20); column = 0; return 1
            case 0x1F:
                guard b.count >= 2 else { return 0 }
                switch b[1] {
                case 0x24:
                    guard b.count >= 4 else { return 0 }
                    column = max(0, min(19, Int(b[2]) - 1))
                    row = max(0, min(1, Int(b[3]) - 1))
                    return 4
                case 0x58:
                    guard b.count >= 3 else { return 0 }
                    brightness = Int(min(4, max(1, b[2])))
                    return 3
                case 0x43, 0x45: return b.count >= 3 ? 3 : 0
                default: return 2
                }
            default:
                if shows(first) { put(first) }
                return 1
            }
        case .cd5220:
            switch first {
            case 0x1B:
                guard b.count >= 2 else { return 0 }
                switch b[1] {
                case 0x40: reset(); return 2
                case 0x51:
                    guard b.count >= 3 else { return 0 }
                    guard let end = b[3...].firstIndex(of: 0x0D) else { return b.count >= 48 ? b.count : 0 }
                    if b[2] == 0x41 { writeLine(0, b[3..<end]) }
                    if b[2] == 0x42 { writeLine(1, b[3..<end]) }
                    return end + 1
                case 0x2A:
                    guard b.count >= 3 else { return 0 }
                    brightness = Int(min(4, max(1, b[2])))
                    return 3
                case 0x6C:
                    guard b.count >= 4 else { return 0 }
                    column = max(0, min(19, Int(b[2]) - 1))
                    row = max(0, min(1, Int(b[3]) - 1))
                    return 4
                case 0x3D, 0x23, 0x74: return b.count >= 3 ? 3 : 0
                default: return 2
                }
            case 0x0C: clear(); return 1
            default:
                if shows(first) { put(first) }
                return 1
            }
        case .aedex:
            if first == 0x21 {
                guard b.count >= 3 else { return 0 }
                guard b[1] == 0x23 else { put(first); return 1 }
                guard let end = b[3...].firstIndex(of: 0x0D) else { return b.count >= 48 ? b.count : 0 }
                switch b[2] {
                case 0x31: writeLine(0, b[3..<end])
                case 0x32: writeLine(1, b[3..<end])
                case 0x39:
                    writeLine(0, b[3..<end])
                    writeLine(1, b[min(end, 23)..<end])
                default: break
                }
                return end + 1
            }
            if shows(first) { put(first) }
            return 1
        case .logicControls:
            switch first {
            case 0x1F: reset(); return 1
            case 0x10:
                guard b.count >= 2 else { return 0 }
                let position = Int(b[1]) % 40
                row = position / 20
                column = position % 20
                return 2
            case 0x04:
                guard b.count >= 2 else { return 0 }
                brightness = b[1] >= 0xFF ? 4 : (b[1] >= 0x60 ? 3 : (b[1] >= 0x40 ? 2 : 1))
                return 2
            default:
                if shows(first) { put(first) }
                return 1
            }
        default:  // ADM 787/788
            switch first {
            case 0x0C: clear(); return 1
            case 0x0E: grid[0] = Array(repeating: 0x20, count: 20); return 1
            case 0x0F: grid[1] = Array(repeating: 0x20, count: 20); return 1
            case 0x10, 0x11, 0x12: return b.count >= 2 ? 2 : 0
            default:
                if shows(first) { put(first) }
                return 1
            }
        }
    }
}
