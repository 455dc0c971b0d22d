import B9ESCPOS
import B9TextRaster
import Testing

@Suite("Raster text in receipts")
struct TextRasterReceiptTests {
    let rasterizer: ShapedTextRasterizer

    init() throws {
        rasterizer = try ShapedTextRasterizer()
    }

    func images(_ commands: [ESCPOSCommand]) -> [MonochromeBitmap] {
        commands.compactMap { if case .rasterImage(let bitmap) = $0 { bitmap } else { nil } }
    }

    @Test func nativeLinesStayTextAndBengaliLinesBecomeFullWidthRaster() throws {
        let document = ReceiptDocument {
            ReceiptElement.text("B9 Shop", alignment: .center)
            ReceiptElement.text("মুদি দোকান", alignment: .center)
            ReceiptElement.keyValue("Total", "410.00")
        }
        let encoded = try ReceiptEncoder(profile: .generic80, rasterizer: rasterizer).encode(document)
        #expect(encoded.unencodable.isEmpty)
        #expect(encoded.rasterText == ["মুদি দোকান"])
        let bands = images(encoded.commands)
        #expect(bands.count == 1 && bands.allSatisfy { $0.width == PrinterProfile.generic80.dotsPerLine })
        let decoded = ESCPOSDecoder(profile: .generic80).decode(encoded.bytes)
        let text = decoded.lines.map { $0.map(\.text).joined() }
        #expect(text.contains("B9 Shop") && text.contains { $0.hasPrefix("Total") && $0.hasSuffix("410.00") })
    }

    @Test func withoutRasterizerBengaliIsStillReportedUnencodable() throws {
        let encoded = try ReceiptEncoder(profile: .generic80).encode(ReceiptDocument { ReceiptElement.text("চাল") })
        #expect(encoded.unencodable.map(\.text) == ["চাল"])
        #expect(encoded.rasterText.isEmpty && images(encoded.commands).isEmpty)
    }

    @Test func centredRasterLineIsCentredOnThePaper() throws {
        let document = ReceiptDocument { ReceiptElement.text("চাল", alignment: .center) }
        let encoded = try ReceiptEncoder(profile: .generic80, rasterizer: rasterizer).encode(document)
        let band = try #require(images(encoded.commands).first)
        let columns = (0..<band.width).filter { x in (0..<band.height).contains { band[x, $0] } }
        let left = try #require(columns.first)
        let right = try #require(columns.last)
        #expect(abs(left - (band.width - 1 - right)) <= 4, "ink from \(left) to \(right) of \(band.width)")
    }

    /// The amount of a raster item line ends on the same dot as the amount of a native line.
    @Test(arguments: [PrinterProfile.generic80, .epsonTMT88, .xprinterXP58])
    func rasterAmountIsRightAlignedWithNativeLines(profile: PrinterProfile) throws {
        let document = ReceiptDocument {
            ReceiptElement.lineItem("মসুর ডাল", detail: "2 x 135.00", amount: "270.00")
        }
        let encoded = try ReceiptEncoder(profile: profile, rasterizer: rasterizer).encode(document)
        let band = try #require(images(encoded.commands).first)
        let inked = (0..<band.width).filter { x in (0..<band.height).contains { band[x, $0] } }
        let right = try #require(inked.last)
        let nativeRightEdge = profile.columnsFontA * (profile.dotsPerLine / profile.columnsFontA)
        #expect(right < nativeRightEdge && right >= nativeRightEdge - 4, "ink ends at \(right), native text at \(nativeRightEdge)")
        // The name starts at the left margin, like the native name column.
        let left = try #require(inked.first)
        #expect(left <= 3)
    }

    @Test func longRasterTextIsCutIntoProfileBands() throws {
        let long = Array(repeating: "মিনিকেট চাল ক্ষীর মিষ্টি দই", count: 12).joined(separator: " ")
        let document = ReceiptDocument { ReceiptElement.text(long) }
        let profile = PrinterProfile.xprinterXP58
        let encoded = try ReceiptEncoder(profile: profile, rasterizer: rasterizer).encode(document)
        let bands = images(encoded.commands)
        #expect(bands.count > 1)
        #expect(bands.allSatisfy { $0.height <= profile.maximumRasterBandRows && $0.width == profile.dotsPerLine })
    }

