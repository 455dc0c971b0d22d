/// A run of text printed with one style, alignment and code page.
public struct TextRun: Sendable, Hashable {
    public var text: String
    public var style: TextStyle
    public var justification: Justification
    /// Name of the code page the bytes were read with.
    public var codePage: String
}

/// One thing found in an ESC/POS byte stream.
public enum DecodedElement: Sendable, Hashable {
    case text(TextRun)
    /// `LF`, `ESC d n` (n times) or the end of a printed line.
    case lineBreak
    case barcode(Barcode)
    case qrCode(data: [UInt8])
    /// A PDF417 symbol printed with `GS ( k` cn = 48, with the data it holds.
    case pdf417(data: [UInt8])
    case image(MonochromeBitmap)
    case cut(CutMode)
    case drawerKick(DrawerPulse)
    /// A recognised command that prints nothing (status request, code page switch …), with its offset.
    case control(name: String, offset: Int)
    /// Bytes of a command this decoder does not know, at `offset` in the stream.
    case unknown(offset: Int, bytes: [UInt8])
}

/// Something wrong with the stream: a truncated command or a parameter out of range.
public struct DecodeIssue: Sendable, Hashable, CustomStringConvertible {
    public let offset: Int
    public let message: String

    public var description: String { "offset \(offset): \(message)" }
}

/// An ESC/POS stream read back into printable content, plus what could not be read.
public struct DecodedDocument: Sendable, Hashable {
    public var elements: [DecodedElement] = []
    public var issues: [DecodeIssue] = []
    /// True when the stream ended in the middle of a command.
    public var isTruncated: Bool = false

    /// Text runs of each printed line, in order (a line ends at each `lineBreak`).
    public var lines: [[TextRun]] {
        var lines: [[TextRun]] = []
        var current: [TextRun] = []
        for element in elements {
            switch element {
            case .text(let run): current.append(run)
            case .lineBreak:
                lines.append(current)
                current = []
            default: break
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
