/// Separates what a printer sends back into status replies, Automatic Status Back frames, flow control and
/// other bytes. Pure state machine: feed it whatever chunks the transport delivers.
///
/// A `DLE EOT` reply carries no tag saying which request it answers, and its fixed bits (0xx1xx10) are
/// shared with ordinary ASCII such as "2" or "R". So the decoder only reads a byte as a real-time status when
/// a request is outstanding: tell it with `request(_:)` (which also returns the bytes to send) or
/// `expectReply(to:)`. Replies are matched to requests in order, as the printer answers them in order
/// (Epson ESC/POS Command Reference, DLE EOT; "Identification of send status", Citizen CT-S310 manual 5.3).
///
/// `GS r n` replies (0xx0xxxx) are told apart the same way: only while a `GS r` request is outstanding
/// (`requestTransmitStatus(_:)` or `expectTransmitStatusReply(to:)`), and only between frames. They
/// have their own queue, because the printer answers `DLE EOT` at once but `GS r` only after the data
/// sent before it, so the two kinds of answers may come in another order than the requests.
///
/// Automatic Status Back frames are recognised by their fixed bits (first byte 0xx1xx00, then three bytes
/// 0xx0xxxx, with XON/XOFF allowed between them) whenever `recognizesAutomaticStatusBack` is on, because
/// printers send them unprompted once ASB is enabled (also by a memory switch). A candidate frame that breaks
/// the pattern is given back as data, byte by byte re-examined, never half-read as status.
public struct PrinterStatusDecoder: Sendable {
    /// Whether 4-byte Automatic Status Back frames are recognised. Turn off for printers that never have
    /// ASB enabled, so no payload can ever be taken for a frame.
    public var recognizesAutomaticStatusBack: Bool
    /// Whether XON/XOFF bytes outside other replies are reported as flow control rather than data.
    public var recognizesFlowControl: Bool

    private var pendingRequests: [StatusRequest] = []
    private var pendingTransmitRequests: [TransmitStatusRequest] = []
    private var pendingBlocks = 0
    private var state = State.idle
    private var dataRun: [UInt8] = []

    private enum State: Sendable {
        case idle
        case automaticStatus([UInt8])
        case block([UInt8])
    }

    /// Longest block reply accepted; Epson limits `GS I` answers to 80 bytes.
    static let maximumBlockLength = 80

    public init(recognizesAutomaticStatusBack: Bool = true, recognizesFlowControl: Bool = true) {
        self.recognizesAutomaticStatusBack = recognizesAutomaticStatusBack
        self.recognizesFlowControl = recognizesFlowControl
    }

    /// Records that `DLE EOT n` is being sent and returns its bytes (`10 04 n`) for the transport.
    public mutating func request(_ request: StatusRequest) -> [UInt8] {
        expectReply(to: request)
        return request.bytes
    }

    /// Records that a `DLE EOT n` request went out by another path.
    public mutating func expectReply(to request: StatusRequest) {
        pendingRequests.append(request)
    }

    /// Records that `GS r n` is being sent and returns its bytes (`1D 72 n`) for the transport.
    public mutating func requestTransmitStatus(_ request: TransmitStatusRequest) -> [UInt8] {
        expectTransmitStatusReply(to: request)
        return request.bytes
    }

    /// Records that a `GS r n` request went out by another path.
    public mutating func expectTransmitStatusReply(to request: TransmitStatusRequest) {
        pendingTransmitRequests.append(request)
    }

    /// `GS r` requests still waiting for their reply byte, oldest first.
    public var outstandingTransmitRequests: [TransmitStatusRequest] { pendingTransmitRequests }

    /// Records that a command answering with a `_ … NUL` block (such as `GS I 65`) went out.
    public mutating func expectBlockReply() {
        pendingBlocks += 1
    }

    /// Requests still waiting for their reply byte, oldest first.
    public var outstandingRequests: [StatusRequest] { pendingRequests }

