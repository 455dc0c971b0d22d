import B9Scale
import B9TestSupport
import PropertyBased
import Testing

/// Readings every protocol can carry, encoded the way each scale sends them.
let streamReadings: [ScaleReading] = [
    ScaleReading(weight: kg("1.234"), status: .stable),
    ScaleReading(weight: kg("0.512"), status: .motion),
    ScaleReading(weight: nil, status: .overload),
    ScaleReading(weight: kg("2.000"), status: .stable),
    ScaleReading(weight: nil, status: .underZero),
    ScaleReading(weight: kg("0.020"), status: .stable),
]

/// A boundary after which each protocol's decoder is back in sync (the end of a frame).
func frameBoundary(_ name: ScaleProtocolName) -> [UInt8] {
    switch name {
    case .toledo8217, .magellan: [0x0D]
    case .dialog06: [0x03]
    case .averyBerkel: [0x0D, 0x03]
    default: [0x0D, 0x0A]
    }
}

func protocolsUnderTest() -> [any ScaleProtocol] {
    ScaleProtocolName.all.map(makeScaleProtocol) + [CASProtocol(mode: .ecr)]
}

@Suite(.cpuBound) struct StreamDecodingTests {
    /// The frames of `streamReadings` decoded one by one: what every other way of feeding must reproduce.
    func reference(_ scaleProtocol: any ScaleProtocol) -> (bytes: [UInt8], events: [ScaleEvent]) {
        var bytes: [UInt8] = []
        var events: [ScaleEvent] = []
        for reading in streamReadings {
            let frame = scaleProtocol.encodeReply(reading)
            bytes += frame
            events += decodeAll(scaleProtocol, frame)
        }
        return (bytes, events)
    }

    @Test(arguments: ScaleProtocolName.all)
    func eachFrameDecodesToOneEventWithoutSkips(name: ScaleProtocolName) {
        let scaleProtocol = makeScaleProtocol(name)
        let (_, events) = reference(scaleProtocol)
        #expect(frames(events).count == events.count, "\(events)")
        #expect(events.count == streamReadings.count)
        // The stable weights come back exactly.
        let stable = events.compactMap { reading($0) }.filter { $0.status == .stable }.compactMap(\.weight)
        #expect(stable == [kg("1.234"), kg("2.000"), kg("0.020")])
    }

    @Test(arguments: ScaleProtocolName.all, 1...7)
    func splitChunksGiveTheSameEvents(name: ScaleProtocolName, chunkSize: Int) {
        let scaleProtocol = makeScaleProtocol(name)
        let (bytes, expected) = reference(scaleProtocol)
        var decoder = ScaleDecoder(scaleProtocol)
        var events: [ScaleEvent] = []
        var index = 0
        while index < bytes.count {
            let end = min(bytes.count, index + chunkSize)
            events += decoder.decode(bytes[index..<end])
            index = end
        }
        #expect(events == expected)
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test(arguments: protocolsUnderTest().map(\.name))
    func mergedFramesGiveTheSameEvents(name: ScaleProtocolName) {
        let scaleProtocol = makeScaleProtocol(name)
        let (bytes, expected) = reference(scaleProtocol)
        #expect(decodeAll(scaleProtocol, bytes + bytes) == expected + expected)
    }

    @Test func casECRStreamsToo() {
        let ecr = CASProtocol(mode: .ecr)
        let (bytes, expected) = reference(ecr)
        var decoder = ScaleDecoder(ecr)
        let events = bytes.flatMap { decoder.decode([$0]) }
        #expect(events == expected)
        #expect(frames(expected).count == streamReadings.count)
    }

    /// Random garbage followed by a frame boundary, then good frames: the good frames all come through,
    /// in order, after whatever the garbage produced; nothing traps.
    @Test(arguments: ScaleProtocolName.all)
    func garbageIsSkippedAndDecodingResynchronises(name: ScaleProtocolName) async {
        let scaleProtocol = makeScaleProtocol(name)
        let (bytes, expected) = reference(scaleProtocol)
        await propertyCheck(count: 300, input: Gen.uint8().array(of: 0...40), Gen.int(in: 1...9)) { garbage, chunk in
            let stream = garbage + frameBoundary(name) + bytes
            var decoder = ScaleDecoder(scaleProtocol)
            var events: [ScaleEvent] = []
            var index = 0
            while index < stream.count {
                let end = min(stream.count, index + chunk)
                events += decoder.decode(stream[index..<end])
                index = end
            }
            #expect(Array(events.suffix(expected.count)) == expected, "garbage \(garbage)")
        }
    }

    @Test func garbageBetweenFramesIsReportedAsSkipped() {
        let toledo = Toledo8217Protocol()
        let events = decodeAll(toledo, hex("41 42 02 30 31 2E 32 33 34 0D FF 02 02 3F 41 0D"))
        // "AB" skipped, the weight, FF skipped, the STX cut short by the next STX skipped, the status.
        #expect(events.count == 5)
        #expect(Expected.skipped(.garbledFrame).matches(events[0]))
        #expect(Expected.reading(weight("1.234", .kilogram), .stable).matches(events[1]))
        #expect(Expected.skipped(.garbledFrame).matches(events[2]))
        #expect(Expected.skipped(.garbledFrame).matches(events[3]))
        #expect(Expected.reading(nil, .motion).matches(events[4]))
    }

    @Test func anEndlessPartialFrameIsDroppedNotBuffered() {
        var decoder = ScaleDecoder(MTSICSProtocol())
        var skipped = 0
        for _ in 0..<100 {
            skipped += decoder.decode(Array(repeating: UInt8(ascii: "S"), count: 50)).count
        }
        #expect(skipped > 0)
        #expect(decoder.bufferedByteCount <= MTSICSProtocol().maximumFrameLength)
        #expect(decoder.finish().count <= 1)
    }
}
