import Hummingbird
import HTTPTypes
import Logging

/// Outermost: every error leaves as a typed JSON error; unexpected ones are logged (method and
/// path only, never headers, so the token never reaches the log) and answered 500 `internal`.
struct LocalAPIErrorMiddleware: RouterMiddleware {
    typealias Context = LocalAPIRequestContext
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let answer = LocalAPIError.from(error)
            if answer.status == .internalServerError {
                logger.error("local API request failed", metadata: ["http.method": "\(request.method)", "url.path": "\(request.uri.path)", "error": "\(error)"])
            }
            return try answer.response(from: request, context: context)
        }
    }
}

/// Refuses unix-socket peers that are not the daemon's user, root or a member of `api.socket_group`
/// (TCP connections pass: they are loopback-only and need the token like everyone).
struct PeerCredentialsMiddleware: RouterMiddleware {
    typealias Context = LocalAPIRequestContext
    let policy: PeerPolicy

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let peer: PeerCredentials?
        do {
            peer = try await PeerCredentials.of(context.channel)
        } catch {
            throw LocalAPIError.forbiddenPeer
        }
        if let peer, !policy.allows(peer) {
            throw LocalAPIError.forbiddenPeer
        }
        return try await next(request, context)
    }
}

/// Asks for `Authorization: Bearer <api.token>` on every route but the till page itself.
/// The WebSocket route also takes the token as `?access_token=` (browsers cannot set headers on
/// a WebSocket). Tokens are compared in constant time.
struct BearerTokenMiddleware: RouterMiddleware {
    typealias Context = LocalAPIRequestContext
    let token: [UInt8]

    /// The pages themselves: served without the token (the page asks for it).
    static let publicPaths: Set<String> = ["/", "/index.html", LocalAPIRoutes.kitchenPagePath]

    init(token: String) {
        self.token = Array(token.utf8)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if request.method == .get, Self.publicPaths.contains(path) {
            return try await next(request, context)
        }
        var presented: Substring?
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { presented = parts[1] }
        } else if path == LocalAPIRoutes.eventsPath, let query = request.uri.queryParameters.get("access_token") {
            presented = Substring(query)
        }
        guard let presented, Self.constantTimeEqual(Array(presented.utf8), token) else {
            throw LocalAPIError.unauthorized
        }
        return try await next(request, context)
    }

    /// Equal contents, in time that depends only on the expected token's length.
    static func constantTimeEqual(_ presented: [UInt8], _ expected: [UInt8]) -> Bool {
        var difference: UInt8 = presented.count == expected.count ? 0 : 1
        for index in expected.indices {
            let byte = index < presented.count ? presented[index] : 0
            difference |= byte ^ expected[index]
        }
        return difference == 0
    }
}
