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
