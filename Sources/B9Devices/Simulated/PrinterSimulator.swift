import B9ESCPOS
import NIOCore
#if canImport(Glibc)
import Glibc
#endif

/// A simulated ESC/POS receipt printer for tests and the demo, on a pseudo-terminal (a serial
/// printer) or a loopback TCP port (a 9100 network printer).
///
/// It stores every byte it receives (``received``) and, separately, what it "printed"
/// (``printed``: everything except `DLE EOT` requests, taken while it could print). It answers
/// `DLE EOT n` (0x10 0x04 n, n = 1…4) with the status byte of the Epson ESC/POS Command Reference,
/// and after `GS a n` (0x1D 0x61 n, n ≠ 0) sends a 4-byte Automatic Status Back frame at once and on
/// every change. `GS r n` (0x1D 0x72 n; n = 1/49 paper sensor, 2/50 drawer kick-out connector) is
/// answered with one byte 0xx0xxxx in turn with the data before it — so, like a real printer, not
/// while it is offline, but once it recovers. Data that arrives while it cannot print (paper end,
/// cover open, offline) is kept and printed when it recovers, as a real printer finishes its
/// buffer. `ESC p m t1 t2` (0x1B 0x70 …) is recorded in ``drawerKicks``.
///
/// Faults: ``setPaperEnd(_:)``, ``setPaperNearEnd(_:)``, ``setCoverOpen(_:)``, ``setOffline(_:)``,
/// ``setDrawerOpen(_:)``, ``setDrainDelay(_:)`` (slow), ``dropConnection()``, and
/// ``unplug()``/``replug()``. Unplugging destroys the pty (its link disappears), or stops the TCP
/// listener while the port stays held by a ``LoopbackPortReservation``, so connections are refused
/// and the replugged printer comes back on the very same port, which nothing else can have taken.
public actor PrinterSimulator {
    private enum Medium {
        case pty(linkPath: String)
        case tcp(port: UInt16)
    }

    /// Every byte received, in order, across connections.
    public private(set) var received: [UInt8] = []
    /// Bytes printed (all but `DLE EOT` requests), in order.
    public private(set) var printed: [UInt8] = []
    /// `ESC p` pulses received: (pin m, t1, t2).
    public private(set) var drawerKicks: [[UInt8]] = []
    /// Bytes routed to a chained customer display by `ESC = 2` (0x1B 0x3D 0x02).
    public private(set) var displayReceived: [UInt8] = []
    /// How many connections the simulator has served.
    public private(set) var connectionCount = 0

    private var paperEnd = false
    private var paperNearEnd = false
    private var coverOpen = false
    private var forcedOffline = false
    private var drawerOpen = false
    private var drainDelay: Duration?
    private var asbEvents: UInt8 = 0
    private var heldData: [UInt8] = []
    private var pending: [UInt8] = []
    private var peripheral: UInt8 = 1
    /// `GS r n` requests read while the printer could not process its buffer, answered on recovery.
    private var deferredTransmitStatus: [UInt8] = []

    private let medium: Medium
    private var pty: PseudoTerminal?
    private var listener: LoopbackListener?
    private var reservation: LoopbackPortReservation?
    private var connections: [ChannelTransport] = []
    private var tasks: [Task<Void, Never>] = []
    /// Takes connections from the current listener; after an unplug it resets those still queued.
    private var acceptor: Task<Void, Never>?

    private init(medium: Medium) {
        self.medium = medium
    }

    /// A printer on a new pseudo-terminal, reachable at `linkPath` (a symbolic link the simulator
    /// keeps pointing at its current pty, so the address survives ``replug()``).
    public static func onPseudoTerminal(linkPath: String) async throws(DeviceError) -> PrinterSimulator {
        let simulator = PrinterSimulator(medium: .pty(linkPath: linkPath))
        try await simulator.plugIn()
        return simulator
    }

    /// A printer listening on `127.0.0.1:port` (0 picks a free port). The port is held until
    /// ``shutdown()``, across ``unplug()`` and ``replug()``.
    public static func onLoopback(port: UInt16 = 0) async throws(DeviceError) -> PrinterSimulator {
        let reservation = try LoopbackPortReservation.reserve(port: port)
        let simulator = PrinterSimulator(medium: .tcp(port: reservation.port))
        await simulator.hold(reservation)
        do throws(DeviceError) {
            try await simulator.plugIn()
        } catch {
            reservation.release()
            throw error
        }
        return simulator
    }

    private func hold(_ reservation: LoopbackPortReservation) {
        self.reservation = reservation
    }

    /// Where the device side connects: `serial://<link>` or `tcp://127.0.0.1:<port>`.
    public var address: DeviceAddress {
        switch medium {
        case .pty(let link): DeviceAddress(.serial(path: link, settings: .default))
        case .tcp(let port): DeviceAddress(.tcp(host: "127.0.0.1", port: port))
        }
    }

    // MARK: faults

    public func setPaperEnd(_ on: Bool) async { await change { $0.paperEnd = on } }
    public func setPaperNearEnd(_ on: Bool) async { await change { $0.paperNearEnd = on } }
    public func setCoverOpen(_ on: Bool) async { await change { $0.coverOpen = on } }
    public func setOffline(_ on: Bool) async { await change { $0.forcedOffline = on } }
    public func setDrawerOpen(_ on: Bool) async { await change { $0.drawerOpen = on } }
    /// Reads at most 16 bytes, then waits this long, so writers see back-pressure (nil: full speed).
    public func setDrainDelay(_ delay: Duration?) { drainDelay = delay }

    /// Ends the current connection(s) the way a lost link does (TCP reset; for a pty, the line is
    /// hung up and a new pty is put at the same address).
    public func dropConnection() async {
        await unplug()
        try? await replug()
    }

    /// Takes the printer away: the pty is destroyed and its link removed, or the TCP listener and
    /// its connections are closed (with a reset) while the port stays held, so new connections are
    /// refused.
    public func unplug() async {
        if let listener {
            // Connections the listener took in but not yet handed over are reset too (accept
            // refuses them once the listener is gone), so no client stays on a half-served link.
            self.listener = nil
            await listener.stop()
            await acceptor?.value
            acceptor = nil
        }
        for task in tasks { task.cancel() }
        tasks = []
        deferredTransmitStatus = []
        for connection in connections { await connection.reset() }
        connections = []
        if let pty {
            await pty.hangUp()
            self.pty = nil
        }
        if case .pty(let link) = medium { unlink(link) }
    }

    /// Brings the printer back at the same address (new pty behind the link, or a new listener on
    /// the held port).
    public func replug() async throws(DeviceError) {
        guard pty == nil, listener == nil else { return }
        try await plugIn()
    }

    /// Stops serving for good and frees the port.
    public func shutdown() async {
        await unplug()
        reservation?.release()
        reservation = nil
    }

    /// Whether the printer can print now.
    public var isReady: Bool { !(paperEnd || coverOpen || forcedOffline) }

    // MARK: status bytes (Epson ESC/POS Command Reference, DLE EOT and GS a)

    private var offline: Bool { paperEnd || coverOpen || forcedOffline }

    /// The reply to `DLE EOT n`: fixed bits 0xx1xx10.
    func realTimeStatus(_ n: UInt8) -> UInt8 {
        var byte: UInt8 = 0x12
        switch n {
        case 1:
            if drawerOpen { byte |= 1 << 2 }
            if offline { byte |= 1 << 3 }
        case 2:
            if coverOpen { byte |= 1 << 2 }
            if paperEnd { byte |= 1 << 5 }
        case 4:
            if paperNearEnd { byte |= 0b0000_1100 }
            if paperEnd { byte |= 0b0110_0000 }
        default:
            break
        }
        return byte
    }

    /// The reply to `GS r n`: fixed bits 0xx0xxxx. n = 1/49: bits 0–1 near end, bits 2–3 paper
    /// end; n = 2/50: bit 0 drawer kick-out connector pin 3 HIGH.
    func transmitStatus(_ n: UInt8) -> UInt8 {
        switch n {
        case 1, 49: (paperNearEnd ? 0b0000_0011 : 0) | (paperEnd ? 0b0000_1100 : 0)
        case 2, 50: drawerOpen ? 0b0000_0001 : 0
        default: 0
        }
    }

    /// The four ASB bytes: 0xx1xx00 then 0xx0xxxx three times.
    var automaticStatusFrame: [UInt8] {
        var first: UInt8 = 0x10
        if drawerOpen { first |= 1 << 2 }
        if offline { first |= 1 << 3 }
        if coverOpen { first |= 1 << 5 }
        var paper: UInt8 = 0
        if paperNearEnd { paper |= 0b0011 }
        if paperEnd { paper |= 0b1100 }
        return [first, 0, paper, 0]
    }

    // MARK: serving

    private func plugIn() async throws(DeviceError) {
        switch medium {
        case .pty(let link):
            let pty = try await PseudoTerminal.open(name: "printer", linkedAt: link)
            self.pty = pty
            connectionCount += 1
            serve(pty.peer)
        case .tcp(let port):
            guard let reservation else {
                throw DeviceError(.illegalState, "the simulator was shut down", device: "tcp://127.0.0.1:\(port)")
            }
            let listener = try await LoopbackListener.start(sharing: reservation)
            self.listener = listener
            acceptor = Task { [weak self] in
                for await connection in listener.connections {
                    await self?.accept(connection)
                }
            }
        }
    }

    private func accept(_ connection: ChannelTransport) async {
        guard listener != nil else {
            await connection.reset()
            return
        }
        connectionCount += 1
        serve(connection)
    }

    private func serve(_ connection: ChannelTransport) {
        connections.append(connection)
        tasks.append(Task { [weak self] in
            while !Task.isCancelled {
                guard let self else { return }
                let delay = await self.drainDelay
                var chunk: ByteBuffer
                do throws(DeviceError) {
                    chunk = try await connection.read(upTo: delay == nil ? 65536 : 16, timeout: .seconds(3600))
                } catch where error.code == .timedOut {
                    continue
                } catch {
                    return
                }
                if let delay { try? await Task.sleep(for: delay) }
                let replies = await self.take(chunk.readBytes(length: chunk.readableBytes) ?? [])
                if !replies.isEmpty {
                    try? await connection.write(replies, timeout: .seconds(5))
                }
            }
        })
    }

    /// Processes bytes; returns what to send back.
    private func take(_ bytes: [UInt8]) -> [UInt8] {
        var replies: [UInt8] = []
        for byte in bytes {
            received.append(byte)
            pending.append(byte)
            switch pending.count {
            case 1 where byte == 0x10 || byte == 0x1D || byte == 0x1B:
                continue
            case 2 where (pending[0] == 0x10 && byte == 0x04) || (pending[0] == 0x1D && (byte == 0x61 || byte == 0x72))
                || (pending[0] == 0x1B && (byte == 0x70 || byte == 0x3D)):
                continue
            case 3 where pending[0] == 0x1D && pending[1] == 0x72:
                // GS r is processed in turn with the buffer: not while the printer is offline.
                pending = []
                if isReady { replies.append(transmitStatus(byte)) } else { deferredTransmitStatus.append(byte) }
                continue
            case 3 where pending[0] == 0x1B && pending[1] == 0x3D:
                peripheral = byte
                pending = []
                continue
            case 3 where pending[0] == 0x10 && (1...4).contains(byte):
                replies.append(realTimeStatus(byte))
                pending = []
                continue
            case 3 where pending[0] == 0x1D:
                asbEvents = byte
                if byte != 0 { replies += automaticStatusFrame }
            case 3 where pending[0] == 0x1B, 4 where pending[0] == 0x1B:
                continue
            case 5 where pending[0] == 0x1B:
                drawerKicks.append(Array(pending[2...]))
            default:
                break
            }
            let run = pending
            pending = []
            if peripheral & 0x02 != 0 { displayReceived += run }
            if peripheral & 0x01 == 0 { continue }
            if isReady { printed += run } else { heldData += run }
        }
        return replies
    }

    private func change(_ body: (isolated PrinterSimulator) -> Void) async {
        let before = automaticStatusFrame
        body(self)
        if isReady, !heldData.isEmpty {
            printed += heldData
            heldData = []
        }
        var replies: [UInt8] = []
        if isReady {
            replies = deferredTransmitStatus.map(transmitStatus)
            deferredTransmitStatus = []
        }
        let after = automaticStatusFrame
        if asbEvents != 0, before != after { replies = after + replies }
        guard !replies.isEmpty else { return }
        for connection in connections {
            try? await connection.write(replies, timeout: .seconds(5))
        }
    }
}
