/// A named rule for resolving the remainder of a division in minor units.
///
/// The configured rule (`billing.rounding`) is applied at these points, and only there:
/// - **R1 line amount**: unit price × quantity;
/// - **R2 percentage discount**: line or cart amount × percentage;
/// - **R3 VAT**: per VAT rate, on the sum of that rate's lines (never per line);
/// - **R4 foreign currency**: a foreign tender converted at the configured rate.
/// Cash rounding (``CashRounding``) is a separate rule, applied at point **R5** (see there).
public enum ArithmeticRounding: String, Sendable, Codable, CaseIterable {
    /// Round half away from zero ("commercial rounding"): 0.5 → 1, −0.5 → −1, 2.5 → 3.
    case halfUp = "half-up"
    /// Round half to even ("banker's rounding"): 0.5 → 0, 1.5 → 2, 2.5 → 2.
    case halfEven = "half-even"
    /// Round toward zero (truncate). Not offered for configuration; used to take the floor
    /// part in exact allocations.
    case down = "down"

    /// Whether `quotient + remainder/divisor` (all magnitudes) is rounded up to `quotient + 1`.
    func roundsAway(quotient: UInt64, remainder: UInt64, divisor: UInt64) -> Bool {
        let rest = divisor - remainder
        switch self {
        case .down:
            return false
        case .halfUp:
            return remainder >= rest
        case .halfEven:
            return remainder > rest || (remainder == rest && quotient % 2 == 1)
        }
    }

    /// The rules a shop may configure.
    public static let configurable: [ArithmeticRounding] = [.halfUp, .halfEven]
}
