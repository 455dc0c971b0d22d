/// The users and groups of `/etc/passwd` and `/etc/group`, enough to answer "can the service user
/// open a node of this group?" without asking NSS (the station's accounts are local).
public struct AccountDatabase: Sendable, Hashable {
    /// One `/etc/group` line.
    public struct Group: Sendable, Hashable {
        public var name: String
        public var gid: UInt32
        public var members: [String]
    }

    /// One `/etc/passwd` line (name, uid and primary group).
    public struct User: Sendable, Hashable {
        public var name: String
        public var uid: UInt32
        public var gid: UInt32
    }

    public var groups: [Group]
    public var users: [User]

    /// Parses the two files' text; malformed lines are skipped.
    public init(groupText: String, passwdText: String) {
        groups = groupText.split(whereSeparator: \.isNewline).compactMap { line in
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            guard fields.count >= 3, !line.hasPrefix("#"), let gid = UInt32(fields[2]) else { return nil }
            let members = fields.count > 3 ? fields[3].split(separator: ",").map { String($0).trimmingWhitespace } : []
            return Group(name: String(fields[0]), gid: gid, members: members.filter { !$0.isEmpty })
        }
        users = passwdText.split(whereSeparator: \.isNewline).compactMap { line in
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            guard fields.count >= 4, !line.hasPrefix("#"), let uid = UInt32(fields[2]), let gid = UInt32(fields[3]) else {
                return nil
            }
            return User(name: String(fields[0]), uid: uid, gid: gid)
        }
    }

    /// Reads `/etc/group` and `/etc/passwd` under `files`.
    public init(files: SystemFiles) {
        self.init(groupText: files.readText("/etc/group") ?? "", passwdText: files.readText("/etc/passwd") ?? "")
    }

    public func user(named name: String) -> User? { users.first { $0.name == name } }
    public func group(named name: String) -> Group? { groups.first { $0.name == name } }
    public func group(gid: UInt32) -> Group? { groups.first { $0.gid == gid } }

    /// Whether `user` is in the group `gid`, as its primary group or as a listed member.
    public func isMember(_ user: String, ofGroup gid: UInt32) -> Bool {
        if let account = self.user(named: user), account.gid == gid { return true }
        return group(gid: gid)?.members.contains(user) ?? false
    }
}
