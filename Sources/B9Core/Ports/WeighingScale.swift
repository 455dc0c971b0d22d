/// What billing needs from a scale: a stable weight to price a weighed line.
public protocol WeighingScale: Sendable {
    /// A stable, non-negative weight in thousandths of a kilogram (grams), or an error saying why not
    /// (in motion, overload, under zero, no answer).
    func stableWeight() async throws -> Quantity
}
