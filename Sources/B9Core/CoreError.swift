/// Everything that can go wrong in billing, with what failed and what to do about it.
///
/// `code` says what kind of failure it is (compare codes, not messages); `message` is written for the
/// cashier or the technician and says what to try.
public struct CoreError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure. New codes may be added; match the ones you handle and treat the rest generically.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        public static let invalidAmount = Code("invalid-amount")
        public static let arithmeticOverflow = Code("arithmetic-overflow")
        public static let currencyMismatch = Code("currency-mismatch")
        public static let unknownCurrency = Code("unknown-currency")
        public static let invalidQuantity = Code("invalid-quantity")
        public static let inexactConversion = Code("inexact-conversion")
        public static let incompatibleUnits = Code("incompatible-units")
        public static let unknownUnit = Code("unknown-unit")
        public static let invalidConfiguration = Code("invalid-configuration")
        public static let productNotFound = Code("product-not-found")
        public static let lineNotFound = Code("line-not-found")
        public static let emptyCart = Code("empty-cart")
        public static let discountAboveLimit = Code("discount-above-limit")
        public static let invalidDiscount = Code("invalid-discount")
        public static let invalidTender = Code("invalid-tender")
        public static let unknownTender = Code("unknown-tender")
        public static let insufficientPayment = Code("insufficient-payment")
        public static let overpaymentNotCash = Code("overpayment-not-cash")
        public static let creditLimitExceeded = Code("credit-limit-exceeded")
        public static let accountNotFound = Code("account-not-found")
        public static let catalogImport = Code("catalog-import")
        public static let storageFull = Code("storage-full")
        public static let storage = Code("storage")
        public static let durabilityNotGuaranteed = Code("durability-not-guaranteed")
        public static let journalAppendOnly = Code("journal-append-only")
        public static let operatorNotFound = Code("operator-not-found")
        public static let invalidPIN = Code("invalid-pin")
        public static let wrongPIN = Code("wrong-pin")
        public static let operatorLockedOut = Code("operator-locked-out")
        public static let notSignedIn = Code("not-signed-in")
        public static let notPermitted = Code("not-permitted")
        public static let approvalInvalid = Code("approval-invalid")
        public static let saleNotFound = Code("sale-not-found")
        public static let returnExceedsSale = Code("return-exceeds-sale")
        public static let refundNotAllowed = Code("refund-not-allowed")
        public static let shiftNotOpen = Code("shift-not-open")
        public static let shiftAlreadyOpen = Code("shift-already-open")
        public static let featureNotEnabled = Code("feature-not-enabled")
        public static let quotationNotValid = Code("quotation-not-valid")
        public static let orderNotFound = Code("order-not-found")
    }

    public let code: Code
    public let message: String
    public let underlying: (any Error)?

    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        if let underlying {
            return "\(message) (\(code); \(underlying))"
        }
        return "\(message) (\(code))"
    }
}
