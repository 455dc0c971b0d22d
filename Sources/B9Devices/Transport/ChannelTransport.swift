import CB9Linux
public import NIOCore
import NIOPosix
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A ``DeviceTransport`` over a NIO channel: pipe channels for ttys, usblp, evdev and hidraw
/// nodes (`NIOPipeBootstrap` taking ownership of the descriptor) and socket channels for TCP.
///
/// Readiness comes from the event loop's epoll; nothing here blocks a thread or polls in a loop.
/// Subclasses (``SerialPort``, ``InputDeviceTransport``) add device controls.
public class ChannelTransport: DeviceTransport, @unchecked Sendable {
    // @unchecked: every stored property is a `let` of a Sendable type (Channel, NIOLoopBound,
    // Atomic, EventLoopFuture); subclasses add only `let`s of Sendable types.
    public let address: DeviceAddress
    let channel: any Channel
    let handler: NIOLoopBound<InboundBufferHandler>
    let closeReason: EventLoopFuture<DeviceError?>
    /// False for input-only nodes (evdev, hidraw opened read-only).
    let writable: Bool
    private let nextID = Atomic<UInt64>(0)

    init(address: DeviceAddress, channel: any Channel, installed: Installed, writable: Bool) {
        self.address = address
        self.channel = channel
        self.handler = installed.handler
        self.closeReason = installed.closeReason
        self.writable = writable
    }

    /// What a channel initializer produces: the buffer handler (loop-bound) and the close reason.
    typealias Installed = (handler: NIOLoopBound<InboundBufferHandler>, closeReason: EventLoopFuture<DeviceError?>)

    /// The channel initializer shared by every channel transport: installs the inbound buffer and
    /// reports it through `installed` (runs on the channel's loop, before any byte is read).
    static func initializer(device: String, installed: EventLoopPromise<Installed>)
        -> @Sendable (any Channel) -> EventLoopFuture<Void>
    {
        { channel in
            let reason = channel.eventLoop.makePromise(of: DeviceError?.self)
            let handler = InboundBufferHandler(device: device, closeReason: reason)
            do {
                try channel.pipeline.syncOperations.addHandler(handler)
            } catch {
                reason.succeed(nil)
                return channel.eventLoop.makeFailedFuture(error)
            }
            installed.succeed((NIOLoopBound(handler, eventLoop: channel.eventLoop), reason.futureResult))
            return channel.eventLoop.makeSucceededVoidFuture()
        }
    }

    /// Hands `descriptor` to a NIO pipe channel. On failure the descriptor is closed.
    static func adoptDescriptor(
        _ descriptor: CInt, address: DeviceAddress, input: Bool, output: Bool,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws(DeviceError) -> (any Channel, Installed) {
        let device = address.description
        if let refused = unwatchable(descriptor) {
            _ = Glibc.close(descriptor)
            throw DeviceError(
                .openFailed, "the device node cannot be watched for readiness (is it a regular file?)",
                device: device, errno: refused)
        }
        let loop = group.next()
        let installed = loop.makePromise(of: Installed.self)
        let bootstrap = NIOPipeBootstrap(group: loop)
            .channelOption(.allowRemoteHalfClosure, value: false)
            .channelInitializer(initializer(device: device, installed: installed))
        let future: EventLoopFuture<any Channel>
        switch (input, output) {
        case (true, true):
            // Our own close-on-exec duplicate for the write side: NIO's `inputOutput:` variant uses a
            // plain `dup`, whose copy a child process started meanwhile would inherit and keep open
            // (a pty master held by a child never hangs up; a device node stays busy).
            let output = fcntl(descriptor, F_DUPFD_CLOEXEC, 0)
            guard output >= 0 else {
                let saved = errno
                installed.fail(DeviceError.system("fcntl(F_DUPFD_CLOEXEC)", errno: saved, device: device))
                _ = Glibc.close(descriptor)
                throw DeviceError.system("fcntl(F_DUPFD_CLOEXEC)", errno: saved, device: device)
            }
            future = bootstrap.takingOwnershipOfDescriptors(input: descriptor, output: output)
        case (true, false): future = bootstrap.takingOwnershipOfDescriptor(input: descriptor)
        default: future = bootstrap.takingOwnershipOfDescriptor(output: descriptor)
        }
        let channel: any Channel
        do {
            channel = try await future.get()
        } catch {
            // The descriptors are not closed here: once NIO has begun setting the channel up, a
            // failure closes them itself, and closing a number twice would close whatever was opened
            // under it meanwhile (another device's line). `unwatchable` above refused what NIO's own
            // checks would; what is left is rare and at worst leaks the descriptors.
            installed.fail(error)
            throw DeviceError(
                .openFailed, "the device node cannot be watched for readiness (is it a regular file?)",
                device: device, underlying: error)
        }
        do {
            return (channel, try await installed.futureResult.get())
        } catch {
            try? await channel.close()
            throw map(error, device: device, operation: "open")
        }
    }

    /// Why epoll cannot watch `descriptor` (a regular file, directory or block device, or a node
    /// whose driver has no poll), as an errno; nil when it can. Checked before NIO takes the
    /// descriptor, so that a refusal leaves it ours to close.
    static func unwatchable(_ descriptor: CInt) -> CInt? {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return errno }
        switch info.st_mode & S_IFMT {
        case S_IFREG, S_IFDIR, S_IFBLK, S_IFLNK: return EPERM
        default: break
        }
        let refusal = CB9Linux_epoll_refusal(descriptor)
        if refusal != 0 { return refusal }
        return nil
    }

