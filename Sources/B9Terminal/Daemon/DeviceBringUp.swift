import B9Devices
import Logging

/// How the daemon brings its configured devices up and keeps them there, the same for the till's
/// devices and the kitchen bump bar:
///
/// - ``bringUp(_:kind:enable:absent:)`` — a device that is not plugged in at start is waited for
///   with its ``ReconnectPolicy`` back-off (the same waits as a reconnect after an unplug), with one
///   warning naming the device and the fix, not one per attempt;
/// - ``followHotplug(_:)`` — udev `add` events reopen a configured device at once (ending that wait,
///   or a reconnect's), `remove` events mark it away at once.
struct DeviceBringUp: Sendable {
    let logger: Logger
    /// The user the daemon runs as (`service.user`), named in the fix for a permission error.
    let serviceUser: String
    /// Where hot-plug events come from.
    var hotplug: HotplugSource = .udev

    /// Opens, claims — waiting for the device while it is absent — and (with `enable`) enables
    /// `device`. `absent` is called once, with the first failure, when the device was not there at
    /// once. Returns false when the task was cancelled (or the device closed) before it came up.
    @discardableResult
    func bringUp<Driver: DeviceDriver>(
        _ device: ManagedDevice<Driver>, kind: String, enable: Bool = true,
        absent: @escaping @Sendable (DeviceError) async -> Void = { _ in }
    ) async -> Bool {
        if await device.state == .closed { try? await device.open() }
        let logger = logger
        let serviceUser = serviceUser
        do {
            try await device.claimWhenPresent { attempt, error in
                guard attempt == 1 else { return }
                let fix = HealthChecks.openFailure(error, address: device.address, serviceUser: serviceUser).fix ?? ""
                logger.warning("\(kind) not there at start; it is opened as soon as it appears (udev add or its reconnect back-off)",
                               metadata: ["device": "\(kind)", "address": "\(device.address)", "error": "\(error)", "fix": "\(fix)"])
                await absent(error)
            }
            if enable { try await device.enable() }
        } catch {
            if !Task.isCancelled, error.code != .closed {
                logger.error("\(kind) could not be brought up", metadata: ["device": "\(kind)", "address": "\(device.address)", "error": "\(error)"])
            }
            return false
        }
        logger.info("device ready", metadata: ["device": "\(kind)", "address": "\(device.address)"])
        return true
    }

    /// Follows hot-plug events for `devices` until the task is cancelled. Without a monitor (no
    /// netlink in a container) it says so once and returns: the devices then come back by back-off.
    func followHotplug(_ devices: [any HotplugReopenable]) async {
        guard !devices.isEmpty else { return }
        let feed: HotplugSource.Feed
        do {
            feed = try hotplug.start()
        } catch {
            logger.notice("no hot-plug events; devices reconnect by back-off", metadata: ["error": "\(error)"])
            return
        }
        logger.debug("following hot-plug events", metadata: ["source": "\(feed.source)"])
        await HotplugReconnector(devices: devices).run(feed.events)
        await feed.stop()
    }
}

/// Where the daemon's hot-plug events come from: the machine's udev (or kernel) monitor, or — in
/// tests — a stream of injected events.
struct HotplugSource: Sendable {
    /// A started source.
    struct Feed: Sendable {
        let events: AsyncStream<HotplugEvent>
        /// `udev`, `kernel` or what a test calls it.
        let source: String
        let stop: @Sendable () async -> Void
    }

    /// Starts the source; throws when there are no hot-plug events on this machine.
    let start: @Sendable () throws(DeviceError) -> Feed

    /// ``HotplugMonitor`` on this machine.
    static let udev = HotplugSource { () throws(DeviceError) in
        let monitor = try HotplugMonitor.start()
        return Feed(events: monitor.events, source: monitor.source, stop: { await monitor.stop() })
    }

    /// The events of `events`, for tests.
    static func injected(_ events: AsyncStream<HotplugEvent>) -> HotplugSource {
        HotplugSource { () throws(DeviceError) in Feed(events: events, source: "injected", stop: {}) }
    }
}
