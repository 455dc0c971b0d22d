import B9Core
import Foundation

/// The invariants every local API request body must keep, whatever its bytes: shared by the fuzz
/// target and the corpus replay in `make test`.
public enum LocalAPIBodyCheck {
    /// A broken invariant.
    public struct Violation: Error, CustomStringConvertible {
        public let description: String
    }

    /// Decodes `bytes` as the body of every route that takes one, as the API does (an empty body reads
    /// as `{}`), and turns the decoded text into billing values as the routes do. None may crash, and:
    /// - a refusal is a ``FieldError`` naming `body` or a field the body has;
    /// - accepted amounts and quantities read back the same from their written form, quantities are
    ///   above zero, amounts not negative, guests 1 to 99, percentages from 0 to 100 %, one tender per payment.
    public static func check(_ bytes: [UInt8]) throws(Violation) {
        let data = bytes.isEmpty ? Data("{}".utf8) : Data(bytes)
        let policy = BillingPolicy.standard
        let digits = policy.currency.minorUnitDigits

        if let body = try decode(LocalAPIBodies.AddLine.self, data, keys: ["code", "quantity"]), let text = body.quantity {
            try quantity(text, keys: ["quantity"])
        }
        if let body = try decode(LocalAPIBodies.ChangeLine.self, data, keys: ["quantity"]) {
            try quantity(body.quantity, keys: ["quantity"])
        }
        if let body = try decode(LocalAPIBodies.SetDiscount.self, data, keys: ["kind", "value", "line"]) {
            let discount = try parse(keys: ["kind", "value"]) { () throws(FieldError) in try LocalAPIParse.discount(body, currency: policy.currency) }
            switch discount {
            case .percent(let basisPoints)?:
                guard (0...10_000).contains(basisPoints) else { throw Violation(description: "discount of \(basisPoints) basis points accepted") }
            case .amount(let money)?:
                try amount(money.minorUnits, digits: digits, from: body.value)
            default:
                break
            }
        }
        if let body = try decode(LocalAPIBodies.Checkout.self, data, keys: ["tenders", "cashier"]) {
            try tenders(body.tenders, policy: policy)
        }
        if let body = try decode(LocalAPIBodies.TabCheckout.self, data, keys: ["tenders", "cashier", "split", "tips"]) {
            try tenders(body.tenders, policy: policy)
            for (index, part) in (body.split ?? []).enumerated() {
                let value = try parse(keys: ["split"]) { () throws(FieldError) in try LocalAPIParse.amount(part, digits: digits, field: "split[\(index)]") }
                if let value { try amount(value, digits: digits, from: part) }
            }
        }
        if let body = try decode(LocalAPIBodies.Display.self, data, keys: ["message", "text", "amount"]) {
            _ = try parse(keys: ["message", "text", "amount"]) { () throws(FieldError) in try LocalAPIParse.displayMessage(body, currency: policy.currency) }
        }
        _ = try decode(LocalAPIBodies.Reprint.self, data, keys: ["saleID"])
        _ = try decode(LocalAPIBodies.Scan.self, data, keys: ["code", "symbology"])
        if let covers = try decode(LocalAPIBodies.OpenTab.self, data, keys: ["waiter", "covers"])?.covers {
            try guests(covers)
        }
        if let body = try decode(LocalAPIBodies.SetGuests.self, data, keys: ["covers"]) {
            try guests(body.covers)
        }
        if let body = try decode(LocalAPIBodies.AddTabLine.self, data, keys: ["code", "quantity", "course", "modifiers", "notes"]), let text = body.quantity {
            try quantity(text, keys: ["quantity"])
        }
        _ = try decode(LocalAPIBodies.TransferTab.self, data, keys: ["table"])
        _ = try decode(LocalAPIBodies.MergeTab.self, data, keys: ["into"])
        _ = try decode(LocalAPIBodies.SendToKitchen.self, data, keys: ["notes"])
    }

    /// Decodes as the API does; nil for a refusal that names `body` or one of `keys`.
    private static func decode<T: Decodable>(_ type: T.Type, _ data: Data, keys: Set<String>) throws(Violation) -> T? {
        try parse(keys: keys) { () throws(FieldError) in try FieldError.decodeJSON(type, from: data) }
    }

    /// Runs `step`; a refusal must be a ``FieldError`` naming `body` or a field whose first level is in `keys`.
    private static func parse<T>(keys: Set<String>, _ step: () throws(FieldError) -> T) throws(Violation) -> T? {
        do {
            return try step()
        } catch {
            let root = error.field.prefix { $0 != "." && $0 != "[" }
            guard error.field == "body" || keys.contains(String(root)), !error.message.isEmpty else {
                throw Violation(description: "a refusal names '\(error.field)', not a field of the body: \(error.message)")
            }
            return nil
        }
    }

    private static func quantity(_ text: String, keys: Set<String>) throws(Violation) {
        guard let value = try parse(keys: keys, { () throws(FieldError) in try LocalAPIParse.quantity(text, field: "quantity") }) else { return }
        guard value.thousandths > 0, (try? Quantity(parsing: value.fixedText)) == value else {
            throw Violation(description: "quantity '\(text)' accepted as \(value.thousandths) thousandths, which does not read back")
        }
    }

    private static func guests(_ covers: Int) throws(Violation) {
        guard let value = try parse(keys: ["covers"], { () throws(FieldError) in try LocalAPIParse.covers(covers, field: "covers") }) else { return }
        guard LocalAPIParse.coversRange.contains(value) else { throw Violation(description: "\(value) guests accepted") }
    }

    private static func tenders(_ tenders: [LocalAPIBodies.Tender], policy: BillingPolicy) throws(Violation) {
        guard let inputs = try parse(keys: ["tenders"], { () throws(FieldError) in try LocalAPIParse.tenders(tenders, policy: policy) }) else { return }
        guard inputs.count == tenders.count else { throw Violation(description: "\(tenders.count) payments became \(inputs.count) tenders") }
        for input in inputs where input.amount < 0 {
            throw Violation(description: "a negative tender amount \(input.amount) was accepted")
        }
    }

    private static func amount(_ value: Int64, digits: Int, from text: String?) throws(Violation) {
        guard value >= 0, (try? DecimalText.parse(DecimalText.format(value, scale: digits), scale: digits)) == value else {
            throw Violation(description: "amount '\(text ?? "")' accepted as \(value), which does not read back")
        }
    }
}
