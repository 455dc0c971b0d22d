@testable import B9Terminal
import B9Core
import Foundation
import Testing

/// A tab's bill before payment and voids of its lines, through the local API (the restaurant set-up of
/// ``LocalAPIRestaurantRoutesTests``).
@Suite("Local API: a tab's bill before payment, and voiding its lines with permissions", .timeLimit(.minutes(5)))
struct LocalAPITabBillTests {
    private typealias Routes = LocalAPIRestaurantRoutesTests

    /// A cashier (no `void-line`) and a supervisor (has it), each with a PIN.
    static func addOperators(_ server: LocalAPITestServer) async throws {
        try await server.store.addOperator(id: "cashier-1", name: "Rina", role: .cashier, pin: "1111")
        try await server.store.addOperator(id: "super-1", name: "Karim", role: .supervisor, pin: "2222")
    }

    /// Signs `operatorID` in through the API; the session token.
    static func signIn(_ server: LocalAPITestServer, _ operatorID: String, pin: String) async throws -> String {
        try await server.json(OperatorSessionView.self, "POST", "/operators/sign-in", json: "{\"operator\": \"\(operatorID)\", \"pin\": \"\(pin)\"}").session
    }

    static func status(_ server: LocalAPITestServer, _ table: String) async throws -> String? {
        try await server.json(Routes.Tables.self, "GET", "/tables").tables.first { $0.id == table }?.status
    }

    static func journal(_ store: BillingStore, kind: String) async throws -> [JournalEntry] {
        try await store.journalEntries(limit: 1_000).filter { $0.kind == kind }
    }

    static func voidEvents(_ store: BillingStore) async throws -> [KitchenItemVoidData] {
        struct Envelope: Decodable { let data: KitchenItemVoidData }
        return try await store.pendingEvents(limit: 1_000)
            .filter { $0.type == EventType.kitchenItemVoided }
            .map { try JSONDecoder().decode(Envelope.self, from: Data($0.payload.utf8)).data }
    }

