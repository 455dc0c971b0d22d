/// Everything that can go wrong talking to the MQTT broker, with what failed and what to do about it.
///
/// Compare `code`s, not messages. `mosquittoCode` is libmosquitto's return code (`MOSQ_ERR_*`) or the
/// broker's CONNACK code when there is one.
struct MQTTError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure. New codes may be added.
    struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        var description: String { name }

        /// The client could not be created or configured (bad option, TLS files unreadable).
        static let configuration = Code("configuration")
        /// The broker refused the connection (CONNACK code other than 0: bad credentials, not authorised).
        static let connectionRefused = Code("connection-refused")
        /// The call needs a connection and there is none right now.
        static let notConnected = Code("not-connected")
        /// A publish was not acknowledged in time.
        static let timedOut = Code("timed-out")
        /// The client was shut down before the operation completed.
        static let shutDown = Code("shut-down")
        /// libmosquitto rejected the request (topic, payload size, out of memory, protocol error).
        static let rejected = Code("rejected")
    }

    let code: Code
    let message: String
    let mosquittoCode: Int32?

    init(_ code: Code, _ message: String, mosquittoCode: Int32? = nil) {
        self.code = code
        self.message = message
        self.mosquittoCode = mosquittoCode
    }

    var description: String {
        if let mosquittoCode { return "\(message) (\(code); mosquitto \(mosquittoCode))" }
        return "\(message) (\(code))"
    }
}
