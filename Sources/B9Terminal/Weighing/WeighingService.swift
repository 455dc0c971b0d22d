import Logging
import ServiceLifecycle

/// Runs a ``WeighingStation`` in the daemon: one label per stable weight, then waits until the scale
/// shows the pan emptied (zero, under zero or below the minimum) before the next. A scale that stops
/// answering, sends noise, moves or is unplugged in between has not shown that, so the goods still on
/// the pan are not labelled twice. A graceful shutdown lets the label in progress finish.
struct WeighingService: Service {
    let station: WeighingStation
    let logger: Logger

    func run() async throws {
        var waitingForEmptyPan = false
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                if waitingForEmptyPan {
                    // The same item still on the pan releases the same weight again: wait for the scale to
                    // show it gone.
                    let emptied = try await station.panShowsEmpty(timeout: .seconds(1))
                    waitingForEmptyPan = !emptied
                    if !emptied { try? await Task.sleep(for: .milliseconds(300)) }
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
