public import Foundation

/// Received input (a JSON event payload, a request body) refused: names the field at fault
/// (`data.quantity`, `tenders[0].amount`, `body` for the document as a whole) and says what it must be.
public struct FieldError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field's path, `body` when the input is not a JSON object at all.
    public let field: String
    /// What is wrong and what the field must be.
    public let message: String

    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }

    /// Decodes `data` as `T`, turning every `DecodingError` into the field it is about.
    /// - Parameter document: what `data` is (`body`, `payload`): the field named when `data` is not
    ///   JSON or not an object at the top.
    /// - Throws: ``FieldError``.
    public static func decodeJSON<T: Decodable>(_ type: T.Type, from data: Data, document: String = "body") throws(FieldError) -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as FieldError {
            throw error
        } catch {
            throw FieldError(decoding: error, document: document)
        }
    }

    private init(decoding error: any Error, document: String) {
        func path(_ codingPath: [any CodingKey]) -> String { Self.path(codingPath, root: document) }
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            self.init(field: field, "'\(field)' is required")
        case DecodingError.typeMismatch(let expected, let context):
            let field = path(context.codingPath)
            self.init(field: field, "'\(field)' must be \(Self.describe(expected))")
        case DecodingError.valueNotFound(let expected, let context):
            let field = path(context.codingPath)
            self.init(field: field, "'\(field)' must be \(Self.describe(expected)), not null")
        case DecodingError.dataCorrupted(let context) where !context.codingPath.isEmpty:
            let field = path(context.codingPath)
            self.init(field: field, "'\(field)' is malformed: \(context.debugDescription)")
        default:
            self.init(field: document, "the \(document) must be a JSON object")
        }
    }

    /// `tenders[0].amount` from a coding path; `root` for the empty path.
    public static func path(_ codingPath: [any CodingKey], root: String = "body") -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text.isEmpty ? root : text
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "an integer"
        case is Bool.Type: "true or false"
        case is [Any].Type: "an array"
        default: "an object"
        }
    }
}
