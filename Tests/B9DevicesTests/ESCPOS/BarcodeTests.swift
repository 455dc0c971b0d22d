import B9ESCPOS
import B9TestSupport
import PropertyBased
import Testing

@Suite("Barcodes", .cpuBound)
struct BarcodeTests {
    /// Published examples: GS1 General Specifications, Wikipedia articles for each symbology.
    static let checkDigits: [(BarcodeSymbology, String, String)] = [
        (.ean13, "400638133393", "4006381333931"),
        (.ean13, "629104150021", "6291041500213"),
        (.ean8, "9638507", "96385074"),
        (.upcA, "03600029145", "036000291452"),
        (.upcE, "0425261", "04252614"),
        (.upcE, "425261", "04252614"),
        (.itf, "1540014128876", "15400141288763"),
    ]

    @Test("check digit computed", arguments: checkDigits)
    func computesCheckDigit(symbology: BarcodeSymbology, content: String, expected: String) throws {
        let barcode = try Barcode(symbology, content: content)
        #expect(barcode.payload == Array(expected.utf8))
        // The full number is accepted as is.
        #expect(try Barcode(symbology, content: expected).payload == Array(expected.utf8))
    }

    @Test func wrongCheckDigitIsRejected() {
        #expect(throws: ESCPOSError.self) { try Barcode(.ean13, content: "4006381333932") }
        #expect(throws: ESCPOSError.self) { try Barcode(.upcA, content: "036000291450") }
        #expect(throws: ESCPOSError.self) { try Barcode(.upcE, content: "04252615") }
    }

    @Test func invalidContentIsRejected() {
        #expect(throws: ESCPOSError.self) { try Barcode(.ean13, content: "12345") }
        #expect(throws: ESCPOSError.self) { try Barcode(.ean8, content: "12a4567") }
        #expect(throws: ESCPOSError.self) { try Barcode(.itf, content: "123") }
        #expect(throws: ESCPOSError.self) { try Barcode(.code39, content: "lower") }
        #expect(throws: ESCPOSError.self) { try Barcode(.code128, content: "Grüße") }
        #expect(throws: ESCPOSError.self) { try Barcode(.code93, content: "") }
    }

    @Test func codabarGetsStartStop() throws {
        #expect(try Barcode(.codabar, content: "40156").payload == Array("A40156B".utf8))
        #expect(try Barcode(.codabar, content: "C123D").payload == Array("C123D".utf8))
    }

    @Test func code128UsesCodeSetCForDigits() throws {
        let barcode = try Barcode(.code128, content: "12345678")
        #expect(barcode.payload == hex("7B 43 0C 22 38 4E"))
        #expect(ESCPOSCommand.barcode(barcode).bytes == hex("1D 6B 49 06 7B 43 0C 22 38 4E"))
    }

    @Test func code128SwitchesToCForALongDigitRun() throws {
        // {B a b c {C 12 34 56: 10 bytes; all in B would take 11.
        let barcode = try Barcode(.code128, content: "abc123456")
        #expect(barcode.payload == Array("{Babc{C".utf8) + [12, 34, 56])
    }

    @Test func code128OddDigitRunKeepsOneDigitOutsideC() throws {
        // {C 12 34 {B 5, {B 1 {C 23 45 and {B 12345 all take 7 bytes; nothing shorter exists.
        let barcode = try Barcode(.code128, content: "12345")
        #expect(barcode.payload.count == 7)
        #expect(barcode.content == "12345")
    }

    @Test func code128EscapesBraceAndShiftsForControlCharacters() throws {
        #expect(try Barcode(.code128, content: "a{b").payload == Array("{Ba{{b".utf8))
        let mixed = try Barcode(.code128, content: "\tA a")
        #expect(mixed.payload.count == 8)
        #expect(mixed.content == "\tA a")
        // Found by the property test below: a brace after a code set A character, then a digit run.
        let brace = try Barcode(.code128, content: "\t{000000")
        #expect(brace.content == "\t{000000")
        #expect(!brace.payload.starts(with: Array("{A\t{S".utf8)))
    }

    @Test func code128RoundTripsAndIsNeverLongerThanOneCodeSet() async {
        let alphabet: [UInt8] = Array("0123456789AZaz{ \t".utf8)
        let gen = Gen.int(in: 0...(alphabet.count - 1)).array(of: 1...40)
        await propertyCheck(count: 300, input: gen) { indices in
            let text = String(decoding: indices.map { alphabet[$0] }, as: UTF8.self)
            guard let barcode = try? Barcode(.code128, content: text) else {
                Issue.record("rejected \(text.debugDescription)")
                return
            }
            #expect(barcode.content == text)
            // Naive single-set encodings: B with shifts for control characters, braces doubled.
            let bytes = Array(text.utf8)
            let naiveB = 2 + bytes.reduce(0) { $0 + ($1 < 0x20 ? 3 : ($1 == 0x7B ? 2 : 1)) }
            #expect(barcode.payload.count <= naiveB)
        }
    }
}
