import CLibUSB
public import NIOCore
import NIOPosix
import Synchronization

/// A USB device driven through libusb bulk endpoints: found by VID:PID (and serial number when
/// given), kernel driver detached (`libusb_set_auto_detach_kernel_driver`), interface claimed,
/// bulk OUT for data and bulk IN for status.
///
/// Transfers are synchronous libusb calls run on `NIOThreadPool`, never on the cooperative pool.
/// On a machine without a USB bus, ``open(_:)`` fails with ``DeviceError/Code/notFound`` and says
/// how many USB devices libusb sees (zero) — nothing crashes.
///
/// Do not use this and the kernel's `usblp` node for the same printer (one path per printer).
public final class USBTransport: DeviceTransport, Sendable {
    /// libusb context and handle. `@unchecked Sendable`: libusb synchronous transfers are
    /// thread-safe per its documentation ("Multi-threaded applications"); the pointers are released
    /// once, under `state`'s lock, in ``close()``.
    private struct Handles: @unchecked Sendable {
        let context: OpaquePointer
        let handle: OpaquePointer
        let interface: Int32
        let endpointOut: UInt8
        let endpointIn: UInt8?
    }

    private struct State {
        var closed: DeviceError?? = nil
        /// Transfers running on the thread pool; the handles are released only when this is 0.
        var inFlight = 0
        var released = false
    }

    public let address: DeviceAddress
    private let handles: Handles
    private let state = Mutex<State>(State())
    private let closed: EventLoopPromise<DeviceError?>
    private let pool: NIOThreadPool

    private init(address: DeviceAddress, handles: Handles, pool: NIOThreadPool) {
        self.address = address
        self.handles = handles
        self.pool = pool
        self.closed = MultiThreadedEventLoopGroup.singleton.next().makePromise(of: DeviceError?.self)
    }

    /// How many USB devices libusb can see (0 on a machine without a USB bus).
    ///
    /// - Throws: ``DeviceError/Code/unavailable`` when libusb cannot start.
    public static func deviceCount() throws(DeviceError) -> Int {
        var context: OpaquePointer?
        let status = libusb_init(&context)
        guard status == 0, let context else {
            throw DeviceError(.unavailable, "libusb cannot start: \(libUSBErrorName(status))")
        }
        defer { libusb_exit(context) }
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let count = libusb_get_device_list(context, &list)
        if let list { libusb_free_device_list(list, 1) }
        return max(0, count)
    }

    /// Finds, opens and claims the device a `usb://` address names.
    ///
    /// - Throws: ``DeviceError`` — `notFound` (no such VID:PID/serial, or no USB bus at all),
    ///   `permissionDenied` (`LIBUSB_ERROR_ACCESS`: install the udev rules), `busy`
    ///   (`LIBUSB_ERROR_BUSY`: another program claimed it), `unavailable` (libusb cannot start).
    public static func open(_ address: DeviceAddress) async throws(DeviceError)
        -> USBTransport
    {
        guard case .usb(let id, let serial, let interface) = address.location else {
            throw DeviceError(.invalidAddress, "not a usb address", device: address.description)
        }
        let device = address.description
        let pool = NIOThreadPool.singleton
        let result: Result<Handles, DeviceError>
        do {
            result = try await pool.runIfActive {
                Result { () throws(DeviceError) in
                    try openBlocking(id: id, serial: serial, interface: Int32(interface), device: device)
                }
            }
        } catch {
            throw DeviceError(.unavailable, "the I/O thread pool is not running", device: device, underlying: error)
        }
        return USBTransport(address: address, handles: try result.get(), pool: pool)
    }

