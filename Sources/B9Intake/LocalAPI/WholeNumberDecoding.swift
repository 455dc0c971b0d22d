/// Whole numbers in request bodies. A JSON number with a fraction (`2.5`) or one too large for
/// `Int` is refused by Foundation's decoder without naming its key; these name it, so the answer
/// says which field must be a whole number.
extension KeyedDecodingContainer {
    /// The whole number at `key`, nil when the key is absent or null.
    func decodeWholeNumberIfPresent(forKey key: Key) throws -> Int? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        do {
            return try decode(Int.self, forKey: key)
        } catch {
            // A string, a fraction or an out-of-range number alike: the key must be a whole number.
            throw DecodingError.typeMismatch(
                Int.self, .init(codingPath: codingPath + [key], debugDescription: "a whole number"))
        }
    }
}
