import B9Devices
import B9Scale
#if canImport(Glibc)
import Glibc
#endif
import Testing

@Suite("Scale device")
struct ScaleDeviceTests {
    static let protocols: [ScaleProtocolName] = [.toledo8217, .mtSICS, .cas, .dialog06]

    func enabledScale(_ host: ScaleSimulatorHost, _ driver: ScaleDriver) async throws -> ManagedDevice<ScaleDriver> {
        let device = ManagedDevice(address: driver.serialAddress(path: host.devicePath), driver: driver,
                                   policy: ReconnectPolicy(initialDelay: .milliseconds(20), maximumDelay: .milliseconds(100)))
        try await device.open()
        try await device.claim()
        try await device.enable()
        return device
    }

    func policy() throws -> WeighingPolicy {
        try WeighingPolicy(minimum: kg("0.020"), maximum: kg("15"), consecutiveReadings: 2)
    }

    @Test(.timeLimit(.minutes(5)), arguments: protocols)
    func settlingWeightIsReleasedOnlyWhenStable(name: ScaleProtocolName) async throws {
        let scaleProtocol = makeScaleProtocol(name)
        let script = try ScaleScript(parsing: "garbage 7E 7F 41\nmotion 1.100 kg x3\nsilence\nstable 1.234 kg")
        let host = try await ScaleSimulatorHost.start(ScaleSimulator(scaleProtocol, script: script))
        let scale = try await enabledScale(host, ScaleDriver(scaleProtocol: scaleProtocol, mode: .polled(interval: .milliseconds(5)),
                                                             answerTimeout: .milliseconds(200)))
        #expect(try await scale.stableWeight(policy: try policy(), timeout: .seconds(120)) == kg("1.234"))
        await scale.close()
        await host.stop()
    }

