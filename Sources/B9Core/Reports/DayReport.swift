/// An X report (mid-day, not numbered, changes nothing) or a Z report (end of day, numbered per
/// terminal, journaled as `report.z`; the next day's totals start after it).
///
/// A value a receipt-printer adapter renders (``ReportText`` gives the plain-text form) and that exports as JSON.
public struct DayReport: Sendable, Hashable, Codable {
    /// `X` or `Z`.
    public let kind: String
    /// The Z number (1, 2, 3 … per terminal, without gaps); `nil` for an X report.
    public let number: Int64?
    public let storeID: String
    public let terminalID: String
    public let createdAt: String
    /// The journal entries covered: `fromSequence...toSequence` (everything after the previous Z report).
    public let fromSequence: Int64
    public let toSequence: Int64
    public let currency: String
    public let currencyDigits: Int
    /// Who took the report (Z only).
    public let authorization: Authorization?
    public let totals: ReportTotals
}
