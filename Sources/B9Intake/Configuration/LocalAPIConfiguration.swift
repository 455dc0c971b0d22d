import Foundation

/// Where the local API listens and the token it asks for; read from the `api.*` keys.
///
/// The API is off unless `api.token` is set. It listens on a loopback address (`api.host`,
/// `api.port`), on a unix socket (`api.socket`, mode 0660, optionally handed to `api.socket_group`),
/// or both; never on another interface.
package struct LocalAPIConfiguration: Sendable, Equatable {
    /// The loopback host to bind, or nil for the unix socket only.
    package var host: String?
    /// The TCP port; 0 picks a free one (tests).
    package var port: Int
    /// The unix socket path, or nil.
    package var socketPath: String?
    /// The group that owns the socket and whose members may connect besides the daemon's user and root.
    package var socketGroup: UInt32?
    /// The bearer token every route but the till page asks for. Never logged.
    package var token: String

    package static let defaultHost = "127.0.0.1"
    package static let defaultPort = 8089
    /// The shortest token accepted: shorter ones are guessable.
    package static let minimumTokenLength = 16

    package init(host: String? = Self.defaultHost, port: Int = Self.defaultPort, socketPath: String? = nil, socketGroup: UInt32? = nil, token: String) {
        self.host = host
        self.port = port
        self.socketPath = socketPath
        self.socketGroup = socketGroup
        self.token = token
    }

    /// Whether `host` names the loopback interface (127.0.0.0/8, ::1 or localhost).
    package static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}

extension LocalAPIConfiguration: CustomStringConvertible {
    /// Where it listens; the token is shown as `<secret>`.
    package var description: String {
        var places: [String] = []
        if let host { places.append("http://\(host.contains(":") ? "[\(host)]" : host):\(port)") }
        if let socketPath { places.append("unix:\(socketPath)") }
        return places.joined(separator: " and ") + " (token <secret>)"
    }
}

extension KeyReader {
    /// Reads the `api.*` keys: nil when `api.token` is not set (the API is off).
    /// - Throws: ``ConfigurationError`` naming the key: a short token, a host that is not loopback,
    ///   a port out of range, an unknown group, or neither a host nor a socket.
    package func localAPI() throws(ConfigurationError) -> LocalAPIConfiguration? {
        guard let token = try string("api.token", secret: true) else {
            for key in ["api.host", "api.port", "api.socket", "api.socket_group"] where try string(key) != nil {
                throw ConfigurationError(key: "api.token", expected: "a token of at least \(LocalAPIConfiguration.minimumTokenLength) characters, since \(key) is set", found: nil)
            }
            return nil
        }
        guard token.count >= LocalAPIConfiguration.minimumTokenLength, !token.contains(where: \.isWhitespace) else {
            // Never echo a secret, not even a bad one.
            throw ConfigurationError(key: "api.token", expected: "at least \(LocalAPIConfiguration.minimumTokenLength) characters without spaces (e.g. from `openssl rand -hex 24`)", found: "<secret>")
        }
        var host: String? = try string("api.host") ?? LocalAPIConfiguration.defaultHost
        if host == "none" || host == "" {
            host = nil
        } else if let given = host, !LocalAPIConfiguration.isLoopback(given) {
            throw ConfigurationError(key: "api.host", expected: "a loopback address (127.0.0.1, ::1 or localhost) or none; the API is for this machine only", found: given)
        }
        let port = try integer("api.port", in: 0...65_535) ?? LocalAPIConfiguration.defaultPort
        let socketPath = try string("api.socket").flatMap { $0.isEmpty ? nil : $0 }
        if let socketPath, !socketPath.hasPrefix("/") {
            throw ConfigurationError(key: "api.socket", expected: "an absolute path such as /run/b9terminal/api.sock", found: socketPath)
        }
        var socketGroup: UInt32?
        if let group = try string("api.socket_group"), !group.isEmpty {
            guard socketPath != nil else {
                throw ConfigurationError(key: "api.socket", expected: "the unix socket path, since api.socket_group is set", found: nil)
            }
            guard let gid = UInt32(group) ?? Self.groupID(named: group) else {
                throw ConfigurationError(key: "api.socket_group", expected: "an existing group name or a numeric gid", found: group)
            }
            socketGroup = gid
        }
        guard host != nil || socketPath != nil else {
            throw ConfigurationError(key: "api.host", expected: "a loopback address when api.socket is not set (the API needs somewhere to listen)", found: "none")
        }
        return LocalAPIConfiguration(host: host, port: port, socketPath: socketPath, socketGroup: socketGroup, token: token)
    }

    private static func groupID(named name: String) -> UInt32? {
        guard let entry = getgrnam(name) else { return nil }
        return entry.pointee.gr_gid
    }
}