    private static func openBlocking(id: USBDeviceID, serial: String?, interface: Int32, device: String)
        throws(DeviceError) -> Handles
    {
        var contextPointer: OpaquePointer?
        let status = libusb_init(&contextPointer)
        guard status == 0, let context = contextPointer else {
            throw DeviceError(.unavailable, "libusb cannot start: \(libUSBErrorName(status))", device: device)
        }
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let count = libusb_get_device_list(context, &list)
        defer { if let list { libusb_free_device_list(list, 1) } }
        guard count >= 0, let list else {
            libusb_exit(context)
            throw DeviceError(.unavailable, "libusb cannot list devices: \(libUSBErrorName(Int32(count)))",
                              device: device)
        }
        var candidates = 0
        var lastError: DeviceError?
        for index in 0..<count {
            guard let dev = list[index] else { continue }
            var descriptor = libusb_device_descriptor()
            guard libusb_get_device_descriptor(dev, &descriptor) == 0,
                descriptor.idVendor == id.vendorID, descriptor.idProduct == id.productID
            else { continue }
            candidates += 1
            var handlePointer: OpaquePointer?
            let openStatus = libusb_open(dev, &handlePointer)
            guard openStatus == 0, let handle = handlePointer else {
                lastError = usbError("libusb_open", openStatus, device: device)
                continue
            }
            if let serial {
                var buffer = [UInt8](repeating: 0, count: 256)
                let length = libusb_get_string_descriptor_ascii(
                    handle, descriptor.iSerialNumber, &buffer, Int32(buffer.count))
                let found = length > 0 ? String(decoding: buffer.prefix(Int(length)), as: UTF8.self) : nil
                guard found == serial else {
                    libusb_close(handle)
                    continue
                }
            }
            guard let endpoints = bulkEndpoints(dev, interface: interface) else {
                libusb_close(handle)
                lastError = DeviceError(
                    .unsupported, "interface \(interface) has no bulk OUT endpoint", device: device)
                continue
            }
            _ = libusb_set_auto_detach_kernel_driver(handle, 1)
            let claim = libusb_claim_interface(handle, interface)
            guard claim == 0 else {
                libusb_close(handle)
                lastError = usbError("libusb_claim_interface", claim, device: device)
                continue
            }
            return Handles(
                context: context, handle: handle, interface: interface, endpointOut: endpoints.out,
                endpointIn: endpoints.in)
        }
        libusb_exit(context)
        if let lastError { throw lastError }
        let what = serial.map { "\(id) with serial \($0)" } ?? id.description
        let seen = count == 0
            ? "libusb sees no USB devices at all (no USB bus on this machine, or /dev/bus/usb is not visible)"
            : "libusb sees \(count) USB device(s), \(candidates) with that VID:PID"
        throw DeviceError(.notFound, "no USB device \(what) found: \(seen); check the cable and power", device: device)
    }

    private static func bulkEndpoints(_ dev: OpaquePointer, interface: Int32) -> (out: UInt8, in: UInt8?)? {
        var configPointer: UnsafeMutablePointer<libusb_config_descriptor>?
        guard libusb_get_active_config_descriptor(dev, &configPointer) == 0, let config = configPointer else {
            return nil
        }
        defer { libusb_free_config_descriptor(config) }
        guard interface < Int32(config.pointee.bNumInterfaces), let interfaces = config.pointee.interface else {
            return nil
        }
        let usbInterface = interfaces[Int(interface)]
        guard usbInterface.num_altsetting > 0, let setting = usbInterface.altsetting?.pointee,
            let endpoints = setting.endpoint
        else { return nil }
        var out: UInt8?
        var input: UInt8?
        for index in 0..<Int(setting.bNumEndpoints) {
            let endpoint = endpoints[index]
            let isBulk = endpoint.bmAttributes & 0x03 == UInt8(LIBUSB_TRANSFER_TYPE_BULK.rawValue)
            guard isBulk else { continue }
            if endpoint.bEndpointAddress & 0x80 != 0 {
                input = input ?? endpoint.bEndpointAddress
            } else {
                out = out ?? endpoint.bEndpointAddress
            }
        }
        return out.map { ($0, input) }
    }

    static func libUSBErrorName(_ status: Int32) -> String {
        guard let name = libusb_error_name(status) else { return "error \(status)" }
        return String(cString: name)
    }

    static func usbError(_ call: String, _ status: Int32, device: String) -> DeviceError {
        let name = libUSBErrorName(status)
        switch status {
        case LIBUSB_ERROR_ACCESS.rawValue:
            return DeviceError(
                .permissionDenied,
                "\(call): \(name); install udev/99-b9pos.rules and add the service user to the b9pos group",
                device: device)
        case LIBUSB_ERROR_BUSY.rawValue:
            return DeviceError(
                .busy, "\(call): \(name); another program or the kernel usblp driver holds the interface",
                device: device)
        case LIBUSB_ERROR_NO_DEVICE.rawValue, LIBUSB_ERROR_PIPE.rawValue, LIBUSB_ERROR_IO.rawValue:
            return DeviceError(.disconnected, "\(call): \(name); the device went away", device: device)
        case LIBUSB_ERROR_TIMEOUT.rawValue:
            return DeviceError(.timedOut, "\(call): \(name)", device: device)
        case LIBUSB_ERROR_NOT_FOUND.rawValue:
            return DeviceError(.notFound, "\(call): \(name)", device: device)
        default:
            return DeviceError(.ioFailed, "\(call): \(name)", device: device)
        }
    }

