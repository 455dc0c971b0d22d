import B9Core
import Foundation
import Synchronization
import Testing

/// The outbox observation that lets a publisher sleep until this process commits an event.
@Suite("Outbox observation")
struct OutboxObservationTests {
    private func sell(_ store: BillingStore) async throws {
        var cart = Cart(currency: .bdt)
        try cart.add(try Fixtures.product("SOAP", price: "55.00"), quantity: Quantity(units: 2))
        let total = try TotalsCalculator(policy: Fixtures.policy).totals(of: cart).grandTotal
        _ = try await store.completeSale(cart, tenders: [TenderInput(.cash, amount: total)], policy: Fixtures.policy)
    }

    @Test func aCommittedSaleCallsTheHandlerAndDeliveryBookkeepingDoesNot() async throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let calls = Atomic<Int>(0)
        let observation = store.observeOutboxAdditions { calls.add(1, ordering: .sequentiallyConsistent) }
        defer { observation.cancel() }

        try await sell(store)
        // The handler runs on the writer queue right after the commit, before the write returns.
        #expect(calls.load(ordering: .sequentiallyConsistent) == 1)

        let pending = try await store.pendingEvents()
        #expect(!pending.isEmpty)
        try await store.markDelivered(pending.map(\.eventID))
        try await store.recordAttempt(pending[0].eventID)
        #expect(calls.load(ordering: .sequentiallyConsistent) == 1)

        try await sell(store)
        #expect(calls.load(ordering: .sequentiallyConsistent) == 2)
    }

    @Test func aCancelledObservationStopsCalling() async throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let calls = Atomic<Int>(0)
        let observation = store.observeOutboxAdditions { calls.add(1, ordering: .sequentiallyConsistent) }
        observation.cancel()
        try await sell(store)
        #expect(calls.load(ordering: .sequentiallyConsistent) == 0)
    }
}
