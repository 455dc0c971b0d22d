import ArgumentParser
import B9Core
import Foundation

/// `b9terminal catalog …`: import and inspect the catalog.
struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Import and list the catalog.",
        subcommands: [Import.self, List.self, Sample.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import products from a CSV or JSON file, all or nothing.",
            discussion: "A bad row stops the import with its line number and field; nothing of the file is stored."
        )
        @OptionGroup var store: StoreOptions
        @Argument(help: "A .csv or .json catalog file (columns in README, section Billing).") var file: String

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw fail("cannot read \(file)")
            }
            let importer = CatalogImporter(currency: BillingPolicy.standard.currency)
            do {
                let parsed = try importer.parse(fileName: file, bytes: Array(data))
                let billing = try store.open()
                try await billing.importCatalog(parsed.products, source: (file as NSString).lastPathComponent, digest: parsed.sha256)
                print("imported \(parsed.products.count) products from \(file)")
            } catch let error as CoreError {
                throw fail("\(file): \(error.message)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the products in the store.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            for product in try await store.open().allProducts() {
                print("\(product.sku)\t\(product.name)\t\(product.unit)\t\(product.unitPrice.decimalText)\t\(product.vat)")
            }
        }
    }

    struct Sample: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the demo catalog as CSV.")
        func run() { print(SampleCatalog.csv) }
    }
}
