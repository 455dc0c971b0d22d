import Foundation
import Hummingbird
import HTTPTypes

/// Reading request bodies and writing response bodies as JSON, with 400s that name the field.
enum JSONBody {
    /// Bodies larger than this are refused (413): the API takes small commands only.
    static let maximumBytes = 64 * 1024

    /// Decodes the body as `T`.
    /// - Throws: ``LocalAPIError`` 400 naming the field that is missing or of the wrong type
    ///   (`body` when the body is not JSON at all).
    static func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        var request = request
        let buffer = try await request.collectBody(upTo: maximumBytes)
        let data = Data(buffer.readableBytesView)
        return try decode(type, from: data.isEmpty ? Data("{}".utf8) : data)
    }

    /// Decodes `data` as `T` (see ``decode(_:from:)-(_,Request)``).
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(LocalAPIError) -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as LocalAPIError {
            throw error
        } catch let DecodingError.keyNotFound(key, context) {
            throw .badRequest(path(context.codingPath + [key]), "'\(path(context.codingPath + [key]))' is required")
        } catch let DecodingError.typeMismatch(expected, context) {
            throw .badRequest(path(context.codingPath), "'\(path(context.codingPath))' must be \(describe(expected))")
        } catch let DecodingError.valueNotFound(expected, context) {
            throw .badRequest(path(context.codingPath), "'\(path(context.codingPath))' must be \(describe(expected)), not null")
        } catch let DecodingError.dataCorrupted(context) {
            if context.codingPath.isEmpty {
                throw .badRequest("body", "the body must be a JSON object")
            }
            throw .badRequest(path(context.codingPath), "'\(path(context.codingPath))' is malformed: \(context.debugDescription)")
        } catch {
            throw .badRequest("body", "the body must be a JSON object")
        }
    }

    /// `tenders[0].amount` from a coding path.
    static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text.isEmpty ? "body" : text
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

    /// A JSON response with sorted keys (stable for clients and tests).
    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}
