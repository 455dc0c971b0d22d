@testable import B9Terminal
import B9Devices
import B9Scale
import Testing

/// `StableWeightReader.read`, behind `b9terminal scale read` and the weighing role: a weight once the
/// gate releases one, otherwise the last reason seen, with the CLI's exit status.
@Suite("Stable weight reader: the weight, or why there is none", .timeLimit(.minutes(5)))
struct StableWeightReaderTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let script: String
        /// The weight read, or the failure's code and exit status.
        let expected: Result<String, Failure>
        /// The reader's timeout: long where the outcome takes several answers (a weight ends the read at
        /// once), short where the first answer already gives the reason and the read waits out the time.
        var timeout: Duration = .seconds(10)
        var testDescription: String { script.split(separator: "\n").joined(separator: ", ") }

        struct Failure: Error, Equatable {
            let code: String
            let exitCode: Int32
        }
    }

    static let cases: [Case] = [
        Case(script: "motion 1.200 kg x3\nstable 1.200 kg", expected: .success("1.200 kg"), timeout: .seconds(60)),
        Case(script: "silence", expected: .failure(.init(code: ScaleError.Code.timeout.description, exitCode: 2))),
        Case(script: "motion 1.200 kg", expected: .failure(.init(code: ScaleError.Code.notStable.description, exitCode: 1))),
        // A line that is not an MT-SICS reply, and bytes that never end a line (a wrong baud rate): both
        // are named as bytes that are not frames, not as silence.
        Case(script: "garbage 41 42 0D 0A", expected: .failure(.init(code: ScaleError.Code.garbledFrame.description, exitCode: 1))),
        Case(script: "garbage 41 42 FF", expected: .failure(.init(code: ScaleError.Code.garbledFrame.description, exitCode: 1))),
        Case(script: "overload", expected: .failure(.init(code: ScaleError.Code.overload.description, exitCode: 1))),
        // Noise first, then a weight the policy refuses: the refusal is the reason given, not the noise.
        Case(script: "garbage 41 42 0D 0A\nstable 0.010 kg",
             expected: .failure(.init(code: ScaleError.Code.belowMinimum.description, exitCode: 1)), timeout: .seconds(20)),
    ]

    @Test(arguments: cases)
    func readsAWeightOrSaysWhyNot(_ testCase: Case) async throws {
        let scaleProtocol = MTSICSProtocol()
        let host = try await ScaleSimulatorHost.start(ScaleSimulator(scaleProtocol, script: try ScaleScript(parsing: testCase.script)))
        let line = try await ScaleLine.open(path: host.devicePath, settings: scaleProtocol.lineSettings)
        let policy = try WeighingPolicy(
            minimum: Weight(parsing: "0.020", unit: .kilogram), maximum: Weight(parsing: "15", unit: .kilogram))
        let outcome = await StableWeightReader(scaleProtocol: scaleProtocol, policy: policy).read(line, timeout: testCase.timeout)
        await line.close()
        await host.stop()
        switch (outcome, testCase.expected) {
        case (.success(let weight), .success(let expected)):
            #expect(weight.description == expected)
        case (.failure(let failure), .failure(let expected)):
            #expect(Case.Failure(code: failure.code, exitCode: failure.exitCode) == expected, "\(failure.message)")
            #expect(!failure.message.isEmpty)
            if failure.code == ScaleError.Code.garbledFrame.description {
                #expect(failure.message.contains("line settings (baud, parity)"), "\(failure.message)")
            }
        default:
            Issue.record("got \(outcome), expected \(testCase.expected)")
        }
    }
}
