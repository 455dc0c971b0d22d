@testable import B9Terminal
import B9Core
import Foundation
import Testing

/// How many guests a table's tab is for, through the local API (the restaurant set-up of
/// ``LocalAPIRestaurantRoutesTests``).
@Suite("Local API: a tab's guests", .timeLimit(.minutes(3)))
struct LocalAPITabGuestsTests {
    private typealias Routes = LocalAPIRestaurantRoutesTests

    @Test("PUT /tabs/{id}/guests sets the guests in the store; the tables view, the bill and the paid sale show them; the table's status stays")
    func setGuests() async throws {
        let settings = try Routes.restaurant()
        try await LocalAPITestServer.with(settings: settings) { server in
            try await Routes.addTables(server, settings: settings)
            let tab = try await server.json(TabView.self, "POST", "/tables/T1/tab", json: #"{"waiter": "Rina", "covers": 2}"#)
            _ = try await server.json(TabView.self, "POST", "/tabs/\(tab.id)/lines", json: #"{"code": "BIRYANI"}"#)
            _ = try await server.json(BillPrintView.self, "POST", "/tabs/\(tab.id)/bill")

            let changed = try await server.json(TabView.self, "PUT", "/tabs/\(tab.id)/guests", json: #"{"covers": 5}"#)
            #expect(changed.covers == 5 && changed.id == tab.id)
            #expect(try await server.store.tab(id: tab.id)?.covers == 5, "kept in the store, not only in the answer")
            let table = try #require(try await server.json(Routes.Tables.self, "GET", "/tables").tables.first { $0.id == "T1" })
            #expect(table.covers == 5)
            #expect(table.status == "bill-printed", "the amounts did not change: the printed bill still holds")
            let bill = try await server.json(BillPrintView.self, "POST", "/tabs/\(tab.id)/bill")
            #expect(bill.text.contains("Guests 5"), "\(bill.text)")

            // The bounds: 1 and 99 are accepted.
            #expect(try await server.json(TabView.self, "PUT", "/tabs/\(tab.id)/guests", json: #"{"covers": 99}"#).covers == 99)
            #expect(try await server.json(TabView.self, "PUT", "/tabs/\(tab.id)/guests", json: #"{"covers": 1}"#).covers == 1)
            _ = try await server.json(TabView.self, "PUT", "/tabs/\(tab.id)/guests", json: #"{"covers": 3}"#)
            let paid = try await server.json(CheckoutView.self, "POST", "/tabs/\(tab.id)/checkout", json: #"{"tenders": [{"tender": "cash", "amount": "500.00"}]}"#)
            #expect(try await server.store.sale(id: paid.sale.id)?.restaurant?.covers == 3)
        }
    }

    @Test("Guests out of 1–99, not a whole number or missing are a 400 naming 'covers', nothing changes; an unknown tab is a 404")
    func refusals() async throws {
        let settings = try Routes.restaurant()
        try await LocalAPITestServer.with(settings: settings) { server in
            try await Routes.addTables(server, settings: settings)
            let tab = try await server.json(TabView.self, "POST", "/tables/T2/tab", json: #"{"covers": 2}"#)
            for body in [#"{"covers": 0}"#, #"{"covers": 100}"#, #"{"covers": -1}"#, #"{"covers": "4"}"#, #"{"covers": 2.5}"#, "{}", #"{"covers": null}"#] {
                let answer = try await server.request("PUT", "/tabs/\(tab.id)/guests", json: body)
                #expect(answer.status == 400 && answer.errorField == "covers", "\(body): \(answer.status) \(answer.text)")
            }
            #expect(try await server.store.tab(id: tab.id)?.covers == 2)
            #expect(try await server.request("PUT", "/tabs/no-such-tab/guests", json: #"{"covers": 2}"#).status == 404)
            let tooMany = try await server.request("POST", "/tables/T1/tab", json: #"{"covers": 100}"#)
            #expect(tooMany.status == 400 && tooMany.errorField == "covers", "opening a tab takes the same range")
        }
    }
}
