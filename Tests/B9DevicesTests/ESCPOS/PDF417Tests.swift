import B9ESCPOS
import B9TestSupport
import PropertyBased
import Testing

/// PDF417: native `GS ( k` cn = 48 bytes against the Epson ESC/POS Command Reference, the libzint raster
/// fallback, profile capabilities, decoding and preview.
@Suite(.cpuBound) struct PDF417Tests {
    /// GS ( k <Function 065>…<Function 081> as the Epson reference lays them out: pL pH cn fn parameters.
    @Test func nativeBytesMatchTheEpsonReference() throws {
        let symbol = try PDF417(
            text: "B9", columns: 2, rows: 0, moduleWidth: 3, rowHeight: 4, errorCorrection: .level(1))
        let expected: [UInt8] = [
            0x1D, 0x28, 0x6B, 0x03, 0x00, 0x30, 0x41, 0x02,  // fn 065: 2 columns
            0x1D, 0x28, 0x6B, 0x03, 0x00, 0x30, 0x42, 0x00,  // fn 066: rows automatic
            0x1D, 0x28, 0x6B, 0x03, 0x00, 0x30, 0x43, 0x03,  // fn 067: module width 3 dots
            0x1D, 0x28, 0x6B, 0x03, 0x00, 0x30, 0x44, 0x04,  // fn 068: row height 4 × module width
            0x1D, 0x28, 0x6B, 0x04, 0x00, 0x30, 0x45, 0x30, 0x31,  // fn 069: m = 48 level, n = 49 level 1
            0x1D, 0x28, 0x6B, 0x03, 0x00, 0x30, 0x46, 0x00,  // fn 070: standard
            0x1D, 0x28, 0x6B, 0x05, 0x00, 0x30, 0x50, 0x30, 0x42, 0x39,  // fn 080: store "B9" (k = 5 − 3)
            0x1D, 0x28, 0x6B, 0x03, 0x00, 0x30, 0x51, 0x30,  // fn 081: print
        ]
        #expect(ESCPOSCommand.pdf417(symbol).bytes == expected)
    }

    @Test func ratioAndTruncatedOptions() throws {
        let symbol = try PDF417(data: [0x41], rows: 90, errorCorrection: .ratio(40), truncated: true)
        let bytes = ESCPOSCommand.pdf417(symbol).bytes
        #expect(bytes[8..<16] == [0x1D, 0x28, 0x6B, 0x03, 0x00, 0x30, 0x42, 90])
        #expect(bytes[32..<41] == [0x1D, 0x28, 0x6B, 0x04, 0x00, 0x30, 0x45, 0x31, 40])
        #expect(bytes[41..<49] == [0x1D, 0x28, 0x6B, 0x03, 0x00, 0x30, 0x46, 0x01])
        // Store length of a long symbol: pL pH little-endian, data + 3.
        let long = try PDF417(data: [UInt8](repeating: 0x30, count: 300))
        let longBytes = ESCPOSCommand.pdf417(long).bytes
        #expect(longBytes[49..<56] == [0x1D, 0x28, 0x6B, 0x2F, 0x01, 0x30, 0x50])
    }

    @Test func parametersOutsideTheReferenceRangesAreRejected() {
        #expect(throws: ESCPOSError.self) { try PDF417(data: []) }
        #expect(throws: ESCPOSError.self) { try PDF417(text: "x", columns: 31) }
        #expect(throws: ESCPOSError.self) { try PDF417(text: "x", rows: 2) }
        #expect(throws: ESCPOSError.self) { try PDF417(text: "x", rows: 91) }
        #expect(throws: ESCPOSError.self) { try PDF417(text: "x", moduleWidth: 1) }
        #expect(throws: ESCPOSError.self) { try PDF417(text: "x", rowHeight: 9) }
        #expect(throws: ESCPOSError.self) { try PDF417(text: "x", errorCorrection: .level(9)) }
        #expect(throws: ESCPOSError.self) { try PDF417(text: "x", errorCorrection: .ratio(0)) }
        #expect(throws: ESCPOSError.self) { try PDF417(text: "x", errorCorrection: .ratio(41)) }
    }

