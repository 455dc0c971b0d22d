import NIOCore

/// Keeps what a device sends until someone reads it, and remembers why input ended.
///
/// Lives on the channel's event loop; ``ChannelTransport`` reaches it through `NIOLoopBound`.
/// End of file, `EIO` and `ECONNRESET` end the input with ``DeviceError/Code/disconnected``; reads
/// first drain the bytes that arrived before that, then fail with the reason.
final class InboundBufferHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    enum Mode {
        case stream(maxBytes: Int)
        case chunk
    }

    private struct Waiter {
        let id: UInt64
        let mode: Mode
        let promise: EventLoopPromise<ByteBuffer>
        let timer: Scheduled<Void>?
    }

    private var chunks = CircularBuffer<ByteBuffer>()
    private var waiters: [Waiter] = []
    private(set) var endReason: DeviceError?
    /// Set by the transport before it closes the channel, so the close is not mistaken for a hang-up.
    var closingLocally = false
    let device: String
    let closeReason: EventLoopPromise<DeviceError?>

    init(device: String, closeReason: EventLoopPromise<DeviceError?>) {
        self.device = device
        self.closeReason = closeReason
    }

    // MARK: reads

    func enqueue(id: UInt64, mode: Mode, promise: EventLoopPromise<ByteBuffer>, timeout: Duration, loop: any EventLoop) {
        let timer = loop.assumeIsolated().scheduleTask(in: TimeAmount(timeout)) { [self] in
            self.expire(id: id)
        }
        waiters.append(Waiter(id: id, mode: mode, promise: promise, timer: timer))
        serve()
    }

    func cancel(id: UInt64) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        let waiter = waiters.remove(at: index)
        waiter.timer?.cancel()
        waiter.promise.fail(CancellationError())
    }

    private func expire(id: UInt64) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        let waiter = waiters.remove(at: index)
        waiter.promise.fail(DeviceError(.timedOut, "nothing arrived before the read timeout", device: device))
    }

    private func serve() {
        while !waiters.isEmpty, !chunks.isEmpty {
            let waiter = waiters.removeFirst()
            waiter.timer?.cancel()
            switch waiter.mode {
            case .chunk:
                waiter.promise.succeed(chunks.removeFirst())
            case .stream(let maxBytes):
                var out = chunks.removeFirst()
                while out.readableBytes < maxBytes, !chunks.isEmpty {
                    var next = chunks.removeFirst()
                    out.writeBuffer(&next)
                }
                if out.readableBytes > maxBytes, let head = out.readSlice(length: maxBytes) {
                    chunks.prepend(out)
                    out = head
                }
                waiter.promise.succeed(out)
            }
        }
        if chunks.isEmpty, let endReason {
            let failed = waiters
            waiters.removeAll()
            for waiter in failed {
                waiter.timer?.cancel()
                waiter.promise.fail(endReason)
            }
        }
    }

    private func end(_ reason: DeviceError) {
        if endReason == nil { endReason = reason }
        serve()
    }

    // MARK: channel events

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = Self.unwrapInboundIn(data)
        if bytes.readableBytes > 0 { chunks.append(bytes) }
        serve()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            end(DeviceError(.disconnected, "the device closed its side (end of input)", device: device))
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        end(ChannelTransport.map(error, device: device, operation: "read"))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        let reason: DeviceError?
        if let endReason, endReason.code != .closed {
            reason = endReason
        } else if closingLocally {
            reason = nil
        } else {
            reason = DeviceError(.disconnected, "the device hung up (end of file)", device: device)
        }
        end(reason ?? DeviceError(.closed, "the transport was closed", device: device))
        closeReason.succeed(reason)
        context.fireChannelInactive()
    }

    /// A channel that never became active (its registration failed) is torn down without
    /// `channelInactive`; settle the close reason and any waiting reads here.
    func handlerRemoved(context: ChannelHandlerContext) {
        end(endReason ?? DeviceError(.closed, "the transport was closed", device: device))
        closeReason.succeed(endReason)
    }
}
