import B9Core
import Foundation
import Testing

/// Every role × every action: what the role allows goes through with no approver; everything else is
/// refused, and goes through only with a manager's one-shot approval, which the journal names.
@Suite("Role × action matrix")
struct PermissionMatrixTests {
    /// The documented roles (README "Operators and roles"), written out independently of `Role`.
    static let allowed: [String: Set<String>] = [
        "cashier": ["reprint"],
        "supervisor": ["reprint", "void-line", "void-sale", "refund", "discount-above-limit", "price-override", "no-sale", "cash-in-out", "shift-close"],
        "manager": Set(OperatorAction.allCases.map(\.rawValue)),
        "trainee": [],
    ]

    @Test func everyForbiddenActionIsRefusedAndEveryApprovedOneNamesItsApprover() async throws {
        let till = try await Till.make()
        defer { till.remove() }
        try await till.store.addOperator(id: "new", name: "Trainee", role: try Role(name: "trainee", actions: []), pin: "4444")
        let trainee = try await till.store.signIn(operatorID: "new", pin: "4444")
        let sessions: [String: OperatorSession] = ["cashier": till.cashier, "supervisor": till.supervisor, "manager": till.manager, "trainee": trainee]
        var refused = 0
        var approved = 0
        for (roleName, session) in sessions.sorted(by: { $0.key < $1.key }) {
            let allowed = try #require(Self.allowed[roleName])
            for action in OperatorAction.allCases {
                let subject = "item-\(action.rawValue)"
                if allowed.contains(action.rawValue) {
                    let authorization = try await till.store.authorize(action, subject: subject, amount: 1_000, session: session)
                    #expect(authorization.approvedBy == nil && authorization.operatorID == session.operatorID)
                    #expect(try await till.store.isAllowed(action, for: session))
                    continue
                }
                let error = await #expect(throws: CoreError.self, "\(roleName) \(action)") {
                    try await till.store.authorize(action, subject: subject, amount: 1_000, session: session)
                }
                #expect(error?.code == .notPermitted, "\(roleName) \(action)")
                refused += 1
                let token = try await till.store.approve(
                    action, subject: subject, amount: 1_000, requester: session, supervisorID: "mgr", supervisorPIN: "3333"
                )
                let authorization = try await till.store.authorize(action, subject: subject, amount: 1_000, session: session, approval: token)
                #expect(authorization.approvedBy == "mgr", "\(roleName) \(action)")
                let entry = try #require(try await till.store.journalEntries(from: 1, limit: 10_000).last)
                #expect(entry.kind == "action.authorized")
                let journaled = try CanonicalJSON.decode(AuthorizedAction.self, from: entry.payload)
                #expect(journaled.authorization.operatorID == session.operatorID)
                #expect(journaled.authorization.approvedBy == "mgr")
                #expect(journaled.authorization.action == action && journaled.subject == subject && journaled.amount == 1_000)
                approved += 1
            }
        }
        // 10 + 2 + 0 + 11 refusals, each approved once.
        #expect(refused == 23 && approved == 23)
        #expect(try await till.store.verifyJournal().isValid)
    }

    @Test func anApprovalIsOneShotAndBoundToActionSubjectAmountAndRequester() async throws {
        let till = try await Till.make()
        defer { till.remove() }
        let store = till.store
        let token = try await store.approve(
            .priceOverride, subject: "SOAP", amount: 4_000, requester: till.cashier, supervisorID: "sup", supervisorPIN: "2222"
        )
        for (action, subject, amount) in [
            (OperatorAction.discountAboveLimit, "SOAP", Int64(4_000)), (.priceOverride, "RICE", 4_000), (.priceOverride, "SOAP", 4_001),
        ] {
            let error = await #expect(throws: CoreError.self) {
                try await store.authorize(action, subject: subject, amount: amount, session: till.cashier, approval: token)
            }
            #expect(error?.code == .approvalInvalid || error?.code == .notPermitted)
        }
        // Another operator cannot use it.
        try await store.addOperator(id: "cas2", name: "Other", role: .cashier, pin: "5555")
        let other = try await store.signIn(operatorID: "cas2", pin: "5555")
        await #expect(throws: CoreError.self) {
            try await store.authorize(.priceOverride, subject: "SOAP", amount: 4_000, session: other, approval: token)
        }
        // The right use succeeds once, and only once.
        let used = try await store.authorize(.priceOverride, subject: "SOAP", amount: 4_000, session: till.cashier, approval: token)
        #expect(used.approvedBy == "sup")
        let again = await #expect(throws: CoreError.self) {
            try await store.authorize(.priceOverride, subject: "SOAP", amount: 4_000, session: till.cashier, approval: token)
        }
        #expect(again?.code == .approvalInvalid)
    }

    @Test func anApprovalExpires() async throws {
        let till = try await Till.make()
        defer { till.remove() }
        let token = try await till.store.approve(
            .noSaleDrawerOpen, requester: till.cashier, supervisorID: "sup", supervisorPIN: "2222", validForSeconds: 60
        )
        till.clock.advance(seconds: 61)
        let error = await #expect(throws: CoreError.self) {
            try await till.store.authorize(.noSaleDrawerOpen, session: till.cashier, approval: token)
        }
        #expect(error?.code == .approvalInvalid)
    }

    @Test func onlyASupervisorWhoseRoleHasTheActionMayApprove() async throws {
        let till = try await Till.make()
        defer { till.remove() }
        // The supervisor role has no Z report.
        let error = await #expect(throws: CoreError.self) {
            try await till.store.approve(.zReport, requester: till.cashier, supervisorID: "sup", supervisorPIN: "2222")
        }
        #expect(error?.code == .notPermitted)
        // Nobody approves their own request, and a wrong PIN approves nothing.
        await #expect(throws: CoreError.self) {
            try await till.store.approve(.zReport, requester: till.manager, supervisorID: "mgr", supervisorPIN: "3333")
        }
        let wrong = await #expect(throws: CoreError.self) {
            try await till.store.approve(.refund, requester: till.cashier, supervisorID: "sup", supervisorPIN: "0000")
        }
        #expect(wrong?.code == .wrongPIN)
    }
}
