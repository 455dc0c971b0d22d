/// One request/answer exchange with a scale, as a pure state machine: it says what to send first, and
/// for every chunk of bytes that arrives, which events were decoded and what to send next (the
/// protocol's follow-ups, e.g. DC1 after a CAS ACK or the Dialog 06 EOT acknowledgement).
///
/// The I/O layer writes `initialBytes`, then feeds what it reads into `receive(_:)` and writes what that
/// returns, until it has the event it wanted or its own timeout expires.
public struct ScaleConversation: Sendable {
    public let request: ScaleRequest
    /// The bytes to write first.
    public let initialBytes: [UInt8]
    private var decoder: ScaleDecoder

    /// - Throws: `ScaleError.unsupportedRequest` when the protocol has no such request.
    public init(_ scaleProtocol: any ScaleProtocol, request: ScaleRequest) throws(ScaleError) {
        self.request = request
        self.initialBytes = try scaleProtocol.encode(request)
        self.decoder = ScaleDecoder(scaleProtocol)
    }

    /// Decodes `bytes` and returns the events plus the bytes to write back now (possibly empty).
    public mutating func receive(_ bytes: some Sequence<UInt8>) -> (events: [ScaleEvent], reply: [UInt8]) {
        let events = decoder.decode(bytes)
        var reply: [UInt8] = []
        for event in events {
            if let followUp = decoder.scaleProtocol.followUp(after: event, for: request) { reply += followUp }
        }
        return (events, reply)
    }

    /// Ends the conversation: the bytes still waiting for the rest of a frame, reported as `.skipped`
    /// (empty when there are none). A scale on the wrong baud rate or parity sends bytes that never end a
    /// frame; reporting them says "wrong settings" where silence would say "no answer".
    public mutating func finish() -> [ScaleEvent] {
        decoder.finish()
    }
}
