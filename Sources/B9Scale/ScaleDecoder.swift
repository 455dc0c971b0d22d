public import NIOCore

/// The streaming reply decoder: feed it whatever the serial port delivered (split, merged, garbled) and
/// get the decoded events in order. Never traps on input: bytes that are not frames come out as
/// `.skipped` events and decoding resumes at the next frame boundary.
public struct ScaleDecoder: Sendable {
    /// The protocol whose frames are decoded.
    public let scaleProtocol: any ScaleProtocol
    private var buffer: [UInt8] = []

    public init(_ scaleProtocol: any ScaleProtocol) {
        self.scaleProtocol = scaleProtocol
    }

    /// How many bytes are waiting for the rest of their frame.
    public var bufferedByteCount: Int { buffer.count }

    /// Decodes the readable bytes of `bytes` (consuming them).
    public mutating func decode(_ bytes: inout ByteBuffer) -> [ScaleEvent] {
        let chunk = bytes.readBytes(length: bytes.readableBytes) ?? []
        return decode(chunk)
    }

    /// Decodes `bytes`, returning every event completed by them.
    public mutating func decode(_ bytes: some Sequence<UInt8>) -> [ScaleEvent] {
        buffer.append(contentsOf: bytes)
        var events: [ScaleEvent] = []
        var start = 0
        while start < buffer.count {
            // Skip to a byte that can begin a frame.
            if !scaleProtocol.canStartFrame(buffer[start]) {
                var end = start + 1
                while end < buffer.count, !scaleProtocol.canStartFrame(buffer[end]) { end += 1 }
                events.append(.skipped(.garbled("a \(scaleProtocol.name) frame", buffer[start..<end])))
                start = end
                continue
            }
            // Never show the parser more than one frame's worth, so the result does not depend on how the
            // bytes were chunked.
            let slice = buffer[start..<min(buffer.count, start + scaleProtocol.maximumFrameLength)]
            switch scaleProtocol.parseFrame(slice) {
            case .needMore:
                if buffer.count - start >= scaleProtocol.maximumFrameLength {
                    let end = resynchronisationPoint(from: start, limit: buffer.count)
                    events.append(.skipped(.garbled("a complete \(scaleProtocol.name) frame", buffer[start..<end])))
                    start = end
                    continue
                }
                buffer.removeFirst(start)
                return events
            case .frame(let length, let frameEvents):
                events.append(contentsOf: frameEvents)
                start += max(1, min(length, buffer.count - start))
            case .invalid(let length, let reason):
                let limit = start + max(1, min(length, buffer.count - start))
                // A frame whose structure is intact but whose checksum fails is dropped whole; anything
                // else may hide the start of a good frame inside it.
                let end = scaleProtocol.resynchronisesInsideInvalidFrames && reason.code == .garbledFrame
                    ? resynchronisationPoint(from: start, limit: limit) : limit
                events.append(.skipped(end == limit ? reason : .garbled("a \(scaleProtocol.name) frame", buffer[start..<end])))
                start = end
            }
        }
        buffer.removeAll(keepingCapacity: true)
        return events
    }

    /// The first start byte after `start` and before `limit`, or `limit`.
    private func resynchronisationPoint(from start: Int, limit: Int) -> Int {
        var index = start + 1
        while index < limit, !scaleProtocol.canStartFrame(buffer[index]) { index += 1 }
        return index
    }

    /// Reports what is left in the buffer as skipped (for example when the port closes) and clears it.
    public mutating func finish() -> [ScaleEvent] {
        defer { buffer.removeAll() }
        return buffer.isEmpty ? [] : [.skipped(.garbled("a complete \(scaleProtocol.name) frame", buffer))]
    }
}