    /// The scale keeps reporting the same thing and never settles: at the timeout the error names
    /// what it said. The scale has answered before the wait starts, so the outcome does not depend
    /// on how many answers fit into the wait on a loaded machine.
    @Test(.timeLimit(.minutes(5)), arguments: [("motion 2.500 kg", ScaleError.Code.inMotion),
                                                ("overload", .overload), ("under-zero", .underZero),
                                                ("silence", .timeout)])
    func timeoutSaysWhatTheScaleLastReported(step: String, expected: ScaleError.Code) async throws {
        let scaleProtocol = makeScaleProtocol(.toledo8217)
        let host = try await ScaleSimulatorHost.start(ScaleSimulator(scaleProtocol, script: try ScaleScript(parsing: step)))
        let scale = try await enabledScale(host, ScaleDriver(scaleProtocol: scaleProtocol, mode: .polled(interval: .milliseconds(10)),
                                                             answerTimeout: .seconds(60)))
        if expected != .timeout {
            for await event in scale.events {
                if case .data = event { break }
            }
        }
        let error = await #expect(throws: ScaleError.self) {
            try await scale.stableWeight(policy: try policy(), timeout: .milliseconds(300))
        }
        #expect(error?.code == expected)
        await scale.close()
        await host.stop()
    }

    /// A scale streaming frames as fast as the line takes them — motion, overload, under-zero,
    /// garbage and stable weights, 1,000 by default (`B9_SCALE_FRAMES` for a soak) — while a
    /// caller keeps asking for stable weights: the device decodes the stream exactly as each frame
    /// decodes alone, and every weight returned is one the scale reported stable. Nothing waits on
    /// a clock: the test ends when the last frame has come through.
    @Test(.timeLimit(.minutes(10)), arguments: [ScaleProtocolName.toledo8217, .mtSICS, .averyBerkel])
    func noNonStableWeightIsEverReturned(name: ScaleProtocolName) async throws {
        let scaleProtocol = makeScaleProtocol(name)
        var generator = SystemRandomNumberGenerator()
        var frames: [[UInt8]] = []
        for index in 0..<scaleFrameCount() {
            switch Int.random(in: 0..<10, using: &generator) {
            case 0: frames.append(scaleProtocol.encodeReply(ScaleReading(weight: nil, status: .overload)))
            case 1: frames.append(scaleProtocol.encodeReply(ScaleReading(weight: nil, status: .underZero)))
            case 2: frames.append(hex("7E 0D 41 0A"))
            case 3, 4, 5:
                frames.append(scaleProtocol.encodeReply(ScaleReading(weight: kg("2.\(100 + index % 800)"), status: .stable)))
            default:
                frames.append(scaleProtocol.encodeReply(ScaleReading(weight: kg("1.\(100 + index % 800)"), status: .motion)))
            }
        }
        // A unique stable weight marks the end; a moving weight after it is what the scale says last.
        let marker = ScaleReading(weight: kg("4.321"), status: .stable)
        frames.append(scaleProtocol.encodeReply(marker))
        frames.append(scaleProtocol.encodeReply(ScaleReading(weight: kg("3.000"), status: .motion)))
        // What each frame means on its own, by the protocol's pure decoder.
        let expected = frames.flatMap { frame in
            var decoder = ScaleDecoder(scaleProtocol)
            return decoder.decode(frame).compactMap { event -> ScaleReading? in
                if case .reading(let reading) = event { reading } else { nil }
            }
        }
        let stableWeights = Set(expected.filter { $0.status == .stable }.compactMap(\.weight))
        #expect(stableWeights.count > 1)
        try #require(expected.contains(marker))

        let line = try await PseudoTerminal.open(name: "scale-stream")
        let driver = ScaleDriver(scaleProtocol: scaleProtocol, mode: .continuous, answerTimeout: .seconds(60))
        let scale = ManagedDevice(address: driver.serialAddress(path: line.devicePath), driver: driver)
        try await scale.open()
        try await scale.claim()
        try await scale.enable()
        let oneReading = try WeighingPolicy(minimum: kg("0.020"), maximum: kg("15"))
        let (returns, returnsContinuation) = AsyncStream.makeStream(of: Weight.self)
        let asker = Task {
            var returned: [Weight] = []
            while !Task.isCancelled {
                if let weight = try? await scale.stableWeight(policy: oneReading, timeout: .seconds(60)) {
                    returned.append(weight)
                    returnsContinuation.yield(weight)
                }
            }
            return returned
        }
        let collector = Task {
            var decoded: [ScaleReading] = []
            var markerSeen = false
            for await event in scale.events {
                guard case .data(let reading) = event else { continue }
                decoded.append(reading)
                if markerSeen { break }
                markerSeen = reading == marker
            }
            return decoded
        }
        // Prime with a stable weight until the asker has taken one, so it is known to be waiting.
        let primer = ScaleReading(weight: kg("2.999"), status: .stable)
        let priming = Task {
            while !Task.isCancelled {
                try? await line.peer.write(scaleProtocol.encodeReply(primer), timeout: .seconds(60))
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
        var firstReturn = returns.makeAsyncIterator()
        #expect(await firstReturn.next() == primer.weight)
        priming.cancel()
        await priming.value
        try await line.peer.write(frames.flatMap { $0 }, timeout: .seconds(60))
        let decoded = Array(await collector.value.drop { $0 == primer })
        asker.cancel()
        let returned = await asker.value

        #expect(decoded.count == expected.count)
        #expect(decoded == expected)
        for weight in returned {
            #expect(weight == primer.weight || stableWeights.contains(weight), "\(weight) was never reported stable")
        }
        // Each stable frame can be returned once at most.
        #expect(returned.filter { $0 != primer.weight }.count <= expected.filter { $0.status == .stable }.count)
        // Nothing new arrives now: the wait names the motion the scale reported last.
        let error = await #expect(throws: ScaleError.self) {
            try await scale.stableWeight(policy: oneReading, timeout: .milliseconds(100))
        }
        #expect(error?.code == .inMotion)
        await scale.close()
        await line.hangUp()
    }

    /// Frames in the streaming test: 1,000, or `B9_SCALE_FRAMES` (a soak run sets it higher).
    func scaleFrameCount() -> Int {
        guard let text = getenv("B9_SCALE_FRAMES").map({ String(cString: $0) }), let count = Int(text), count > 0 else {
            return 1000
        }
        return count
    }

    @Test(.timeLimit(.minutes(5)))
    func disconnectFlipsHealthToNotReady() async throws {
        let scaleProtocol = makeScaleProtocol(.toledo8217)
        let host = try await ScaleSimulatorHost.start(ScaleSimulator(scaleProtocol, script: .constant(kg("1.000"))))
        let scale = try await enabledScale(host, ScaleDriver(scaleProtocol: scaleProtocol, mode: .polled(interval: .milliseconds(10))))
        #expect(try await scale.stableWeight(policy: try policy(), timeout: .seconds(120)) == kg("1.000"))
        #expect(await scale.checkHealth(.internal).healthy)
        #expect(await scale.checkHealth(.external).healthy)
        await host.stop()
        for await event in scale.events {
            if case .status(let status) = event, status.code == .reconnecting { break }
        }
        #expect(await scale.checkHealth(.internal).healthy == false)
        #expect(await scale.checkHealth(.external).healthy == false)
        let error = await #expect(throws: ScaleError.self) {
            try await scale.stableWeight(policy: try policy(), timeout: .milliseconds(300))
        }
        #expect(error?.code == .timeout)
        await scale.close()
    }
}
