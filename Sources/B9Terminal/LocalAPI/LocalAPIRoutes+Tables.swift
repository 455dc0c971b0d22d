import B9Core
import B9Intake
import Foundation
import Hummingbird

/// The restaurant's routes: tables, tabs and their guests, voiding a tab's line, sending to the kitchen, printing the bill
/// and paying a tab. In a shop without
/// tables (``ShopRules``) they answer 409 `no-tables`.
extension LocalAPIRoutes {
    /// Longest modifier or note list a tab line takes; more is a client bug.
    static let maximumModifiers = 16

    func addTables(_ router: Router<LocalAPIRequestContext>) {
        let session = session
        router.get("/tables") { _, _ in
            JSONBody.response(Tables(tables: try await session.tables()))
        }
        router.post("/tables/{tableID}/tab") { request, context in
            let body = try await JSONBody.decode(LocalAPIBodies.OpenTab.self, from: request)
            let waiter = try Self.text(body.waiter, field: "waiter")
            let covers = try LocalAPIParse.covers(body.covers ?? 1, field: "covers")
            let tab = try await session.openTab(table: try Self.parameter("tableID", context), covers: covers, waiter: waiter)
            return JSONBody.response(tab, status: .created)
        }
        router.put("/tabs/{tabID}/guests") { request, context in
            let body = try await JSONBody.decode(LocalAPIBodies.SetGuests.self, from: request)
            let covers = try LocalAPIParse.covers(body.covers, field: "covers")
            return JSONBody.response(try await session.setGuests(tab: try Self.parameter("tabID", context), covers: covers))
        }
        router.post("/tables/{tableID}/clean") { _, context in
            try await session.markTableClean(try Self.parameter("tableID", context))
            return Response(status: .noContent)
        }
        router.post("/tabs/{tabID}/transfer") { request, context in
            let body = try await JSONBody.decode(LocalAPIBodies.TransferTab.self, from: request)
            guard !body.table.isEmpty, body.table.count <= 64 else { throw LocalAPIError.badRequest("table", "'table' must be a table id") }
            return JSONBody.response(try await session.transferTab(tab: try Self.parameter("tabID", context), to: body.table))
        }
        router.post("/tabs/{tabID}/merge") { request, context in
            let body = try await JSONBody.decode(LocalAPIBodies.MergeTab.self, from: request)
            guard !body.into.isEmpty, body.into.count <= 64 else { throw LocalAPIError.badRequest("into", "'into' must be the id of an open tab") }
            return JSONBody.response(try await session.mergeTab(tab: try Self.parameter("tabID", context), into: body.into))
        }
        router.get("/tabs/{tabID}") { _, context in
            JSONBody.response(try await session.tab(try Self.parameter("tabID", context)))
        }
        router.post("/tabs/{tabID}/lines") { request, context in
            let body = try await JSONBody.decode(LocalAPIBodies.AddTabLine.self, from: request)
            let code = body.code.trimmingCharacters(in: .whitespaces)
            guard !code.isEmpty else { throw LocalAPIError.badRequest("code", "'code' must be a barcode or a SKU") }
            let quantity = try body.quantity.map { text throws(FieldError) in try LocalAPIParse.quantity(text, field: "quantity") }
            guard (body.course ?? 1) >= 1 else { throw LocalAPIError.badRequest("course", "'course' must be a course number from 1") }
            let modifiers = body.modifiers ?? []
            guard modifiers.count <= Self.maximumModifiers, modifiers.allSatisfy({ !$0.isEmpty && $0.count <= 200 }) else {
                throw LocalAPIError.badRequest("modifiers", "'modifiers' must be up to \(Self.maximumModifiers) texts of 1 to 200 characters")
            }
            let tab = try await session.addTabLine(
                tab: try Self.parameter("tabID", context), code: code, quantity: quantity, course: body.course ?? 1, modifiers: modifiers,
                notes: try Self.text(body.notes, field: "notes")
            )
            return JSONBody.response(tab, status: .created)
        }
        router.post("/tabs/{tabID}/lines/{lineID}/void") { request, context in
            let body = try await JSONBody.decode(LocalAPIBodies.VoidTabLine.self, from: request)
            var supervisor: (id: String, pin: String)?
            if let id = try Self.text(body.supervisor, field: "supervisor") {
                guard let pin = body.supervisorPin, !pin.isEmpty, pin.count <= 12 else {
                    throw LocalAPIError.badRequest("supervisorPin", "a supervisor approves with their PIN ('supervisorPin')")
                }
                supervisor = (id, pin)
            }
            let tab = try await session.voidTabLine(
                tab: try Self.parameter("tabID", context), line: try Self.line(context), reason: try Self.text(body.reason, field: "reason"),
                sessionToken: try Self.text(body.session, field: "session"), supervisor: supervisor
            )
            return JSONBody.response(tab)
        }
        router.post("/tabs/{tabID}/bill") { _, context in
            JSONBody.response(try await session.printBill(tab: try Self.parameter("tabID", context)), status: .created)
        }
        router.post("/tabs/{tabID}/kitchen") { request, context in
            let body = try await JSONBody.decode(LocalAPIBodies.SendToKitchen.self, from: request)
            let sent = try await session.sendToKitchen(tab: try Self.parameter("tabID", context), notes: try Self.text(body.notes, field: "notes"))
            return JSONBody.response(sent)
        }
        router.post("/tabs/{tabID}/checkout") { request, context in
            let body = try await JSONBody.decode(LocalAPIBodies.TabCheckout.self, from: request)
            let tenders = try LocalAPIParse.tenders(body.tenders, policy: session.policy)
            let digits = session.policy.currency.minorUnitDigits
            guard (body.split?.count ?? 1) >= 1, (body.split?.count ?? 0) <= 64, (body.tips?.count ?? 0) <= 16 else {
                throw LocalAPIError.badRequest(body.split?.isEmpty == true ? "split" : "tips", "'split' takes 1 to 64 parts and 'tips' up to 16 tips")
            }
            var split: [Int64]?
            if let parts = body.split {
                var amounts: [Int64] = []
                for (index, part) in parts.enumerated() {
                    amounts.append(try LocalAPIParse.amount(part, digits: digits, field: "split[\(index)]"))
                }
                split = amounts
            }
            var tips: [Tip.Input] = []
            for (index, tip) in (body.tips ?? []).enumerated() {
                let amount = try LocalAPIParse.amount(tip.amount, digits: digits, field: "tips[\(index)].amount")
                guard amount > 0 else { throw LocalAPIError.badRequest("tips[\(index)].amount", "a tip must be more than zero") }
                tips.append(Tip.Input(amount: amount, reference: try Self.text(tip.reference, field: "tips[\(index)].reference")))
            }
            let result = try await session.payTab(
                tab: try Self.parameter("tabID", context), tenders: tenders, split: split, tips: tips, cashier: body.cashier
            )
            return JSONBody.response(result, status: .created)
        }
    }

    private struct Tables: Encodable { let tables: [TableView] }

    /// An optional free text of at most 200 characters; empty reads as absent.
    private static func text(_ value: String?, field: String) throws(LocalAPIError) -> String? {
        guard let value, !value.isEmpty else { return nil }
        guard value.count <= 200 else { throw LocalAPIError.badRequest(field, "'\(field)' must be at most 200 characters") }
        return value
    }
}
