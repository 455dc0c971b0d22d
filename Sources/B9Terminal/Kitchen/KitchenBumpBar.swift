import B9Core
import B9Devices
import B9Intake
import Logging
import ServiceLifecycle

/// The kitchen bump bar as a service of the daemon: reads key presses from the evdev node
/// (`kitchen.bump_bar`, grabbed exclusively unless `?grab=no`) through ``BumpBarDriver`` and turns
/// them into actions on the ``KitchenBoard`` by the key map (`kitchen.bump_bar_keys.*`). Like the
/// till's devices (``DeviceBringUp``): a bump bar not plugged in at start is waited for with its
/// reconnect back-off, one unplugged later is reopened by ``ManagedDevice``, and udev `add` and
/// `remove` events for its node bring it back or mark it away at once.
struct KitchenBumpBar: Service {
    let device: ManagedDevice<BumpBarDriver>
    let keys: KitchenBumpBarKeys
    let board: KitchenBoard
    let logger: Logger
    let startup: DeviceBringUp

    var address: DeviceAddress { device.address }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await startup.followHotplug([device]) }
                group.addTask { await startup.bringUp(device, kind: "bump bar") }
                group.addTask {
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
                }
            }
        }
        await device.close()
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
