import ArgumentParser
import B9Core
import Foundation

/// Where the billing store is and whose it is; shared by every command that opens it.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: "SQLite store path (default: $B9TERMINAL_DB or ./var/b9terminal.sqlite).")
    var databasePath: String?

    @Option(name: .customLong("store"), help: "Store (shop) id.")
    var storeID: String = "demo-store"

    @Option(name: .customLong("terminal"), help: "Terminal id; receipt numbers are sequential per terminal.")
    var terminalID: String = "till-1"

    var resolvedPath: String {
        databasePath ?? ProcessInfo.processInfo.environment["B9TERMINAL_DB"] ?? "var/b9terminal.sqlite"
    }

    /// Opens the store, creating its folder if needed.
    func open() throws -> BillingStore {
        let path = resolvedPath
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        return try BillingStore.open(path: path, storeID: storeID, terminalID: terminalID)
    }
}

/// Prints to standard error and exits with a failure status.
func fail(_ message: String, code: Int32 = 1) -> ExitCode {
    FileHandle.standardError.write(Data("b9terminal: \(message)\n".utf8))
    return ExitCode(code)
}

/// Writes a line to standard output immediately (no buffering), so a process killed right after still left it.
func emitLine(_ text: String) {
    let bytes = Array((text + "\n").utf8)
    bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = write(1, buffer.baseAddress! + offset, buffer.count - offset)
            if written <= 0 { return }
            offset += written
        }
    }
}
