/// A CloudEvents 1.0 event in structured JSON mode: the payload of every MQTT message B9Terminal publishes.
///
/// `sequence` is the producer's gap-free event counter (the CloudEvents "sequence" extension, as
/// a decimal string), so consumers can both drop duplicates (by `id`) and see gaps.
public struct CloudEvent<Payload: Codable & Sendable>: Codable, Sendable {
    public let specversion: String
    /// A UUID; consumers drop an event whose id they have seen.
    public let id: String
    /// `b9pos/<store>/<terminal>`.
    public let source: String
    /// `com.b9pos.<event>`, e.g. `com.b9pos.sale.completed`.
    public let type: String
    public let time: String
    public let datacontenttype: String
    public let sequence: String
    public let data: Payload

    public init(id: String, source: String, type: String, time: String, sequence: Int64, data: Payload) {
        self.specversion = "1.0"
        self.id = id
        self.source = source
        self.type = type
        self.time = time
        self.datacontenttype = "application/json"
        self.sequence = String(sequence)
        self.data = data
    }
}

/// The `data` of a `com.b9pos.stock.moved` event.
public struct StockMovedData: Codable, Sendable, Hashable {
    public let sku: String
    /// Signed decimal in the product's unit ("-1.250": sold).
    public let quantity: String
    public let unit: String
    /// `sale`, `return`, `adjustment`, `receiving`.
    public let reason: String
    /// The sale or document the movement belongs to.
    public let reference: String?
    public let terminal: String
}
