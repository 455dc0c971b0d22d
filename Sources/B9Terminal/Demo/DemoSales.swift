import B9Core

/// A small deterministic random generator (SplitMix64), so `sale demo --seed` rings the same sales every time.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Builds plausible sales from a catalog: mixed units, occasional discounts, every tender kind.
struct DemoSales {
    let products: [Product]
    let policy: BillingPolicy

    /// A cart of one to five lines.
    func cart(using random: inout SplitMix64) throws -> Cart {
        var cart = Cart(currency: policy.currency)
        let count = Int.random(in: 1...5, using: &random)
        for _ in 0..<count {
            guard let product = products.randomElement(using: &random) else { break }
            let quantity: Quantity = product.unit.allowsFraction
                ? Quantity(thousandths: Int64.random(in: 100...3_000, using: &random))
                : Quantity(units: Int64.random(in: 1...3, using: &random))
            let line = try cart.add(product, quantity: quantity)
            if Int.random(in: 0..<10, using: &random) == 0 {
                try cart.setDiscount(.percent(basisPoints: 500), onLine: line, policy: policy)
            }
        }
        if Int.random(in: 0..<20, using: &random) == 0 {
            try cart.setCartDiscount(.percent(basisPoints: 1_000), policy: policy)
        }
        return cart
    }

    /// Tenders that pay `total`: exact cash, cash with change, card, a wallet, or card plus cash.
    func tenders(for total: Int64, using random: inout SplitMix64) -> [TenderInput] {
        let major = policy.currency.minorUnitsPerMajor
        let cashDue = (try? policy.cashRounding.round(total)) ?? total
        switch Int.random(in: 0..<5, using: &random) {
        case 0:
            return [TenderInput(.cash, amount: cashDue)]
        case 1:
            let note = 500 * major
            return [TenderInput(.cash, amount: (total / note + 1) * note)]
        case 2:
            return [TenderInput(.card, amount: total, reference: "AUTH\(Int.random(in: 100_000...999_999, using: &random))")]
        case 3:
            let wallet = policy.tenders.mobileWallets.first ?? "bKash"
            return [TenderInput(.mobileWallet(wallet), amount: total, reference: "TRX\(Int.random(in: 100_000...999_999, using: &random))")]
        default:
            let card = total / 2
            let cashPart = (try? policy.cashRounding.round(total - card)) ?? (total - card)
            return card > 0 && cashPart > 0
                ? [TenderInput(.card, amount: card), TenderInput(.cash, amount: cashPart)]
                : [TenderInput(.cash, amount: cashDue)]
        }
    }
}
