import B9Core
import Foundation

/// What the local API pushes to WebSocket clients at `/events`, one JSON text frame each:
/// `{"type": "scan", "data": {…}}`.
enum LocalAPIEvent: Sendable, Equatable {
    /// First frame of every connection: the client is subscribed from here on.
    case ready
    /// A code came from the barcode scanner.
    case scan(ScannedCode)
    /// The scale gave a stable weight, in grams.
    case weight(grams: Int64)
    /// A device's state changed.
    case deviceStatus(DeviceStatus)
    /// A kitchen station reported an order's status (accepted, preparing, ready).
    case kitchenStatus(orderID: String, station: String, status: String)
    /// The kitchen display: a ticket arrived or changed (`status` `bumped` takes it off the display).
    case kitchenTicket(KitchenTicketView)
    /// The kitchen display: the bump bar's selection moved (`nil`: nothing selected).
    case kitchenSelection(orderID: String?)
    /// A cart was created or changed; `cart` is nil when it was deleted or checked out.
    case cartChanged(cartID: String, cart: CartView?)
    /// A sale was committed.
    case saleCompleted(SaleView)

    /// The `type` field.
    var type: String {
        switch self {
        case .ready: "ready"
        case .scan: "scan"
        case .weight: "weight"
        case .deviceStatus: "device.status"
        case .kitchenStatus: "kitchen.status"
        case .kitchenTicket: "kitchen.ticket"
        case .kitchenSelection: "kitchen.selection"
        case .cartChanged: "cart.changed"
        case .saleCompleted: "sale.completed"
        }
    }

    /// The frame's text.
    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Frame(event: self))) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    private struct Frame: Encodable {
        let event: LocalAPIEvent

        enum Keys: String, CodingKey { case type, data }

        private struct Scan: Encodable { let code: String; let symbology: String? }
        private struct Weight: Encodable { let grams: Int64; let kilograms: String }
        private struct Kitchen: Encodable { let orderID: String; let station: String; let status: String }
        private struct Selection: Encodable { let orderID: String? }
        private struct CartChange: Encodable { let cartID: String; let cart: CartView? }
        private struct Empty: Encodable {}

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(event.type, forKey: .type)
            switch event {
            case .ready:
                try container.encode(Empty(), forKey: .data)
            case .scan(let scan):
                try container.encode(Scan(code: scan.code, symbology: scan.symbology), forKey: .data)
            case .weight(let grams):
                try container.encode(Weight(grams: grams, kilograms: Quantity(thousandths: grams).fixedText), forKey: .data)
            case .deviceStatus(let status):
                try container.encode(status, forKey: .data)
            case .kitchenStatus(let orderID, let station, let status):
                try container.encode(Kitchen(orderID: orderID, station: station, status: status), forKey: .data)
            case .kitchenTicket(let ticket):
                try container.encode(ticket, forKey: .data)
            case .kitchenSelection(let orderID):
                try container.encode(Selection(orderID: orderID), forKey: .data)
            case .cartChanged(let cartID, let cart):
                try container.encode(CartChange(cartID: cartID, cart: cart), forKey: .data)
            case .saleCompleted(let sale):
                try container.encode(sale, forKey: .data)
            }
        }
    }
}
