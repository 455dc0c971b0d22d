package import B9Scale
package import Configuration

/// The `weighing.*` keys of a weighing station (read when `role` is `weighing`).
///
/// | key | form | default |
/// |---|---|---|
/// | `weighing.sku` | the catalog SKU weighed at this station (sold by kg, g, lb or oz; one of its barcodes is its variable-measure code) | required |
/// | `weighing.minimum_kg` | decimal kg | `0.020` |
/// | `weighing.maximum_kg` | decimal kg | `30` |
/// | `weighing.consecutive_readings` | integer 1–20: equal stable readings before a weight is taken | `2` |
package struct WeighingSettings: Sendable {
    package var sku: String
    package var policy: WeighingPolicy

    package init(config: ConfigReader) throws(ConfigurationError) {
        let reader = KeyReader(config: config)
        guard let sku = try reader.string("weighing.sku"), !sku.isEmpty else {
            throw ConfigurationError(key: "weighing.sku", expected: "the SKU of the product weighed at this station (role weighing)", found: nil)
        }
        self.sku = sku
        func kilograms(_ key: String, _ fallback: String) throws(ConfigurationError) -> Weight {
            let text = (try reader.string(key)) ?? fallback
            do {
                return try Weight(parsing: text, unit: .kilogram)
            } catch {
                throw ConfigurationError(key: key, expected: "a weight in kg such as \(fallback)", found: text)
            }
        }
        let minimum = try kilograms("weighing.minimum_kg", "0.020")
        let maximum = try kilograms("weighing.maximum_kg", "30")
        let consecutive = try reader.integer("weighing.consecutive_readings", in: 1...20) ?? 2
        do {
            policy = try WeighingPolicy(minimum: minimum, maximum: maximum, consecutiveReadings: consecutive)
        } catch {
            throw ConfigurationError(key: "weighing.minimum_kg", expected: "a minimum above zero and below weighing.maximum_kg (\(error.message))", found: nil)
        }
    }
}
