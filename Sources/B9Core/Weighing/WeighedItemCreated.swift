/// The `data` of a `com.b9pos.weighing.item.created` event: one label printed at a weighing
/// station (schema in docs/mqtt.md). Amounts are integer minor units; the weight is decimal text.
public struct WeighedItemCreatedData: Codable, Sendable, Hashable {
    /// A UUID for the label; a till that scans it twice can tell.
    public let itemID: String
    public let sku: String
    /// Stable net weight in `unit`, e.g. `"1.234"`.
    public let netWeight: String
    /// The tare taken off, in `unit`, when the scale reported one.
    public let tare: String?
    /// `kg`, `g` or `lb`.
    public let unit: String
    /// Minor units per `unit` of the product.
    public let unitPrice: Int64
    /// Minor units, as encoded in the barcode.
    public let price: Int64
    public let currency: String
    /// The variable-measure EAN-13 printed on the label.
    public let barcode: String
    public let createdAt: String

    public init(itemID: String, sku: String, netWeight: String, tare: String?, unit: String, unitPrice: Int64, price: Int64,
                currency: String, barcode: String, createdAt: String) {
        self.itemID = itemID
        self.sku = sku
        self.netWeight = netWeight
        self.tare = tare
        self.unit = unit
        self.unitPrice = unitPrice
        self.price = price
        self.currency = currency
        self.barcode = barcode
        self.createdAt = createdAt
    }
}
