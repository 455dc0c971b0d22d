import Logging
import ServiceLifecycle

/// Runs a ``WeighingStation`` in the daemon: one label per stable weight, then waits for the pan to
/// be emptied (no weight released for a moment) before the next. A graceful shutdown lets the label
/// in progress finish.
struct WeighingService: Service {
    let station: WeighingStation
    let logger: Logger

    func run() async throws {
        var waitingForEmptyPan = false
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                if waitingForEmptyPan {
                    // The same item still on the pan releases the same weight again: wait until it does not.
                    let still = try await station.readsAWeight(timeout: .seconds(1))
                    waitingForEmptyPan = still
                    if still { try? await Task.sleep(for: .milliseconds(300)) }
                    continue
                }
                if try await station.weighOnce(timeout: .seconds(1)) != nil {
                    waitingForEmptyPan = true
                }
            } catch {
                logger.error("weighing failed", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(2))
            }
        }
    }
}
