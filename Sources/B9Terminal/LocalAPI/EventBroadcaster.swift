import Foundation

/// Fans events out to every WebSocket client: each subscriber gets its own `AsyncStream`.
///
/// A slow client cannot hold the till up: its stream keeps the newest ``bufferLimit`` events and
/// drops older ones. A stream ends when its client goes (``unsubscribe(_:)``) or the broadcaster
/// finishes.
actor EventBroadcaster {
    /// Events kept for a client that is not reading.
    static let bufferLimit = 256

    private var subscribers: [UUID: AsyncStream<LocalAPIEvent>.Continuation] = [:]
    private var finished = false

    init() {}

    /// A new subscription; events published after this returns are delivered to it.
    func subscribe() -> (id: UUID, events: AsyncStream<LocalAPIEvent>) {
        let id = UUID()
        let (stream, continuation) = AsyncStream<LocalAPIEvent>.makeStream(bufferingPolicy: .bufferingNewest(Self.bufferLimit))
        if finished {
            continuation.finish()
        } else {
            subscribers[id] = continuation
        }
        return (id, stream)
    }

    /// Ends one subscription.
    func unsubscribe(_ id: UUID) {
        subscribers.removeValue(forKey: id)?.finish()
    }

    /// Delivers `event` to every subscriber.
    func publish(_ event: LocalAPIEvent) {
        for continuation in subscribers.values {
            continuation.yield(event)
        }
    }

    /// How many clients are subscribed.
    var subscriberCount: Int { subscribers.count }

    /// Ends every subscription (shutdown); later subscriptions end at once.
    func finish() {
        finished = true
        for continuation in subscribers.values { continuation.finish() }
        subscribers.removeAll()
    }
}
