/// A request a host sends to a scale. Each protocol encodes the ones it has; see the protocol's doc for bytes.
public enum ScaleRequest: Sendable, Hashable, CaseIterable {
    /// Ask for the current weight.
    case weigh
    /// Set zero (as the ZERO key).
    case zero
    /// Take the current weight as tare (as the TARE key).
    case tare
    /// A harmless request that any scale of the protocol answers, used by auto-detect.
    case probe
}

/// Something decoded from the scale's byte stream.
public enum ScaleEvent: Sendable, Hashable {
    /// A weight or status reading.
    case reading(ScaleReading)
    /// The scale accepted a command (ACK, `Z A`, record acknowledged, …).
    case acknowledged
    /// The scale refused a command; the error says why (NAK, `S I`, `ES`, Dialog 06 status record).
    case rejected(ScaleError)
    /// The scale identified itself or answered a probe (MT-SICS `I2`/`I4`/`@`, 8217 echo).
    case identity(String)
    /// A barcode read by a scanner-scale (Magellan `S08…` frames): symbology identifier and data.
    case barcode(symbology: String, data: String)
    /// A Dialog 06 checksum challenge (record 10/11) with the values the scale sent.
    case checksumChallenge(String)
    /// Bytes that did not form a frame were skipped; the error describes them.
    case skipped(ScaleError)
}
