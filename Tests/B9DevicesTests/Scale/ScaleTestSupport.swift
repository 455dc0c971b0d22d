import B9Scale

/// Decodes `bytes` in one go with `scaleProtocol`.
func decodeAll(_ scaleProtocol: any ScaleProtocol, _ bytes: [UInt8]) -> [ScaleEvent] {
    var decoder = ScaleDecoder(scaleProtocol)
    return decoder.decode(bytes)
}

/// The events that are not `.skipped`.
func frames(_ events: [ScaleEvent]) -> [ScaleEvent] {
    events.filter { if case .skipped = $0 { false } else { true } }
}

func kg(_ text: String) -> Weight {
    // Test fixtures are literals; a typo should fail loudly rather than silently.
    (try? Weight(parsing: text, unit: .kilogram)) ?? Weight(.zero, .gram)
}

func weight(_ text: String, _ unit: WeightUnit) -> Weight {
    (try? Weight(parsing: text, unit: unit)) ?? Weight(.zero, .gram)
}

func decimal(_ text: String) -> ExactDecimal {
    (try? ExactDecimal(parsing: text)) ?? .zero
}

func reading(_ event: ScaleEvent?) -> ScaleReading? {
    if case .reading(let reading) = event { return reading }
    return nil
}
