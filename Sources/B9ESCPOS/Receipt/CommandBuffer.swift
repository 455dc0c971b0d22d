/// The commands of a receipt as command values, for `EncodedReceipt.commands`: text bytes go into one shared
/// buffer and commands refer to them by range. `commands` gives the ordinary `ESCPOSCommand` list. (The bytes
/// of a receipt are written by `ByteSink` without command values.)
struct CommandBuffer: CommandSink, Sendable, Hashable {
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

    /// Appends a text command of `bytes` (printable, already in the selected code page).
    mutating func appendText(_ bytes: some Collection<UInt8>) {
        let start = text.count
        text.append(contentsOf: bytes)
        pieces.append(.text(start: start, end: text.count))
    }

    /// Appends a text command of the bytes `text[start...]` that the caller has just written.
    mutating func closeText(from start: Int) {
        pieces.append(.text(start: start, end: text.count))
    }

    /// The index of the first `ESC @`.
    var firstInitialize: Int? {
        pieces.firstIndex { if case .command(.initialize) = $0 { true } else { false } }
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
