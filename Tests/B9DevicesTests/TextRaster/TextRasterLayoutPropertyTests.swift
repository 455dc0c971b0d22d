import B9ESCPOS
import B9TestSupport
import B9TextRaster
import PropertyBased
import Testing

@Suite("Raster text layout properties", .cpuBound)
struct TextRasterLayoutPropertyTests {
    /// Words of Bengali (with conjuncts and vowel signs), Latin and taka amounts.
    static let words = ["ক্ষীর", "মিনিকেট", "চাল", "কৈ", "মাছ", "স্ত্রী", "কোলা", "rice", "5", "kg", "৳410.00", "দই,", "Dhaka"]

    /// For any text and cell width, every wrapped line fits the width (unless it is one word wider than the
    /// cell, which is split between grapheme clusters), no word is lost or split when it fits, and no
    /// grapheme cluster is ever split.
    @Test func wrappedLinesFitAndKeepEveryWord() async throws {
        let rasterizer = try ShapedTextRasterizer()
        let input = zip(Gen.int(in: 0...(Self.words.count - 1)).array(of: 1...14), Gen.int(in: 40...576))
        await propertyCheck(count: 60, input: input) { indices, width in
            let words = indices.map { Self.words[$0] }
            let text = words.joined(separator: " ")
            let lines = try RasterTextLayout.wrap(text, width: width, style: .plain, rasterizer: rasterizer)
            for line in lines {
                let fits = try rasterizer.width(of: line, style: .plain) <= width
                #expect(fits || line.count == 1, "\(line) wider than \(width)")
            }
            // Joining lines with spaces gives the text back, except where an over-long word was split.
            let rejoined = lines.joined(separator: " ")
            #expect(rejoined.filter { $0 != " " } == text.filter { $0 != " " })
            #expect(Array(lines.joined()).allSatisfy { Array(text).contains($0) })
        }
    }

    /// For any row of a Bengali name and a Latin amount, on any profile, the amount's ink ends within a few
    /// dots of the native right edge and the band is exactly the paper width.
    @Test func amountsAlignOnEveryProfile() async throws {
        let rasterizer = try ShapedTextRasterizer()
        let profiles = PrinterProfile.all.filter { $0.capabilities.contains(.rasterImage) }
        let input = zip(Gen.int(in: 0...(Self.words.count - 1)).array(of: 1...6), Gen.int(in: 0...(profiles.count - 1)))
        await propertyCheck(count: 40, input: input) { indices, profileIndex in
            let profile = profiles[profileIndex]
            let name = "চাল " + indices.map { Self.words[$0] }.joined(separator: " ")
            let encoded = try ReceiptEncoder(profile: profile, rasterizer: rasterizer)
                .encode(ReceiptDocument { ReceiptElement.keyValue(name, "1,220.00") })
            let bands = encoded.commands.compactMap { if case .rasterImage(let b) = $0 { b } else { nil } }
            #expect(bands.allSatisfy { $0.width == profile.dotsPerLine })
            // The amount is on the first line of the row (the name wraps beside it).
            guard let first = bands.first else {
                Issue.record("no raster band")
                return
            }
            let edge = profile.columnsFontA * (profile.dotsPerLine / profile.columnsFontA)
            let inked = (0..<first.width).filter { x in (0..<min(first.height, 38)).contains { first[x, $0] } }
            #expect((inked.last ?? 0) < edge && (inked.last ?? 0) >= edge - 4)
        }
    }
}
