/// What billing needs from a cash drawer: open it after a committed cash sale.
public protocol CashDrawerControl: Sendable {
    func openDrawer() async throws
}
