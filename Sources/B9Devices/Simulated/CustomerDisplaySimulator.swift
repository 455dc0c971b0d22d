/// A 2×20 customer display that renders what it is sent, for tests, the demo and
/// `b9terminal display --display sim://…`. It interprets the real command bytes of its
/// ``DisplayCommandSet`` (see that type for the commands) and ignores bytes it does not know.
public struct CustomerDisplaySimulator: Sendable {
    public let commandSet: DisplayCommandSet
    private var grid: [[UInt8]] = Array(repeating: Array(repeating: 0x20, count: 20), count: 2)
    private var row = 0
    private var column = 0
    private var pending: [UInt8] = []
    /// The last brightness level set (1…4), if any.
    public private(set) var brightness: Int?

    public init(commandSet: DisplayCommandSet) {
        self.commandSet = commandSet
    }

    /// The two lines as shown.
    public var lines: (String, String) {
        (String(decoding: grid[0], as: UTF8.self), String(decoding: grid[1], as: UTF8.self))
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
        for (offset, byte) in text.prefix(20).enumerated() where (0x20...0x7E).contains(byte) {
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
                if b[1] == 0x40 { clear(); return 2 }
                if b[1] == 0x74 { return b.count >= 3 ? 3 : 0 }  // ESC t n code table
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
                if (0x20...0x7E).contains(first) { put(first) }
                return 1
            }
        case .cd5220:
            switch first {
            case 0x1B:
                guard b.count >= 2 else { return 0 }
                switch b[1] {
                case 0x40: clear(); return 2
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
                if (0x20...0x7E).contains(first) { put(first) }
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
            if (0x20...0x7E).contains(first) { put(first) }
            return 1
        case .logicControls:
            switch first {
            case 0x1F: clear(); return 1
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
                if (0x20...0x7E).contains(first) { put(first) }
                return 1
            }
        default:  // ADM 787/788
            switch first {
            case 0x0C: clear(); return 1
            case 0x0E: grid[0] = Array(repeating: 0x20, count: 20); return 1
            case 0x0F: grid[1] = Array(repeating: 0x20, count: 20); return 1
            case 0x10, 0x11, 0x12: return b.count >= 2 ? 2 : 0
            default:
                if (0x20...0x7E).contains(first) { put(first) }
                return 1
            }
        }
    }
}
