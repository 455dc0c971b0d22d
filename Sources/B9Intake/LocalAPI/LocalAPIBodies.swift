package import B9Core

/// The JSON bodies the local API accepts. Amounts and quantities are decimal strings ("500.00",
/// "1.250") so no client ever sends money as a floating-point number.
package enum LocalAPIBodies {
    /// `POST /carts/{cartID}/lines`.
    package struct AddLine: Decodable {
        /// A barcode or a SKU.
        package let code: String
        /// In the product's unit; 1 when absent.
        package let quantity: String?
    }

    /// `PATCH /carts/{cartID}/lines/{lineID}`.
    package struct ChangeLine: Decodable {
        package let quantity: String
    }

    /// `PUT /carts/{cartID}/discount`.
    package struct SetDiscount: Decodable {
        /// `percent`, `amount` or `none` (clears it).
        package let kind: String
        /// "10" or "12.5" for a percent; "50.00" for an amount.
        package let value: String?
        /// The line to discount; the whole cart when absent.
        package let line: Int?
    }

    /// One payment of `POST /carts/{cartID}/checkout`.
    package struct Tender: Decodable {
        /// `cash`, `card`, `wallet:NAME`, `credit:ACCOUNT` or `foreign:CODE`.
        package let tender: String
        package let amount: String
        package let reference: String?
    }

    /// `POST /carts/{cartID}/checkout`.
    package struct Checkout: Decodable {
        package let tenders: [Tender]
        package let cashier: String?
    }

    /// `POST /devices/printer/reprint`.
    package struct Reprint: Decodable {
        package let saleID: String
    }

    /// `POST /devices/display`.
    package struct Display: Decodable {
        /// `welcome`, `item`, `total` or `change`.
        package let message: String
        /// The welcome text, or the item's name.
        package let text: String?
        /// The price, total or change.
        package let amount: String?
    }

    /// `POST /devices/scanner/scans`.
    package struct Scan: Decodable {
        package let code: String
        package let symbology: String?
    }
}

/// Turning body text into billing values; a refusal is a ``FieldError`` naming the field (a 400).
package enum LocalAPIParse {
    /// The guests a table's tab may be for: 1 to 99.
    package static let coversRange = 1...99

    /// A tab's guest count, 1 to 99.
    package static func covers(_ value: Int, field: String) throws(FieldError) -> Int {
        guard coversRange.contains(value) else {
            throw FieldError(field: field, "'\(field)' must be the number of guests, \(coversRange.lowerBound) to \(coversRange.upperBound)")
        }
        return value
    }

    package static func quantity(_ text: String, field: String) throws(FieldError) -> Quantity {
        do {
            let quantity = try Quantity(parsing: text)
            guard quantity.thousandths > 0 else { throw FieldError(field: field, "'\(field)' must be more than 0") }
            return quantity
        } catch let error as FieldError {
            throw error
        } catch {
            throw FieldError(field: field, "'\(field)' must be a decimal quantity with at most 3 places, e.g. \"1.250\"")
        }
    }

    package static func amount(_ text: String, digits: Int, field: String) throws(FieldError) -> Int64 {
        guard let value = try? DecimalText.parse(text, scale: digits), value >= 0 else {
            throw FieldError(field: field, "'\(field)' must be a non-negative amount with at most \(digits) decimals, e.g. \"\(DecimalText.format(50_000, scale: digits))\"")
        }
        return value
    }

    package static func tenders(_ tenders: [LocalAPIBodies.Tender], policy: BillingPolicy) throws(FieldError) -> [TenderInput] {
        guard !tenders.isEmpty else { throw FieldError(field: "tenders", "'tenders' must list at least one payment") }
        var inputs: [TenderInput] = []
        for (index, tender) in tenders.enumerated() {
            let kind: TenderKind
            do {
                kind = try TenderKind(code: tender.tender)
            } catch {
                throw FieldError(field: "tenders[\(index)].tender", error.message)
            }
            var digits = policy.currency.minorUnitDigits
            if case .foreignCash(let code) = kind {
                guard let currency = try? Currency.named(code) else {
                    throw FieldError(field: "tenders[\(index)].tender", "unknown currency '\(code)'")
                }
                digits = currency.minorUnitDigits
            }
            let amount = try amount(tender.amount, digits: digits, field: "tenders[\(index)].amount")
            inputs.append(TenderInput(kind, amount: amount, reference: tender.reference))
        }
        return inputs
    }

    package static func discount(_ body: LocalAPIBodies.SetDiscount, currency: Currency) throws(FieldError) -> Discount? {
        switch body.kind {
        case "none":
            return nil
        case "percent":
            guard let text = body.value, let basisPoints = try? DecimalText.parse(text, scale: 2), (0...10_000).contains(basisPoints) else {
                throw FieldError(field: "value", "'value' must be a percentage from 0 to 100 with at most 2 decimals, e.g. \"10\"")
            }
            return .percent(basisPoints: basisPoints)
        case "amount":
            guard let text = body.value else { throw FieldError(field: "value", "'value' is required for an amount discount") }
            return .amount(Money(minorUnits: try amount(text, digits: currency.minorUnitDigits, field: "value"), currency: currency))
        default:
            throw FieldError(field: "kind", "'kind' must be percent, amount or none")
        }
    }

    package static func displayMessage(_ body: LocalAPIBodies.Display, currency: Currency) throws(FieldError) -> CustomerMessage {
        func money() throws(FieldError) -> Money {
            guard let text = body.amount else { throw FieldError(field: "amount", "'amount' is required for a \(body.message) message") }
            return Money(minorUnits: try amount(text, digits: currency.minorUnitDigits, field: "amount"), currency: currency)
        }
        switch body.message {
        case "welcome":
            return .welcome(body.text ?? "Welcome")
        case "item":
            guard let name = body.text else { throw FieldError(field: "text", "'text' (the item's name) is required for an item message") }
            return .item(name: name, price: try money())
        case "total":
            return .total(try money())
        case "change":
            return .change(try money())
        default:
            throw FieldError(field: "message", "'message' must be welcome, item, total or change")
        }
    }
}

