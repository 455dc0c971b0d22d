@testable import B9ESCPOS
import B9TestSupport
import PropertyBased
import Testing

/// The encoder's fast paths give exactly what the general layout gives: one-line ASCII rows straight to
/// bytes, one-line Latin rows by scalar counts, Latin text walked by scalar instead of by grapheme.
@Suite(.cpuBound) struct ReceiptFastPathTests {
    static let characters = Array("abc XYZ 0189.,-éüßØÆ·ĳ  ")
    static let widths: [ReceiptColumn.Width] = [.flexible, .fit, .fixed(3), .fixed(8), .fixed(12)]
    static let alignments: [Justification] = [.left, .right, .center]

    static func row(_ generated: [([Int], Int, Int)]) -> [ReceiptColumn] {
        generated.map { indices, width, alignment in
            ReceiptColumn(
                String(indices.map { characters[$0] }), width: widths[width], alignment: alignments[alignment])
        }
    }

    @Test func singleLineRowsMatchTheGeneralLayout() async {
        let rows = zip(
            Gen.int(in: 0...(Self.characters.count - 1)).array(of: 0...14), Gen.int(in: 0...(Self.widths.count - 1)),
            Gen.int(in: 0...2)
        ).array(of: 1...4)
        await propertyCheck(count: 400, input: rows, Gen.int(in: 16...48)) { generated, width in
            let columns = Self.row(generated)
            let general = LineLayout.columns(columns, width: width)
            if let latin = LineLayout.singleLineLatin(columns, width: width) {
                #expect(general == [latin])
            }
            var bytes: [UInt8] = [0x41]
            if LineLayout.singleLineASCII(columns, width: width, into: &bytes) {
                #expect(general.count == 1)
                #expect(bytes.dropFirst().elementsEqual(general.first?.utf8 ?? "".utf8))
            } else {
                #expect(bytes == [0x41])
            }
        }
    }

    @Test func scalarWalkMatchesGraphemeWalk() async {
        let text = Gen.int(in: 0...(Self.characters.count - 1)).array(of: 0...30)
        await propertyCheck(count: 300, input: text) { indices in
            let string = String(indices.map { Self.characters[$0] })
            #expect(string.scalarsAreCharacters)
            #expect(string.unicodeScalars.count == string.count)
            var total = 0
            for character in string { total += DisplayWidth.of(character) }
            #expect(DisplayWidth.of(string) == total)
        }
        #expect(!"e\u{301}".scalarsAreCharacters)
        #expect(!"a\r\nb".scalarsAreCharacters)
        #expect(LineLayout.oneColumnScalarCount("soft\u{AD}hyphen") == nil)
        #expect(LineLayout.oneColumnScalarCount("Anaïs ·") == 7)
    }

    /// Below U+0300 the width comes from a shortcut instead of the general category: the same answer.
    @Test func latinWidthShortcutMatchesGeneralCategory() {
        for value in UInt32(0x7F)..<0x300 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let expected =
                switch scalar.properties.generalCategory {
                case .nonspacingMark, .enclosingMark, .format, .control: 0
                default: 1
                }
            #expect(DisplayWidth.of(scalar) == expected, "U+\(String(value, radix: 16))")
        }
    }

    /// One pass over the UTF-8 gives what the separate walks give.
    @Test func utf8ShapeMatchesTheStringViews() async {
        let text = Gen.int(in: 0...(Self.characters.count - 1)).array(of: 0...30)
        await propertyCheck(count: 200, input: text) { indices in
            let plain = String(indices.map { Self.characters[$0] })
            for string in [plain, plain + "e\u{301}\r\n"] {
                let shape = UTF8Shape(string)
                #expect(shape.bytes == string.utf8.count)
                #expect(shape.scalars == string.unicodeScalars.count)
                #expect(shape.isASCII == string.utf8.allSatisfy { $0 < 0x80 })
                #expect(shape.scalarsAreCharacters == string.scalarsAreCharacters)
            }
        }
    }
}
