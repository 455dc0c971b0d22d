import B9Core

/// The JSON bodies the local API accepts. Amounts and quantities are decimal strings ("500.00",
/// "1.250") so no client ever sends money as a floating-point number.
enum LocalAPIBodies {
    /// `POST /carts/{cartID}/lines`.
    struct AddLine: Decodable {
        /// A barcode or a SKU.
        let code: String
        /// In the product's unit; 1 when absent.
        let quantity: String?
    }

    /// `PATCH /carts/{cartID}/lines/{lineID}`.
    struct ChangeLine: Decodable {
        let quantity: String
    }

    /// `PUT /carts/{cartID}/discount`.
    struct SetDiscount: Decodable {
        /// `percent`, `amount` or `none` (clears it).
        let kind: String
        /// "10" or "12.5" for a percent; "50.00" for an amount.
        let value: String?
        /// The line to discount; the whole cart when absent.
        let line: Int?
    }

    /// One payment of `POST /carts/{cartID}/checkout`.
    struct Tender: Decodable {
        /// `cash`, `card`, `wallet:NAME`, `credit:ACCOUNT` or `foreign:CODE`.
        let tender: String
        let amount: String
        let reference: String?
    }

    /// `POST /carts/{cartID}/checkout`.
    struct Checkout: Decodable {
        let tenders: [Tender]
        let cashier: String?
    }

    /// `POST /devices/printer/reprint`.
    struct Reprint: Decodable {
        let saleID: String
    }

    /// `POST /devices/display`.
    struct Display: Decodable {
        /// `welcome`, `item`, `total` or `change`.
        let message: String
        /// The welcome text, or the item's name.
        let text: String?
        /// The price, total or change.
        let amount: String?
    }

    /// `POST /devices/scanner/scans`.
    struct Scan: Decodable {
        let code: String
        let symbology: String?
    }
}

/// Turning body text into billing values, with 400s naming the field.
enum LocalAPIParse {
    static func quantity(_ text: String, field: String) throws(LocalAPIError) -> Quantity {
        do {
            let quantity = try Quantity(parsing: text)
            guard quantity.thousandths > 0 else { throw LocalAPIError.badRequest(field, "'\(field)' must be more than 0") }
            return quantity
        } catch let error as LocalAPIError {
            throw error
        } catch {
            throw LocalAPIError.badRequest(field, "'\(field)' must be a decimal quantity with at most 3 places, e.g. \"1.250\"")
        }
    }

    static func amount(_ text: String, digits: Int, field: String) throws(LocalAPIError) -> Int64 {
        guard let value = try? DecimalText.parse(text, scale: digits), value >= 0 else {
            throw LocalAPIError.badRequest(field, "'\(field)' must be a non-negative amount with at most \(digits) decimals, e.g. \"\(DecimalText.format(50_000, scale: digits))\"")
        }
        return value
    }

    static func tenders(_ tenders: [LocalAPIBodies.Tender], policy: BillingPolicy) throws(LocalAPIError) -> [TenderInput] {
        guard !tenders.isEmpty else { throw LocalAPIError.badRequest("tenders", "'tenders' must list at least one payment") }
        var inputs: [TenderInput] = []
        for (index, tender) in tenders.enumerated() {
            let kind: TenderKind
            do {
                kind = try TenderKind(code: tender.tender)
            } catch {
                throw LocalAPIError.badRequest("tenders[\(index)].tender", error.message)
            }
            var digits = policy.currency.minorUnitDigits
            if case .foreignCash(let code) = kind {
                guard let currency = try? Currency.named(code) else {
                    throw LocalAPIError.badRequest("tenders[\(index)].tender", "unknown currency '\(code)'")
                }
                digits = currency.minorUnitDigits
            }
            let amount = try amount(tender.amount, digits: digits, field: "tenders[\(index)].amount")
            inputs.append(TenderInput(kind, amount: amount, reference: tender.reference))
        }
        return inputs
    }

    static func discount(_ body: LocalAPIBodies.SetDiscount, currency: Currency) throws(LocalAPIError) -> Discount? {
        switch body.kind {
        case "none":
            return nil
        case "percent":
            guard let text = body.value, let basisPoints = try? DecimalText.parse(text, scale: 2), (0...10_000).contains(basisPoints) else {
                throw LocalAPIError.badRequest("value", "'value' must be a percentage from 0 to 100 with at most 2 decimals, e.g. \"10\"")
            }
            return .percent(basisPoints: basisPoints)
        case "amount":
            guard let text = body.value else { throw LocalAPIError.badRequest("value", "'value' is required for an amount discount") }
            return .amount(Money(minorUnits: try amount(text, digits: currency.minorUnitDigits, field: "value"), currency: currency))
        default:
            throw LocalAPIError.badRequest("kind", "'kind' must be percent, amount or none")
        }
    }

    static func displayMessage(_ body: LocalAPIBodies.Display, currency: Currency) throws(LocalAPIError) -> CustomerMessage {
        func money() throws(LocalAPIError) -> Money {
            guard let text = body.amount else { throw LocalAPIError.badRequest("amount", "'amount' is required for a \(body.message) message") }
            return Money(minorUnits: try amount(text, digits: currency.minorUnitDigits, field: "amount"), currency: currency)
        }
        switch body.message {
        case "welcome":
            return .welcome(body.text ?? "Welcome")
        case "item":
            guard let name = body.text else { throw LocalAPIError.badRequest("text", "'text' (the item's name) is required for an item message") }
            return .item(name: name, price: try money())
        case "total":
            return .total(try money())
        case "change":
            return .change(try money())
        default:
            throw LocalAPIError.badRequest("message", "'message' must be welcome, item, total or change")
        }
    }
}

extension LocalAPIBodies {
    /// `POST /tables/{tableID}/tab`.
    struct OpenTab: Decodable {
        let waiter: String?
        /// Guests seated; 1 when absent.
        let covers: Int?
    }

    /// `POST /tabs/{tabID}/lines`.
    struct AddTabLine: Decodable {
        /// A barcode or a SKU.
        let code: String
        /// In the product's unit; 1 when absent.
        let quantity: String?
        /// 1 = starters, 2 = mains …; 1 when absent.
        let course: Int?
        let modifiers: [String]?
        let notes: String?
    }

    /// `POST /tabs/{tabID}/checkout`: the cart checkout's body, with the bill's split and card tips.
    struct TabCheckout: Decodable {
        let tenders: [Tender]
        let cashier: String?
        /// The parts the guests pay ("200.00"); they must add up to the bill.
        let split: [String]?
        let tips: [TabTip]?
    }

    /// A tip on card, on top of the bill, for the tab's waiter.
    struct TabTip: Decodable {
        let amount: String
        let reference: String?
    }

    /// `POST /tabs/{tabID}/transfer`.
    struct TransferTab: Decodable {
        /// The free table the guests move to.
        let table: String
    }

    /// `POST /tabs/{tabID}/merge`.
    struct MergeTab: Decodable {
        /// The open tab that takes this tab's lines and guests.
        let into: String
    }

    /// `POST /tabs/{tabID}/kitchen` (the body may be empty).
    struct SendToKitchen: Decodable {
        /// A note for the whole order ("allergy at seat 2").
        let notes: String?
    }
}