    @Test func columnImagePrintersGetRasterTextAsEscStarBands() throws {
        let profile = PrinterProfile.epsonTMU220
        let encoded = try ReceiptEncoder(profile: profile, rasterizer: rasterizer)
            .encode(ReceiptDocument { ReceiptElement.text("কৈ মাছ") })
        let columnBands = encoded.commands.filter { if case .columnImage = $0 { true } else { false } }
        #expect(!columnBands.isEmpty && images(encoded.commands).isEmpty)
    }

    @Test func kitchenTicketsAndLabelsUseTheSamePath() throws {
        let ticket = ReceiptDocument {
            ReceiptElement.text("Table 4", style: .headline)
            ReceiptElement.keyValue("2 x", "ভুনা খিচুড়ি", style: .bold)
            ReceiptElement.cut()
        }
        let direct = try ReceiptEncoder(profile: .epsonTMT20, rasterizer: rasterizer).encode(ticket)
        let shared = try AnyScriptReceipt.encode(ticket, profile: .epsonTMT20, rasterizer: rasterizer)
        let loaded = try AnyScriptReceipt.encode(ticket, profile: .epsonTMT20)
        #expect(direct.bytes == shared.bytes && shared.bytes == loaded.bytes)
        #expect(shared.rasterText == ["2 x ভুনা খিচুড়ি"])
    }

    /// Encode → decode → preview PNG → read the PNG back: the raster bands come out dot for dot, and the
    /// preview matches its reference image.
    @Test func bengaliReceiptRoundTripsThroughDecoderAndPNGPreview() throws {
        let profile = PrinterProfile.epsonTMT20
        let encoded = try ReceiptEncoder(profile: profile, rasterizer: rasterizer).encode(SampleReceipt.bengaliDocument())
        #expect(encoded.unencodable.isEmpty)
        #expect(encoded.rasterText.count == 6)
        let decoded = ESCPOSDecoder(profile: profile).decode(encoded.bytes)
        #expect(decoded.issues.isEmpty && !decoded.isTruncated)
        let decodedImages = decoded.elements.compactMap { if case .image(let bitmap) = $0 { bitmap } else { nil } }
        #expect(decodedImages == images(encoded.commands))
        let preview = try PreviewRenderer.render(decoded, profile: profile)
        let png = try PNGCodec.encode(preview)
        #expect(try PNGCodec.decodeGray(png).thresholded() == preview)
        try TextRasterGolden.check(preview, named: "bengali-receipt-preview")
    }
}

@Suite("Raster text dividers")
struct TextRasterDividerTests {
    @Test func dividerOfACharacterWithoutCodePageIsOneRasterLine() throws {
        let rasterizer = try ShapedTextRasterizer()
        let encoded = try ReceiptEncoder(profile: .generic58, rasterizer: rasterizer)
            .encode(ReceiptDocument { ReceiptElement.divider("৳") })
        let bands = encoded.commands.compactMap { if case .rasterImage(let b) = $0 { b } else { nil } }
        #expect(encoded.unencodable.isEmpty && bands.count == 1)
        #expect(bands.first?.height == (try rasterizer.renderLine("৳").height))
    }
}

@Suite("Raster text preview on ESC * printers")
struct TextRasterColumnPreviewTests {
    /// `ESC *` bands are each followed by the line feed that prints them; the preview stacks the bands
    /// without a blank text line after each, as the paper does with line spacing set to the band height.
    @Test func escStarBandsJoinInThePreview() throws {
        let rasterizer = try ShapedTextRasterizer()
        let profile = PrinterProfile.epsonTMU220
        let line = try rasterizer.render(
            RasterTextLine(cells: [RasterTextCell("কৈ মাছ", x: 0, width: profile.dotsPerLine, alignment: .left)], style: .plain),
            width: profile.dotsPerLine)
        let encoded = try ReceiptEncoder(profile: profile, rasterizer: rasterizer)
            .encode(ReceiptDocument { ReceiptElement.text("কৈ মাছ") })
        let preview = try PreviewRenderer.render(ESCPOSDecoder(profile: profile).decode(encoded.bytes), profile: profile)
        let bandRows = profile.columnImageMode.dotsPerColumn
        #expect(preview.height == (line.height + bandRows - 1) / bandRows * bandRows)
        for y in 0..<line.height {
            for x in 0..<line.width where preview[x, y] != line[x, y] {
                Issue.record("preview differs from the drawn line at (\(x), \(y))")
                return
            }
        }
    }
}
