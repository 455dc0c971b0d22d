import B9Core
import Foundation

/// Products, promotions and times for the super shop tests.
enum SupershopFixtures {
    static let policy = Fixtures.policy
    /// A Tuesday, 18:30 local time.
    static let happyHour = ShopLocalTime(date: "2026-11-24", weekday: 2, minuteOfDay: 18 * 60 + 30)
    /// The same Tuesday at 10:00.
    static let morning = ShopLocalTime(date: "2026-11-24", weekday: 2, minuteOfDay: 10 * 60)

    static func item(_ sku: String, _ price: String, category: String = "grocery", unit: UnitOfMeasure = .piece) throws -> Product {
        try Product(
            sku: sku, name: "Item \(sku)", category: category, unit: unit, unitPrice: Fixtures.money(price),
            vat: try VATClass(rateBasisPoints: 500, pricesIncludeVAT: true)
        )
    }

    static func cart(_ lines: [(Product, Int64)]) throws -> Cart {
        var cart = Cart(currency: .bdt)
        for (product, units) in lines { try cart.add(product, quantity: Quantity(units: units)) }
        return cart
    }
}
