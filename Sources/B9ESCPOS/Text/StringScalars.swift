extension StringProtocol {
    /// Whether every Unicode scalar of the text is a character (grapheme cluster) of its own, so the text can
    /// be walked scalar by scalar instead of by the much slower grapheme breaking: true when every scalar is
    /// below U+0300 (where combining marks start; nothing below extends or prepends to a cluster) and there
    /// is no carriage return (CR LF is one character). Covers ASCII and the Latin letters of receipts.
    var scalarsAreCharacters: Bool {
        for byte in utf8 {
            // 0xCC 0x80 is U+0300: lead bytes from 0xCC up start scalars at or above it.
            if byte == 0x0D || byte >= 0xCC { return false }
        }
        return true
    }
}
