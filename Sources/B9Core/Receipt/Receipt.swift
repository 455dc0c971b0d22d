/// A receipt in billing's words: what must be on the paper, not how a printer draws it.
public struct Receipt: Sendable, Hashable {
    /// The shop's header lines (name, address, VAT/BIN registration).
    public struct Shop: Sendable, Hashable, Codable {
        public var name: String
        public var addressLines: [String]
        /// VAT registration (BIN in Bangladesh), printed when set.
        public var vatRegistration: String?
        public var footerLines: [String]

        public init(name: String, addressLines: [String] = [], vatRegistration: String? = nil, footerLines: [String] = []) {
            self.name = name
            self.addressLines = addressLines
            self.vatRegistration = vatRegistration
            self.footerLines = footerLines
        }
    }

    public let shop: Shop
    public let sale: CompletedSale
    /// A reprint says so on the paper.
    public let isDuplicate: Bool

    public init(shop: Shop, sale: CompletedSale, isDuplicate: Bool = false) {
        self.shop = shop
        self.sale = sale
        self.isDuplicate = isDuplicate
    }

    /// An amount of this sale as text with the currency's decimals ("120.50").
    public func amount(_ minorUnits: Int64) -> String {
        DecimalText.format(minorUnits, scale: sale.currencyDigits)
    }

    /// A quantity as text without trailing zeros ("1.25").
    public func quantity(_ thousandths: Int64) -> String {
        DecimalText.formatTrimmed(thousandths, scale: Quantity.scale)
    }

    /// How a tender is named on paper.
    public func tenderName(_ code: String) -> String {
        switch try? TenderKind(code: code) {
        case .cash: "Cash"
        case .card: "Card"
        case .mobileWallet(let name): name
        case .customerCredit(let account): "On account \(account)"
        case .foreignCash(let currency): "Cash \(currency)"
        case .loyaltyPoints(let member): "Points \(member)"
        case .deposit: "Deposits paid"
        case nil: code
        }
    }
}