    /// Takes ownership of an open descriptor (a pipe, FIFO or pty end) and drives it like a device.
    /// For simulators and tests: the descriptor is closed when the transport closes, or here on failure.
    ///
    /// - Parameters:
    ///   - name: the simulator name used in errors (`sim://<name>`).
    public static func adopting(descriptor: CInt, name: String, readable: Bool = true, writable: Bool = true)
        async throws(DeviceError) -> ChannelTransport
    {
        let address = DeviceAddress(.simulator(name: name, parameters: [:]))
        let (channel, installed) = try await adoptDescriptor(
            descriptor, address: address, input: readable, output: writable)
        return ChannelTransport(address: address, channel: channel, installed: installed, writable: writable)
    }

    public func read(upTo maxBytes: Int, timeout: Duration) async throws(DeviceError) -> ByteBuffer {
        try await enqueueRead(.stream(maxBytes: max(1, maxBytes)), timeout: timeout)
    }

    public func readChunk(timeout: Duration) async throws(DeviceError) -> ByteBuffer {
        try await enqueueRead(.chunk, timeout: timeout)
    }

    private func enqueueRead(_ mode: InboundBufferHandler.Mode, timeout: Duration) async throws(DeviceError)
        -> ByteBuffer
    {
        let id = nextID.add(1, ordering: .relaxed).newValue
        let loop = channel.eventLoop
        let promise = loop.makePromise(of: ByteBuffer.self)
        let handler = self.handler
        loop.execute {
            handler.value.enqueue(id: id, mode: mode, promise: promise, timeout: timeout, loop: loop)
        }
        do {
            return try await withTaskCancellationHandler {
                try await promise.futureResult.get()
            } onCancel: {
                loop.execute { handler.value.cancel(id: id) }
            }
        } catch {
            throw ChannelTransport.map(error, device: address.description, operation: "read")
        }
    }

    public func write(_ bytes: ByteBuffer, timeout: Duration) async throws(DeviceError) {
        guard writable else {
            throw DeviceError(.unsupported, "this device is input-only", device: address.description)
        }
        let loop = channel.eventLoop
        let promise = loop.makePromise(of: Void.self)
        let channel = self.channel
        let device = address.description
        loop.execute {
            let timer = loop.scheduleTask(in: TimeAmount(timeout)) {
                promise.fail(DeviceError(
                    .timedOut, "the device did not accept the data in time (flow control held, offline or "
                        + "out of paper?)", device: device))
            }
            channel.writeAndFlush(bytes).whenComplete { result in
                timer.cancel()
                promise.completeWith(result)
            }
        }
        do {
            try await promise.futureResult.get()
        } catch {
            throw ChannelTransport.map(error, device: device, operation: "write")
        }
    }

    public func close() async {
        let handler = self.handler
        let channel = self.channel
        try? await channel.eventLoop.submit {
            handler.value.closingLocally = true
        }.get()
        try? await channel.close()
        willClose()
    }

    /// Hook for subclasses that hold extra descriptors. May run more than once.
    func willClose() {}

    /// A transport dropped without ``close()`` still gives its descriptors back.
    deinit {
        channel.close(promise: nil)
    }

    public func waitUntilClosed() async -> DeviceError? {
        (try? await closeReason.get()) ?? nil
    }

    /// Closes the write direction only (TCP `shutdown(SHUT_WR)`); reads go on until the peer closes.
    public func closeOutput() async throws(DeviceError) {
        do {
            try await channel.close(mode: .output)
        } catch {
            throw ChannelTransport.map(error, device: address.description, operation: "half-close")
        }
    }

    /// Maps NIO and system errors to ``DeviceError``, keeping the errno.
    static func map(_ error: any Error, device: String, operation: String) -> DeviceError {
        if let error = error as? DeviceError { return error }
        if error is CancellationError {
            return DeviceError(.closed, "the \(operation) was cancelled", device: device, underlying: error)
        }
        if let error = error as? IOError {
            return DeviceError.system(operation, errno: error.errnoCode, device: device)
        }
        if let error = error as? ChannelError {
            switch error {
            case .ioOnClosedChannel, .alreadyClosed, .eof, .outputClosed, .inputClosed:
                return DeviceError(.disconnected, "the device is no longer connected", device: device, underlying: error)
            case .connectTimeout:
                return DeviceError(
                    .connectionFailed, "no answer within the connect timeout; check the address and that the "
                        + "device is on", device: device, errno: ETIMEDOUT, underlying: error)
            default:
                break
            }
        }
        if let error = error as? NIOConnectionError {
            let errnoValue = error.connectionErrors.compactMap { ($0.error as? IOError)?.errnoCode }.first
            return DeviceError(
                .connectionFailed, "cannot connect; check the host, port and that the device is on",
                device: device, errno: errnoValue, underlying: error)
        }
        return DeviceError(.ioFailed, "\(operation) failed", device: device, underlying: error)
    }
}
