import B9Core
import B9Intake

/// The kitchen display's state and actions, shared by the local API (touch and keyboard on the page) and
/// the bump bar: the open tickets of this station, bumping one along, recalling the last bumped one, and
/// the bump bar's selection. Every change is pushed to the page's WebSocket as `kitchen.ticket` /
/// `kitchen.selection` events and, for a status, `kitchen.status`; the store writes the status event for
/// the till to the outbox in the same transaction.
actor KitchenBoard {
    /// What a bump does.
    enum Bump: Sendable, Equatable {
        /// One step along: received/accepted → preparing → ready → bumped; recalled → ready.
        case next
        /// Straight to this status (`preparing`, `ready` or `bumped`), skipping steps.
        case to(KitchenOrderStatus)
    }

    let store: BillingStore
    let events: EventBroadcaster
    let settings: KitchenDisplaySettings
    /// The order the bump bar's arrows point at.
    private(set) var selected: String?

    init(store: BillingStore, events: EventBroadcaster, settings: KitchenDisplaySettings) {
        self.store = store
        self.events = events
        self.settings = settings
    }

    /// The status a bump moves `current` to.
    static func next(after current: KitchenOrderStatus?) -> KitchenOrderStatus {
        switch current {
        case nil, .accepted?: .preparing
        case .preparing?: .ready
        case .ready?: .bumped
        case .recalled?: .ready
        case .bumped?: .recalled
        }
    }

    /// The open tickets, oldest first, with the display settings.
    func board() async throws(CoreError) -> KitchenBoardView {
        let tickets = try await store.openKitchenOrders().map(KitchenTicketView.init)
        if let selected, !tickets.contains(where: { $0.orderID == selected }) { self.selected = nil }
        return KitchenBoardView(
            station: store.terminalID, tickets: tickets, selected: selected,
            amberAfterSeconds: settings.amberAfterSeconds, redAfterSeconds: settings.redAfterSeconds
        )
    }

    /// Moves `orderID` on and tells the page and (through the outbox) the till.
    /// - Returns: the ticket as it is now.
    /// - Throws: `orderNotFound` for an order this station does not have; `notPermitted` for a bump of a
    ///   bumped ticket or a step back.
    @discardableResult
    func bump(_ orderID: String, _ bump: Bump = .next) async throws(CoreError) -> KitchenTicketView {
        guard let entry = try await entry(orderID) else {
            throw CoreError(.orderNotFound, "this station has no kitchen order \(orderID); reload the display")
        }
        let target: KitchenOrderStatus
        switch bump {
        case .next:
            guard entry.status != .bumped else {
                throw CoreError(.notPermitted, "order \(orderID) is already bumped; recall it to bring it back")
            }
            target = Self.next(after: entry.status)
        case .to(let status):
            target = status
        }
        if let data = try await store.changeKitchenOrderStatus(orderID: orderID, to: target) {
            await events.publish(.kitchenStatus(orderID: orderID, station: data.station, status: data.status.rawValue))
        }
        let ticket = try await changed(orderID)
        if target == .bumped, selected == orderID { await select(nil) }
        return ticket
    }

    /// Bumps the `position`th open ticket (1 = oldest, as the display shows them).
    /// - Returns: the ticket, or `nil` when there are fewer open tickets.
    @discardableResult
    func bump(position: Int) async throws(CoreError) -> KitchenTicketView? {
        let tickets = try await board().tickets
        guard position >= 1, position <= tickets.count else { return nil }
        return try await bump(tickets[position - 1].orderID)
    }

    /// Bumps the selected ticket; `nil` when nothing is selected.
    @discardableResult
    func bumpSelected() async throws(CoreError) -> KitchenTicketView? {
        guard let selected, try await entry(selected) != nil else { return nil }
        return try await bump(selected)
    }

    /// Brings the last bumped ticket back onto the display (`recalled`).
    /// - Returns: the ticket, or `nil` when no ticket is bumped.
    @discardableResult
    func recall() async throws(CoreError) -> KitchenTicketView? {
        guard let orderID = try await store.lastBumpedKitchenOrderID() else { return nil }
        return try await bump(orderID, .to(.recalled))
    }

    /// Moves the selection `offset` tickets along the display (wrapping); selects the first when nothing was.
    func moveSelection(by offset: Int) async throws(CoreError) {
        let tickets = try await board().tickets
        guard !tickets.isEmpty else { return await select(nil) }
        let index: Int
        if let selected, let current = tickets.firstIndex(where: { $0.orderID == selected }) {
            index = ((current + offset) % tickets.count + tickets.count) % tickets.count
        } else {
            index = offset < 0 ? tickets.count - 1 : 0
        }
        await select(tickets[index].orderID)
    }

    /// Tells the page that `orderID` arrived or changed.
    /// - Returns: the ticket as it is now.
    @discardableResult
    func changed(_ orderID: String) async throws(CoreError) -> KitchenTicketView {
        guard let entry = try await entry(orderID) else {
            throw CoreError(.orderNotFound, "this station has no kitchen order \(orderID)")
        }
        let ticket = KitchenTicketView(entry)
        await events.publish(.kitchenTicket(ticket))
        return ticket
    }

    private func select(_ orderID: String?) async {
        guard selected != orderID else { return }
        selected = orderID
        await events.publish(.kitchenSelection(orderID: orderID))
    }

    private func entry(_ orderID: String) async throws(CoreError) -> KitchenInboxOrder? {
        try await store.kitchenOrder(orderID: orderID)
    }
}
