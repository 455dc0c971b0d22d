/// A void before completion, as the journal records it (`void.recorded`): lines the customer had
/// already seen, removed from the sale, or a whole sale abandoned. Nothing was sold, so no receipt
/// number is used and no stock moves.
public struct VoidRecord: Sendable, Hashable, Codable {
    /// `line` or `sale`.
    public let kind: String
    /// A voided line: what it would have cost.
    public struct Line: Sendable, Hashable, Codable {
        public let sku: String
        public let name: String
        /// Thousandths of the product's unit.
        public let quantity: Int64
        /// The line's net amount plus any VAT on top.
        public let amount: Int64
    }
    public let lines: [Line]
    /// The sum of the lines' amounts (for a sale: its grand total).
    public let amount: Int64
    public let reason: String
    public let authorization: Authorization
}
