import Foundation
import GRDB

extension BillingStore {
    /// Enrols a loyalty member with a card barcode and/or a phone number (each unique).
    public func enrolLoyaltyMember(id: String, name: String, card: String?, phone: String?, rules: ShopRules) async throws(CoreError) {
        try rules.require(.loyalty)
        guard !id.trimmingASCIIWhitespace().isEmpty, card != nil || phone != nil else {
            throw CoreError(.invalidConfiguration, "a loyalty member needs an id and a card barcode or a phone number")
        }
        let enrolledAt = Timestamp.format(now())
        _ = try await transaction("enrol a loyalty member") { db in
            let clash = try Bool.fetchOne(
                db, sql: "SELECT 1 FROM loyalty_member WHERE id = ? OR card = ? OR phone = ? OR card = ? OR phone = ?",
                arguments: [id, card, phone, phone, card]
            )
            guard clash != true else {
                throw CoreError(.invalidConfiguration, "member id, card or phone is already used by another member")
            }
            try db.execute(
                sql: "INSERT INTO loyalty_member (id, name, card, phone, points, enrolled_at) VALUES (?, ?, ?, ?, 0, ?)",
                arguments: [id, name, card, phone, enrolledAt]
            )
            return true
        }
    }

    /// The member whose card barcode or phone number is `code` (as scanned or typed).
    /// - Throws: ``CoreError/Code/accountNotFound`` when nobody has it.
    public func loyaltyMember(barcode code: String) async throws(CoreError) -> LoyaltyMember {
        let code = code.trimmingASCIIWhitespace()
        let found = try await read("find a loyalty member") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM loyalty_member WHERE card = ? OR phone = ?", arguments: [code, code]).map(Self.member(from:))
        }
        guard let found else { throw CoreError(.accountNotFound, "no loyalty member has card or phone '\(code)'; enrol the customer first") }
        return found
    }

    /// The member with this id.
    public func loyaltyMember(id: String) async throws(CoreError) -> LoyaltyMember {
        let found = try await read("read a loyalty member") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM loyalty_member WHERE id = ?", arguments: [id]).map(Self.member(from:))
        }
        guard let found else { throw CoreError(.accountNotFound, "there is no loyalty member '\(id)'") }
        return found
    }

    /// Every points movement of a member, re-read from the journal; their sum is the member's balance.
    public func loyaltyHistory(memberID: String) async throws(CoreError) -> [LoyaltyMovement] {
        try await read("read a member's points history") { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT payload FROM journal WHERE kind = ? ORDER BY seq", arguments: [JournalEntry.Kind.loyaltyPoints])
            var movements: [LoyaltyMovement] = []
            while let row = try rows.next() {
                let movement = try CanonicalJSON.decode(LoyaltyMovement.self, from: row["payload"])
                if movement.memberID == memberID { movements.append(movement) }
            }
            return movements
        }
    }

    static func member(from row: Row) -> LoyaltyMember {
        LoyaltyMember(id: row["id"], name: row["name"], card: row["card"], phone: row["phone"], points: row["points"])
    }

    // MARK: - Inside transactions

    /// L1 and L2 for a sale about to be written: the points it earns and redeems. Checks the member and
    /// that points pay only for this member.
    static func saleLoyalty(
        _ db: Database, loyalty: LoyaltyCheckout?, grandTotal: Int64, payments: [SettledPayment]
    ) throws -> SaleLoyalty? {
        let pointTenders = payments.filter { if case .loyaltyPoints = $0.kind { true } else { false } }
        guard let loyalty else {
            guard pointTenders.isEmpty else { throw CoreError(.invalidTender, "points pay only when the loyalty member is named at the till") }
            return nil
        }
        guard pointTenders.allSatisfy({ $0.kind == .loyaltyPoints(memberID: loyalty.memberID) }) else {
            throw CoreError(.invalidTender, "points pay only for the member at the till (\(loyalty.memberID))")
        }
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM loyalty_member WHERE id = ?", arguments: [loyalty.memberID]) == true else {
            throw CoreError(.accountNotFound, "there is no loyalty member '\(loyalty.memberID)'")
        }
        let redeemedAmount = pointTenders.reduce(Int64(0)) { $0 + $1.amount }
        let redeemed = try loyalty.rules.points(paying: redeemedAmount)
        let spend = grandTotal - redeemedAmount
        return SaleLoyalty(
            memberID: loyalty.memberID, spend: spend, pointsEarned: try loyalty.rules.pointsEarned(onSpend: spend),
            pointsRedeemed: redeemed, redeemedAmount: redeemedAmount
        )
    }

    /// Changes a member's balance by `points` and journals the movement. Redemptions may not take the balance below zero.
    static func movePoints(
        _ db: Database, memberID: String, points: Int64, reason: LoyaltyMovement.Reason, reference: String, terminalID: String, createdAt: String
    ) throws {
        guard points != 0 else { return }
        guard let before = try Int64.fetchOne(db, sql: "SELECT points FROM loyalty_member WHERE id = ?", arguments: [memberID]) else {
            throw CoreError(.accountNotFound, "there is no loyalty member '\(memberID)'")
        }
        let after = try ExactArithmetic.add(before, points)
        if reason == .redeemed && after < 0 {
            throw CoreError(.insufficientPayment, "member \(memberID) has \(before) points; \(-points) cannot be redeemed")
        }
        let movement = LoyaltyMovement(
            memberID: memberID, points: points, reason: reason, reference: reference, balanceBefore: before, balanceAfter: after, createdAt: createdAt
        )
        _ = try JournalWriter.append(db, terminalID: terminalID, kind: JournalEntry.Kind.loyaltyPoints, createdAt: createdAt, payload: try CanonicalJSON.encode(movement))
        try db.execute(sql: "UPDATE loyalty_member SET points = ? WHERE id = ?", arguments: [after, memberID])
    }

    /// L3: what a return does to the points of the sale it returns (earned taken back, redeemed given back).
    static func returnPoints(
        _ db: Database, original: CompletedSale, record: CompletedReturn, refundedBefore: [String: Int64], policy: BillingPolicy, terminalID: String
    ) throws {
        guard let loyalty = original.loyalty else { return }
        let previous = try Int64.fetchOne(
            db, sql: "SELECT COALESCE(-SUM(total_minor), 0) FROM return_receipt WHERE original_sale_id = ? AND id <> ?",
            arguments: [original.id, record.id]
        ) ?? 0
        var points: Int64 = 0
        let returning = -record.total
        if loyalty.pointsEarned != 0, original.grandTotal > 0, returning > 0 {
            points -= try ReturnMath.share(
                of: loyalty.pointsEarned, sold: original.grandTotal, returnedBefore: previous, returning: returning, rounding: policy.rounding
            )
        }
        let code = TenderKind.loyaltyPoints(memberID: loyalty.memberID).code
        let toPoints = -record.refunds.filter { $0.tender == code }.reduce(Int64(0)) { $0 + $1.amount }
        if toPoints > 0, loyalty.redeemedAmount > 0 {
            points += try ReturnMath.share(
                of: loyalty.pointsRedeemed, sold: loyalty.redeemedAmount, returnedBefore: refundedBefore[code] ?? 0, returning: toPoints,
                rounding: policy.rounding
            )
        }
        try movePoints(db, memberID: loyalty.memberID, points: points, reason: .returned, reference: record.id, terminalID: terminalID, createdAt: record.createdAt)
    }
}
