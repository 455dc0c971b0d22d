public import Foundation
import GRDB

/// The till's durable store: catalog, sales, stock, accounts, the hash-chained journal and the outbox,
/// in one SQLite file opened once for the life of the process.
///
/// Durability rules (checked at open; the store refuses to run otherwise):
/// - `journal_mode = WAL` and `synchronous = FULL` on the writer connection. GRDB sets NORMAL after
///   its own set-up when WAL is on, which can lose a committed sale on power loss, so FULL is set
///   after opening and read back.
/// - Everything a sale writes (sale, lines, payments, stock movements, journal entry, outbox events,
///   receipt number) is written in one `BEGIN IMMEDIATE` transaction.
public struct BillingStore: Sendable {
    let writer: DatabasePool
    /// The store (shop) this terminal belongs to.
    public let storeID: String
    /// This terminal's id; receipt numbers are sequential per terminal.
    public let terminalID: String
    /// The clock used for timestamps (injected in tests).
    let now: @Sendable () -> Date

    /// Opens (creating if needed) the store at `path`, migrates it and checks its durability settings.
    ///
    /// - Parameter maximumSizeBytes: an upper bound for the database file (`store.max_size_mb`); past it
    ///   writes fail with ``CoreError/Code/storageFull`` exactly as on a full disk, before the disk itself fills.
    ///
    /// - Throws: ``CoreError/Code/durabilityNotGuaranteed`` if WAL or FULL cannot be set;
    ///   ``CoreError/Code/storage`` when the file cannot be opened (the message names it).
    public static func open(
        path: String, storeID: String, terminalID: String, maximumSizeBytes: Int64? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws(CoreError) -> BillingStore {
        guard !storeID.isEmpty, !terminalID.isEmpty,
            !storeID.contains("/"), !terminalID.contains("/"), !storeID.contains("+"), !terminalID.contains("#")
        else {
            throw CoreError(.invalidConfiguration, "store and terminal ids are required and may not contain '/', '+' or '#'")
        }
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            if let maximumSizeBytes {
                let pageSize = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
                try db.execute(sql: "PRAGMA max_page_count = \(max(1, maximumSizeBytes / pageSize))")
            }
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw storageError(error, doing: "open the store at \(path)")
        }
        let store = BillingStore(writer: pool, storeID: storeID, terminalID: terminalID, now: now)
        try store.enforceDurability()
        do {
            try Migrations.migrator.migrate(pool)
        } catch {
            throw storageError(error, doing: "migrate the store at \(path)")
        }
        try store.writeGenesisIfNeeded()
        return store
    }

    /// Sets `synchronous = FULL` on the writer and checks it, and WAL, took effect.
    private func enforceDurability() throws(CoreError) {
        let settings: (String, Int)
        do {
            settings = try writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? ""
                let synchronous = try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
                return (mode, synchronous)
            }
        } catch {
            throw Self.storageError(error, doing: "configure the store")
        }
        guard settings.0.lowercased() == "wal", settings.1 == 2 else {
            throw CoreError(
                .durabilityNotGuaranteed,
                "the store must run with journal_mode=wal and synchronous=FULL (got \(settings.0), \(settings.1)); keep the database on a local disk"
            )
        }
    }

    /// The writer connection's durability settings as SQLite reports them: (`journal_mode`, `synchronous`).
    public func durabilitySettings() async throws(CoreError) -> (journalMode: String, synchronous: Int) {
        do {
            return try await writer.writeWithoutTransaction { db in
                (try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "", try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1)
            }
        } catch {
            throw Self.storageError(error, doing: "read the durability settings")
        }
    }

    /// `PRAGMA integrity_check`: "ok" or SQLite's list of problems.
    public func integrityCheck() async throws(CoreError) -> String {
        do {
            return try await writer.read { db in
                try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
            }
        } catch {
            throw Self.storageError(error, doing: "check the store's integrity")
        }
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction; any error rolls everything back.
    func transaction<T: Sendable>(
        _ doing: String, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws(CoreError) -> T {
        do {
            return try await writer.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw CoreError(.storage, "the transaction to \(doing) returned nothing") }
                return result
            }
        } catch {
            throw Self.storageError(error, doing: doing)
        }
    }

    /// Reads with a snapshot-isolated reader connection.
    func read<T: Sendable>(_ doing: String, _ body: @escaping @Sendable (Database) throws -> T) async throws(CoreError) -> T {
        do {
            return try await writer.read(body)
        } catch {
            throw Self.storageError(error, doing: doing)
        }
    }

    private func writeGenesisIfNeeded() throws(CoreError) {
        let storeID = storeID
        let terminalID = terminalID
        let createdAt = Timestamp.format(now())
        do {
            try writer.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM journal") ?? 0
                    if count == 0 {
                        let payload = try CanonicalJSON.encode(["store": storeID, "terminal": terminalID, "format": "B9J1"])
                        _ = try JournalWriter.append(db, terminalID: terminalID, kind: JournalEntry.Kind.opened, createdAt: createdAt, payload: payload)
                    } else if let owner = try String.fetchOne(db, sql: "SELECT terminal_id FROM journal WHERE seq = 1"), owner != terminalID {
                        throw CoreError(
                            .invalidConfiguration,
                            "this database belongs to terminal '\(owner)', not '\(terminalID)'; use its own database or its terminal id"
                        )
                    }
                    return .commit
                }
            }
        } catch {
            throw Self.storageError(error, doing: "start the journal")
        }
    }

    /// Turns any error from SQLite or GRDB into a ``CoreError`` that says what to do.
    static func storageError(_ error: any Error, doing: String) -> CoreError {
        if let error = error as? CoreError { return error }
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_FULL:
                return CoreError(.storageFull, "could not \(doing): the disk is full. Nothing was saved; free space on the terminal's disk and try again", underlying: error)
            case .SQLITE_CONSTRAINT where (error.message ?? "").contains("append-only"):
                return CoreError(.journalAppendOnly, "could not \(doing): \(error.message ?? "records are append-only")", underlying: error)
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return CoreError(.storage, "could not \(doing): the store is locked by another process; stop it and try again", underlying: error)
            case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY:
                return CoreError(.storage, "could not \(doing): the database file cannot be opened for writing; check its path and permissions", underlying: error)
            case .SQLITE_CORRUPT, .SQLITE_NOTADB:
                return CoreError(.storage, "could not \(doing): the database file is damaged; restore the last backup", underlying: error)
            default:
                break
            }
        }
        return CoreError(.storage, "could not \(doing)", underlying: error)
    }
}