    /// Forgets outstanding requests, for example after the transport timed out waiting for a reply;
    /// later bytes are then never taken as answers to them.
    public mutating func cancelOutstandingRequests() {
        pendingRequests.removeAll()
        pendingTransmitRequests.removeAll()
        pendingBlocks = 0
    }

    /// Consumes bytes from the printer and returns everything complete so far, in order.
    /// An unfinished ASB frame or block is kept for the next call.
    public mutating func feed(_ bytes: some Collection<UInt8>) -> [PrinterReply] {
        var replies: [PrinterReply] = []
        for byte in bytes {
            consume(byte, into: &replies)
        }
        flushData(into: &replies)
        return replies
    }

    /// Ends the stream: anything held in an unfinished frame or block comes back as data.
    public mutating func finish() -> [PrinterReply] {
        var replies: [PrinterReply] = []
        switch state {
        case .idle:
            break
        case .automaticStatus(let held):
            state = .idle
            dataRun += held
        case .block(let held):
            state = .idle
            dataRun += [0x5F] + held
        }
        flushData(into: &replies)
        return replies
    }

    private mutating func consume(_ byte: UInt8, into replies: inout [PrinterReply]) {
        switch state {
        case .idle:
            consumeIdle(byte, into: &replies)
        case .automaticStatus(var frame):
            if recognizesFlowControl, let flow = FlowControl(rawValue: byte) {
                replies.append(.flowControl(flow))
            } else if PrinterStatus.isAutomaticStatusFollowingByte(byte) {
                frame.append(byte)
                if frame.count == 4, let status = PrinterStatus(automaticStatusBack: frame) {
                    state = .idle
                    replies.append(.automaticStatus(status, frame: frame))
                } else {
                    state = .automaticStatus(frame)
                }
            } else {
                // Not a frame after all: the first byte is data; re-examine the rest.
                state = .idle
                dataRun.append(frame[0])
                for held in frame.dropFirst() { consume(held, into: &replies) }
                consume(byte, into: &replies)
            }
        case .block(var block):
            if byte == ControlByte.nul {
                state = .idle
                pendingBlocks -= 1
                flushData(into: &replies)
                replies.append(.block(block))
            } else if block.count >= Self.maximumBlockLength {
                state = .idle
                dataRun.append(0x5F)
                dataRun += block
                consume(byte, into: &replies)
            } else {
                block.append(byte)
                state = .block(block)
            }
        }
    }

    private mutating func consumeIdle(_ byte: UInt8, into replies: inout [PrinterReply]) {
        if let request = pendingRequests.first, PrinterStatus.isRealTimeReply(byte),
            let status = PrinterStatus(realTimeReply: byte, to: request)
        {
            pendingRequests.removeFirst()
            flushData(into: &replies)
            replies.append(.realTimeStatus(request, status, byte: byte))
        } else if let request = pendingTransmitRequests.first,
            let status = PrinterStatus(transmitStatusReply: byte, to: request)
        {
            pendingTransmitRequests.removeFirst()
            flushData(into: &replies)
            replies.append(.transmitStatus(request, status, byte: byte))
        } else if recognizesFlowControl, let flow = FlowControl(rawValue: byte) {
            flushData(into: &replies)
            replies.append(.flowControl(flow))
        } else if recognizesAutomaticStatusBack, PrinterStatus.isAutomaticStatusFirstByte(byte) {
            flushData(into: &replies)
            state = .automaticStatus([byte])
        } else if pendingBlocks > 0, byte == 0x5F {
            flushData(into: &replies)
            state = .block([])
        } else {
            dataRun.append(byte)
        }
    }

    private mutating func flushData(into replies: inout [PrinterReply]) {
        guard !dataRun.isEmpty else { return }
        replies.append(.data(dataRun))
        dataRun.removeAll(keepingCapacity: true)
    }
}
