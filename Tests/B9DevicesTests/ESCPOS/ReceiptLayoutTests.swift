import B9ESCPOS
import Testing

@Suite("Receipt layout")
struct ReceiptLayoutTests {
    @Test func wrapBreaksAtSpacesAndInsideLongWords() {
        #expect(LineLayout.wrap("the quick brown fox", width: 10) == ["the quick", "brown fox"])
        #expect(LineLayout.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(LineLayout.wrap("a\nb", width: 4) == ["a", "b"])
    }

    @Test func wrapCountsWideCharactersAsTwoColumns() {
        #expect(LineLayout.wrap("日本語テキスト", width: 6) == ["日本語", "テキス", "ト"])
        // A wide character never straddles the edge: 5 columns take two of them.
        #expect(LineLayout.wrap("日本語", width: 5) == ["日本", "語"])
    }

    @Test func padAlignsByDisplayWidth() {
        #expect(LineLayout.pad("ab", width: 5, alignment: .right) == "   ab")
        #expect(LineLayout.pad("ab", width: 6, alignment: .center) == "  ab  ")
        #expect(LineLayout.pad("日本", width: 6, alignment: .right) == "  日本")
    }

    @Test("item line fills the paper width", arguments: [32, 42, 48])
    func itemLine(width: Int) {
        let lines = LineLayout.columns(
            [
                ReceiptColumn("Cappuccino", width: .flexible),
                ReceiptColumn("2 x 3.90", width: .fit, alignment: .right),
                ReceiptColumn("7.80", width: .fit, alignment: .right),
            ], width: width)
        #expect(lines.count == 1)
        let line = lines.first ?? ""
        #expect(line.count == width)
        #expect(line.hasPrefix("Cappuccino "))
        #expect(line.hasSuffix(" 2 x 3.90 7.80"))
    }

    @Test func longItemNameWrapsInsideItsColumn() {
        let lines = LineLayout.columns(
            [
                ReceiptColumn("Bagel cream cheese & salmon", width: .flexible),
                ReceiptColumn("1 x 6.90", width: .fit, alignment: .right),
                ReceiptColumn("6.90", width: .fit, alignment: .right),
            ], width: 32)
        #expect(lines == ["Bagel cream cheese 1 x 6.90 6.90", "& salmon"])
    }

    @Test func wideCharactersKeepAmountsAligned() {
        let lines = LineLayout.columns(
            [ReceiptColumn("拉麺", width: .flexible), ReceiptColumn("9.50", width: .fit, alignment: .right)],
            width: 20)
        #expect(lines == ["拉麺" + String(repeating: " ", count: 12) + "9.50"])
        #expect(DisplayWidth.of(lines[0]) == 20)
    }

    @Test func encoderSendsStylesOnlyWhenTheyChange() throws {
        let document = ReceiptDocument {
            ReceiptElement.text("A", style: .bold)
            ReceiptElement.text("B", style: .bold)
            ReceiptElement.text("C")
        }
        let encoded = try ReceiptEncoder(profile: .epsonTMT88).encode(document)
        #expect(encoded.bytes == hex("1B 40 1B 45 01 41 0A 42 0A 1B 45 00 43 0A"))
    }

    @Test func paddingBecomesTabs() throws {
        let document = ReceiptDocument {
            ReceiptElement.keyValue("Total", "9.99")
            ReceiptElement.keyValue("Cash", "10.00")
        }
        let encoded = try ReceiptEncoder(profile: .xprinterXP80).encode(document)
        // 48 columns: "9.99" starts at column 44, "10.00" at 43; one ESC D sets both, then one HT each.
        let expected =
            hex("1B 40 1B 44 2B 2C 00") + Array("Total".utf8) + hex("09 09") + Array("9.99".utf8) + hex("0A")
            + Array("Cash".utf8) + hex("09") + Array("10.00".utf8) + hex("0A")
        #expect(encoded.bytes == expected)
    }

    @Test func tabsBeforeACodePageSwitch() throws {
        let document = ReceiptDocument {
            ReceiptElement.keyValue("Total", "5 €")
            ReceiptElement.keyValue("Cash", "5.00")
        }
        let profile = PrinterProfile.xprinterXP80
        let encoded = try ReceiptEncoder(profile: profile).encode(document)
        #expect(encoded.bytes.contains(0x09))
        let text = PlainTextRenderer.render(ESCPOSDecoder(profile: profile).decode(encoded.bytes), profile: profile)
        let spaces = String(repeating: " ", count: 40)
        #expect(text == "Total" + spaces + "5 €\n" + "Cash" + spaces + "5.00\n")
    }

    @Test func centredAndDoubleSizeLinesKeepTheirSpaces() throws {
        let document = ReceiptDocument {
            ReceiptElement.keyValue("TOTAL", "9.99", style: .headline)
            ReceiptElement.text("a          b", alignment: .center)
        }
        let encoded = try ReceiptEncoder(profile: .xprinterXP80).encode(document)
        #expect(!encoded.bytes.contains(0x09))
    }

    @Test func headlineUsesHalfTheColumns() throws {
        let document = ReceiptDocument {
            ReceiptElement.text(String(repeating: "x", count: 30), style: .headline, alignment: .center)
        }
        let encoded = try ReceiptEncoder(profile: .xprinterXP58).encode(document)
        // 32 columns at double width leave 16 per line: 30 characters need two lines.
        #expect(encoded.bytes.filter { $0 == 0x0A }.count == 2)
        #expect(encoded.bytes.starts(with: hex("1B 40 1B 45 01 1D 21 11 1B 61 01")))
    }

