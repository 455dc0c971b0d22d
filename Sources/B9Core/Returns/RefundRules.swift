/// Which tenders a refund may go to, and how much each.
///
/// Against a receipt: money goes back to the tenders that paid, each at most what it paid less what
/// earlier returns of that sale already gave back to it. Local and foreign cash count together as
/// "cash", net of change and of the sale's cash rounding (R5), and are refunded in local cash.
/// Deposits a project invoice used up are refunded as cash too.
/// Card, wallet and account payments come back to the same card, wallet or account (an account's
/// balance goes down). Without a receipt the refund is cash only.
///
/// When the cashier names no tenders the refund is split automatically: non-cash tenders first, in
/// the order they paid, then cash.
public enum RefundRules {
    /// The tender code a payment is refunded to.
    static func refundCode(_ tender: String) -> String {
        tender == "cash" || tender.hasPrefix("foreign:") || tender.hasPrefix("deposit:") ? "cash" : tender
    }

    /// What each tender of `sale` may still receive, in payment order (non-cash first, then cash).
    /// `refunded` holds earlier refunds per tender code as positive amounts.
    public static func available(for sale: CompletedSale, refunded: [String: Int64]) -> [(tender: String, amount: Int64)] {
        var order: [String] = []
        var paid: [String: Int64] = [:]
        for payment in sale.payments {
            let code = refundCode(payment.tender)
            if paid[code] == nil { order.append(code) }
            paid[code, default: 0] += payment.amount
        }
        if paid["cash"] != nil {
            paid["cash", default: 0] -= sale.change + sale.roundingAdjustment
        }
        order = order.filter { $0 != "cash" } + (paid["cash"] == nil ? [] : ["cash"])
        return order.map { ($0, max(0, (paid[$0] ?? 0) - (refunded[$0] ?? 0))) }
    }

    /// The refunds (positive amounts) paying back `total` (positive) under these rules.
    /// - Throws: ``CoreError/Code/refundNotAllowed`` naming the tender that cannot take its amount.
    public static func plan(
        total: Int64, sale: CompletedSale?, refunded: [String: Int64], requested: [TenderInput]?
    ) throws(CoreError) -> [(tender: String, amount: Int64)] {
        let available: [(tender: String, amount: Int64)] = sale.map { self.available(for: $0, refunded: refunded) } ?? [("cash", total)]
        guard let requested else {
            var rest = total
            var plan: [(tender: String, amount: Int64)] = []
            for (tender, amount) in available where rest > 0 && amount > 0 {
                let part = min(rest, amount)
                plan.append((tender, part))
                rest -= part
            }
            guard rest == 0 else {
                throw CoreError(.refundNotAllowed, "the sale's tenders can take back only \(total - rest) of \(total) minor units")
            }
            return plan
        }
        var left = Dictionary(available.map { ($0.tender, $0.amount) }, uniquingKeysWith: +)
        var plan: [(tender: String, amount: Int64)] = []
        var sum: Int64 = 0
        for tender in requested {
            guard tender.amount > 0 else { throw CoreError(.invalidTender, "a refund amount is more than zero") }
            let code = refundCode(tender.kind.code)
            guard tender.kind.code == code || tender.kind == .cash else {
                throw CoreError(.refundNotAllowed, "refunds are paid in local cash, not \(tender.kind.code)")
            }
            guard let room = left[code] else {
                throw CoreError(.refundNotAllowed, "\(code) did not pay for this sale; refund to: \(available.map(\.tender).joined(separator: ", "))")
            }
            guard tender.amount <= room else {
                throw CoreError(.refundNotAllowed, "\(code) can take back at most \(room) minor units")
            }
            left[code] = room - tender.amount
            sum = try ExactArithmetic.add(sum, tender.amount)
            plan.append((code, tender.amount))
        }
        guard sum == total else {
            throw CoreError(.refundNotAllowed, "the refund tenders add up to \(sum) but the return is \(total) minor units")
        }
        return plan
    }
}
