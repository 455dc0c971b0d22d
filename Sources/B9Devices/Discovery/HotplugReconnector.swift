#if canImport(Glibc)
import Glibc
#endif

/// A configured device that hot-plug events can wake: ``ManagedDevice`` is one.
public protocol HotplugReopenable: Sendable {
    /// The configured address (its node path, by-id link or USB identity is what events match).
    var address: DeviceAddress { get }
    /// The device's node appeared: reopen now if the device is away.
    func hotplugAdded() async
    /// The device's node went away: mark the device disconnected now.
    func hotplugRemoved() async
}

extension ManagedDevice: HotplugReopenable {}

/// Turns udev `add` and `remove` events for configured devices into an immediate reopen and an
/// immediate disconnect, so a replugged device does not wait out its reconnect back-off (up to
/// 5 s by default) and an unplugged one is reported away before the next failed read.
///
/// An event is for a device when its node is the device's path, when its `/dev/…/by-id/…` link is
/// the device's path, when the device's path (a symbolic link such as `/dev/b9pos/printer-…`)
/// resolves to the node, or — for `usb://VID:PID?serial=…` addresses — by VID:PID and serial. The
/// node a path resolved to is remembered, so a `remove` still matches after udev has taken the
/// link away.
///
/// The daemon feeds it ``HotplugMonitor/events``; tests feed it their own stream.
public actor HotplugReconnector {
    private struct Target {
        let device: any HotplugReopenable
        /// The node the device's path resolved to when last seen.
        var node: String?
    }

    private var targets: [Target] = []

    public init(devices: [any HotplugReopenable] = []) {
        targets = devices.map { Target(device: $0, node: Self.resolve($0.address.path)) }
    }

    /// Adds a device to watch for.
    public func register(_ device: any HotplugReopenable) {
        targets.append(Target(device: device, node: Self.resolve(device.address.path)))
    }

    /// Handles events until the sequence ends (or the task is cancelled).
    public func run(_ events: AsyncStream<HotplugEvent>) async {
        for await event in events {
            await handle(event)
        }
    }

    /// Handles one event; returns the addresses of the devices it was for.
    @discardableResult
    public func handle(_ event: HotplugEvent) async -> [DeviceAddress] {
        guard event.action == .add || event.action == .remove else { return [] }
        var matched: [any HotplugReopenable] = []
        for index in targets.indices {
            let path = targets[index].device.address.path
            if event.action == .add, let resolved = Self.resolve(path), resolved == event.device.devnode {
                targets[index].node = resolved
            }
            if Self.matches(event.device, address: targets[index].device.address, node: targets[index].node) {
                matched.append(targets[index].device)
            }
        }
        for device in matched {
            if event.action == .add {
                await device.hotplugAdded()
            } else {
                await device.hotplugRemoved()
            }
        }
        return matched.map(\.address)
    }

    /// Whether `device` (from an event) is the one configured at `address`, whose path last
    /// resolved to `node`.
    static func matches(_ device: DiscoveredDevice, address: DeviceAddress, node: String?) -> Bool {
        if case .usb(let id, let serial, _) = address.location {
            guard device.usbID == id else { return false }
            return serial == nil || serial == device.serialNumber
        }
        guard let path = address.path else { return false }
        return path == device.devnode || path == device.byIDPath || node == device.devnode
    }

    /// The canonical path `path` points to, or nil when it does not exist.
    static func resolve(_ path: String?) -> String? {
        guard let path, let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
