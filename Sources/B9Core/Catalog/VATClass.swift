/// A VAT rate and whether shelf prices include it.
///
/// Rates are in basis points (1500 = 15 %, 750 = 7.5 %). With `pricesIncludeVAT` the price is gross
/// and VAT is extracted (`base × rate ÷ (10000 + rate)`); otherwise it is net and VAT is added on top
/// (`base × rate ÷ 10000`). Either way VAT is computed per rate on the sum of its lines (rounding point R3).
public struct VATClass: Sendable, Hashable, Codable, CustomStringConvertible {
    public let rateBasisPoints: Int64
    public let pricesIncludeVAT: Bool

    public init(rateBasisPoints: Int64, pricesIncludeVAT: Bool) throws(CoreError) {
        guard (0...10_000).contains(rateBasisPoints) else {
            throw CoreError(.invalidAmount, "a VAT rate is between 0 and 100 % (got \(DecimalText.formatTrimmed(rateBasisPoints, scale: 2)) %)")
        }
        self.rateBasisPoints = rateBasisPoints
        self.pricesIncludeVAT = pricesIncludeVAT
    }

    /// Parses a percentage with up to two decimals ("15", "7.5").
    public init(percent: String, pricesIncludeVAT: Bool) throws(CoreError) {
        try self.init(rateBasisPoints: try DecimalText.parse(percent, scale: 2), pricesIncludeVAT: pricesIncludeVAT)
    }

    /// "15", "7.5".
    public var percentText: String { DecimalText.formatTrimmed(rateBasisPoints, scale: 2) }

    /// "VAT 15% incl." / "VAT 7.5% excl.".
    public var description: String { "VAT \(percentText)% \(pricesIncludeVAT ? "incl." : "excl.")" }
}
