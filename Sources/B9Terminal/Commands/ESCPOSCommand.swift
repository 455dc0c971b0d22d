import ArgumentParser
import B9ESCPOS
import B9TextRaster
import Foundation

/// `b9terminal escpos …`: render the sample receipt, decode captured printer streams, list printer profiles.
struct ESCPOSToolCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "escpos",
        abstract: "Receipt printer language tools: render, decode, list printer profiles.",
        subcommands: [Render.self, Decode.self, Profiles.self]
    )

    struct Render: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the ESC/POS bytes of a sample receipt to a file.")

        @Option(help: "Which sample to render: \"receipt\" or \"bengali\" (Bengali text printed as raster).")
        var sample: String = "receipt"

        @Option(
            name: .customLong("font"),
            help: "Font for text the printer's code pages cannot show: a family (\"Noto Sans Bengali\") or a .ttf/.otf path; repeat for fallbacks.")
        var fonts: [String] = []

        @Option(help: "Printer profile (see `b9terminal escpos profiles`).")
        var profile: String = "epson-tm-t88"

        @Option(name: .shortAndLong, help: "Output file for the ESC/POS bytes.")
        var output: String

        func run() async throws {
            let document: ReceiptDocument
            switch sample {
            case "receipt": document = try SampleReceipt.document()
            case "bengali": document = SampleReceipt.bengaliDocument()
            default: throw ValidationError("Unknown sample \"\(sample)\"; use \"receipt\" or \"bengali\".")
            }
            let printer = try PrinterProfile.named(profile)
            let sources: [FontSource] = fonts.map { $0.contains("/") ? .file($0) : .family($0) }
            let rasterizer: ShapedTextRasterizer?
            do {
                rasterizer = try ShapedTextRasterizer(
                    options: RasterTextOptions(fonts: sources.isEmpty ? RasterTextOptions.defaultFonts : sources))
            } catch {
                // The Latin sample prints without fonts; asked-for fonts or Bengali text need them.
                if !fonts.isEmpty || sample != "receipt" { throw ValidationError(error.message) }
                rasterizer = nil
            }
            let encoded = try ReceiptEncoder(profile: printer, rasterizer: rasterizer).encode(document)
            do {
                try Data(encoded.bytes).write(to: URL(fileURLWithPath: output))
            } catch {
                throw ValidationError("Could not write \(output): \(error.localizedDescription)")
            }
            print("Wrote \(encoded.bytes.count) bytes for \(printer.displayName) to \(output).")
            for missing in encoded.unencodable {
                print("Not printable with \(printer.id)'s code pages: \(missing)")
            }
            for note in encoded.substitutions { print("Note: \(note)") }
            if !encoded.rasterText.isEmpty { print("Printed as raster text: \(encoded.rasterText.count) lines") }
        }
    }

    struct Decode: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print an ESC/POS byte stream as text; optionally write a PNG preview.")

        @Argument(help: "File holding the ESC/POS bytes.")
        var file: String

        @Option(help: "Write a PNG preview of the images and codes in the stream here.")
        var png: String?

        @Option(help: "Printer profile whose paper width and code pages to use.")
        var profile: String = "epson-tm-t88"

        func run() async throws {
            let printer = try PrinterProfile.named(profile)
            let bytes: [UInt8]
            do {
                bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
            } catch {
                throw ValidationError("Could not read \(file): \(error.localizedDescription)")
            }
            let document = ESCPOSDecoder(profile: printer).decode(bytes)
            print(PlainTextRenderer.render(document, profile: printer), terminator: "")
            if let png {
                let image = try PreviewRenderer.render(document, profile: printer)
                do {
                    try Data(PNGCodec.encode(image)).write(to: URL(fileURLWithPath: png))
                } catch let error as ESCPOSError {
                    throw error
                } catch {
                    throw ValidationError("Could not write \(png): \(error.localizedDescription)")
                }
                print("Preview \(image.width)×\(image.height) written to \(png).")
            }
            if document.isTruncated { throw ExitCode(2) }
        }
    }

    struct Profiles: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List printer profiles and their capabilities.")

        func run() async throws {
            for profile in PrinterProfile.all {
                let pages = profile.codePages.map { "\($0.page.name)=\($0.table)" }.joined(separator: " ")
                print(
                    "\(profile.id): \(profile.displayName), \(profile.technology.rawValue), "
                        + "\(profile.dotsPerLine) dots, \(profile.columnsFontA)/\(profile.columnsFontB) columns (A/B)")
                print("    capabilities: \(profile.capabilities)")
                print("    code pages (ESC t): \(pages)")
            }
        }
    }
}
