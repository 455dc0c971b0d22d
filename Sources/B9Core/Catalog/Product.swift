/// A sellable item of the catalog.
public struct Product: Sendable, Hashable, Codable, Identifiable {
    /// A lower unit price that applies from a quantity upward (bulk price).
    public struct PriceTier: Sendable, Hashable, Codable {
        public let minimumQuantity: Quantity
        public let unitPrice: Money

        public init(minimumQuantity: Quantity, unitPrice: Money) {
            self.minimumQuantity = minimumQuantity
            self.unitPrice = unitPrice
        }
    }

    /// The stock-keeping unit: the product's identity in the catalog, the store and every event.
    public let sku: String
    /// Any Unicode name, Bengali included.
    public let name: String
    /// Every barcode that rings this product up (EAN-13, UPC-A, internal codes …).
    public let barcodes: [String]
    public let category: String
    public let unit: UnitOfMeasure
    /// Price of one `unit`, before any tier.
    public let unitPrice: Money
    /// Bulk prices, in ascending order of minimum quantity.
    public let tiers: [PriceTier]
    public let vat: VATClass
    /// A service (installation, delivery fee) has no stock.
    public let isService: Bool
    /// Whether selling it moves stock.
    public let isStockTracked: Bool

    public var id: String { sku }

    /// Creates a product after checking its rules.
    /// - Throws: ``CoreError`` naming the field that is wrong.
    public init(
        sku: String,
        name: String,
        barcodes: [String] = [],
        category: String = "",
        unit: UnitOfMeasure = .piece,
        unitPrice: Money,
        tiers: [PriceTier] = [],
        vat: VATClass,
        isService: Bool = false,
        isStockTracked: Bool = true
    ) throws(CoreError) {
        let sku = sku.trimmingASCIIWhitespace()
        guard !sku.isEmpty, sku.utf8.count <= 64 else {
            throw CoreError(.invalidConfiguration, "sku: 1 to 64 characters are required")
        }
        guard !name.trimmingASCIIWhitespace().isEmpty else {
            throw CoreError(.invalidConfiguration, "name: a product needs a name")
        }
        guard unitPrice.minorUnits >= 0 else {
            throw CoreError(.invalidAmount, "price: must not be negative (got \(unitPrice.decimalText))")
        }
        for barcode in barcodes where barcode.isEmpty || barcode.utf8.count > 64 {
            throw CoreError(.invalidConfiguration, "barcodes: each barcode has 1 to 64 characters")
        }
        guard Set(barcodes).count == barcodes.count else {
            throw CoreError(.invalidConfiguration, "barcodes: a barcode is listed twice")
        }
        var previous: Quantity = .zero
        for tier in tiers {
            guard tier.minimumQuantity > previous else {
                throw CoreError(.invalidConfiguration, "tiers: minimum quantities must be positive and ascending")
            }
            guard tier.unitPrice.currency == unitPrice.currency, tier.unitPrice.minorUnits >= 0 else {
                throw CoreError(.invalidAmount, "tiers: a tier price must be a non-negative \(unitPrice.currency.code) amount")
            }
            previous = tier.minimumQuantity
        }
        if isService && isStockTracked {
            throw CoreError(.invalidConfiguration, "stock_tracked: a service item has no stock")
        }
        self.sku = sku
        self.name = name
        self.barcodes = barcodes
        self.category = category
        self.unit = unit
        self.unitPrice = unitPrice
        self.tiers = tiers
        self.vat = vat
        self.isService = isService
        self.isStockTracked = isStockTracked
    }

    /// The unit price for a line of `quantity`: the highest tier whose minimum it reaches, else the base price.
    public func unitPrice(for quantity: Quantity) -> Money {
        tiers.last(where: { quantity >= $0.minimumQuantity })?.unitPrice ?? unitPrice
    }
}
