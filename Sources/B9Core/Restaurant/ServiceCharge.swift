/// A restaurant's service charge, added to the bill as a line of its own (`restaurant.service_charge`).
///
/// **SC1 service charge**: `basisPoints × base`, rounded with `billing.rounding`, where `base` is the
/// sum of the other lines after promotions and line discounts (at their shelf prices), before any
/// cart discount. The charge is a service line (no stock) with its own VAT class
/// (`restaurant.service_charge_vat`): VAT on it is worked out with the other lines of that rate (R3),
/// so a shop whose VAT authority taxes service charge at the standard rate sets that rate, and one
/// that exempts it sets 0. A cart discount on the bill is spread over every line, the charge included.
public struct ServiceChargeRule: Sendable, Hashable, Codable {
    public let basisPoints: Int64
    public let vat: VATClass
    /// The line's SKU and name on the bill.
    public let sku: String
    public let name: String

    public init(basisPoints: Int64, vat: VATClass, sku: String = "SERVICE-CHARGE", name: String = "Service charge") throws(CoreError) {
        guard (0...10_000).contains(basisPoints) else {
            throw CoreError(.invalidConfiguration, "restaurant.service_charge must be between 0 and 100 %")
        }
        self.basisPoints = basisPoints
        self.vat = vat
        self.sku = sku
        self.name = name
    }

    /// SC1: the charge on `cart` (which must not hold a service-charge line yet).
    public func amount(on cart: Cart, policy: BillingPolicy) throws(CoreError) -> Int64 {
        let totals = try TotalsCalculator(policy: policy).totals(of: cart)
        let base = totals.subtotal - totals.lineDiscounts
        return try ExactArithmetic.mulDiv(base, basisPoints, 10_000, rounding: .round(policy.rounding))
    }

    /// `cart` with the service-charge line added (unchanged when the charge is zero).
    public func applied(to cart: Cart, policy: BillingPolicy) throws(CoreError) -> Cart {
        guard !cart.lines.contains(where: { $0.product.sku == sku }) else {
            throw CoreError(.invalidConfiguration, "the bill already has a service charge line")
        }
        let amount = try amount(on: cart, policy: policy)
        guard amount > 0 else { return cart }
        var bill = cart
        let product = try Product(
            sku: sku, name: name, category: "service-charge", unit: .piece, unitPrice: Money(minorUnits: amount, currency: policy.currency),
            vat: vat, isService: true, isStockTracked: false
        )
        try bill.add(product)
        return bill
    }
}
