import GRDB

/// A running watch on the outbox started by ``BillingStore/observeOutboxAdditions(_:)``; it stops on
/// ``cancel()`` or when the last reference goes.
public final class OutboxObservation: Sendable {
    private let cancellable: AnyDatabaseCancellable

    init(_ cancellable: AnyDatabaseCancellable) {
        self.cancellable = cancellable
    }

    /// Stops calling the handler.
    public func cancel() {
        cancellable.cancel()
    }
}

extension BillingStore {
    /// Calls `onAddition` after every committed transaction of this store that added events to the
    /// outbox (a sale, a stock movement, a kitchen order…), so a publisher can drain at once instead of
    /// polling. Marking events delivered does not call it.
    ///
    /// Only writes through this store's connection pool are seen: events written by another process
    /// into the same file (the CLI on the daemon's database) still need a slow poll.
    /// `onAddition` runs on the store's writer queue right after the commit; it must return quickly.
    /// If the observation cannot be set up, `onAddition` is called once (look now, then keep polling).
    public func observeOutboxAdditions(_ onAddition: @escaping @Sendable () -> Void) -> OutboxObservation {
        // Inserts touch every column; the delivery bookkeeping updates only delivered_at and attempts.
        let region = SQLRequest<Row>(sql: "SELECT event_id FROM outbox")
        let cancellable = DatabaseRegionObservation(tracking: region).start(
            in: writer, onError: { _ in onAddition() }, onChange: { _ in onAddition() }
        )
        return OutboxObservation(cancellable)
    }
}