extension LocalAPIBodies {
    /// `POST /tables/{tableID}/tab`.
    package struct OpenTab: Decodable {
        package let waiter: String?
        /// Guests seated, 1 to 99; 1 when absent.
        package let covers: Int?

        private enum CodingKeys: String, CodingKey { case waiter, covers }

        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            waiter = try container.decodeIfPresent(String.self, forKey: .waiter)
            covers = try container.decodeWholeNumberIfPresent(forKey: .covers)
        }
    }

    /// `PUT /tabs/{tabID}/guests`.
    package struct SetGuests: Decodable {
        /// Guests at the table now, 1 to 99.
        package let covers: Int

        private enum CodingKeys: String, CodingKey { case covers }

        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            guard let covers = try container.decodeWholeNumberIfPresent(forKey: .covers) else {
                throw DecodingError.keyNotFound(CodingKeys.covers, .init(codingPath: [], debugDescription: "required"))
            }
            self.covers = covers
        }
    }

    /// `POST /tabs/{tabID}/lines`.
    package struct AddTabLine: Decodable {
        /// A barcode or a SKU.
        package let code: String
        /// In the product's unit; 1 when absent.
        package let quantity: String?
        /// 1 = starters, 2 = mains …; 1 when absent.
        package let course: Int?
        package let modifiers: [String]?
        package let notes: String?
    }

    /// `POST /tabs/{tabID}/checkout`: the cart checkout's body, with the bill's split and card tips.
    package struct TabCheckout: Decodable {
        package let tenders: [Tender]
        package let cashier: String?
        /// The parts the guests pay ("200.00"); they must add up to the bill.
        package let split: [String]?
        package let tips: [TabTip]?
    }

    /// A tip on card, on top of the bill, for the tab's waiter.
    package struct TabTip: Decodable {
        package let amount: String
        package let reference: String?
    }

    /// `POST /tabs/{tabID}/transfer`.
    package struct TransferTab: Decodable {
        /// The free table the guests move to.
        package let table: String
    }

    /// `POST /tabs/{tabID}/merge`.
    package struct MergeTab: Decodable {
        /// The open tab that takes this tab's lines and guests.
        package let into: String
    }

    /// `POST /tabs/{tabID}/kitchen` (the body may be empty).
    package struct SendToKitchen: Decodable {
        /// A note for the whole order ("allergy at seat 2").
        package let notes: String?
    }
}

extension LocalAPIBodies {
    /// `POST /tabs/{tabID}/lines/{lineID}/void`. A line not yet in the kitchen needs nothing; one the
    /// kitchen has needs `session` and `reason`, and a supervisor's ID and PIN when the operator's role
    /// lacks `void-line`.
    package struct VoidTabLine: Decodable {
        package let reason: String?
        /// The operator's session token from `POST /operators/sign-in`.
        package let session: String?
        package let supervisor: String?
        package let supervisorPin: String?
    }

    /// `POST /operators/sign-in`.
    package struct SignIn: Decodable {
        package let `operator`: String
        package let pin: String
    }

    /// `POST /operators/sign-out`.
    package struct SignOut: Decodable {
        package let session: String
    }
}
