#if canImport(Glibc)
import Glibc
#endif

/// Where a print job stands. Stored in the spool, so it survives a restart.
public enum PrintJobState: Sendable, Hashable, CustomStringConvertible {
    /// Stored, not yet sent (or sent to no printer yet).
    case queued
    /// Bytes are being written to the printer named here; not yet confirmed.
    case sending(printer: String)
    /// All bytes reached the printer named here, but it reports a condition (paper end, cover
    /// open, offline) that stops printing; printed once it recovers.
    case heldAtPrinter(printer: String)
    /// The printer confirmed the job (online, no error, after the data drained).
    case printed(printer: String)
    /// The job cannot be printed (see reason); nothing more is done with it.
    case failed(reason: String)
    /// Bytes may or may not have been printed; only an operator's confirmed reprint sends it again.
    case unknown(reason: String)

    /// True for printed, failed and unknown.
    public var isFinal: Bool {
        switch self {
        case .printed, .failed, .unknown: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .queued: "queued"
        case .sending(let printer): "sending to \(printer)"
        case .heldAtPrinter(let printer): "held at \(printer)"
        case .printed(let printer): "printed on \(printer)"
        case .failed(let reason): "failed: \(reason)"
        case .unknown(let reason): "unknown: \(reason)"
        }
    }

    /// One line of text: `<kind> <escaped argument>`.
    var encoded: String {
        switch self {
        case .queued: "queued -"
        case .sending(let printer): "sending " + SpoolText.escape(printer)
        case .heldAtPrinter(let printer): "held " + SpoolText.escape(printer)
        case .printed(let printer): "printed " + SpoolText.escape(printer)
        case .failed(let reason): "failed " + SpoolText.escape(reason)
        case .unknown(let reason): "unknown " + SpoolText.escape(reason)
        }
    }

    init?(encoded line: String) {
        let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let argument = SpoolText.unescape(String(parts[1])) else { return nil }
        switch parts[0] {
        case "queued": self = .queued
        case "sending": self = .sending(printer: argument)
        case "held": self = .heldAtPrinter(printer: argument)
        case "printed": self = .printed(printer: argument)
        case "failed": self = .failed(reason: argument)
        case "unknown": self = .unknown(reason: argument)
        default: return nil
        }
    }
}

/// Percent-escaping for one-line spool records.
enum SpoolText {
    static func escape(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            if byte > 0x20, byte < 0x7F, byte != 0x25 {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let digits = Array("0123456789ABCDEF".utf8)
                out += "%" + String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]], as: UTF8.self)
            }
        }
        return out.isEmpty ? "-" : out
    }

    static func unescape(_ text: String) -> String? {
        if text == "-" { return "" }
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == 0x25 {
                guard let high = iterator.next(), let low = iterator.next(),
                    let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The durable store of print jobs: one folder, two files per job.
///
/// - `<id>.data` — the job's bytes, written once when the job is submitted;
/// - `<id>.state` — one line, the job's ``PrintJobState``, replaced on every change.
///
/// Every file is written as `.<name>.tmp`, `fsync`ed, renamed over the old one, and the folder is
/// `fsync`ed, so after a crash a file is either the old or the new version, never a mix. A `.data`
/// file without `.state` is a submit that never returned and is discarded on load.
public struct PrintSpool: Sendable {
    /// The spool folder.
    public let directory: String

    /// Opens (and creates, mode 0700) the spool folder.
    public init(directory: String) throws(PrintQueueError) {
        self.directory = directory
        if mkdir(directory, 0o700) != 0 && errno != EEXIST {
            throw PrintQueueError(.spoolFailed, "cannot create spool folder \(directory) (errno \(errno)); "
                + "check that its parent exists and is writable")
        }
    }

    /// Whether `id` can name a job: 1…64 of `A–Z a–z 0–9 - _ .`, not starting with a dot.
    public static func isValidJobID(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard (1...64).contains(bytes.count), bytes[0] != 0x2E else { return false }
        return bytes.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || byte == 0x2D || byte == 0x5F || byte == 0x2E
        }
    }

    func store(jobID: String, bytes: [UInt8]) throws(PrintQueueError) {
        try writeAtomically(name: jobID + ".data", bytes: bytes)
    }

    func store(jobID: String, state: PrintJobState) throws(PrintQueueError) {
        try writeAtomically(name: jobID + ".state", bytes: Array((state.encoded + "\n").utf8))
    }

    func bytes(of jobID: String) throws(PrintQueueError) -> [UInt8] {
        try readFile(name: jobID + ".data")
    }

    /// Every stored job with its state, in submission order (by the spool's sequence file names).
    func load() throws(PrintQueueError) -> [(id: String, state: PrintJobState)] {
        guard let dir = opendir(directory) else {
            throw PrintQueueError(.spoolFailed, "cannot read spool folder \(directory) (errno \(errno))")
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            names.append(name)
        }
        var jobs: [(id: String, state: PrintJobState, order: Int64)] = []
        for name in names where name.hasSuffix(".state") {
            let id = String(name.dropLast(".state".count))
            guard Self.isValidJobID(id) else { continue }
            let text = String(decoding: try readFile(name: name), as: UTF8.self)
            let line = text.split(separator: "\n").first.map(String.init) ?? ""
            guard let state = PrintJobState(encoded: line) else {
                throw PrintQueueError(.spoolFailed, "spool record \(directory)/\(name) is unreadable; "
                    + "move it away and check the job by hand")
            }
            var info = stat()
            let order: Int64 = stat(directory + "/" + id + ".data", &info) == 0
                ? Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec) : 0
            jobs.append((id, state, order))
        }
        for name in names where name.hasSuffix(".data") {
            let id = String(name.dropLast(".data".count))
            if !names.contains(id + ".state") { unlink(directory + "/" + name) }
        }
        return jobs.sorted { ($0.order, $0.id) < ($1.order, $1.id) }.map { ($0.id, $0.state) }
    }

    private func writeAtomically(name: String, bytes: [UInt8]) throws(PrintQueueError) {
        let temporary = directory + "/." + name + ".tmp"
        let final = directory + "/" + name
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("create", temporary) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { raw in
                write(fd, raw.baseAddress.map { $0 + written }, bytes.count - written)
            }
            if count < 0 {
                if errno == EINTR { continue }
                let error = failure("write", temporary)
                close(fd)
                throw error
            }
            written += count
        }
        guard fsync(fd) == 0 else {
            let error = failure("fsync", temporary)
            close(fd)
            throw error
        }
        close(fd)
        guard rename(temporary, final) == 0 else { throw failure("rename", final) }
        let dirFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirFD >= 0 {
            _ = fsync(dirFD)
            close(dirFD)
        }
    }

    private func readFile(name: String) throws(PrintQueueError) -> [UInt8] {
        let path = directory + "/" + name
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("open", path) }
        defer { close(fd) }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("read", path)
            }
            if count == 0 { break }
            result += buffer[0..<count]
        }
        return result
    }

    private func failure(_ operation: String, _ path: String) -> PrintQueueError {
        PrintQueueError(.spoolFailed, "\(operation) \(path) failed (errno \(errno)); check free space and "
            + "permissions of the spool folder")
    }
}
