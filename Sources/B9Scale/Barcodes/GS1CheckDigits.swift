/// GS1 check digit algorithms (GS1 General Specifications §7.9).
public enum GS1CheckDigit {
    /// The standard GS1 mod-10 check digit for `digits` (the data without its check digit): weights 3 and 1
    /// alternating from the right (§7.9.1). Nil when `digits` has a non-digit.
    public static func standard(_ digits: some StringProtocol) -> Int? {
        var sum = 0
        for (position, character) in digits.reversed().enumerated() {
            guard let value = character.wholeNumberValue, character.isASCII else { return nil }
            sum += value * (position % 2 == 0 ? 3 : 1)
        }
        return (10 - sum % 10) % 10
    }

    // Weighting-factor products (§7.9.3): for each digit 0…9 the units digit the factor yields.
    // "2-": units digit of 2×d minus its tens digit; "3": units digit of 3×d;
    // "5+": units plus tens digit of 5×d; "5-": units minus tens digit of 5×d (all mod 10).
    static let twoMinus = [0, 2, 4, 6, 8, 9, 1, 3, 5, 7]
    static let three = [0, 3, 6, 9, 2, 5, 8, 1, 4, 7]
    static let fivePlus = [0, 5, 1, 6, 2, 7, 3, 8, 4, 9]
    static let fiveMinus = [0, 5, 9, 4, 8, 3, 7, 2, 6, 1]

    /// The price/measure verifier digit for a 4- or 5-digit price or weight field (§7.9.2–7.9.4).
    ///
    /// Four digits: weighting factors 2-, 2-, 3, 5-; the check digit is the units digit of 3 × the sum.
    /// Five digits: factors 5+, 2-, 5-, 5+, 2-; the sum is subtracted from the next multiple of ten and the
    /// check digit is the digit whose 5- product equals that difference.
    /// - Returns: nil when `field` is not 4 or 5 ASCII digits.
    public static func priceVerifier(_ field: some StringProtocol) -> Int? {
        let digits = field.compactMap { $0.isASCII ? $0.wholeNumberValue : nil }
        guard digits.count == field.count else { return nil }
        switch digits.count {
        case 4:
            let sum = twoMinus[digits[0]] + twoMinus[digits[1]] + three[digits[2]] + fiveMinus[digits[3]]
            return (sum * 3) % 10
        case 5:
            let sum = fivePlus[digits[0]] + twoMinus[digits[1]] + fiveMinus[digits[2]] + fivePlus[digits[3]]
                + twoMinus[digits[4]]
            let difference = (10 - sum % 10) % 10
            return fiveMinus.firstIndex(of: difference)
        default:
            return nil
        }
    }
}
