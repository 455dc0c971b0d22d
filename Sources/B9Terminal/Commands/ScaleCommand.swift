import ArgumentParser
import B9Devices
import B9Scale
import Glibc

/// `b9terminal scale …`: read a weight, find which protocol a scale speaks, or run a simulated scale.
struct ScaleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale",
        abstract: "Read, detect and simulate weighing scales.",
        discussion: "Protocols: \(ScaleProtocolName.all.map(\.rawValue).joined(separator: ", ")).",
        subcommands: [Read.self, Detect.self, Simulate.self]
    )
}

/// Options shared by the subcommands that build a protocol value.
struct ScaleProtocolOptions: ParsableArguments {
    @Option(name: .customLong("protocol"), help: "Scale protocol.")
    var protocolName: String

    @Option(help: "CAS only: continuous, command or ecr.")
    var casMode: String = "command"

    func makeProtocol() throws -> any ScaleProtocol {
        let name = try ScaleProtocolName(parsing: protocolName)
        if name == .cas {
            guard let mode = CASProtocol.Mode(rawValue: casMode) else {
                throw ValidationError("--cas-mode must be continuous, command or ecr.")
            }
            return CASProtocol(mode: mode)
        }
        return makeScaleProtocol(name)
    }
}

extension ScaleCommand {
    struct Read: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print one stable weight, or exit non-zero with the reason.")

        @Option(help: "Serial device, e.g. /dev/ttyUSB0 or a simulator's /dev/pts/N.")
        var port: String

        @OptionGroup var protocolOptions: ScaleProtocolOptions

        @Option(help: "Baud rate (default: the protocol's).") var baud: Int?
        @Option(help: "Parity: even, odd or none (default: the protocol's).") var parity: String?
        @Option(help: "Data bits: 7 or 8 (default: the protocol's).") var dataBits: Int?
        @Option(help: "Stop bits: 1 or 2 (default: the protocol's).") var stopBits: Int?
        @Option(help: "Seconds to wait for a stable weight.") var timeout: Int = 5
        @Option(help: "Smallest weight accepted, in kg.") var minimum: String = "0.001"
        @Option(help: "Largest weight accepted, in kg.") var maximum: String = "100000"
        @Option(help: "Consecutive equal stable readings required.") var consecutive: Int = 1
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let scaleProtocol = try protocolOptions.makeProtocol()
            let defaults = scaleProtocol.lineSettings
            let parityValue: LineSettings.Parity
            if let parity {
                guard let value = LineSettings.Parity(rawValue: parity) else {
                    throw ValidationError("--parity must be even, odd or none.")
                }
                parityValue = value
            } else {
                parityValue = defaults.parity
            }
            let settings = try LineSettings(
                baudRate: baud ?? defaults.baudRate, dataBits: dataBits ?? defaults.dataBits,
                parity: parityValue, stopBits: stopBits ?? defaults.stopBits)
            let policy = try WeighingPolicy(
                minimum: Weight(parsing: minimum, unit: .kilogram), maximum: Weight(parsing: maximum, unit: .kilogram),
                consecutiveReadings: consecutive)
            let outcome = await readStable(scaleProtocol, settings: settings, policy: policy)
            switch outcome {
            case .success(let weight):
                if json {
                    print(JSON.object([
                        ("value", weight.amount.description), ("unit", weight.unit.symbol), ("status", "stable"),
                        ("protocol", scaleProtocol.name.rawValue), ("port", port),
                    ]))
                } else {
                    print("\(weight) (stable, \(scaleProtocol.name))")
                }
            case .failure(let reason):
                if json {
                    print(JSON.object([
                        ("error", reason.message), ("code", reason.code), ("protocol", scaleProtocol.name.rawValue), ("port", port),
                    ]))
                } else {
                    printError("scale read: \(reason.message)")
                }
                throw ExitCode(reason.exitCode)
            }
        }

        /// Opens the port and polls until the gate releases a weight or the timeout passes.
        func readStable(_ scaleProtocol: any ScaleProtocol, settings: LineSettings, policy: WeighingPolicy) async -> Result<Weight, StableWeightReader.Failure> {
            let line: ScaleLine
            do {
                line = try await ScaleLine.open(path: port, settings: settings)
            } catch {
                return .failure(StableWeightReader.Failure(message: error.message, code: "port", exitCode: 3))
            }
            let outcome = await StableWeightReader(scaleProtocol: scaleProtocol, policy: policy).read(line, timeout: .seconds(timeout))
            await line.close()
            return outcome
        }
    }

    struct Detect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Probe a port with each protocol's harmless request at its line settings and report what answered.")

        @Option(help: "Serial device to probe.") var port: String
        @Option(help: "Seconds to listen after each probe.") var listen: Int = 1
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            var found: [ScaleDetection] = []
            for probe in ScaleProbe.all() {
                let line: ScaleLine
                do {
                    line = try await ScaleLine.open(path: port, settings: probe.lineSettings)
                } catch {
                    printError("scale detect: \(error.message)")
                    throw ExitCode(3)
                }
                let events = (try? await line.converse(probe.scaleProtocol, .probe, timeout: .seconds(listen)) { event in
                    if case .skipped = event { false } else { true }
                }) ?? []
                await line.close()
                let detection = probe.evaluate(events: events)
                if let detection { found.append(detection) }
                if !json {
                    print("\(probe.scaleProtocol.name.rawValue) (\(probe.lineSettings)): \(detection?.summary ?? "no answer")")
                }
            }
            if json {
                let items = found.map { JSON.object([("protocol", $0.name.rawValue), ("line", $0.lineSettings.description), ("answer", $0.summary)]) }
                print("[" + items.joined(separator: ",") + "]")
            } else if let first = found.first {
                print("Detected: \(first.name.rawValue) at \(first.lineSettings)")
            }
            if found.isEmpty {
                printError("scale detect: nothing answered on \(port); check the cable and that the scale is on.")
                throw ExitCode(2)
            }
        }
    }

    struct Simulate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a simulated scale on a pseudo-terminal; prints the device path, serves until stopped.")

        @OptionGroup var protocolOptions: ScaleProtocolOptions
        @Option(help: "Weight script file (see docs/scales.md); default: settle to 1.234 kg.") var script: String?

        func run() async throws {
            let scaleProtocol = try protocolOptions.makeProtocol()
            let text = try script.map(readTextFile) ?? "motion 1.100 kg x2\nstable 1.234 kg"
            let host = try await ScaleSimulatorHost.start(ScaleSimulator(scaleProtocol, script: ScaleScript(parsing: text)))
            // The pty node, as a technician would type it; tests open the link instead.
            print(host.nodePath)
            fflush(nil)
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(3600))
            }
            await host.stop()
        }
    }
}

func printError(_ text: String) {
    var line = text + "\n"
    line.withUTF8 { bytes in _ = Glibc.write(2, bytes.baseAddress, bytes.count) }
}

func readTextFile(_ path: String) throws -> String {
    guard let file = fopen(path, "r") else {
        throw ValidationError("Cannot read \(path): \(String(cString: strerror(errno))).")
    }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = fread(&chunk, 1, chunk.count, file)
        if count <= 0 { break }
        bytes += chunk[0..<count]
        if bytes.count > 1_000_000 { throw ValidationError("\(path) is larger than 1 MB; is it a script?") }
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// Minimal JSON for flat string objects.
enum JSON {
    static func object(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { "\(string($0.0)):\(string($0.1))" }.joined(separator: ",") + "}"
    }

    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
