import B9Core
import B9Devices
import B9Intake
import Logging
import ServiceLifecycle

/// The kitchen bump bar as a service of the daemon: reads key presses from the evdev node
/// (`kitchen.bump_bar`, grabbed exclusively unless `?grab=no`) through ``BumpBarDriver`` and turns
/// them into actions on the ``KitchenBoard`` by the key map (`kitchen.bump_bar_keys.*`). A bump bar
/// that is not plugged in at start is tried again every `retryInterval`; one unplugged later is
/// reopened by ``ManagedDevice``.
struct KitchenBumpBar: Service {
    let address: DeviceAddress
    let keys: KitchenBumpBarKeys
    let board: KitchenBoard
    let logger: Logger
    var retryInterval: Duration = .seconds(5)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let device = ManagedDevice(address: address, driver: BumpBarDriver())
                do {
                    try await device.open()
                    try await device.claim()
                    try await device.enable()
                } catch {
                    await device.close()
                    logger.warning("bump bar not available; trying again", metadata: ["bump_bar": "\(address)", "error": "\(error)"])
                    try? await Task.sleep(for: retryInterval)
                    continue
                }
                logger.info("bump bar ready", metadata: ["bump_bar": "\(address)"])
                await withTaskCancellationHandler {
                    for await event in device.events {
                        switch event {
                        case .data(let press):
                            await handle(press)
                        case .error(let error):
                            logger.warning("bump bar error", metadata: ["bump_bar": "\(address)", "error": "\(error)"])
                        case .status(let status) where status.code != .stateChanged:
                            logger.notice("bump bar", metadata: ["bump_bar": "\(address)", "status": "\(status)"])
                        default:
                            break
                        }
                    }
                } onCancel: {
                    Task { await device.close() }
                }
                await device.close()
            }
        }
    }

    /// Does what `press` means by the key map; keys without an action are ignored.
    func handle(_ press: BumpBarPress) async {
        guard let action = keys.action(for: press.code) else {
            logger.debug("bump bar key without an action", metadata: ["key": "\(KeyName.name(press.code))"])
            return
        }
        do {
            switch action {
            case .bumpPosition(let position):
                try await board.bump(position: position)
            case .selectNext:
                try await board.moveSelection(by: 1)
            case .selectPrevious:
                try await board.moveSelection(by: -1)
            case .bumpSelected:
                try await board.bumpSelected()
            case .recall:
                try await board.recall()
            }
        } catch {
            logger.warning("bump bar action failed", metadata: ["key": "\(KeyName.name(press.code))", "error": "\(error)"])
        }
    }
}
