import CB9Linux
import CUdev
import NIOPosix
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Watches libudev for devices being added and removed, as an `AsyncStream` of ``HotplugEvent``s.
///
/// The libudev monitor has a single owner: one dedicated thread (its own one-thread
/// `NIOThreadPool`) creates it, waits on its descriptor and a stop pipe with `poll(2)` (no busy
/// loop, nothing on the cooperative pool), and yields events into the stream. ``stop()`` wakes
/// the thread through the pipe; the stream then finishes.
public final class HotplugMonitor: Sendable {
    /// Add, remove and change events, in kernel order.
    public let events: AsyncStream<HotplugEvent>
    /// `udev` or `kernel`.
    public let source: String
    private let stopWrite: CInt
    private let pool: NIOThreadPool
    private let stopped = Atomic<Bool>(false)

    private init(events: AsyncStream<HotplugEvent>, source: String, stopWrite: CInt, pool: NIOThreadPool) {
        self.events = events
        self.source = source
        self.stopWrite = stopWrite
        self.pool = pool
    }

    /// libudev handles handed from ``start(source:includeVirtual:)`` to the monitor thread, which
    /// is their only user from then on. `@unchecked Sendable`: ownership moves exactly once.
    private struct Handles: @unchecked Sendable {
        let udev: OpaquePointer
        let monitor: OpaquePointer
    }

    /// Starts watching ``UdevDiscovery/subsystems``.
    ///
    /// - Parameters:
    ///   - source: `udev`, `kernel`, or nil to choose (`udev` when the daemon runs).
    ///   - includeVirtual: also report virtual devices (`/sys/devices/virtual/…`).
    /// - Throws: ``DeviceError/Code/unavailable`` when the netlink monitor cannot be created.
    public static func start(source: String? = nil, includeVirtual: Bool = false) throws(DeviceError)
        -> HotplugMonitor
    {
        let chosen = source ?? UdevDiscovery.availability().monitorSource
        guard let udev = udev_new() else {
            throw DeviceError(.unavailable, "libudev cannot start (udev_new failed)", errno: errno)
        }
        guard let monitor = udev_monitor_new_from_netlink(udev, chosen) else {
            let saved = errno
            udev_unref(udev)
            throw DeviceError(.unavailable, "cannot open the \(chosen) netlink monitor (is AF_NETLINK allowed?)",
                              errno: saved)
        }
        for subsystem in UdevDiscovery.subsystems {
            udev_monitor_filter_add_match_subsystem_devtype(monitor, subsystem, nil)
        }
        guard udev_monitor_enable_receiving(monitor) >= 0 else {
            let saved = errno
            udev_monitor_unref(monitor)
            udev_unref(udev)
            throw DeviceError(.unavailable, "cannot receive \(chosen) events", errno: saved)
        }
        var pipeFDs: [CInt] = [-1, -1]
        guard CB9Linux_pipe_cloexec(&pipeFDs) == 0 else {
            let saved = errno
            udev_monitor_unref(monitor)
            udev_unref(udev)
            throw DeviceError(.unavailable, "cannot create the monitor's stop pipe", errno: saved)
        }
        let stopRead = pipeFDs[0]
        let (stream, continuation) = AsyncStream.makeStream(of: HotplugEvent.self)
        let handles = Handles(udev: udev, monitor: monitor)
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        pool.submit { _ in
            watch(handles, includeVirtual: includeVirtual, stopRead: stopRead, continuation: continuation)
            udev_monitor_unref(handles.monitor)
            udev_unref(handles.udev)
            _ = Glibc.close(stopRead)
            continuation.finish()
        }
        return HotplugMonitor(events: stream, source: chosen, stopWrite: pipeFDs[1], pool: pool)
    }

    /// Runs on the monitor thread, the only user of `handles`.
    private static func watch(
        _ handles: Handles, includeVirtual: Bool, stopRead: CInt,
        continuation: AsyncStream<HotplugEvent>.Continuation
    ) {
        let monitor = handles.monitor
        let monitorFD = udev_monitor_get_fd(monitor)
        var fds = [pollfd(fd: monitorFD, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: stopRead, events: Int16(POLLIN), revents: 0)]
        while true {
            fds[0].revents = 0
            fds[1].revents = 0
            let ready = poll(&fds, 2, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                return
            }
            if fds[1].revents != 0 { return }
            guard fds[0].revents & Int16(POLLIN) != 0 else { continue }
            guard let device = udev_monitor_receive_device(monitor) else { continue }
            defer { udev_device_unref(device) }
            let action = udev_device_get_action(device).map { String(cString: $0) } ?? "change"
            guard let described = UdevDiscovery.describe(device),
                includeVirtual || !described.syspath.contains("/virtual/")
            else { continue }
            continuation.yield(HotplugEvent(action: HotplugEvent.Action(text: action), device: described))
        }
    }

    /// Stops the monitor; ``events`` finishes. Idempotent.
    public func stop() async {
        guard stopped.exchange(true, ordering: .acquiringAndReleasing) == false else { return }
        var byte: UInt8 = 1
        _ = Glibc.write(stopWrite, &byte, 1)
        try? await pool.shutdownGracefully()
        _ = Glibc.close(stopWrite)
    }
}
