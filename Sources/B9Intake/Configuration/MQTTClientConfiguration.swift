/// How to reach the broker and how this station presents itself there.
///
/// Built from the `mqtt.*` configuration keys (see ``TerminalConfiguration``). The password is never
/// part of `description`.
package struct MQTTClientConfiguration: Sendable, CustomStringConvertible {
    /// TLS files, all PEM.
    package struct TLS: Sendable, Hashable {
        /// The CA that signed the broker's certificate (`mqtt.tls.ca_file`).
        package var caFile: String
        /// This station's client certificate and key (`mqtt.tls.cert_file`, `mqtt.tls.key_file`); both or neither.
        package var certificateFile: String?
        package var keyFile: String?

        package init(caFile: String, certificateFile: String? = nil, keyFile: String? = nil) {
            self.caFile = caFile
            self.certificateFile = certificateFile
            self.keyFile = keyFile
        }
    }

    /// A retained message the client keeps on the broker: `online` after every connect, `offline` as
    /// its last will (when the link drops) and on a clean shutdown.
    package struct Availability: Sendable, Hashable {
        package var topic: String
        package var online: String = "online"
        package var offline: String = "offline"

        package init(topic: String) {
            self.topic = topic
        }
    }

    package var host: String
    package var port: Int = 1883
    /// Stable per station so the broker keeps the session (clean session false) across reconnects.
    package var clientID: String
    package var username: String?
    package var password: String?
    package var tls: TLS?
    package var keepAliveSeconds: Int = 30
    package var availability: Availability?
    /// Reconnect back-off: first delay, doubling up to the maximum (libmosquitto's exponential back-off).
    package var reconnectDelaySeconds: Int = 1
    package var reconnectDelayMaximumSeconds: Int = 30
    /// Clean session false: the broker keeps our subscriptions and queued QoS 1 messages while we are away.
    package var persistentSession: Bool = true

    package init(host: String, port: Int = 1883, clientID: String) {
        self.host = host
        self.port = port
        self.clientID = clientID
    }

    package var description: String {
        var parts = ["\(host):\(port)", "client \(clientID)"]
        if let username { parts.append("user \(username)") }
        if password != nil { parts.append("password set") }
        if tls != nil { parts.append("TLS") }
        return parts.joined(separator: ", ")
    }
}
