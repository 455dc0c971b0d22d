/// Which tenders the till accepts beyond local cash and card, and at what rates.
public struct TenderConfiguration: Sendable, Hashable, Codable {
    /// A foreign currency accepted as cash, at a fixed rate set by the shop.
    public struct ForeignCurrency: Sendable, Hashable, Codable {
        public let currency: Currency
        /// Local minor units given for one major unit of the foreign currency
        /// (USD at 119.50 BDT: 11950).
        public let localMinorUnitsPerMajor: Int64

        public init(currency: Currency, localMinorUnitsPerMajor: Int64) throws(CoreError) {
            guard localMinorUnitsPerMajor > 0 else {
                throw CoreError(.invalidConfiguration, "tenders.foreign.\(currency.code).rate must be more than zero")
            }
            self.currency = currency
            self.localMinorUnitsPerMajor = localMinorUnitsPerMajor
        }
    }

    /// Mobile wallet names as they appear on receipts, e.g. "bKash", "Nagad".
    public var mobileWallets: [String]
    public var foreignCurrencies: [ForeignCurrency]
    /// Whether sales may be charged to a customer account (within its credit limit).
    public var acceptsCustomerCredit: Bool

    public init(mobileWallets: [String] = [], foreignCurrencies: [ForeignCurrency] = [], acceptsCustomerCredit: Bool = true) {
        self.mobileWallets = mobileWallets
        self.foreignCurrencies = foreignCurrencies
        self.acceptsCustomerCredit = acceptsCustomerCredit
    }
}