    @Test func cutAndQRFollowTheProfile() throws {
        let qr = try QRCode(text: "hello", moduleSize: 3)
        let document = ReceiptDocument {
            ReceiptElement.qrCode(qr)
            ReceiptElement.cut(.partial)
        }
        let native = try ReceiptEncoder(profile: .epsonTMT88).encode(document)
        #expect(native.commands.contains(.qrCode(qr)))
        #expect(native.commands.last == .feedAndCut(.partial, feed: 3))
        // Bixolon SRP-350 has no GS ( k: the QR becomes raster; XP-58 has no cutter.
        let raster = try ReceiptEncoder(profile: .bixolonSRP350).encode(document)
        #expect(!raster.commands.contains(.qrCode(qr)))
        #expect(raster.commands.contains { if case .rasterImage = $0 { true } else { false } })
        let noCutter = try ReceiptEncoder(profile: .xprinterXP58).encode(document)
        #expect(!noCutter.commands.contains { if case .feedAndCut = $0 { true } else { false } })
        #expect(!noCutter.substitutions.isEmpty)
    }

    @Test func impactPrinterGetsColumnImages() throws {
        let bitmap = try MonochromeBitmap(width: 16, height: 20)
        let encoded = try ReceiptEncoder(profile: .epsonTMU220).encode(ReceiptDocument(elements: [.image(bitmap)]))
        let bands = encoded.commands.filter { if case .columnImage = $0 { true } else { false } }
        #expect(bands.count == 3, "20 rows in 8-dot bands")
        #expect(!encoded.commands.contains { if case .rasterImage = $0 { true } else { false } })
    }

    @Test func imageWiderThanPaperIsAnError() throws {
        let bitmap = try MonochromeBitmap(width: 600, height: 1)
        #expect(throws: ESCPOSError.self) {
            try ReceiptEncoder(profile: .xprinterXP58).encode(ReceiptDocument(elements: [.image(bitmap)]))
        }
    }

    @Test func unencodableTextIsReportedWithItsPlaceInTheDocument() throws {
        let document = ReceiptDocument {
            ReceiptElement.text("Total")
            ReceiptElement.text("৳ 120")
        }
        let encoded = try ReceiptEncoder(profile: .generic80).encode(document)
        #expect(encoded.unencodable == [UnencodableText(text: "৳", offset: 6)])
    }

    @Test("sample receipt fits every profile", arguments: PrinterProfile.all)
    func sampleReceipt(profile: PrinterProfile) throws {
        let encoded = try ReceiptEncoder(profile: profile).encode(SampleReceipt.document())
        #expect(encoded.unencodable.isEmpty)
        let lines = encoded.bytes.filter { $0 == 0x0A }.count
        #expect((34...80).contains(lines), "\(lines) lines")
    }
}

@Suite("Images")
struct ImageTests {
    @Test func thresholdAndDither() throws {
        let gray = try GrayImage(width: 4, height: 1, pixels: [0, 100, 200, 255])
        let bitmap = gray.thresholded(128)
        #expect((0..<4).map { bitmap[$0, 0] } == [true, true, false, false])
        // A flat 50 % grey dithers to about half the dots.
        let half = try GrayImage(width: 32, height: 32, pixels: [UInt8](repeating: 128, count: 1024))
        let dithered = half.dithered()
        var black = 0
        for y in 0..<32 { for x in 0..<32 where dithered[x, y] { black += 1 } }
        #expect((450...574).contains(black))
        // White stays white and black stays black.
        let white = try GrayImage(width: 8, height: 8, pixels: [UInt8](repeating: 255, count: 64)).dithered()
        #expect(white.packed.allSatisfy { $0 == 0 })
        let dark = try GrayImage(width: 8, height: 8, pixels: [UInt8](repeating: 0, count: 64)).dithered()
        #expect(dark.packed.allSatisfy { $0 == 0xFF })
    }

    @Test func scalingKeepsAspectRatio() throws {
        let gray = try GrayImage(width: 1000, height: 500, pixels: [UInt8](repeating: 0, count: 500_000))
        let scaled = try gray.scaled(toWidth: 576)
        #expect(scaled.width == 576 && scaled.height == 288)
    }

    @Test func pngRoundTrip() throws {
        var bitmap = try MonochromeBitmap(width: 13, height: 5)
        bitmap[0, 0] = true
        bitmap[12, 4] = true
        let png = try PNGCodec.encode(bitmap)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        let back = try PNGCodec.decodeGray(png).thresholded()
        #expect(back == bitmap)
    }

    @Test func notAPNG() {
        #expect(throws: ESCPOSError.self) { try PNGCodec.decodeGray(Array("hello".utf8)) }
    }

    @Test func qrMatrixFromLibqrencode() throws {
        let qr = try QRCode(text: "HELLO", moduleSize: 2, errorCorrection: .low)
        let (size, modules) = try qr.matrix()
        #expect(size == 21, "version 1")
        // Finder pattern: top-left 7×7 ring is dark on its border.
        #expect(modules[0] && modules[6] && modules[6 * size] && !modules[1 * size + 1])
        let bitmap = try qr.bitmap()
        #expect(bitmap.width == (21 + 8) * 2)
    }
}
