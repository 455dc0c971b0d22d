import B9Core
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
            return try FieldError.decodeJSON(type, from: data)
        } catch {
            throw .badRequest(error.field, error.message)
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
