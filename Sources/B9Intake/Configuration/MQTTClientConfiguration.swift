/// How to reach the broker and how this station presents itself there.
///
/// Built from the `mqtt.*` configuration keys (see ``TerminalConfiguration``). The password is never
/// part of `description`.
struct MQTTClientConfiguration: Sendable, CustomStringConvertible {
    /// TLS files, all PEM.
    struct TLS: Sendable, Hashable {
        /// The CA that signed the broker's certificate (`mqtt.tls.ca_file`).
        var caFile: String
        /// This station's client certificate and key (`mqtt.tls.cert_file`, `mqtt.tls.key_file`); both or neither.
        var certificateFile: String?
        var keyFile: String?
    }

    /// A retained message the client keeps on the broker: `online` after every connect, `offline` as
    /// its last will (when the link drops) and on a clean shutdown.
    struct Availability: Sendable, Hashable {
        var topic: String
        var online: String = "online"
        var offline: String = "offline"
    }

    var host: String
    var port: Int = 1883
    /// Stable per station so the broker keeps the session (clean session false) across reconnects.
    var clientID: String
    var username: String?
    var password: String?
    var tls: TLS?
    var keepAliveSeconds: Int = 30
    var availability: Availability?
    /// Reconnect back-off: first delay, doubling up to the maximum (libmosquitto's exponential back-off).
    var reconnectDelaySeconds: Int = 1
    var reconnectDelayMaximumSeconds: Int = 30
    /// Clean session false: the broker keeps our subscriptions and queued QoS 1 messages while we are away.
    var persistentSession: Bool = true

    var description: String {
        var parts = ["\(host):\(port)", "client \(clientID)"]
        if let username { parts.append("user \(username)") }
        if password != nil { parts.append("password set") }
        if tls != nil { parts.append("TLS") }
        return parts.joined(separator: ", ")
    }
}
