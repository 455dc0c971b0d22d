import Foundation

/// A configuration value is missing or malformed: names the key and the form it expects.
package struct ConfigurationError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The dotted key, e.g. `mqtt.port`.
    package let key: String
    /// What is expected, e.g. "an integer from 1 to 65535".
    package let expected: String
    /// What was found, when there was something (never the value of a secret key).
    package let found: String?

    package init(key: String, expected: String, found: String?) {
        self.key = key
        self.expected = expected
        self.found = found
    }

    package var description: String {
        let env = "B9TERMINAL_" + key.uppercased().replacingOccurrences(of: ".", with: "_")
        if let found {
            return "configuration key '\(key)' must be \(expected) (got '\(found)'); fix it in the configuration file, in \(env) or on the command line"
        }
        return "configuration key '\(key)' is required: \(expected); set it in the configuration file, in \(env) or on the command line"
    }
}
