/// The commands of a receipt as the encoder builds them: text bytes go into one shared buffer and commands
/// refer to them by range, so laying out a line, turning its padding into tabs and writing the final bytes
/// allocate nothing per line. `commands` gives the ordinary `ESCPOSCommand` list when someone asks for it.
struct CommandBuffer: Sendable, Hashable {
    /// One command; `text` is a range of `text`.
    enum Piece: Sendable, Hashable {
        case command(ESCPOSCommand)
        case text(start: Int, end: Int)
    }

    var pieces: [Piece] = []
    /// Printable bytes of every text command, one after the other.
    var text: [UInt8] = []

    var count: Int { pieces.count }

    init() {
        pieces.reserveCapacity(128)
        text.reserveCapacity(2048)
    }

    init(pieces: [Piece], text: [UInt8]) {
        self.pieces = pieces
        self.text = text
    }

    mutating func append(_ command: ESCPOSCommand) {
        if case .text(let bytes) = command {
            appendText(bytes)
        } else {
            pieces.append(.command(command))
        }
    }

    static func += (buffer: inout CommandBuffer, commands: [ESCPOSCommand]) {
        for command in commands { buffer.append(command) }
    }

    /// Appends a text command of `bytes` (printable, already in the selected code page).
    mutating func appendText(_ bytes: some Collection<UInt8>) {
        let start = text.count
        text.append(contentsOf: bytes)
        pieces.append(.text(start: start, end: text.count))
    }

    /// Appends a text command of `count` times `byte`.
    mutating func appendText(repeating byte: UInt8, count: Int) {
        appendText(repeatElement(byte, count: count))
    }

    /// Appends a text command of the bytes `text[start...]` that the caller has just written.
    mutating func closeText(from start: Int) {
        pieces.append(.text(start: start, end: text.count))
    }

    /// The index of the first `ESC @`.
    var firstInitialize: Int? {
        pieces.firstIndex { if case .command(.initialize) = $0 { true } else { false } }
    }

    /// Appends the bytes of every command.
    func encode(into bytes: inout [UInt8]) {
        text.withUnsafeBufferPointer { text in
            for piece in pieces {
                switch piece {
                case .text(let start, let end):
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<end]))
                case .command(let command):
                    command.encode(into: &bytes)
                }
            }
        }
    }

    /// The commands as `ESCPOSCommand` values.
    var commands: [ESCPOSCommand] {
        pieces.map { piece in
            switch piece {
            case .text(let start, let end): .text(Array(text[start..<end]))
            case .command(let command): command
            }
        }
    }
}
