import ArgumentParser
import B9Core
import Foundation

/// `b9terminal backup --to FILE`: an online copy of the store, taken while the till keeps selling.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the store while the till keeps selling, and verify the copy.",
        discussion: """
            The copy is one consistent snapshot (every sale whole or absent). It is written beside the target \
            as FILE.partial, flushed, renamed into place, then opened: integrity_check must be ok and the journal \
            chain must verify. To restore, stop the daemon and put the copy at the store's path.
            """
    )
    @OptionGroup var store: StoreOptions
    @Option(name: .customLong("to"), help: "Where to write the copy; must not exist.") var destination: String

    func run() async throws {
        let billing = try store.open()
        do {
            let report = try await billing.backup(to: destination)
            print("backup \(report.path): \(report.sales) sales, \(report.journalEntries) journal entries, head \(report.journalHeadHash), \(report.bytes) bytes; verified")
        } catch {
            throw fail(error.message)
        }
    }
}
