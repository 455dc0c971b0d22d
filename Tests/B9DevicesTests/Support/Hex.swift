/// Bytes from a hex string such as "1B 40" (spaces optional). Test fixtures only: a typo (a bad
/// digit, an odd digit count) yields 0xEE bytes that make the test fail visibly.
func hex(_ text: String) -> [UInt8] {
    let digits = Array(text.filter { !$0.isWhitespace })
    guard digits.count % 2 == 0 else { return [0xEE, 0xEE, 0xEE] }
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16) ?? 0xEE }
}

/// Whether `byte` matches a bit pattern written as in the manuals' "Identification of send status"
/// tables, most significant bit first, `x` for a free bit: e.g. "0xx1xx10".
func matches(_ byte: UInt8, pattern: String) -> Bool {
    for (offset, symbol) in pattern.enumerated() {
        let bit = (byte >> UInt8(7 - offset)) & 1
        if symbol == "0" && bit != 0 { return false }
        if symbol == "1" && bit != 1 { return false }
    }
    return true
}
