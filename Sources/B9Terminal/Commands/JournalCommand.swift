import ArgumentParser
import B9Core
import Foundation

/// `b9terminal journal …`: check and read the hash-chained journal.
struct JournalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "Verify and show the journal.",
        subcommands: [Verify.self, Show.self, Export.self, VerifyExport.self]
    )

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the hash chain and check numbering; exit 1 naming the first bad entry."
        )
        @OptionGroup var store: StoreOptions
        @Flag(help: "Print the result as JSON.") var json = false

        func run() async throws {
            let billing = try store.open()
            let integrity = try await billing.integrityCheck()
            let result = try await billing.verifyJournal()
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                struct Report: Encodable { let integrity: String; let journal: JournalVerification }
                print(String(decoding: try encoder.encode(Report(integrity: integrity, journal: result)), as: UTF8.self))
            } else {
                print("integrity_check: \(integrity)")
                print("entries: \(result.entriesChecked), sales: \(result.salesChecked), head: \(result.headHash)")
            }
            if integrity != "ok" {
                throw fail("the database file is damaged (integrity_check: \(integrity)); restore the last backup")
            }
            if let problem = result.firstProblem {
                throw fail("journal does not verify: first bad \(problem)")
            }
            if !json { print("journal verifies") }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print journal entries.")
        @OptionGroup var store: StoreOptions
        @Option(help: "First entry to show.") var from: Int64 = 1
        @Option(help: "How many entries.") var limit: Int = 20

        func run() async throws {
            for entry in try await store.open().journalEntries(from: from, limit: limit) {
                print("#\(entry.sequence) \(entry.createdAt) \(entry.kind) \(JournalHasher.hex(entry.hash).prefix(16))")
                print("  \(entry.payload)")
            }
        }
    }
}
