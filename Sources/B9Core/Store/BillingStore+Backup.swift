import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// What an online backup copied, checked on the copy itself.
public struct StoreBackupReport: Sendable, Hashable {
    /// Where the backup was written.
    public let path: String
    /// Sales in the copy (a consistent snapshot: every sale whole, none half-written).
    public let sales: Int
    /// Journal entries in the copy and the hash of the last one, to compare with the live store.
    public let journalEntries: Int
    public let journalHeadHash: String
    /// Size of the copy in bytes.
    public let bytes: Int64
}

extension BillingStore {
    /// Copies the store to `path` while it keeps taking sales, then proves the copy usable.
    ///
    /// The copy is one read snapshot of the WAL database (SQLite's online backup API run inside a read
    /// transaction), so sales committed while it runs are either wholly in it or not at all, and the till
    /// is never blocked. It is written to `path` + `.partial`, flushed to disk, renamed into place, and
    /// then opened as a store: `PRAGMA integrity_check` must be `ok` and the journal chain must verify,
    /// otherwise the copy is removed and the call throws.
    ///
    /// - Throws: ``CoreError/Code/invalidConfiguration`` if `path` exists (a backup never overwrites);
    ///   ``CoreError/Code/storageFull`` when the backup disk fills; ``CoreError/Code/storage`` when the
    ///   copy does not verify (the message says what was wrong).
    public func backup(to path: String) async throws(CoreError) -> StoreBackupReport {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw CoreError(.invalidConfiguration, "\(path) already exists; a backup never overwrites a file — choose a new name")
        }
        let partial = path + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        do {
            let destination = try DatabaseQueue(path: partial)
            try writer.backup(to: destination)
            try destination.close()
            try Self.flushToDisk(partial)
            guard rename(partial, path) == 0 else {
                throw CoreError(.storage, "could not move the backup into place at \(path): \(String(cString: strerror(errno)))")
            }
            try Self.flushToDisk((path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw Self.storageError(error, doing: "write the backup to \(path)")
        }

        do throws(CoreError) {
            let copy = try BillingStore.open(path: path, storeID: storeID, terminalID: terminalID, now: now)
            let integrity = try await copy.integrityCheck()
            guard integrity == "ok" else { throw CoreError(.storage, "the backup at \(path) fails integrity_check: \(integrity)") }
            let verification = try await copy.verifyJournal()
            if let problem = verification.firstProblem {
                throw CoreError(.storage, "the backup at \(path) does not verify: \(problem)")
            }
            let sales = try await copy.saleCount()
            let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0
            return StoreBackupReport(
                path: path, sales: sales, journalEntries: verification.entriesChecked, journalHeadHash: verification.headHash, bytes: bytes
            )
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            throw error
        }
    }

    /// fsync on a file or a directory (so a rename survives power loss).
    private static func flushToDisk(_ path: String) throws(CoreError) {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CoreError(.storage, "could not open \(path) to flush the backup: \(String(cString: strerror(errno)))") }
        defer { Glibc.close(fd) }
        guard fsync(fd) == 0 else {
            let code: CoreError.Code = errno == ENOSPC ? .storageFull : .storage
            throw CoreError(code, "could not flush the backup \(path) to disk: \(String(cString: strerror(errno)))")
        }
    }
}
