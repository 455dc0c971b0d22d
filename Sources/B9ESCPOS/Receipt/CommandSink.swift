/// Where the receipt encoder puts what it encodes: command values (`CommandBuffer`, for
/// `EncodedReceipt.commands`) or the bytes straight away (`ByteSink`, for `EncodedReceipt.bytes`).
///
/// Text bytes are written into `text` and a text command is then closed as a range of it, so a line is laid
/// out, encoded and measured for tabs without an array of its own. Tab lines (`TabCompressor.Line`) refer to
/// text commands by their index, counted by `count`.
protocol CommandSink {
    /// The bytes text commands are ranges of.
    var text: [UInt8] { get set }
    /// How many text commands (`ByteSink`) or commands (`CommandBuffer`) there are so far.
    var count: Int { get }
    mutating func append(_ command: ESCPOSCommand)
    /// Appends a text command of `bytes` (printable, already in the selected code page).
    mutating func appendText(_ bytes: some Collection<UInt8>)
    /// Appends a text command of the bytes `text[start...]` that the caller has just written.
    mutating func closeText(from start: Int)
}

extension CommandSink {
    /// Appends a text command of `count` times `byte`.
    mutating func appendText(repeating byte: UInt8, count: Int) {
        let start = text.count
        text.append(repeating: byte, count: count)
        closeText(from: start)
    }

    static func += (sink: inout Self, commands: [ESCPOSCommand]) {
        for command in commands { sink.append(command) }
    }
}

/// The encoder's output as bytes, written as the commands come: `text` is the whole byte stream and
/// `segments` where its text commands are, which is all `TabCompressor.write` needs to turn padding into
/// tabs while copying the stream once.
struct ByteSink: CommandSink {
    /// Every byte so far, commands and text.
    var text: [UInt8] = []
    /// The text commands: ranges of `text`.
    var segments: [Segment] = []
    /// Where the bytes after the first `ESC @` start (tab positions must come after it).
    var afterInitialize: Int?

    struct Segment {
        let start: Int
        let end: Int
    }

    var count: Int { segments.count }

    init() {
        text.reserveCapacity(2048)
        segments.reserveCapacity(64)
    }

    mutating func append(_ command: ESCPOSCommand) {
        switch command {
        case .text(let bytes):
            appendText(bytes)
        case .initialize:
            command.encode(into: &text)
            if afterInitialize == nil { afterInitialize = text.count }
        default:
            command.encode(into: &text)
        }
    }

    mutating func appendText(_ bytes: some Collection<UInt8>) {
        let start = text.count
        text.append(contentsOf: bytes)
        segments.append(Segment(start: start, end: text.count))
    }

    mutating func closeText(from start: Int) {
        segments.append(Segment(start: start, end: text.count))
    }
}
