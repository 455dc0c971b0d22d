import B9Devices
import B9Scale
import Synchronization
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

    @Test(.timeLimit(.minutes(1)), arguments: protocols)
    func settlingWeightIsReleasedOnlyWhenStable(name: ScaleProtocolName) async throws {
        let scaleProtocol = makeScaleProtocol(name)
        let script = try ScaleScript(parsing: "garbage 7E 7F 41\nmotion 1.100 kg x3\nsilence\nstable 1.234 kg")
        let host = try await ScaleSimulatorHost.start(ScaleSimulator(scaleProtocol, script: script))
        let scale = try await enabledScale(host, ScaleDriver(scaleProtocol: scaleProtocol, mode: .polled(interval: .milliseconds(5)),
                                                             answerTimeout: .milliseconds(200)))
        #expect(try await scale.stableWeight(policy: try policy(), timeout: .seconds(20)) == kg("1.234"))
        await scale.close()
        await host.stop()
    }

    @Test(.timeLimit(.minutes(1)), arguments: [("motion 2.500 kg", ScaleError.Code.inMotion),
                                                ("overload", .overload), ("under-zero", .underZero),
                                                ("silence", .timeout)])
    func timeoutSaysWhatTheScaleLastReported(step: String, expected: ScaleError.Code) async throws {
        let scaleProtocol = makeScaleProtocol(.toledo8217)
        let host = try await ScaleSimulatorHost.start(ScaleSimulator(scaleProtocol, script: try ScaleScript(parsing: step)))
        let scale = try await enabledScale(host, ScaleDriver(scaleProtocol: scaleProtocol, mode: .polled(interval: .milliseconds(10)),
                                                             answerTimeout: .milliseconds(100)))
        let error = await #expect(throws: ScaleError.self) {
            try await scale.stableWeight(policy: try policy(), timeout: .milliseconds(600))
        }
        #expect(error?.code == expected)
        await scale.close()
        await host.stop()
    }

    /// 1,000 scripted frames of motion, overload, under-zero, garbage and silence around a few
    /// stable weights: every weight returned is one the scale reported stable.
    @Test(.timeLimit(.minutes(5)), arguments: [ScaleProtocolName.toledo8217, .mtSICS, .averyBerkel])
    func noNonStableWeightIsEverReturned(name: ScaleProtocolName) async throws {
        var generator = SystemRandomNumberGenerator()
        var lines: [String] = []
        var stableWeights: Set<Weight> = []
        var readingSteps = 0
        for index in 0..<1000 {
            switch Int.random(in: 0..<10, using: &generator) {
            case 0:
                lines.append("overload")
                readingSteps += 1
            case 1:
                lines.append("under-zero")
                readingSteps += 1
            case 2: lines.append("garbage 7E 0D 41 0A")
            case 3: lines.append("silence")
            case 4, 5:
                let text = "2.\(100 + index % 800) kg"
                lines.append("stable \(text)")
                stableWeights.insert(kg(String(text.dropLast(3))))
                readingSteps += 1
            default:
                lines.append("motion 1.\(100 + index % 800) kg")
                readingSteps += 1
            }
        }
        let scaleProtocol = makeScaleProtocol(name)
        let host = try await ScaleSimulatorHost.start(
            ScaleSimulator(scaleProtocol, script: try ScaleScript(parsing: lines.joined(separator: "\n"))))
        let scale = try await enabledScale(host, ScaleDriver(scaleProtocol: scaleProtocol, mode: .polled(interval: .milliseconds(1)),
                                                             answerTimeout: .milliseconds(60)))
        let oneReading = try WeighingPolicy(minimum: kg("0.020"), maximum: kg("15"))
        let readings = ReadingCounter()
        let counter = Task {
            for await event in scale.events {
                if case .data = event { readings.add() }
            }
        }
        var returned = 0
        var refusals = 0
        while readings.value < readingSteps, !Task.isCancelled {
            do {
                let weight = try await scale.stableWeight(policy: oneReading, timeout: .milliseconds(150))
                #expect(stableWeights.contains(weight), "\(weight) was never reported stable")
                returned += 1
            } catch {
                #expect([.inMotion, .overload, .underZero, .timeout, .notStable].contains(error.code), "\(error)")
                refusals += 1
            }
        }
        #expect(returned > 0)
        #expect(refusals > 0)
        await scale.close()
        await host.stop()
        await counter.value
    }

    @Test(.timeLimit(.minutes(1)))
    func disconnectFlipsHealthToNotReady() async throws {
        let scaleProtocol = makeScaleProtocol(.toledo8217)
        let host = try await ScaleSimulatorHost.start(ScaleSimulator(scaleProtocol, script: .constant(kg("1.000"))))
        let scale = try await enabledScale(host, ScaleDriver(scaleProtocol: scaleProtocol, mode: .polled(interval: .milliseconds(10))))
        #expect(try await scale.stableWeight(policy: try policy(), timeout: .seconds(10)) == kg("1.000"))
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

/// Counts readings seen on the event stream, for the loop that waits for them.
final class ReadingCounter: Sendable {
    private let count = Atomic<Int>(0)
    func add() { count.add(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}
