/// Exact conversion between decimal text ("1.250", "-12.5") and scaled integers.
///
/// The one place where amounts and quantities typed by people or read from files become integers.
/// Nothing is rounded here: more fraction digits than the scale allows is an error.
public enum DecimalText {
    /// Parses `text` as a decimal number with at most `scale` fraction digits, scaled by 10^scale.
    ///
    /// Accepts an optional sign, digits, and an optional `.` fraction. No exponent, no grouping.
    /// - Throws: ``CoreError/Code/invalidAmount`` naming the text and what was wrong.
    public static func parse(_ text: String, scale: Int) throws(CoreError) -> Int64 {
        let trimmed = text.trimmingASCIIWhitespace()
        var bytes = Array(trimmed.utf8)[...]
        guard !bytes.isEmpty else { throw CoreError(.invalidAmount, "a number is required (got an empty value)") }
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var integerDigits = 0
        var fractionDigits = 0
        var seenPoint = false
        var value: Int64 = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard !seenPoint else { throw CoreError(.invalidAmount, "'\(trimmed)' has more than one decimal point") }
                seenPoint = true
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                throw CoreError(.invalidAmount, "'\(trimmed)' is not a decimal number (use digits and '.', e.g. 120.50)")
            }
            if seenPoint {
                fractionDigits += 1
                guard fractionDigits <= scale else {
                    throw CoreError(.invalidAmount, "'\(trimmed)' has more than \(scale) decimal places")
                }
            } else {
                integerDigits += 1
            }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = times10.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            guard !o1, !o2 else { throw CoreError(.invalidAmount, "'\(trimmed)' is too large") }
            value = next
        }
        guard integerDigits + fractionDigits > 0 else {
            throw CoreError(.invalidAmount, "'\(trimmed)' has no digits")
        }
        for _ in fractionDigits..<scale {
            let (times10, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow else { throw CoreError(.invalidAmount, "'\(trimmed)' is too large") }
            value = times10
        }
        return negative ? -value : value
    }

    /// Formats a value scaled by 10^scale with exactly `scale` fraction digits ("1.250", "-0.05").
    public static func format(_ value: Int64, scale: Int) -> String {
        guard scale > 0 else { return String(value) }
        let digits = String(value.magnitude)
        let padded = digits.count <= scale ? String(repeating: "0", count: scale - digits.count + 1) + digits : digits
        let split = padded.index(padded.endIndex, offsetBy: -scale)
        let sign = value < 0 ? "-" : ""
        return sign + padded[..<split] + "." + padded[split...]
    }

    /// Formats like ``format(_:scale:)`` but drops trailing fraction zeros ("1.25", "2").
    public static func formatTrimmed(_ value: Int64, scale: Int) -> String {
        var text = format(value, scale: scale)
        guard text.contains(".") else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}

extension String {
    /// The string without leading and trailing ASCII spaces, tabs, CR and LF.
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let start = firstIndex(where: { !isSpace($0) }) else { return "" }
        guard let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
