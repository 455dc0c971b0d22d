#if canImport(Glibc)
import Glibc
#endif

/// Whether a device node exists and whether the service user may open it read-write: its mode,
/// owner and group, and the user's membership in that group (from ``AccountDatabase``).
public struct NodePermissionCheck: Sendable {
    /// The group the udev rules give POS devices.
    public static let deviceGroup = "b9pos"

    /// What `stat(2)` says about a node (following symlinks such as `/dev/serial/by-id/…`).
    public struct Node: Sendable, Hashable {
        public var path: String
        /// Permission bits (`0o660`).
        public var mode: UInt32
        public var uid: UInt32
        public var gid: UInt32
        public var isCharacterDevice: Bool

        /// Stats `path`; nil when it does not exist (or a symlink points nowhere).
        public static func inspect(_ path: String) -> Node? {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            return Node(path: path, mode: UInt32(info.st_mode) & 0o7777, uid: info.st_uid, gid: info.st_gid,
                        isCharacterDevice: UInt32(info.st_mode) & UInt32(S_IFMT) == UInt32(S_IFCHR))
        }
    }

    public let serviceUser: String
    public let accounts: AccountDatabase

    public init(serviceUser: String, accounts: AccountDatabase) {
        self.serviceUser = serviceUser
        self.accounts = accounts
    }

    /// The command that installs the udev rules (README "Permissions (udev)").
    public static let udevInstallCommand =
        "sudo install -m 0644 udev/99-b9pos.rules /etc/udev/rules.d/ && sudo udevadm control --reload-rules && sudo udevadm trigger"

    /// `found` for a missing node; nil when it exists.
    public static func notFound(_ path: String) -> DiagnosticFinding {
        .fail(DiagnosticCheck.found, "\(path) not found",
              fix: "check the cable and power, then run `b9terminal devices` to see which nodes exist; prefer the "
                  + "stable /dev/serial/by-id/… or /dev/b9pos/… path in the configuration")
    }

    /// The `permissions` finding for `node`.
    public func evaluate(_ node: Node) -> DiagnosticFinding {
        let groupName = accounts.group(gid: node.gid)?.name ?? String(node.gid)
        let ownerName = accounts.users.first { $0.uid == node.uid }?.name ?? String(node.uid)
        let user = accounts.user(named: serviceUser)
        let inGroup = accounts.isMember(serviceUser, ofGroup: node.gid)
        let description = "mode \(Self.octal(node.mode)), owner \(ownerName), group \(groupName); "
            + "\(serviceUser) is \(inGroup ? "" : "not ")in group \(groupName)"
        let readWrite: UInt32 = 0o6
        let ownerAccess = user.map { $0.uid == 0 || ($0.uid == node.uid && (node.mode >> 6) & readWrite == readWrite) } ?? false
        let groupAccess = inGroup && (node.mode >> 3) & readWrite == readWrite
        let otherAccess = node.mode & readWrite == readWrite
        if otherAccess || node.mode & 0o002 != 0 {
            return .warn(DiagnosticCheck.permissions, description + " (world-writable: any local user can drive it)",
                         fix: "install the udev rules so the node gets group \(Self.deviceGroup) and mode 0660: \(Self.udevInstallCommand)")
        }
        if ownerAccess || groupAccess {
            return .ok(DiagnosticCheck.permissions, description)
        }
        if (node.mode >> 3) & readWrite == readWrite {
            // The group may use it; the user is just not in the group.
            var fix = "sudo usermod -aG \(groupName) \(serviceUser) (then restart the service)"
            if groupName != Self.deviceGroup {
                fix += ", or install the udev rules so the node gets group \(Self.deviceGroup): \(Self.udevInstallCommand)"
            }
            return .fail(DiagnosticCheck.permissions, description, fix: fix)
        }
        return .fail(DiagnosticCheck.permissions, description + " (the group cannot read and write it)",
                     fix: "install the udev rules so the node gets group \(Self.deviceGroup) and mode 0660: "
                         + "\(Self.udevInstallCommand); and sudo usermod -aG \(Self.deviceGroup) \(serviceUser)")
    }

    static func octal(_ mode: UInt32) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
