import B9Core
import Foundation
import Synchronization

/// A clock the test moves by hand.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_795_000_000)) {
        current = Mutex(start)
    }

    func now() -> Date { current.withLock { $0 } }

    func advance(seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}

/// A store in a fresh temporary file, on a hand-moved clock.
func makeStore(_ name: String = #function, clock: TestClock) throws -> (BillingStore, URL) {
    let folder = try temporaryDirectory(name)
    let store = try BillingStore.open(
        path: folder.appendingPathComponent("store.sqlite").path, storeID: "shop-1", terminalID: "till-1", now: { clock.now() }
    )
    return (store, folder)
}

/// A till with a cashier (PIN 1111), a supervisor (2222) and a manager (3333), all signed in.
struct Till {
    let store: BillingStore
    let folder: URL
    let clock: TestClock
    let cashier: OperatorSession
    let supervisor: OperatorSession
    let manager: OperatorSession

    static func make(_ name: String = #function) async throws -> Till {
        let clock = TestClock()
        let (store, folder) = try makeStore(name, clock: clock)
        try await store.addOperator(id: "cas", name: "Rina", role: .cashier, pin: "1111")
        try await store.addOperator(id: "sup", name: "Karim", role: .supervisor, pin: "2222")
        try await store.addOperator(id: "mgr", name: "Nadia", role: .manager, pin: "3333")
        return Till(
            store: store, folder: folder, clock: clock,
            cashier: try await store.signIn(operatorID: "cas", pin: "1111"),
            supervisor: try await store.signIn(operatorID: "sup", pin: "2222"),
            manager: try await store.signIn(operatorID: "mgr", pin: "3333")
        )
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    /// Sells `cart` with `tenders` (card for the whole amount when empty).
    func sell(_ cart: Cart, tenders: [TenderInput] = []) async throws -> CompletedSale {
        let total = try TotalsCalculator(policy: Fixtures.policy).totals(of: cart).grandTotal
        return try await store.completeSale(
            cart, tenders: tenders.isEmpty ? [TenderInput(.card, amount: total)] : tenders, policy: Fixtures.policy, cashier: "cas"
        )
    }
}
