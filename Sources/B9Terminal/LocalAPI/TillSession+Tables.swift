import B9Core
import B9Intake
import Foundation
import HTTPTypes

/// The restaurant side of the till: tables, their durable tabs, sending to the kitchen and paying.
///
/// Tabs live in the store (``BillingStore``'s tables), not in memory: a restart finds them as they
/// were. Only a shop whose variant has tables (``ShopRules``) answers; elsewhere 409 `no-tables`.
/// Paying a tab goes through the same ``Checkout`` path as a cart (commit, print, drawer, display) with
/// the shop's service charge.
extension TillSession {
    /// Every table with its status and open tab.
    func tables() async throws(LocalAPIError) -> [TableView] {
        try requireTables()
        do {
            var views: [TableView] = []
            for table in try await store.diningTables() {
                let tab = table.status == .free || table.status == .needsCleaning ? nil : try await store.tab(tableID: table.id)
                views.append(TableView(table, tab: tab))
            }
            return views
        } catch {
            throw LocalAPIError(error)
        }
    }

    /// Seats guests at a free table.
    func openTab(table: String, covers: Int, waiter: String?) async throws(LocalAPIError) -> TabView {
        try requireTables()
        let tab: OpenTab
        do {
            tab = try await store.openTab(tableID: table, covers: covers, waiter: waiter, rules: settings.rules, policy: policy)
        } catch {
            throw LocalAPIError(error, field: "covers")
        }
        return try tabView(tab)
    }

    /// Sets how many guests the tab is for (1 to 99); the bill and the tables view show it.
    func setGuests(tab id: String, covers: Int) async throws(LocalAPIError) -> TabView {
        let tab = try await openTab(id)
        let changed: OpenTab
        do {
            changed = try await store.setCovers(tableID: tab.tableID, covers: covers)
        } catch {
            throw LocalAPIError(error, field: "covers")
        }
        return try tabView(changed)
    }

    func tab(_ id: String) async throws(LocalAPIError) -> TabView {
        try tabView(try await openTab(id))
    }

    /// Adds the product with this barcode or SKU to a tab, with its course, modifiers and notes.
    func addTabLine(
        tab id: String, code: String, quantity: Quantity?, course: Int, modifiers: [String], notes: String?
    ) async throws(LocalAPIError) -> TabView {
        let tab = try await openTab(id)
        let product: Product
        do {
            product = try await store.product(code: code)
        } catch {
            throw LocalAPIError(error, field: "code")
        }
        let changed: OpenTab
        do {
            changed = try await store.addToTab(
                tableID: tab.tableID, product: product, quantity: quantity ?? .one, course: course, modifiers: modifiers, notes: notes, policy: policy
            )
        } catch {
            throw LocalAPIError(error, field: "quantity")
        }
        return try tabView(changed)
    }

    /// Sends the tab's unsent lines to the kitchen: one kitchen order per station and course, routed by
    /// category (`restaurant.kitchen_routes`), written to the outbox in the transaction that marks the
    /// lines sent. Nothing unsent, no orders.
    func sendToKitchen(tab id: String, notes: String?) async throws(LocalAPIError) -> KitchenSendView {
        let tab = try await openTab(id)
        guard let routing = settings.kitchenRouting else {
            throw LocalAPIError(.conflict, code: "kitchen-not-configured",
                                "this till routes nothing to a kitchen; set restaurant.kitchen_default_station (and restaurant.kitchen_routes)")
        }
        let orders: [KitchenOrderData]
        do {
            orders = try await store.sendToKitchen(tableID: tab.tableID, routing: routing, notes: notes)
        } catch {
            throw LocalAPIError(error)
        }
        return KitchenSendView(orders: orders.map(KitchenSendView.Order.init), tab: try tabView(try await openTab(id)))
    }

    /// Pays the tab's bill (with the shop's service charge) through the checkout path; the table then needs cleaning.
    /// - Parameters:
    ///   - split: the parts the guests pay, adding up to the bill.
    ///   - tips: amounts tipped on card on top of the bill, for the tab's waiter.
    func payTab(
        tab id: String, tenders: [TenderInput], split: [Int64]? = nil, tips: [Tip.Input] = [], cashier: String?
    ) async throws(LocalAPIError) -> CheckoutView {
        let tab = try await openTab(id)
        guard payingTabs.insert(id).inserted else {
            throw LocalAPIError(.conflict, code: "checkout-in-progress", "this tab is being paid; wait for the answer")
        }
        defer { payingTabs.remove(id) }
        let result: Checkout.Result
        do {
            result = try await checkout.completeTab(
                tableID: tab.tableID, tenders: tenders, split: split,
                tips: tips.map { Tip(amount: $0.amount, waiter: tab.waiter, reference: $0.reference) }, cashier: cashier
            )
        } catch {
            throw LocalAPIError(error, field: "tenders")
        }
        return await checkedOut(result, cart: nil)
    }

    /// Moves the tab to a free table; the table it leaves needs cleaning.
    func transferTab(tab id: String, to table: String) async throws(LocalAPIError) -> TabView {
        let tab = try await openTab(id)
        let moved: OpenTab
        do {
            moved = try await store.transferTab(from: tab.tableID, to: table)
        } catch {
            throw LocalAPIError(error)
        }
        return try tabView(moved)
    }

    /// Moves the lines and guests of one tab onto another; the source table needs cleaning.
    func mergeTab(tab id: String, into target: String) async throws(LocalAPIError) -> TabView {
        let source = try await openTab(id)
        let destination = try await openTab(target)
        let merged: OpenTab
        do {
            merged = try await store.mergeTabs(from: source.tableID, into: destination.tableID)
        } catch {
            throw LocalAPIError(error)
        }
        return try tabView(merged)
    }

    /// A table that was paid and cleared is free again.
    func markTableClean(_ table: String) async throws(LocalAPIError) {
        try requireTables()
        do {
            try await store.markTableClean(tableID: table)
        } catch {
            throw LocalAPIError(error)
        }
    }

    // MARK: Helpers

    private func requireTables() throws(LocalAPIError) {
        guard settings.rules.has(.tables) else {
            throw LocalAPIError(.conflict, code: "no-tables",
                                "this shop has no tables (shop.variant \(settings.rules.variant.rawValue)); set shop.variant: restaurant or add tables to shop.features")
        }
    }

    /// The open tab with this id, wherever it is seated now.
    func openTab(_ id: String) async throws(LocalAPIError) -> OpenTab {
        try requireTables()
        let tab: OpenTab?
        do {
            tab = try await store.tab(id: id)
        } catch {
            throw LocalAPIError(error)
        }
        guard let tab else { throw LocalAPIError.notFound("open tab \(id)") }
        return tab
    }

    /// The tab as the shop bills it now (the service charge included).
    func tabView(_ tab: OpenTab) throws(LocalAPIError) -> TabView {
        do {
            let bill = try CartView(id: tab.id, cart: try settings.pricing.price(tab.cart, at: Date(), policy: policy), policy: policy)
            return TabView(tab, bill: bill)
        } catch {
            throw LocalAPIError(error)
        }
    }
}

extension Tip {
    /// A tip as a client sends it: the amount and the card slip; the waiter is the tab's.
    struct Input: Sendable {
        let amount: Int64
        let reference: String?
    }
}
