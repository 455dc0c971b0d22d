import B9ESCPOS
import B9TextRaster
import Testing

@Suite("Raster text: shaping and golden images")
struct TextRasterShapingTests {
    let rasterizer: ShapedTextRasterizer

    init() throws {
        rasterizer = try ShapedTextRasterizer()
    }

    /// Each code point shaped on its own: what printing letter by letter would draw.
    func letterByLetter(_ text: String) throws -> [UInt32] {
        var glyphs: [UInt32] = []
        for scalar in text.unicodeScalars {
            glyphs += try rasterizer.shape(String(scalar)).map(\.glyph)
        }
        return glyphs
    }

    @Test func conjunctKsaIsOneGlyphNotThree() throws {
        let shaped = try rasterizer.shape("ক্ষ")
        let separate = try letterByLetter("ক্ষ")
        #expect(shaped.count == 1, "ক্ষ shapes to the single conjunct glyph, got \(shaped.map(\.glyph))")
        #expect(separate.count >= 3)
        #expect(!separate.contains(shaped[0].glyph))
        #expect(Set(shaped.map(\.cluster)) == [0])
    }

    @Test func conjunctStraIsFewerGlyphsThanItsFiveCodePoints() throws {
        let shaped = try rasterizer.shape("স্ত্র")
        #expect("স্ত্র".unicodeScalars.count == 5)
        #expect(shaped.count < 3, "got \(shaped.map(\.glyph))")
        #expect(shaped.map(\.glyph) != (try letterByLetter("স্ত্র")))
    }

    @Test func vowelSignIIsDrawnBeforeTheConsonant() throws {
        let ka = try rasterizer.shape("ক")
        let ki = try rasterizer.shape("কি")
        #expect(ka.count == 1 && ki.count == 2)
        // Text order is ক then ি; visual order puts the sign first.
        #expect(ki[1].glyph == ka[0].glyph && ki[0].glyph != ka[0].glyph)
        let kai = try rasterizer.shape("কৈ")
        #expect(kai.count == 2 && kai[1].glyph == ka[0].glyph)
    }

    @Test func vowelSignOSplitsAroundTheConsonant() throws {
        let ka = try rasterizer.shape("ক")
        let ko = try rasterizer.shape("কো")
        #expect(ko.count == 3, "ো is drawn as a sign before and a sign after ক, got \(ko.map(\.glyph))")
        #expect(ko.count == 3 && ko[1].glyph == ka[0].glyph)
    }

    @Test func mixedLineUsesBothFontsOfTheChain() throws {
        let shaped = try rasterizer.shape("চাল 5 kg ৳410")
        #expect(Set(shaped.map(\.font)) == [0, 1])
        #expect(shaped.first?.font == 0)
    }

    @Test func shapedRasterDiffersFromLetterByLetterRaster() throws {
        let shaped = try rasterizer.renderLine("ক্ষ")
        let pieces = try ["ক", "্", "ষ"].map { try rasterizer.renderLine($0) }
        #expect(shaped.width < pieces.reduce(0) { $0 + $1.width })
    }

    @Test(arguments: [
        ("conjunct-ksa", "ক্ষ"), ("conjunct-stra", "স্ত্র"), ("vowel-i", "কি"), ("vowel-oi", "কৈ"), ("vowel-o", "কো"),
        ("mixed-line", "মিনিকেট চাল 5 kg ৳410.00"), ("taka-sign", "মোট ৳ ১,২২০.০০"),
    ])
    func goldenLine(name: String, text: String) throws {
        try TextRasterGolden.check(try rasterizer.renderLine(text), named: name)
    }

    @Test func goldenStyledLine() throws {
        let line = RasterTextLine(
            cells: [RasterTextCell("কোলা ৳৩০", x: 0, width: 384, alignment: .center)],
            style: TextStyle(bold: true, underline: .oneDot, size: .double))
        try TextRasterGolden.check(try rasterizer.render(line, width: 384), named: "styled-double-bold")
    }

    @Test func missingFamilyNamesThePackageToInstall() {
        #expect {
            _ = try ShapedTextRasterizer(options: RasterTextOptions(fonts: [.family("Noto Sans Imaginary Script")]))
        } throws: { error in
            guard let error = error as? TextRasterError else { return false }
            return error.code == .fontNotFound && error.message.contains("apt-get install fonts-noto-core")
        }
        #expect {
            _ = try ShapedTextRasterizer(options: RasterTextOptions(fonts: [.file("/nonexistent/font.ttf")]))
        } throws: { error in
            (error as? TextRasterError)?.code == .fontUnreadable
        }
    }

    @Test func fontFoundByPathWorksLikeTheFamily() throws {
        let byPath = try ShapedTextRasterizer(options: RasterTextOptions(fonts: rasterizer.fontFiles.map { .file($0) }))
        #expect(try byPath.renderLine("কৈ মাছ") == rasterizer.renderLine("কৈ মাছ"))
    }
}
