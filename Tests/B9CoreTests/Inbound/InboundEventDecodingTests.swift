import B9Core
import Foundation
import Testing

@Suite("Received MQTT events: decoding and refusals that name the field")
struct InboundEventDecodingTests {
    static func stock(_ data: String, type: String = "com.b9pos.stock.moved") -> [UInt8] {
        Array("""
            {"data":\(data),"datacontenttype":"application/json","id":"e-1","sequence":"1","source":"b9pos/s1/till-1",\
            "specversion":"1.0","time":"2026-11-25T10:00:00Z","type":"\(type)"}
            """.utf8)
    }

    static let goodStock = #"{"quantity":"-2.500","reason":"sale","reference":"sale-1","sku":"RICE","terminal":"till-1","unit":"kg"}"#

    @Test func stockMovedIsDecodedWithItsQuantity() throws {
        let moved = try InboundEvent.stockMoved(Self.stock(Self.goodStock))
        #expect(moved.quantity.thousandths == -2_500)
        #expect(moved.event.data.sku == "RICE")
        #expect(moved.event.id == "e-1")
    }

    @Test func refusalsNameTheField() {
        func field(_ payload: [UInt8]) -> String? {
            do {
                _ = try InboundEvent.stockMoved(payload)
                return nil
            } catch {
                #expect(error.message.contains(error.field))
                return error.field
            }
        }
        #expect(field(Array("{not json".utf8)) == "payload")
        #expect(field(Array("[]".utf8)) == "payload")
        #expect(field(Self.stock(Self.goodStock, type: "com.b9pos.sale.completed")) == "type")
        #expect(field(Self.stock(Self.goodStock.replacingOccurrences(of: "-2.500", with: "1.2345"))) == "data.quantity")
        #expect(field(Self.stock(#"{"quantity":"1","reason":"sale","terminal":"till-1","unit":"kg"}"#)) == "data.sku")
        #expect(field(Self.stock(#"{"quantity":1,"reason":"sale","sku":"A","terminal":"till-1","unit":"kg"}"#)) == "data.quantity")
    }

    @Test func kitchenStatusRefusesAnUnknownStatus() {
        let payload = Array("""
            {"data":{"changedAt":"t","orderID":"o","station":"k","status":"eaten","till":"till-1"},"datacontenttype":"application/json",\
            "id":"e","sequence":"1","source":"b9pos/s1/k","specversion":"1.0","time":"t","type":"com.b9pos.kitchen.order.status_changed"}
            """.utf8)
        #expect(throws: FieldError.self) { try InboundEvent.kitchenStatusChanged(payload) }
        do {
            _ = try InboundEvent.kitchenStatusChanged(payload)
        } catch {
            #expect(error.field == "data.status")
        }
        #expect(throws: Never.self) { try InboundEventCheck.check(payload) }
    }
}
