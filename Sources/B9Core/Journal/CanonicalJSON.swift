public import Foundation

/// The one JSON encoding used for journal payloads and event data: sorted keys, no extra whitespace,
/// slashes unescaped. Stored text is hashed byte for byte, so there must be only one way to write it.
public enum CanonicalJSON {
    /// Encodes `value` canonically as UTF-8 text.
    public static func encode(_ value: some Encodable) throws(CoreError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw CoreError(.storage, "could not encode \(type(of: value)) as JSON", underlying: error)
        }
    }

    /// Decodes canonical JSON text.
    public static func decode<T: Decodable>(_ type: T.Type, from text: String) throws(CoreError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw CoreError(.storage, "could not read \(type) from JSON", underlying: error)
        }
    }
}
