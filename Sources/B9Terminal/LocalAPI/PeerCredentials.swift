import CB9Linux
import Foundation
import NIOCore

/// The user and group of the process at the other end of a unix socket (SO_PEERCRED).
struct PeerCredentials: Sendable, Equatable {
    let pid: Int32
    let uid: UInt32
    let gid: UInt32

    /// The peer of `channel` when it is a unix-socket connection; nil for TCP.
    /// - Throws: when the credentials of a unix-socket peer cannot be read (the caller refuses it).
    static func of(_ channel: any Channel) async throws -> PeerCredentials? {
        guard case .unixDomainSocket = channel.localAddress else { return nil }
        guard let provider = channel as? any SocketOptionProvider else {
            throw LocalAPIError.forbiddenPeer
        }
        let raw: CB9Linux_ucred = try await provider.unsafeGetSocketOption(
            level: .socket, name: NIOBSDSocket.Option(rawValue: SO_PEERCRED)
        ).get()
        return PeerCredentials(pid: raw.pid, uid: raw.uid, gid: raw.gid)
    }
}

/// Who may use the API's unix socket: the daemon's own user, root, and members of `api.socket_group`.
struct PeerPolicy: Sendable {
    let ownUID: UInt32
    let group: UInt32?
    /// Whether user `uid` belongs to group `gid` (supplementary groups included).
    let isMember: @Sendable (_ uid: UInt32, _ primaryGID: UInt32, _ gid: UInt32) -> Bool

    init(ownUID: UInt32 = geteuid(), group: UInt32?, isMember: @escaping @Sendable (UInt32, UInt32, UInt32) -> Bool = PeerPolicy.systemMembership) {
        self.ownUID = ownUID
        self.group = group
        self.isMember = isMember
    }

    func allows(_ peer: PeerCredentials) -> Bool {
        if peer.uid == 0 || peer.uid == ownUID { return true }
        guard let group else { return false }
        return peer.gid == group || isMember(peer.uid, peer.gid, group)
    }

    /// Group membership from the system's user and group databases (getgrouplist).
    static let systemMembership: @Sendable (UInt32, UInt32, UInt32) -> Bool = { uid, primaryGID, gid in
        guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return false }
        var count: Int32 = 64
        var groups = [gid_t](repeating: 0, count: Int(count))
        if getgrouplist(name, primaryGID, &groups, &count) < 0 {
            groups = [gid_t](repeating: 0, count: Int(count))
            guard getgrouplist(name, primaryGID, &groups, &count) >= 0 else { return false }
        }
        return groups.prefix(Int(count)).contains(gid)
    }
}
