package import Configuration
import Foundation

/// Where configuration comes from, highest precedence first: options given on the command line,
/// `B9TERMINAL_*` environment variables (`B9TERMINAL_MQTT_HOST` for `mqtt.host`), the YAML file.
package enum ConfigurationSources {
    /// The environment prefix; the rest of the name is the key upper-cased with `.` as `_`.
    package static let environmentPrefix = "B9TERMINAL_"
    /// Keys whose values are never printed or logged.
    package static let secretKeys: Set<String> = ["mqtt.password", "api.token"]

    /// Builds the reader.
    /// - Parameters:
    ///   - file: the YAML file (`--config`); nil to use only the other sources.
    ///   - overrides: dotted keys → values from command-line options.
    ///   - environment: the process environment; only `B9TERMINAL_*` names are used.
    /// - Throws: ``ConfigurationError`` (key `config`) when the file is missing or not valid YAML.
    package static func reader(file: String?, overrides: [String: String], environment: [String: String]) async throws(ConfigurationError) -> ConfigReader {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for (key, value) in overrides {
            values[AbsoluteConfigKey(ConfigKey(key).components)] = ConfigValue(.string(value), isSecret: secretKeys.contains(key))
        }
        var scoped: [String: String] = [:]
        for (name, value) in environment where name.hasPrefix(environmentPrefix) {
            scoped[String(name.dropFirst(environmentPrefix.count))] = value
        }
        var providers: [any ConfigProvider] = [
            InMemoryProvider(name: "command line", values: values),
            EnvironmentVariablesProvider(environmentVariables: scoped, secretsSpecifier: .specific(["MQTT_PASSWORD", "API_TOKEN"])),
        ]
        if let file {
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw ConfigurationError(key: "config", expected: "a readable YAML file", found: file)
            }
            do {
                // The reader-based initialiser takes the path as a string (no FilePath from swift-system needed).
                let location = ConfigReader(provider: InMemoryProvider(values: ["filePath": ConfigValue(.string(file), isSecret: false)]))
                providers.append(try await FileProvider<YAMLSnapshot>(config: location))
            } catch {
                throw ConfigurationError(key: "config", expected: "a YAML mapping of the documented keys (\(error))", found: file)
            }
        }
        return ConfigReader(providers: providers)
    }
}