    @Test("The bill prints as a pre-check with the service charge, the table turns bill-printed, a reprint is copy 2 and journaled, a new line reopens the table, and checkout charges what the bill said")
    func billBeforePayment() async throws {
        let settings = try Routes.restaurant()
        try await LocalAPITestServer.with(settings: settings) { server in
            try await Routes.addTables(server, settings: settings)
            let tab = try await server.json(TabView.self, "POST", "/tables/T1/tab", json: #"{"waiter": "Rina", "covers": 2}"#)
            let empty = try await server.request("POST", "/tabs/\(tab.id)/bill")
            #expect(empty.status == 409 && empty.errorCode == "empty-cart")
            #expect(try await Self.status(server, "T1") == "occupied")

            _ = try await server.json(TabView.self, "POST", "/tabs/\(tab.id)/lines", json: #"{"code": "BIRYANI"}"#)
            _ = try await server.json(TabView.self, "POST", "/tabs/\(tab.id)/lines", json: #"{"code": "BORHANI", "quantity": "2"}"#)
            let printed = try await server.request("POST", "/tabs/\(tab.id)/bill")
            #expect(printed.status == 201, "\(printed.text)")
            let bill = try JSONDecoder().decode(BillPrintView.self, from: Data(printed.body))
            // 350.00 + 2 × 60.00 = 470.00, plus the 10 % service charge, 47.00.
            #expect(bill.copy == 1 && bill.total == "517.00" && bill.print == "printed")
            #expect(bill.tab.bill.total == bill.total && bill.tab.billsPrinted == 1)
            for text in [GuestBillTextFormatter.heading, "Table T1", "Waiter Rina", "Guests 2", "Subtotal", "470.00", "Service charge", "47.00", "TOTAL BDT", "517.00"] {
                #expect(bill.text.contains(text), "the bill shows \(text)")
            }
            #expect(!bill.text.contains("SERVICE-CHARGE") && !bill.text.contains("Receipt "), "the charge is not an item, and no receipt number")
            let paper = try String(contentsOfFile: server.receiptsPath, encoding: .utf8)
            #expect(paper.contains("=== bill till-1 \(tab.id) copy 1") && paper.contains(GuestBillTextFormatter.heading))
            #expect(try await Self.status(server, "T1") == "bill-printed")
            // Not a sale: nothing committed, no receipt number used.
            #expect(try await server.store.sale(id: tab.id) == nil)

            // A reprint is allowed, says so, and is journaled too.
            let again = try await server.json(BillPrintView.self, "POST", "/tabs/\(tab.id)/bill")
            #expect(again.copy == 2 && again.text.contains("copy 2") && again.total == "517.00")
            let entries = try await Self.journal(server.store, kind: JournalEntry.Kind.billPrinted)
            let records = try entries.map { try JSONDecoder().decode(BillPrintRecord.self, from: Data($0.payload.utf8)) }
            #expect(records == [
                BillPrintRecord(tab: tab.id, table: "T1", copy: 1, total: 51_700, waiter: "Rina"),
                BillPrintRecord(tab: tab.id, table: "T1", copy: 2, total: 51_700, waiter: "Rina"),
            ])
            #expect(try await server.store.verifyJournal().isValid)

            // Sending to the kitchen changes nothing on the bill; a new line does.
            _ = try await server.json(KitchenSendView.self, "POST", "/tabs/\(tab.id)/kitchen")
            #expect(try await Self.status(server, "T1") == "bill-printed")
            _ = try await server.json(TabView.self, "POST", "/tabs/\(tab.id)/lines", json: #"{"code": "BORHANI"}"#)
            #expect(try await Self.status(server, "T1") == "occupied")

            // The new bill is what checkout charges.
            let third = try await server.json(BillPrintView.self, "POST", "/tabs/\(tab.id)/bill")
            #expect(third.copy == 3 && third.total == "583.00")
            #expect(try await Self.status(server, "T1") == "bill-printed")
            let paid = try await server.json(CheckoutView.self, "POST", "/tabs/\(tab.id)/checkout", json: #"{"tenders": [{"tender": "cash", "amount": "600.00"}]}"#)
            #expect(paid.sale.total == third.total)
            #expect(try await Self.status(server, "T1") == "needs-cleaning")
            #expect(try await server.request("POST", "/tabs/\(tab.id)/bill").status == 404)
        }
    }

    @Test("A line the kitchen has not received is removed without a permission, journal entry or kitchen event")
    func removeBeforeKitchen() async throws {
        let settings = try Routes.restaurant()
        try await LocalAPITestServer.with(settings: settings) { server in
            try await Routes.addTables(server, settings: settings)
            let tab = try await server.json(TabView.self, "POST", "/tables/T2/tab", json: "{}")
            _ = try await server.json(TabView.self, "POST", "/tabs/\(tab.id)/lines", json: #"{"code": "BIRYANI"}"#)
            let two = try await server.json(TabView.self, "POST", "/tabs/\(tab.id)/lines", json: #"{"code": "BORHANI"}"#)
            _ = try await server.json(BillPrintView.self, "POST", "/tabs/\(tab.id)/bill")
            let line = try #require(two.kitchen.first?.line)
            let removed = try await server.json(TabView.self, "POST", "/tabs/\(tab.id)/lines/\(line)/void", json: "{}")
            #expect(removed.bill.lines.map(\.sku) == ["BORHANI", "SERVICE-CHARGE"])
            #expect(try await Self.status(server, "T2") == "occupied", "the printed bill no longer holds")
            #expect(try await Self.journal(server.store, kind: JournalEntry.Kind.voidRecorded).isEmpty)
            #expect(try await Self.voidEvents(server.store).isEmpty)
            #expect(try await server.request("POST", "/tabs/\(tab.id)/lines/\(line)/void", json: "{}").status == 404)
            let badLine = try await server.request("POST", "/tabs/\(tab.id)/lines/zero/void", json: "{}")
            #expect(badLine.status == 400 && badLine.errorField == "lineID")
        }
    }

    @Test("A line the kitchen has is refused without an operator, refused to a cashier alone (403 not-permitted), voided with a supervisor's approval that the journal and the kitchen event name")
    func voidAfterKitchenNeedsApproval() async throws {
        let settings = try Routes.restaurant()
        try await LocalAPITestServer.with(settings: settings) { server in
            try await Routes.addTables(server, settings: settings)
            try await Self.addOperators(server)
            let tab = try await server.json(TabView.self, "POST", "/tables/T1/tab", json: #"{"waiter": "Rina"}"#)
            _ = try await server.json(TabView.self, "POST", "/tabs/\(tab.id)/lines", json: #"{"code": "BIRYANI"}"#)
            _ = try await server.json(TabView.self, "POST", "/tabs/\(tab.id)/lines", json: #"{"code": "BORHANI"}"#)
            let sent = try await server.json(KitchenSendView.self, "POST", "/tabs/\(tab.id)/kitchen")
            let biryani = try #require(sent.tab.kitchen.first)
            _ = try await server.json(BillPrintView.self, "POST", "/tabs/\(tab.id)/bill")
            let path = "/tabs/\(tab.id)/lines/\(biryani.line)/void"

            let anonymous = try await server.request("POST", path, json: #"{"reason": "guest changed mind"}"#)
            #expect(anonymous.status == 403 && anonymous.errorCode == "operator-required")
            let wrongPIN = try await server.request("POST", "/operators/sign-in", json: #"{"operator": "cashier-1", "pin": "9999"}"#)
            #expect(wrongPIN.status == 403 && wrongPIN.errorCode == "wrong-pin")
            let cashier = try await Self.signIn(server, "cashier-1", pin: "1111")
            let noReason = try await server.request("POST", path, json: "{\"session\": \"\(cashier)\"}")
            #expect(noReason.status == 400 && noReason.errorField == "reason")
            let alone = try await server.request("POST", path, json: "{\"session\": \"\(cashier)\", \"reason\": \"guest changed mind\"}")
            #expect(alone.status == 403 && alone.errorCode == "not-permitted")
            let badSupervisorPIN = try await server.request(
                "POST", path, json: "{\"session\": \"\(cashier)\", \"reason\": \"guest changed mind\", \"supervisor\": \"super-1\", \"supervisorPin\": \"0000\"}"
            )
            #expect(badSupervisorPIN.status == 403 && badSupervisorPIN.errorCode == "wrong-pin")
            // A cashier cannot approve for another cashier.
            let cashierApproves = try await server.request(
                "POST", path, json: "{\"session\": \"\(cashier)\", \"reason\": \"x\", \"supervisor\": \"cashier-1\", \"supervisorPin\": \"1111\"}"
            )
            #expect(cashierApproves.status == 403 && cashierApproves.errorCode == "not-permitted")
            #expect(try await server.json(TabView.self, "GET", "/tabs/\(tab.id)").kitchen.count == 2, "nothing refused was voided")
            #expect(try await Self.journal(server.store, kind: JournalEntry.Kind.voidRecorded).isEmpty)
            #expect(try await Self.status(server, "T1") == "bill-printed")

            let voided = try await server.json(TabView.self, "POST", path, json: """
                {"session": "\(cashier)", "reason": "guest changed mind", "supervisor": "super-1", "supervisorPin": "2222"}
                """)
            #expect(voided.bill.lines.map(\.sku) == ["BORHANI", "SERVICE-CHARGE"])
            #expect(try await Self.status(server, "T1") == "occupied")
            let journaled = try await Self.journal(server.store, kind: JournalEntry.Kind.voidRecorded)
            let record = try JSONDecoder().decode(VoidRecord.self, from: Data(try #require(journaled.first).payload.utf8))
            #expect(journaled.count == 1)
            #expect(record.authorization.operatorID == "cashier-1" && record.authorization.approvedBy == "super-1")
            #expect(record.authorization.action == .voidLine && record.reason == "guest changed mind")
            #expect(record.lines.map(\.sku) == ["BIRYANI"] && record.amount == 35_000)
            let events = try await Self.voidEvents(server.store)
            #expect(events.count == 1)
            let event = try #require(events.first)
            #expect(event.orderID == biryani.kitchenOrderID && event.station == "kitchen-1" && event.line == biryani.line)
            #expect(event.sku == "BIRYANI" && event.saleID == tab.id && event.table == "T1" && event.till == "till-1")
            #expect(event.voidedBy == "cashier-1" && event.approvedBy == "super-1" && event.reason == "guest changed mind")
            #expect(try await server.store.verifyJournal().isValid)

            // A supervisor's own role allows it: no approver. A signed-out session is refused.
            let supervisor = try await Self.signIn(server, "super-1", pin: "2222")
            let borhani = try #require(voided.kitchen.first?.line)
            _ = try await server.json(TabView.self, "POST", "/tabs/\(tab.id)/lines/\(borhani)/void", json: "{\"session\": \"\(supervisor)\", \"reason\": \"spilt\"}")
            let second = try await Self.journal(server.store, kind: JournalEntry.Kind.voidRecorded)
            let own = try JSONDecoder().decode(VoidRecord.self, from: Data(try #require(second.last).payload.utf8))
            #expect(second.count == 2 && own.authorization.operatorID == "super-1" && own.authorization.approvedBy == nil)
            #expect(try await Self.voidEvents(server.store).last?.station == "bar-1")
            #expect(try await server.request("POST", "/operators/sign-out", json: "{\"session\": \"\(supervisor)\"}").status == 204)
            _ = try await server.json(TabView.self, "POST", "/tabs/\(tab.id)/lines", json: #"{"code": "BIRYANI"}"#)
            let resent = try await server.json(KitchenSendView.self, "POST", "/tabs/\(tab.id)/kitchen")
            let line = try #require(resent.tab.kitchen.first?.line)
            let signedOut = try await server.request("POST", "/tabs/\(tab.id)/lines/\(line)/void", json: "{\"session\": \"\(supervisor)\", \"reason\": \"x\"}")
            #expect(signedOut.status == 403 && signedOut.errorCode == "not-signed-in")
        }
    }
}
