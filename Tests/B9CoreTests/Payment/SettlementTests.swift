import B9Core
import B9TestSupport
import PropertyBased
import Testing

@Suite("Tenders and settlement", .cpuBound)
struct SettlementTests {
    let policy: BillingPolicy = {
        let usd = try? TenderConfiguration.ForeignCurrency(currency: .usd, localMinorUnitsPerMajor: 11_950)
        return (try? BillingPolicy(
            cashRounding: CashRounding(stepMinorUnits: 25),
            tenders: TenderConfiguration(mobileWallets: ["bKash", "Nagad"], foreignCurrencies: usd.map { [$0] } ?? [])
        )) ?? .standard
    }()

    @Test func cashWithChangeIsRoundedToTheStep() throws {
        // 101.37 due, paid 200 in cash: rest rounded to 101.25 (R5), change 98.75.
        let settlement = try Settlement.settle(total: 10_137, tenders: [TenderInput(.cash, amount: 20_000)], policy: policy)
        #expect(settlement.roundingAdjustment == -12)
        #expect(settlement.amountDue == 10_125)
        #expect(settlement.change == 9_875)
    }

    @Test func cardIsNeverRoundedAndMayNotOverpay() throws {
        let exact = try Settlement.settle(total: 10_137, tenders: [TenderInput(.card, amount: 10_137)], policy: policy)
        #expect(exact.roundingAdjustment == 0)
        #expect(exact.change == 0)
        #expect(throws: CoreError.self) {
            try Settlement.settle(total: 10_137, tenders: [TenderInput(.card, amount: 10_200)], policy: policy)
        }
        #expect(throws: CoreError.self) {
            try Settlement.settle(total: 10_137, tenders: [TenderInput(.mobileWallet("bKash"), amount: 20_000)], policy: policy)
        }
    }

    @Test func splitTenderCardThenCash() throws {
        // 101.37: 50.00 by bKash, the rest 51.37 in cash rounds to 51.25.
        let settlement = try Settlement.settle(
            total: 10_137, tenders: [TenderInput(.mobileWallet("bKash"), amount: 5_000), TenderInput(.cash, amount: 6_000)], policy: policy
        )
        #expect(settlement.amountDue == 10_125)
        #expect(settlement.change == 875)
    }

    @Test func foreignCashConvertsAtTheConfiguredRate() throws {
        // USD 20.00 at 119.50 = 2390.00 BDT for a 2000.00 bill: change 390.00 in taka.
        let settlement = try Settlement.settle(total: 200_000, tenders: [TenderInput(.foreignCash(currencyCode: "USD"), amount: 2_000)], policy: policy)
        #expect(settlement.payments[0].amount == 239_000)
        #expect(settlement.payments[0].foreignAmount == 2_000)
        #expect(settlement.change == 39_000)
    }

    @Test func shortPaymentSaysWhatIsMissing() {
        #expect {
            try Settlement.settle(total: 10_000, tenders: [TenderInput(.card, amount: 4_000), TenderInput(.cash, amount: 5_000)], policy: policy)
        } throws: { error in
            (error as? CoreError)?.code == .insufficientPayment && (error as? CoreError)?.message.contains("10.00") == true
        }
    }

    @Test(arguments: [
        TenderInput(.mobileWallet("Rocket"), amount: 100), TenderInput(.foreignCash(currencyCode: "EUR"), amount: 100),
        TenderInput(.cash, amount: 0), TenderInput(.card, amount: -5),
    ])
    func unknownOrInvalidTendersAreRefused(tender: TenderInput) {
        #expect(throws: CoreError.self) { try Settlement.settle(total: 100, tenders: [tender], policy: policy) }
    }

    @Test func tenderCodesRoundTrip() throws {
        for kind in [TenderKind.cash, .card, .mobileWallet("bKash"), .customerCredit(accountID: "C-7"), .foreignCash(currencyCode: "USD")] {
            #expect(try TenderKind(code: kind.code) == kind)
        }
        #expect(throws: CoreError.self) { try TenderKind(code: "cheque") }
    }

    /// Payments cover the total, change is exact, and only cash overpays.
    @Test func paymentsCoverTheTotalAndChangeIsExact() async {
        let input = zip(Gen.int64(in: 0...10_000_000), Gen.int64(in: 0...10_000_000), Gen.int64(in: 0...2_000_000))
        await propertyCheck(count: 2_000, input: input) { total, cardPart, overpay in
            let card = min(cardPart, total)
            let rest = total - card
            let cashDue = try policy.cashRounding.round(rest)
            if rest > 0 && cashDue + overpay == 0 { return }  // rounds to nothing to pay in cash
            var tenders: [TenderInput] = []
            if card > 0 { tenders.append(TenderInput(.card, amount: card)) }
            if rest > 0 { tenders.append(TenderInput(.cash, amount: cashDue + overpay)) }
            guard !tenders.isEmpty else { return }
            let settlement = try Settlement.settle(total: total, tenders: tenders, policy: policy)
            let paid = settlement.payments.map(\.amount).reduce(0, +)
            #expect(paid - settlement.change == settlement.amountDue)
            #expect(settlement.amountDue == total + settlement.roundingAdjustment)
            #expect(abs(settlement.roundingAdjustment) <= 12)
            #expect(settlement.change == (rest > 0 ? overpay : 0))
        }
    }
}
