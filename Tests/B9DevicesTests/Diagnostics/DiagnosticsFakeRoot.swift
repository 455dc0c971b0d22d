import B9Devices
#if canImport(Glibc)
import Glibc
#endif

/// A fake machine root for the diagnostics tests: `/etc/group`, `/etc/passwd`, `/proc`, `/run`,
/// `/sys` and udev rules laid out in a temporary folder.
struct DiagnosticsFakeRoot {
    let path: String

    static let group = "root:x:0:\ntty:x:5:\ndialout:x:20:clerk\nb9pos:x:990:root\n"
    static let passwd = "root:x:0:0:root:/root:/bin/sh\nclerk:x:1000:1000::/home/clerk:/bin/sh\n"

    /// Makes a root with the default accounts and the udev rules installed.
    static func make(group: String = group, passwd: String = passwd) throws -> DiagnosticsFakeRoot {
        var template = Array("/tmp/b9-diag-root-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw DeviceError(.ioFailed, "mkdtemp failed") }
        let root = DiagnosticsFakeRoot(path: String(cString: made))
        try root.write("/etc/group", group)
        try root.write("/etc/passwd", passwd)
        try root.write("/etc/udev/rules.d/99-b9pos.rules", "# installed\n")
        try root.makeDirectory("/proc")
        return root
    }

    func makeDirectory(_ absolute: String) throws {
        var current = path
        for component in absolute.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o755) != 0 && errno != EEXIST { throw DeviceError(.ioFailed, "mkdir \(current) failed") }
        }
    }

    func write(_ absolute: String, _ text: String) throws {
        let folder = String(absolute[..<(absolute.lastIndex(of: "/") ?? absolute.startIndex)])
        if !folder.isEmpty { try makeDirectory(folder) }
        let fd = open(path + absolute, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw DeviceError(.ioFailed, "cannot write \(absolute)") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        guard Glibc.write(fd, bytes, bytes.count) == bytes.count else { throw DeviceError(.ioFailed, "short write") }
    }

    func remove() {
        Self.removeTree(path)
    }

    private static func removeTree(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if info.st_mode & S_IFMT == S_IFDIR {
            for name in SystemFiles(root: path).list("") { removeTree(path + "/" + name) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}
