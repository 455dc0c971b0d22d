import B9Core
import Logging
import ServiceLifecycle

/// The till's end-to-end acknowledgement of kitchen orders: every so often, puts back into the outbox
/// the orders the broker took but no kitchen status has answered within the policy's wait (see
/// ``KitchenResendPolicy``), and wakes the publisher. A broker that crashes loses messages it had
/// already acknowledged; the station's first status is what proves it has the order. The station
/// drops an order it already has (by event id and order id) and repeats its status.
struct KitchenOrderResender: Service {
    let store: BillingStore
    let policy: KitchenResendPolicy
    let logger: Logger
    /// Called after orders went back into the outbox (the publisher's ``OutboxPublisher/wake()``).
    var onResend: @Sendable () -> Void = {}

    /// How often to look: half the first wait, between 1 and 30 seconds.
    var interval: Duration { min(max(policy.firstWait / 2, .seconds(1)), .seconds(30)) }

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                break
            }
            await sweep()
        }
    }

    /// One look: sends again what is due; returns the order ids sent again.
    @discardableResult
    func sweep() async -> [String] {
        do {
            let resent = try await store.resendUnacknowledgedKitchenOrders(policy)
            if !resent.isEmpty {
                logger.warning("kitchen orders not answered by their station; sending them again", metadata: [
                    "kitchen.resent": "\(resent.count)", "kitchen.first_order": "\(resent[0])",
                ])
                onResend()
            }
            return resent
        } catch {
            logger.error("could not look for unanswered kitchen orders", metadata: ["error": "\(error)"])
            return []
        }
    }
}
