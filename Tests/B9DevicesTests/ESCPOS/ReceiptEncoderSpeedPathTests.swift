@testable import B9ESCPOS
import B9TestSupport
import PropertyBased
import Testing

/// The encoder's allocation-free paths give what the plain ones give: tab runs taken from the layout, the
/// two-column key/value row on the stack, Latin text read as UTF-8, and the result builder holding single
/// elements without an array.
@Suite(.cpuBound) struct ReceiptEncoderSpeedPathTests {
    static let characters = Array("abc XYZ 0189.,-&*  ")
    static let widths: [ReceiptColumn.Width] = [.flexible, .fit, .fixed(3), .fixed(8), .fixed(12)]
    static let alignments: [Justification] = [.left, .right, .center]

    /// The runs of spaces the layout reports are the runs a scan of the written line finds.
    @Test func layoutRunsMatchAScanOfTheLine() async {
        let rows = zip(
            Gen.int(in: 0...(Self.characters.count - 1)).array(of: 0...14), Gen.int(in: 0...(Self.widths.count - 1)),
            Gen.int(in: 0...2)
        ).array(of: 1...4)
        await propertyCheck(count: 500, input: rows, Gen.int(in: 8...64)) { generated, width in
            let columns = generated.map { indices, widthIndex, alignment in
                ReceiptColumn(
                    String(indices.map { Self.characters[$0] }), width: Self.widths[widthIndex],
                    alignment: Self.alignments[alignment])
            }
            var plain: [UInt8] = [0x41]
            var withRuns: [UInt8] = [0x41]
            var runs: [TabCompressor.Run] = [TabCompressor.Run(start: 0, end: 9)]
            let fits = LineLayout.singleLineASCII(columns, width: width, into: &plain)
            let fitsWithRuns = columns.withUnsafeBufferPointer {
                LineLayout.singleLineASCII($0, width: width, into: &withRuns, runs: &runs)
            }
            #expect(fitsWithRuns == fits)
            #expect(withRuns == plain)
            var scanned: [TabCompressor.Run] = [TabCompressor.Run(start: 0, end: 9)]
            if fits { TabCompressor.appendRuns(in: plain.dropFirst(), to: &scanned) }
            #expect(runs.map { [$0.start, $0.end] } == scanned.map { [$0.start, $0.end] })
        }
    }

    /// A key/value row and a totals line lay out as the same two columns given as an array.
    @Test func labelValueRowIsTheTwoColumnRow() throws {
        let pairs = [("Receipt 0042-1093", "25.11.2026 14:07"), ("Till 2", "Cashier: Anaïs"), ("", "0.00"),
            ("Key", ""), ("A very long key that wraps over the line width of the paper", "59.30")]
        for (key, value) in pairs {
            let row = LabelValueRow.columns(key, value)
            #expect(row == [
                ReceiptColumn(key, width: .flexible), ReceiptColumn(value, width: .fit, alignment: .right),
            ])
            #expect(LabelValueRow.with(key, value) { Array($0) } == row)
            let encoder = ReceiptEncoder(profile: .epsonTMT20)
            let viaKeyValue = try encoder.encode(ReceiptDocument(elements: [.keyValue(key, value)]))
            let viaColumns = try encoder.encode(ReceiptDocument(elements: [.columns(row)]))
            #expect(viaKeyValue.bytes == viaColumns.bytes, "\(key) / \(value)")
        }
    }

    /// Latin text read as UTF-8 encodes as the same text given one character at a time.
    @Test func latinTextEncodesAsItsCharactersOneByOne() async {
        let alphabet = Array("ab Z9 éüßØÆ·ĳ€\u{7}\u{1B}Ω¤ž")
        await propertyCheck(count: 300, input: Gen.int(in: 0...(alphabet.count - 1)).array(of: 0...24)) { indices in
            let text = String(indices.map { alphabet[$0] })
            var whole = TextEncoder(slots: PrinterProfile.epsonTMT20.codePages)
            var wholeCommands: [ESCPOSCommand] = []
            let wholeMissing = whole.encode(text, into: &wholeCommands)
            var single = TextEncoder(slots: PrinterProfile.epsonTMT20.codePages)
            var singleCommands: [ESCPOSCommand] = []
            var singleMissing = ""
            for character in text {
                singleMissing += single.encode(String(character), into: &singleCommands).map(\.text).joined()
            }
            #expect(wholeCommands.encodedBytes == singleCommands.encodedBytes, "\(text.debugDescription)")
            #expect(wholeMissing.map(\.text).joined() == singleMissing)
            #expect(whole.selectedTable == single.selectedTable)
        }
    }

    /// The one-pass width of Latin text is the sum of its characters' widths, controls and soft hyphen included.
    @Test func latinWidthIsTheSumOfCharacterWidths() async {
        let alphabet = Array("ab Z9 éüß\u{AD}\u{85}\u{9F}\u{A0}\u{7F}\u{7}\tĳǅ˿\r\n")
        await propertyCheck(count: 300, input: Gen.int(in: 0...(alphabet.count - 1)).array(of: 0...24)) { indices in
            let text = String(indices.map { alphabet[$0] })
            var total = 0
            for character in text { total += DisplayWidth.of(character) }
            #expect(DisplayWidth.of(text) == total, "\(text.debugDescription)")
            #expect(DisplayWidth.of(text[...]) == total)
        }
        #expect(DisplayWidth.latinWidth(of: "e\u{301}".utf8) == nil)
        #expect(DisplayWidth.latinWidth(of: "a\r\nb".utf8) == nil)
        #expect(DisplayWidth.latinWidth(of: "Anaïs\u{AD}".utf8) == 5)
    }

    /// Blocks, `if`, `if`/`else`, `for` and arrays keep their elements in order.
    @Test func builderKeepsEveryElementInOrder() {
        let flag = true
        let document = ReceiptDocument {
            ReceiptElement.text("1")
            if flag { ReceiptElement.text("2") }
            if !flag { ReceiptElement.text("x") }
            if flag {
                ReceiptElement.text("3")
                ReceiptElement.text("4")
            } else {
                ReceiptElement.text("y")
            }
            for index in 5...7 { ReceiptElement.text("\(index)") }
            [ReceiptElement.text("8"), ReceiptElement.text("9")]
            for index in 10...11 {
                ReceiptElement.text("\(index)")
                ReceiptElement.divider()
            }
        }
        #expect(
            document.elements
                == ["1", "2", "3", "4", "5", "6", "7", "8", "9"].map { ReceiptElement.text($0) }
                + [.text("10"), .divider(), .text("11"), .divider()])
        #expect(ReceiptDocument {}.elements.isEmpty)
        #expect(ReceiptDocument { ReceiptElement.cut() }.elements == [.cut()])
    }
}
