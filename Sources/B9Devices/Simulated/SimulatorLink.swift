import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A symbolic link, unique to one simulated line, to its pty slave (`/dev/pts/N`): what a device
/// under test is given to open instead of the node itself.
///
/// The kernel hands out the lowest free pty number, so a number is reused as soon as a line closes.
/// A device still reopening a closed simulator's `/dev/pts/N` (a reconnect loop, a daemon not yet
/// stopped) would open the next simulator's line and read its bytes. A link removed before the
/// line closes dangles instead, as a by-id link does when an adapter is pulled: the reopen fails
/// with not-found. Links live in `$TMPDIR/b9terminal-lines-<pid>/`.
struct SimulatorLink: Sendable {
    /// The link's path.
    let path: String

    private static let counter = Atomic<Int>(0)

    /// Makes a new link to `node`; nil when the link cannot be made (then the node is used as is).
    static func make(to node: String, name: String) -> SimulatorLink? {
        let base = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        let directory = "\(base)/b9terminal-lines-\(getpid())"
        if mkdir(directory, 0o700) != 0 && errno != EEXIST { return nil }
        let number = counter.add(1, ordering: .relaxed).newValue
        let safeName = String(name.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" })
        let path = "\(directory)/\(safeName)-\(number)"
        guard symlink(node, path) == 0 else { return nil }
        return SimulatorLink(path: path)
    }

    /// Removes the link (idempotent).
    func remove() {
        unlink(path)
    }
}
