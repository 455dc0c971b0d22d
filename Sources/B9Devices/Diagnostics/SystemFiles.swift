#if canImport(Glibc)
import Glibc
#endif

/// Reads the machine facts the diagnostics need (`/etc/group`, `/etc/passwd`, `/proc/*/comm`,
/// `/run/cups/cups.sock`, `/sys/bus/usb`, the installed udev rules) under a root directory, so
/// tests can lay out a fake machine in a temporary folder. The root is `/` on a real station.
public struct SystemFiles: Sendable {
    /// Prefix for every absolute path read (no trailing slash needed).
    public let root: String

    public init(root: String = "/") {
        self.root = root.hasSuffix("/") ? String(root.dropLast()) : root
    }

    /// The real path for an absolute machine path.
    public func path(_ absolute: String) -> String { root + absolute }

    /// The contents of a text file, or nil when it cannot be read. Reads at most `limit` bytes.
    public func readText(_ absolute: String, limit: Int = 1_000_000) -> String? {
        let fd = open(path(absolute), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < limit {
            let count = read(fd, &chunk, chunk.count)
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether something exists at the path (without following a final symlink).
    public func exists(_ absolute: String) -> Bool {
        var info = stat()
        return lstat(path(absolute), &info) == 0
    }

    /// The names in a directory, without `.` and `..`; empty when it cannot be read.
    public func list(_ absolute: String) -> [String] {
        guard let directory = opendir(path(absolute)) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// The VID:PID of a USB device in `/sys/bus/usb/devices` (`1-1`), from its `idVendor` and `idProduct`.
    public func usbDeviceID(_ device: String) -> USBDeviceID? {
        guard let vendor = readText("/sys/bus/usb/devices/\(device)/idVendor", limit: 16)?.trimmingWhitespace,
            let product = readText("/sys/bus/usb/devices/\(device)/idProduct", limit: 16)?.trimmingWhitespace
        else { return nil }
        return USBDeviceID(text: "\(vendor):\(product)")
    }

    /// The command names (`/proc/PID/comm`) of the running processes.
    public func processNames() -> Set<String> {
        var names: Set<String> = []
        for entry in list("/proc") where entry.allSatisfy(\.isNumber) {
            if let comm = readText("/proc/\(entry)/comm", limit: 256) {
                names.insert(comm.trimmingWhitespace)
            }
        }
        return names
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    var trimmingWhitespace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