    /// libzint's matrix has the PDF417 geometry: 17 modules per codeword, start 17 and stop 18 modules, and
    /// every row starts with the start pattern 11111111 0 1 0 1 0 1 000.
    @Test func libzintMatrixHasThePDF417Geometry() throws {
        let symbol = try PDF417(text: "B9 receipt 0042-1093", columns: 3, errorCorrection: .level(2))
        let (width, rows, modules) = try symbol.matrix()
        #expect(width == 17 * (3 + 4) + 1)  // start, left indicator, 3 data, right indicator, stop
        #expect(rows >= 3)
        let start: [Bool] = [true, true, true, true, true, true, true, true, false, true, false, true, false, true,
            false, false, false]
        for row in 0..<rows { #expect(Array(modules[(row * width)..<(row * width + 17)]) == start) }
        let truncated = try PDF417(text: "B9 receipt 0042-1093", columns: 3, truncated: true).matrix()
        #expect(truncated.width == 17 * (3 + 2) + 1)  // start, left indicator, 3 data, one-module stop
        let bitmap = try symbol.bitmap()
        #expect(bitmap.width == (width + 4) * 3)
        #expect(bitmap.height == rows * 9 + 12)
    }

    @Test func profilesSayWhetherTheyPrintPDF417AndWhere() {
        let native: Set = ["epson-tm-t20", "epson-tm-t82", "epson-tm-t88", "citizen-ct-s310"]
        for profile in PrinterProfile.all {
            #expect(profile.capabilities.contains(.nativePDF417) == native.contains(profile.id), "\(profile.id)")
            #expect(profile.sources["pdf417"] != nil, "\(profile.id) names no manual for PDF417")
        }
    }

    @Test func encoderUsesNativeCommandOrFallsBackToAnImage() throws {
        let symbol = try PDF417(text: "https://b9pos.example/r/0042", columns: 4)
        let document = ReceiptDocument { ReceiptElement.pdf417(symbol) }
        let native = try ReceiptEncoder(profile: .epsonTMT20).encode(document)
        #expect(native.commands.contains(.pdf417(symbol)))
        #expect(native.substitutions.isEmpty)
        let raster = try ReceiptEncoder(profile: .bixolonSRP350).encode(document)
        #expect(!raster.commands.contains(.pdf417(symbol)))
        let bands = raster.commands.compactMap { if case .rasterImage(let band) = $0 { band } else { nil } }
        #expect(!bands.isEmpty)
        #expect(raster.substitutions.contains { $0.contains("PDF417") })
        let bitmap = try symbol.bitmap()
        #expect(bands.reduce(0) { $0 + $1.height } == bitmap.height)
        let impact = try ReceiptEncoder(profile: .epsonTMU220).encode(document)
        #expect(impact.commands.contains { if case .columnImage = $0 { true } else { false } })
    }

    @Test func tooWideSymbolGetsNarrowerModules() throws {
        // 15 columns at 3 dots is (17 × 19 + 1 + 4) × 3 = 984 dots; at 1 dot 328 fits the XP-58's 384.
        let symbol = try PDF417(text: "wide", columns: 15)
        let encoded = try ReceiptEncoder(profile: .xprinterXP58).encode(ReceiptDocument { ReceiptElement.pdf417(symbol) })
        let bands = encoded.commands.compactMap { if case .rasterImage(let band) = $0 { band } else { nil } }
        #expect(!bands.isEmpty && bands.allSatisfy { $0.width <= PrinterProfile.xprinterXP58.dotsPerLine })
    }

    @Test func decoderGivesBackTheDataAndPreviewDrawsIt() throws {
        let symbol = try PDF417(text: "PDF417 Ünïcode 0042", columns: 3, errorCorrection: .ratio(2))
        let bytes = try ReceiptEncoder(profile: .epsonTMT88).encode(ReceiptDocument {
            ReceiptElement.text("above")
            ReceiptElement.pdf417(symbol)
        }).bytes
        let document = ESCPOSDecoder(profile: .epsonTMT88).decode(bytes)
        #expect(document.issues.isEmpty)
        #expect(document.elements.contains(.pdf417(data: symbol.data)))
        #expect(PlainTextRenderer.render(document, profile: .epsonTMT88).contains("[PDF417 PDF417 Ünïcode 0042]"))
        // The preview draws the symbol (libzint, default sizes) below the text.
        let preview = try PreviewRenderer.render(document, profile: .epsonTMT88)
        let textOnly = ESCPOSDecoder(profile: .epsonTMT88).decode(
            try ReceiptEncoder(profile: .epsonTMT88).encode(ReceiptDocument { ReceiptElement.text("above") }).bytes)
        let drawn = try PDF417(data: symbol.data).bitmap()
        let textPreview = try PreviewRenderer.render(textOnly, profile: .epsonTMT88)
        #expect(preview.height >= textPreview.height + drawn.height)
        // Print without store: reported, not a crash.
        let orphan = ESCPOSDecoder(profile: .epsonTMT88).decode([0x1D, 0x28, 0x6B, 0x03, 0x00, 0x30, 0x51, 0x30])
        #expect(orphan.issues.count == 1)
    }

    /// Encode → decode: any data and settings come back as the same data.
    @Test func encodeDecodeRoundTrip() async {
        let input = zip(Gen.uint8().array(of: 1...120), Gen.int(in: 0...30), Gen.int(in: 2...8), Gen.bool)
        await propertyCheck(count: 200, input: input) { generated in
            let (data, columns, moduleWidth, truncated) = generated
            guard let symbol = try? PDF417(data: data, columns: columns, moduleWidth: moduleWidth, truncated: truncated)
            else {
                Issue.record("valid parameters rejected")
                return
            }
            let bytes: [UInt8] = [0x1B, 0x40] + ESCPOSCommand.pdf417(symbol).bytes + [0x0A]
            let document = ESCPOSDecoder(profile: .epsonTMT20).decode(bytes)
            #expect(document.issues.isEmpty)
            #expect(document.elements.filter { if case .pdf417 = $0 { true } else { false } } == [.pdf417(data: data)])
        }
    }
}
