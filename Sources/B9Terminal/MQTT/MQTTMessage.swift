/// One application message received on a subscription.
struct MQTTMessage: Sendable, Hashable {
    let topic: String
    let payload: [UInt8]
    let qos: Int32
    let retained: Bool

    /// The payload as UTF-8 text (invalid sequences replaced).
    var text: String { String(decoding: payload, as: UTF8.self) }
}

/// A change of the client's connection, in the order libmosquitto reported it.
enum MQTTConnectionEvent: Sendable, Hashable {
    /// CONNACK 0: connected; subscriptions renewed and the station status set to `online`.
    case connected
    /// The broker refused the connection with this CONNACK code; the client keeps retrying.
    case refused(code: Int32, reason: String)
    /// The connection ended; `expected` when this client asked for it.
    case disconnected(expected: Bool, reason: String)
}
