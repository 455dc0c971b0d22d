public import NIOCore

/// A byte pipe to one device: the common ground of serial ttys, TCP sockets, USB printer-class
/// nodes, libusb bulk endpoints, evdev and hidraw nodes.
///
/// Reads and writes are `async` with a timeout. A device that goes away (end of file, `EIO`,
/// `ECONNRESET`, unplug) makes reads and writes throw ``DeviceError/Code/disconnected``; that is
/// never reported as "no data". Device classes (printer, scanner, drawer, display, scale) are
/// written against this protocol only, so a simulator or a test double can stand in for hardware.
public protocol DeviceTransport: AnyObject, Sendable {
    /// The address this transport was opened from (used in errors and events).
    var address: DeviceAddress { get }

    /// Waits until at least one byte has arrived and returns up to `maxBytes` of what has been
    /// received; the rest stays for the next read.
    ///
    /// - Parameters:
    ///   - maxBytes: the most bytes to return.
    ///   - timeout: how long to wait for the first byte.
    /// - Throws: ``DeviceError`` — `timedOut` when nothing arrived in time, `disconnected` when
    ///   the device went away (after any bytes it sent before going have been read), `closed`
    ///   after ``close()``.
    func read(upTo maxBytes: Int, timeout: Duration) async throws(DeviceError) -> ByteBuffer

    /// Returns one chunk exactly as one `read(2)` delivered it. Use for message-oriented nodes
    /// (hidraw reports); otherwise ``read(timeout:)``.
    func readChunk(timeout: Duration) async throws(DeviceError) -> ByteBuffer

    /// Writes all of `bytes`, waiting at most `timeout` for the device to accept them.
    ///
    /// - Throws: ``DeviceError`` — `timedOut` when the device did not take the bytes in time
    ///   (flow control held, printer offline), `disconnected`, `closed`, or `unsupported` for
    ///   input-only devices.
    func write(_ bytes: ByteBuffer, timeout: Duration) async throws(DeviceError)

    /// Closes the transport. Pending reads fail with ``DeviceError/Code/closed``. Idempotent.
    func close() async

    /// Returns when the transport has closed: nil when ``close()`` closed it, otherwise the
    /// ``DeviceError`` (`disconnected`, …) that ended it.
    func waitUntilClosed() async -> DeviceError?
}

extension DeviceTransport {
    /// Waits until at least one byte has arrived and returns everything received so far.
    public func read(timeout: Duration) async throws(DeviceError) -> ByteBuffer {
        try await read(upTo: Int.max, timeout: timeout)
    }

    /// Writes `bytes` (convenience over ``write(_:timeout:)``).
    public func write(_ bytes: some Sequence<UInt8>, timeout: Duration) async throws(DeviceError) {
        try await write(ByteBuffer(bytes: bytes), timeout: timeout)
    }

    /// Reads exactly `count` bytes, waiting at most `timeout` in total.
    ///
    /// - Throws: ``DeviceError`` `timedOut` when fewer bytes arrived in time.
    public func read(exactly count: Int, timeout: Duration) async throws(DeviceError) -> [UInt8] {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var collected: [UInt8] = []
        collected.reserveCapacity(count)
        while collected.count < count {
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else {
                throw DeviceError(
                    .timedOut, "expected \(count) bytes, got \(collected.count) before the timeout",
                    device: address.description)
            }
            var chunk = try await read(upTo: count - collected.count, timeout: remaining)
            collected += chunk.readBytes(length: chunk.readableBytes) ?? []
        }
        return collected
    }
}
