extension StringProtocol {
    /// Whether every Unicode scalar of the text is a character (grapheme cluster) of its own, so the text can
    /// be walked scalar by scalar instead of by the much slower grapheme breaking: true when every scalar is
    /// below U+0300 (where combining marks start; nothing below extends or prepends to a cluster) and there
    /// is no carriage return (CR LF is one character). Covers ASCII and the Latin letters of receipts.
    var scalarsAreCharacters: Bool {
        // 0xCC 0x80 is U+0300: lead bytes from 0xCC up start scalars at or above it.
        allUTF8 { $0 != 0x0D && $0 < 0xCC }
    }

    /// Whether every UTF-8 byte of the text satisfies `predicate`, read from contiguous storage when the
    /// string has it (native strings do), which is much faster than the UTF-8 view's iterator.
    @inline(__always)
    func allUTF8(_ predicate: (UInt8) -> Bool) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.allSatisfy(predicate) } ?? utf8.allSatisfy(predicate)
    }
}

/// What one pass over a string's UTF-8 tells: whether it is ASCII, whether its scalars are its characters
/// (`scalarsAreCharacters`), and how many bytes and scalars it has.
struct UTF8Shape {
    private(set) var bytes = 0
    private(set) var scalars = 0
    private(set) var isASCII = true
    private(set) var scalarsAreCharacters = true

    init(_ text: String) {
        let utf8 = text.utf8
        if utf8.withContiguousStorageIfAvailable({ add($0) }) == nil { add(utf8) }
    }

    private mutating func add(_ utf8: some Sequence<UInt8>) {
        for byte in utf8 {
            bytes += 1
            // Continuation bytes are 10xxxxxx; every other byte starts a scalar.
            if byte & 0xC0 != 0x80 { scalars += 1 }
            if byte >= 0x80 { isASCII = false }
            // As `scalarsAreCharacters`: no CR, no scalar from U+0300 (lead byte 0xCC) up.
            if byte == 0x0D || byte >= 0xCC { scalarsAreCharacters = false }
        }
    }
}
