import B9Devices
import Logging
import ServiceLifecycle

/// Runs the till's devices for the daemon's lifetime: brings each one up (waiting for it with its
/// reconnect back-off while it is absent, or until udev reports it added: ``DeviceBringUp``),
/// starts the print queue, passes scans on, and turns the device classes' status events
/// (paper end, cover open, offline, unplugged, drawer opened) into ``DeviceStatusBoard`` states, which
/// `GET /devices` and the WebSocket show. On shutdown the print queue finishes the step in hand and
/// keeps its jobs; the devices are closed.
struct TillDeviceService: Service {
    let hardware: TillHardware
    let status: DeviceStatusBoard
    let logger: Logger
    /// Brings the devices up and follows hot-plug events for them.
    let startup: DeviceBringUp

    func run() async throws {
        if let queue = hardware.queue {
            do {
                try await queue.start()
            } catch {
                logger.error("the print queue could not start; receipts stay unconfirmed", metadata: ["error": "\(error)"])
            }
            await hardware.receiptPrinter?.followSpooledJobs()
        }
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                if let printer = hardware.printer, let queue = hardware.queue {
                    group.addTask { await bringUp(printer, kind: "printer") }
                    group.addTask { await followQueue(queue) }
                }
                if let drawer = hardware.drawer {
                    group.addTask { await bringUp(drawer, kind: "drawer") }
                    group.addTask { await follow(drawer, kind: "drawer") }
                }
                if let display = hardware.display {
                    // Enabled so that a reader notices the display going away and it is reopened.
                    group.addTask { await bringUp(display, kind: "display") }
                    group.addTask { await follow(display, kind: "display") }
                }
                if let scale = hardware.scale {
                    group.addTask { await bringUp(scale, kind: "scale") }
                    group.addTask { await follow(scale, kind: "scale") }
                }
                group.addTask { await followHotplug() }
                if let scanner = hardware.scanner {
                    group.addTask { await bringUp(scanner.device, kind: "scanner") }
                    group.addTask {
                        for await event in scanner.device.events {
                            switch event {
                            case .data(let code): scanner.deliver(code)
                            case .status(let change): await report("scanner", change)
                            case .error(let error): logger.warning("scanner error", metadata: ["error": "\(error)"])
                            }
                        }
                    }
                }
            }
        }
        await hardware.queue?.stop()
        await hardware.printer?.close()
        await hardware.drawer?.close()
        await hardware.display?.close()
        await hardware.scale?.close()
        await hardware.scanner?.device.close()
        hardware.scanner?.finish()
    }

    /// Watches udev for the configured devices' nodes: an `add` opens the device at once instead of
    /// after its back-off (at start as after an unplug), a `remove` marks it away at once.
    private func followHotplug() async {
        let configured: [(any HotplugReopenable)?] = [
            hardware.printer, hardware.drawer, hardware.display, hardware.scale, hardware.scanner?.device,
        ]
        await startup.followHotplug(configured.compactMap { $0 })
    }

    /// Brings the device up (waiting while it is absent; the board shows it offline meanwhile) and
    /// marks it ready on the board.
    private func bringUp<Driver: DeviceDriver>(_ device: ManagedDevice<Driver>, kind: String) async {
        let status = status
        let ready = await startup.bringUp(device, kind: kind) { error in
            await status.record(kind, code: "offline", message: "\(error)")
        }
        if ready { await status.record(kind, failure: nil) }
    }

    private func follow<Driver: DeviceDriver>(_ device: ManagedDevice<Driver>, kind: String) async {
        for await event in device.events {
            switch event {
            case .data: break
            case .status(let change): await report(kind, change)
            case .error(let error): logger.warning("device error", metadata: ["device": "\(kind)", "error": "\(error)"])
            }
        }
    }

    private func followQueue(_ queue: PrintJobQueue) async {
        for await event in queue.events {
            switch event {
            case .held(let id, _, let code, let text):
                await hardware.receiptPrinter?.noteHeld(id, code: code.description, reason: text)
                await status.record("printer", code: code.description, message: text)
                logger.warning("print job held", metadata: ["job": "\(id)", "reason": "\(text)"])
            case .job(let id, let state):
                if case .printed = state {
                    await hardware.receiptPrinter?.noteReady()
                    await status.record("printer", failure: nil)
                }
                if case .heldAtPrinter = state { await hardware.receiptPrinter?.noteHeld(id, code: "held-at-printer", reason: "the printer stopped before finishing it") }
                logger.debug("print job", metadata: ["job": "\(id)", "state": "\(state)"])
            case .printer(_, let change):
                if TillDeviceService.readyCodes.contains(change.code.description) { await hardware.receiptPrinter?.noteReady() }
                await report(Self.isDrawerCode(change.code.description) ? "drawer" : "printer", change)
            }
        }
    }

    private func report(_ kind: String, _ change: B9Devices.DeviceStatus) async {
        guard change.code != .stateChanged else { return }
        logger.info("device status", metadata: ["device": "\(kind)", "code": "\(change.code)", "message": "\(change.message)"])
        await status.record(kind, code: change.code.description, message: change.message)
    }

    /// Printer codes after which held jobs go out again.
    static let readyCodes: Set<String> = [ReceiptPrinterDriver.ready.description, B9Devices.DeviceStatus.Code.reconnected.description]

    static func isDrawerCode(_ code: String) -> Bool { code.hasPrefix("drawer-") }
}
