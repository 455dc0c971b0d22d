import B9Core
import HTTPTypes
import Foundation
import Hummingbird

/// A failure the local API reports to its client as JSON:
/// `{"error": {"code": "…", "message": "…", "field": "…"}}` with a matching HTTP status.
///
/// `code` is stable (clients compare it); `message` says what failed and what to do; `field` names
/// the body field at fault for a 400.
struct LocalAPIError: Error, Sendable, Equatable, HTTPResponseError {
    let status: HTTPResponse.Status
    let code: String
    let message: String
    let field: String?

    init(_ status: HTTPResponse.Status, code: String, _ message: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    /// 400: the body or a parameter is malformed; `field` names it.
    static func badRequest(_ field: String, _ message: String) -> Self {
        Self(.badRequest, code: "invalid-field", message, field: field)
    }

    static let unauthorized = Self(.unauthorized, code: "unauthorized", "send the API token as 'Authorization: Bearer TOKEN' (see api.token)")
    static let forbiddenPeer = Self(.forbidden, code: "forbidden-peer", "this user may not use the API socket; run as the daemon's user, root or a member of api.socket_group")

    static func notFound(_ what: String) -> Self {
        Self(.notFound, code: "not-found", "\(what) does not exist")
    }

    /// A billing failure: 404 for what does not exist, 409 for rules the request broke, 400 for
    /// malformed values, 503 for storage trouble.
    init(_ error: CoreError, field: String? = nil) {
        let status: HTTPResponse.Status
        switch error.code {
        case .productNotFound, .lineNotFound, .saleNotFound, .accountNotFound:
            status = .notFound
        case .invalidQuantity, .invalidAmount, .invalidDiscount, .invalidTender, .unknownTender, .currencyMismatch,
            .incompatibleUnits, .unknownUnit, .inexactConversion:
            status = .badRequest
        case .storage, .storageFull, .durabilityNotGuaranteed:
            status = .serviceUnavailable
        default:
            // Empty cart, discount above the limit, too little paid, credit limit, arithmetic overflow …
            status = .conflict
        }
        self.init(status, code: error.code.description, error.message, field: status == .badRequest ? field : nil)
    }

    private struct Body: Encodable {
        struct Detail: Encodable {
            let code: String
            let message: String
            let field: String?
        }
        let error: Detail
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Body(error: .init(code: code, message: message, field: field)))) ?? Data("{}".utf8)
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"b9terminal\"" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension LocalAPIError {
    /// Turns any error a route throws into one the client can read; anything unexpected becomes a
    /// 500 `internal` that names nothing private (the caller logs the detail).
    static func from(_ error: any Error) -> Self {
        switch error {
        case let error as LocalAPIError:
            return error
        case let error as CoreError:
            return LocalAPIError(error)
        case let error as FieldError:
            return .badRequest(error.field, error.message)
        case let error as HTTPError:
            switch error.status {
            case .notFound: return .notFound("this route")
            case .methodNotAllowed: return Self(.methodNotAllowed, code: "method-not-allowed", "this route does not take that method")
            case .contentTooLarge: return Self(.contentTooLarge, code: "body-too-large", "the body is larger than \(JSONBody.maximumBytes) bytes")
            default:
                return Self(error.status, code: "http-\(error.status.code)", error.body ?? error.status.reasonPhrase)
            }
        default:
            return Self(.internalServerError, code: "internal", "the daemon failed unexpectedly; see its log")
        }
    }
}