    /// Registers a transfer, or throws when the transport is closed.
    private func beginTransfer() throws(DeviceError) {
        let closed: DeviceError?? = state.withLock { current in
            if current.closed == nil { current.inFlight += 1 }
            return current.closed
        }
        if let reason = closed {
            throw reason ?? DeviceError(.closed, "the transport was closed", device: address.description)
        }
    }

    private func endTransfer() {
        let release = state.withLock { current -> Bool in
            current.inFlight -= 1
            guard current.closed != nil, current.inFlight == 0, !current.released else { return false }
            current.released = true
            return true
        }
        if release { releaseHandles() }
    }

    private func transfer(endpoint: UInt8, bytes: [UInt8], timeout: Duration) async throws(DeviceError) -> [UInt8] {
        try beginTransfer()
        defer { endTransfer() }
        let handles = self.handles
        let device = address.description
        let milliseconds = UInt32(clamping: timeout.components.seconds * 1000
            + timeout.components.attoseconds / 1_000_000_000_000_000)
        let result: Result<[UInt8], DeviceError>
        do {
            result = try await pool.runIfActive {
                var buffer = bytes
                var transferred: Int32 = 0
                let status = libusb_bulk_transfer(
                    handles.handle, endpoint, &buffer, Int32(buffer.count), &transferred, milliseconds)
                if status != 0, !(status == LIBUSB_ERROR_TIMEOUT.rawValue && transferred > 0) {
                    return .failure(USBTransport.usbError("libusb_bulk_transfer", status, device: device))
                }
                return .success(Array(buffer.prefix(Int(transferred))))
            }
        } catch {
            throw DeviceError(.closed, "the I/O thread pool is not running", device: device, underlying: error)
        }
        switch result {
        case .success(let bytes): return bytes
        case .failure(let error):
            if error.code == .disconnected { finish(error) }
            throw error
        }
    }

    public func read(upTo maxBytes: Int, timeout: Duration) async throws(DeviceError) -> ByteBuffer {
        guard let endpoint = handles.endpointIn else {
            throw DeviceError(.unsupported, "this device has no bulk IN endpoint (no status back channel)",
                              device: address.description)
        }
        let length = min(max(1, maxBytes), 512)
        let bytes = try await transfer(endpoint: endpoint, bytes: [UInt8](repeating: 0, count: length), timeout: timeout)
        return ByteBuffer(bytes: bytes)
    }

    public func readChunk(timeout: Duration) async throws(DeviceError) -> ByteBuffer {
        try await read(upTo: 512, timeout: timeout)
    }

    public func write(_ bytes: ByteBuffer, timeout: Duration) async throws(DeviceError) {
        var remaining = Array(bytes.readableBytesView)
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while !remaining.isEmpty {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else {
                throw DeviceError(.timedOut, "the device did not accept the data in time", device: address.description)
            }
            let chunk = Array(remaining.prefix(16_384))
            let sentBuffer = try await transfer(endpoint: handles.endpointOut, bytes: chunk, timeout: left)
            remaining.removeFirst(sentBuffer.count)
        }
    }

    /// Marks the transport closed; the libusb handles are released now, or by the last
    /// transfer still running on the thread pool.
    private func finish(_ reason: DeviceError?) {
        let (first, release) = state.withLock { current -> (Bool, Bool) in
            guard current.closed == nil else { return (false, false) }
            current.closed = .some(reason)
            let release = current.inFlight == 0 && !current.released
            if release { current.released = true }
            return (true, release)
        }
        guard first else { return }
        if release { releaseHandles() }
        closed.succeed(reason)
    }

    private func releaseHandles() {
        libusb_release_interface(handles.handle, handles.interface)
        libusb_close(handles.handle)
        libusb_exit(handles.context)
    }

    public func close() async {
        finish(nil)
    }

    public func waitUntilClosed() async -> DeviceError? {
        (try? await closed.futureResult.get()) ?? nil
    }
}
