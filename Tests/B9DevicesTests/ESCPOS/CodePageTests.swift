import B9ESCPOS
import Testing

@Suite("Code pages and text encoding")
struct CodePageTests {
    /// Points checked against the code page charts (IBM/Microsoft code page definitions).
    static let fixtures: [(CodePage, UInt8, Unicode.Scalar)] = [
        (.pc437, 0x80, "Ç"), (.pc437, 0x9C, "£"), (.pc437, 0xE1, "ß"), (.pc437, 0xC4, "─"),
        (.pc850, 0xD5, "ı"), (.pc850, 0x9D, "Ø"), (.pc850, 0xB5, "Á"),
        (.pc858, 0xD5, "€"), (.pc858, 0x9D, "Ø"),
        (.pc852, 0x85, "ů"), (.pc852, 0xA5, "ą"), (.pc852, 0xE3, "Ń"), (.pc852, 0x9F, "č"),
        (.pc866, 0x80, "А"), (.pc866, 0xAF, "п"), (.pc866, 0xE0, "р"), (.pc866, 0xF0, "Ё"),
        (.wpc1252, 0x80, "€"), (.wpc1252, 0xE9, "é"), (.wpc1252, 0x9C, "œ"), (.wpc1252, 0x85, "…"),
    ]

    @Test("chart positions", arguments: fixtures)
    func chartPosition(page: CodePage, byte: UInt8, scalar: Unicode.Scalar) {
        #expect(page.byte(for: scalar) == byte)
        #expect(page.scalar(for: byte) == scalar)
    }

    @Test func everyAssignedByteRoundTrips() {
        for page in CodePage.all {
            for byte in UInt8(0x20)...0xFF {
                guard let scalar = page.scalar(for: byte) else { continue }
                #expect(page.byte(for: scalar) == byte, "\(page) \(byte)")
            }
        }
    }

    @Test func unassignedAndControlBytes() {
        #expect(CodePage.wpc1252.scalar(for: 0x81) == nil)
        #expect(CodePage.pc437.byte(for: Unicode.Scalar(0x1B)) == nil)
        #expect(CodePage.pc437.byte(for: Character("\u{1B}")) == nil)
        #expect(CodePage.pc437.scalar(for: 0x0A) == nil)
    }

    @Test func lookupByName() {
        #expect(CodePage.named("cp858") == .pc858)
        #expect(CodePage.named("WPC1252") == .wpc1252)
        #expect(CodePage.named("1252") == nil)
    }

    @Test func encoderSwitchesPagesOnlyWhenNeeded() {
        var encoder = TextEncoder(slots: PrinterProfile.epsonTMT88.codePages)
        var commands: [ESCPOSCommand] = []
        let missing = encoder.encode("Café 5€ Привет", into: &commands)
        #expect(missing.isEmpty)
        // é is in PC437 (first page, table 0); € needs PC858 (table 19); Cyrillic needs PC866 (table 17).
        #expect(
            commands.encodedBytes
                == Array("Caf".utf8) + hex("1B 74 00 82") + Array(" 5".utf8)
                + hex("1B 74 13 D5") + Array(" ".utf8) + hex("1B 74 11 8F E0 A8 A2 A5 E2"))
        #expect(encoder.selectedTable == 17)
    }

    @Test func decomposedAccentsFindThePrecomposedByte() {
        var encoder = TextEncoder(slots: [CodePageSlot(.pc850, table: 2)], selectedTable: 2)
        var commands: [ESCPOSCommand] = []
        #expect(encoder.encode("e\u{301}", into: &commands).isEmpty)
        #expect(commands.encodedBytes == [0x82])
    }

    @Test func unencodableTextIsReportedNotReplacedByQuestionMarks() {
        var encoder = TextEncoder(slots: PrinterProfile.generic80.codePages)
        var commands: [ESCPOSCommand] = []
        let missing = encoder.encode("Tk ৳50 ok 日本", into: &commands)
        #expect(missing == [UnencodableText(text: "৳", offset: 3), UnencodableText(text: "日本", offset: 10)])
        let bytes = commands.encodedBytes
        #expect(!bytes.contains(UInt8(ascii: "?")))
        // Blanks keep the columns: ৳ is 1 wide, 日本 is 4 wide.
        #expect(bytes == Array(("Tk " + " " + "50 ok " + "    ").utf8))
    }

    @Test func controlCharactersNeverReachThePrinter() {
        var encoder = TextEncoder(slots: PrinterProfile.generic80.codePages)
        var commands: [ESCPOSCommand] = []
        let missing = encoder.encode("a\u{1B}@b", into: &commands)
        #expect(missing.count == 1)
        #expect(!commands.encodedBytes.contains(0x1B))
    }

    @Test func displayWidths() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("日本語") == 6)
        #expect(DisplayWidth.of("한국") == 4)
        #expect(DisplayWidth.of("ＡＢ") == 4)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of(Unicode.Scalar(0x0301)!) == 0)
        #expect(DisplayWidth.of("Ä") == 1)
    }
}
