import ArgumentParser
import B9Core
import Foundation

extension JournalCommand {
    /// `b9terminal journal export --from DAY --to DAY --format csv|json --out DIR`.
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export a period's sales, returns, lines, payments, VAT per rate, tips, deposits, payments on account and journal chain (docs/billing-export.md).",
            discussion: "The export is re-added by the same verifier as `journal verify-export` before anything is written."
        )
        @OptionGroup var store: StoreOptions
        @Option(help: "First UTC day, YYYY-MM-DD.") var from: String
        @Option(help: "Last UTC day, YYYY-MM-DD (inclusive).") var to: String
        @Option(help: "csv (seven files) or json (export.json).") var format: String = "csv"
        @Option(help: "Folder to write into (created if needed).") var out: String

        func run() async throws {
            guard format == "csv" || format == "json" else { throw fail("--format must be csv or json (got \(format))") }
            let export = try await store.open().exportJournal(from: from, to: to)
            let result = ExportVerifier.verify(export)
            guard result.isValid else {
                throw fail("the export does not add up, nothing written: \(result.problems.prefix(5).joined(separator: "; "))")
            }
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let files: [String: String] = format == "json" ? ["export.json": try CanonicalJSON.encode(export) + "\n"] : export.csvFiles()
            for (name, text) in files.sorted(by: { $0.key < $1.key }) {
                let path = (out as NSString).appendingPathComponent(name)
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
                } catch {
                    throw fail("could not write \(path): \(error.localizedDescription)")
                }
                print("wrote \(path)")
            }
            print("\(result.documents) documents, \(result.lines) lines, \(result.journalEntries) journal entries; every total re-added")
        }
    }

    /// `b9terminal journal verify-export DIR`: re-adds every total of an export from its lines.
    struct VerifyExport: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify-export",
            abstract: "Re-add every total of an export from its lines and re-check its journal chain; exit 1 on any difference."
        )
        @Argument(help: "The export folder (export.json or the seven CSV files).") var folder: String

        func run() async throws {
            let json = (folder as NSString).appendingPathComponent("export.json")
            let export: JournalExport
            if FileManager.default.fileExists(atPath: json) {
                export = try CanonicalJSON.decode(JournalExport.self, from: try read(json))
            } else {
                var files: [String: String] = [:]
                for name in JournalExport.csvFileNames {
                    files[name] = try read((folder as NSString).appendingPathComponent(name))
                }
                export = try JournalExport.fromCSV(files)
            }
            let result = ExportVerifier.verify(export)
            for problem in result.problems { print(problem) }
            guard result.isValid else { throw fail("the export does not add up (\(result.problems.count) problems)") }
            print("\(result.documents) documents, \(result.lines) lines, \(result.journalEntries) journal entries: every total adds up")
        }

        private func read(_ path: String) throws -> String {
            guard let data = FileManager.default.contents(atPath: path) else { throw fail("cannot read \(path)") }
            return String(decoding: data, as: UTF8.self)
        }
    }
}
