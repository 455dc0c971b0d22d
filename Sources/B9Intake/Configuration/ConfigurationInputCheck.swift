import B9Core
import Foundation

/// The invariants every configuration file must keep, whatever its bytes: shared by the fuzz target
/// and the corpus replay in `make test`.
public enum ConfigurationInputCheck {
    /// A broken invariant.
    public struct Violation: Error, CustomStringConvertible {
        public let description: String
    }

    /// Reads `bytes` as the daemon reads its `--config` file (written to a file of this process's own,
    /// then ``ConfigurationSources`` and ``TerminalConfiguration``). Neither may crash, and:
    /// - a refusal is a ``ConfigurationError`` whose text names its key and never shows the API token;
    /// - an accepted configuration keeps the documented ranges: ids usable as MQTT topic levels,
    ///   broker port and keep-alive in range, an API token of at least 16 characters on loopback only,
    ///   kitchen red after amber, a kitchen station with a printer or the display, a billing policy
    ///   whose discount limit is 0–100 %.
    public static func check(_ bytes: [UInt8]) async throws(Violation) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("b9-configuration-check-\(ProcessInfo.processInfo.processIdentifier).yaml").path
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw Violation(description: "cannot write \(path)")
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let configuration: TerminalConfiguration
        do {
            let reader = try await ConfigurationSources.reader(file: path, overrides: [:], environment: [:])
            configuration = try TerminalConfiguration(config: reader)
        } catch {
            try refusal(error)
            return
        }
        try accepted(configuration)
    }

    private static func refusal(_ error: ConfigurationError) throws(Violation) {
        guard !error.key.isEmpty, error.description.contains("'\(error.key)'") else {
            throw Violation(description: "a refusal does not name its key: \(error)")
        }
        if error.key == "api.token", let found = error.found, found != "<secret>" {
            throw Violation(description: "a refusal of api.token shows what was found")
        }
    }

    private static func accepted(_ configuration: TerminalConfiguration) throws(Violation) {
        func require(_ condition: Bool, _ what: String) throws(Violation) {
            guard condition else { throw Violation(description: "accepted: \(what)") }
        }
        for id in [configuration.storeID, configuration.terminalID] {
            try require(!id.isEmpty && !id.contains(where: { "/+# ".contains($0) }), "an id that is not one MQTT topic level: \(id)")
        }
        if let mqtt = configuration.mqtt {
            try require((1...65_535).contains(mqtt.port), "MQTT port \(mqtt.port)")
            try require((5...3_600).contains(mqtt.keepAliveSeconds), "MQTT keep-alive \(mqtt.keepAliveSeconds)")
            try require(!mqtt.host.isEmpty, "an empty MQTT host")
        }
        if let api = configuration.api {
            try require(api.token.count >= LocalAPIConfiguration.minimumTokenLength, "an API token shorter than \(LocalAPIConfiguration.minimumTokenLength)")
            try require(api.host.map(LocalAPIConfiguration.isLoopback) ?? true, "an API host that is not loopback: \(api.host ?? "")")
            try require(api.host != nil || api.socketPath != nil, "an API with nowhere to listen")
            try require((0...65_535).contains(api.port), "API port \(api.port)")
        }
        if let metrics = configuration.metrics {
            try require((0...65_535).contains(metrics.port) && !metrics.host.isEmpty, "metrics at \(metrics.host):\(metrics.port)")
        }
        try require(configuration.kitchenDisplay.redAfterSeconds >= configuration.kitchenDisplay.amberAfterSeconds, "red before amber")
        if configuration.role == .kitchen {
            try require(!configuration.kitchenPrinters.isEmpty || configuration.api != nil, "a kitchen station with neither a printer nor the display")
        }
        try require((0...10_000).contains(configuration.policy.maximumDiscountBasisPoints), "a discount limit of \(configuration.policy.maximumDiscountBasisPoints) basis points")
        try require((configuration.role == .weighing) == (configuration.weighing != nil), "weighing settings for role \(configuration.role)")
    }
}
