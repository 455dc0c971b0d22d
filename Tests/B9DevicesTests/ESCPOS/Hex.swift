/// Bytes from a hex string such as "1B 40" (spaces optional). Test fixtures only.
func hex(_ text: String) -> [UInt8] {
    let digits = text.filter { !$0.isWhitespace }
    var bytes: [UInt8] = []
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        bytes.append(UInt8(digits[index..<next], radix: 16) ?? 0xEE)
        index = next
    }
    return bytes
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
