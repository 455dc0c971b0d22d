/// One auto-detect attempt: the line settings to open the port with, the harmless request to send, and how
/// to judge the answer. The device layer performs the I/O; the judgement is here so it is testable.
public struct ScaleProbe: Sendable {
    public let scaleProtocol: any ScaleProtocol
    /// Open the port with these settings for this probe.
    public var lineSettings: LineSettings { scaleProtocol.lineSettings }
    /// Send these bytes (may be empty for a continuously sending scale: just listen).
    public let request: [UInt8]

    public init(_ scaleProtocol: any ScaleProtocol) {
        self.scaleProtocol = scaleProtocol
        self.request = (try? scaleProtocol.encode(.probe)) ?? []
    }

    /// Judges what arrived within the probe's listening time.
    /// - Returns: a detection when at least one well-formed frame of the protocol arrived, else nil.
    public func evaluate(_ reply: [UInt8]) -> ScaleDetection? {
        var decoder = ScaleDecoder(scaleProtocol)
        return evaluate(events: decoder.decode(reply))
    }

    /// Judges events already decoded with this probe's protocol (garbage alone is not an answer).
    public func evaluate(events decoded: [ScaleEvent]) -> ScaleDetection? {
        let events = decoded.filter { if case .skipped = $0 { false } else { true } }
        guard let first = events.first else { return nil }
        let summary: String = switch first {
        case .reading(let reading): "reading \(reading)"
        case .identity(let text): "identity \(text)"
        case .acknowledged: "acknowledged"
        case .rejected(let error): "answered with a refusal: \(error.message)"
        case .barcode(let symbology, let data): "barcode \(symbology) \(data)"
        case .checksumChallenge: "checksum challenge"
        case .skipped: "skipped"
        }
        return ScaleDetection(name: scaleProtocol.name, lineSettings: lineSettings, summary: summary, events: events)
    }

    /// The probes for `names`, in auto-detect order.
    public static func all(_ names: [ScaleProtocolName] = ScaleProtocolName.all) -> [ScaleProbe] {
        names.map { ScaleProbe(makeScaleProtocol($0)) }
    }
}

/// A protocol that answered a probe.
public struct ScaleDetection: Sendable, Hashable, CustomStringConvertible {
    public let name: ScaleProtocolName
    public let lineSettings: LineSettings
    /// What answered, in words.
    public let summary: String
    public let events: [ScaleEvent]

    public var description: String { "\(name) at \(lineSettings): \(summary)" }
}
