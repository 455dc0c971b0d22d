/// The invariants every scale decoder keeps whatever bytes arrive: shared by the fuzz targets
/// (`Fuzz/Sources/FuzzScale*`) and the corpus replay in `make test`.
public enum ScaleDecoderCheck {
    /// A broken invariant, with what was fed.
    public struct Violation: Error, CustomStringConvertible {
        public let description: String
    }

    /// Decodes `bytes` whole, split at a point chosen by the first byte, and byte by byte.
    /// - The decoded frames (every event but the grouping of skipped bytes) do not depend on the chunking.
    /// - The decoder never buffers more than one frame.
    /// - Every decoded weight prints back to the same exact value.
    /// - Returns: whether any reading was decoded.
    @discardableResult
    public static func check(_ scaleProtocol: any ScaleProtocol, bytes: [UInt8]) throws(Violation) -> Bool {
        var whole = ScaleDecoder(scaleProtocol)
        let expected = frames(whole.decode(bytes))
        guard whole.bufferedByteCount <= scaleProtocol.maximumFrameLength else {
            throw Violation(description: "decoder buffered \(whole.bufferedByteCount) bytes for \(bytes)")
        }
        let cut = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
        var split = ScaleDecoder(scaleProtocol)
        guard frames(split.decode(bytes[..<cut]) + split.decode(bytes[cut...])) == expected else {
            throw Violation(description: "splitting at \(cut) changed the events for \(bytes)")
        }
        var dripped = ScaleDecoder(scaleProtocol)
        guard frames(bytes.flatMap { dripped.decode([$0]) }) == expected else {
            throw Violation(description: "byte-by-byte decoding changed the events for \(bytes)")
        }
        var decodedReading = false
        for case .reading(let reading) in expected {
            decodedReading = true
            guard let weight = reading.weight else { continue }
            guard let again = try? ExactDecimal(parsing: weight.amount.description), again == weight.amount else {
                throw Violation(description: "weight \(weight) does not print back")
            }
            _ = try? weight.grams()
        }
        return decodedReading
    }

    private static func frames(_ events: [ScaleEvent]) -> [ScaleEvent] {
        events.filter { if case .skipped = $0 { false } else { true } }
    }
}
