import B9Devices
import B9TestSupport
import PropertyBased
import Testing

@Suite("Scanner input parsers", .cpuBound)
struct ScannerDecoderTests {
    static let aim: [(String, String, Bool, String)] = [
        ("]E05901234123457", "EAN-13", false, "5901234123457"),
        ("]E440123455", "EAN-8", false, "40123455"),
        ("]C1010950110153000317\u{1D}10ABC123", "GS1-128", true, "010950110153000317\u{1D}10ABC123"),
        ("]Q1https://b9.example/r/42", "QR Code", false, "https://b9.example/r/42"),
        ("]Q3010950110153000317", "GS1 QR Code", true, "010950110153000317"),
        ("]d2010950110153000317\u{1D}17251231", "GS1 DataMatrix", true, "010950110153000317\u{1D}17251231"),
        ("]e0010950110153000317", "GS1 DataBar", true, "010950110153000317"),
        ("]A0CODE39", "Code 39", false, "CODE39"),
        ("]I1123456", "ITF (check digit)", false, "123456"),
        ("]L2pdf", "PDF417", false, "pdf"),
        ("]F0A123B", "Codabar", false, "A123B"),
    ]

    @Test("AIM identifiers name the symbology", arguments: aim)
    func aimIdentifiers(raw: String, name: String, gs1: Bool, data: String) throws {
        let code = ScannedCode(raw: Array(raw.utf8), parseAIM: true, source: .serial)
        let symbology = try #require(code.symbology)
        #expect(symbology.name == name)
        #expect(symbology.aimIdentifier == String(raw.prefix(3)))
        #expect(symbology.carriesGS1ElementStrings == gs1)
        // The data is handed on intact, GS separators included.
        #expect(code.data == Array(data.utf8))
    }

    @Test("no identifier, no symbology", arguments: ["5901234123457", "]", "]E", "]#0abc", "]E\u{1D}x", ""])
    func withoutAIM(raw: String) {
        let code = ScannedCode(raw: Array(raw.utf8), parseAIM: true, source: .serial)
        #expect(code.symbology == nil)
        #expect(code.data == Array(raw.utf8))
    }

    @Test func serialLinesSplitOnCRLFAndKeepGS() {
        var decoder = SerialScannerDecoder()
        var codes = decoder.feed(Array("]E05901234123457\r".utf8))
        codes += decoder.feed(Array("]C1010950110153000317".utf8))
        #expect(codes.count == 1)
        codes += decoder.feed([0x1D] + Array("10ABC\r\n\r\n".utf8))
        #expect(codes.count == 2)
        #expect(codes[0].symbology?.name == "EAN-13")
        #expect(codes[1].data == Array("010950110153000317".utf8) + [0x1D] + Array("10ABC".utf8))
        #expect(codes[1].printableText == "010950110153000317<GS>10ABC")
    }

    @Test func hidPOSReportsReassembleAcrossReports() throws {
        let data = Array("M1GATHERGOOD/MICHAEL YABCDEF LHRDURAK 3542 052Y003D23  0123456789".utf8)
        let reports = HIDPOSReportDecoder.reports(aim: Array("]Q0".utf8), data: data)
        #expect(reports.count == 2)
        #expect(reports.allSatisfy { $0.count == 64 && $0[0] == 0x02 })
        #expect(reports[0][1] == 56)
        #expect(reports[0][63] == 0x01)
        #expect(reports[1][63] == 0x00)
        var decoder = HIDPOSReportDecoder()
        let firstPart = decoder.feed(report: reports[0])
        #expect(firstPart == nil)
        let completed = decoder.feed(report: reports[1])
        let code = try #require(completed)
        #expect(code.data == data)
        #expect(code.symbology?.aimIdentifier == "]Q0")
        #expect(code.source == .hidPOS)
    }

    @Test func hidPOSFixtureFromTheManual() throws {
        // Report 0x02, length 13, "]E0", data, padding, continuation 0.
        var report = [UInt8](repeating: 0, count: 64)
        report[0] = 0x02
        report[1] = 0x0D
        report[2...4] = [0x5D, 0x45, 0x30]
        report[5..<18] = [0x35, 0x39, 0x30, 0x31, 0x32, 0x33, 0x34, 0x31, 0x32, 0x33, 0x34, 0x35, 0x37][...]
        var decoder = HIDPOSReportDecoder()
        let decoded = decoder.feed(report: report)
        let code = try #require(decoded)
        #expect(code.text == "5901234123457")
        #expect(code.symbology?.name == "EAN-13")
        // Other report IDs and bad lengths are ignored.
        report[0] = 0x01
        let otherID = decoder.feed(report: report)
        #expect(otherID == nil)
        report[0] = 0x02
        report[1] = 57
        let tooLong = decoder.feed(report: report)
        #expect(tooLong == nil)
    }

    static func scans(_ outputs: [KeyboardWedgeDecoder.Output]) -> [ScannedCode] {
        outputs.compactMap { if case .scan(let code) = $0 { code } else { nil } }
    }

    @Test("wedge scanner read with its layout", arguments: KeyMap.all)
    func wedgeRoundTrip(keyMap: KeyMap) {
        let text = "]C1010950110153000317\u{1D}10ABC-xyz@42"
        let events = ScannerSimulator.keyEvents(typing: Array(text.utf8), keyMap: keyMap)
        var decoder = KeyboardWedgeDecoder(keyMap: keyMap)
        let codes = Self.scans(events.flatMap { decoder.feed($0) })
        #expect(codes.count == 1)
        #expect(codes.first?.symbology?.name == "GS1-128")
        #expect(codes.first?.data == Array("010950110153000317\u{1D}10ABC-xyz@42".utf8))
    }

    @Test func germanScannerReadAsUSIsWrong() {
        // The field failure: a QWERTZ scanner on a US mapping swaps Y/Z and mangles symbols.
        let events = ScannerSimulator.keyEvents(typing: Array("Zyx-12".utf8), keyMap: .german)
        var decoder = KeyboardWedgeDecoder(keyMap: .us)
        let codes = Self.scans(events.flatMap { decoder.feed($0) })
        #expect(codes.first?.text == "Yzx/12")
    }

    @Test func shiftAndCapsLock() {
        func press(_ code: UInt16, _ time: Int64) -> [InputEvent] {
            [InputEvent(seconds: 0, microseconds: time, type: InputEvent.typeKey, code: code, value: 1),
             InputEvent(seconds: 0, microseconds: time, type: InputEvent.typeKey, code: code, value: 0)]
        }
        var events: [InputEvent] = []
        events += press(KeyCode.capsLock, 0)
        events += press(30, 1000)  // a → A (caps)
        events.append(InputEvent(seconds: 0, microseconds: 1500, type: InputEvent.typeKey, code: KeyCode.leftShift, value: 1))
        events += press(48, 2000)  // b with shift under caps → b
        events += press(2, 2500)  // 1 with shift → !
        events.append(InputEvent(seconds: 0, microseconds: 2600, type: InputEvent.typeKey, code: KeyCode.leftShift, value: 0))
        events += press(46, 3000)  // c → C (caps)
        events += press(3, 3500)  // 2, caps does not shift digits
        events.append(InputEvent(seconds: 0, microseconds: 3600, type: InputEvent.typeKey, code: KeyCode.leftControl, value: 1))
        events += press(27, 3700)  // Ctrl+] → GS
        events.append(InputEvent(seconds: 0, microseconds: 3800, type: InputEvent.typeKey, code: KeyCode.leftControl, value: 0))
        events += press(KeyCode.enter, 4000)
        var decoder = KeyboardWedgeDecoder(keyMap: .us, parseAIM: false)
        let codes = Self.scans(events.flatMap { decoder.feed($0) })
        #expect(codes.first?.data == Array("Ab!C2".utf8) + [0x1D])
    }

    @Test func slowTypingIsNotAScan() {
        let events = ScannerSimulator.keyEvents(typing: Array("1234".utf8), gap: .milliseconds(180))
        var decoder = KeyboardWedgeDecoder()
        let outputs = events.flatMap { decoder.feed($0) }
        #expect(outputs == [.typing(characterCount: 4)])
        // Too short to be a code, even if fast.
        var short = KeyboardWedgeDecoder()
        #expect(ScannerSimulator.keyEvents(typing: Array("12".utf8)).flatMap { short.feed($0) } == [.typing(characterCount: 2)])
    }

    @Test func tabSuffixAndPauseWithoutSuffix() {
        var tab = KeyboardWedgeDecoder(suffix: .tab)
        let tabbed = ScannerSimulator.keyEvents(typing: Array("4006381333931".utf8), suffix: .tab)
        #expect(Self.scans(tabbed.flatMap { tab.feed($0) }).first?.text == "4006381333931")
        // With no suffix a pause separates two codes; flush ends the last.
        var none = KeyboardWedgeDecoder(suffix: .none)
        let first = ScannerSimulator.keyEvents(typing: Array("1111".utf8), suffix: .none, startMicroseconds: 0)
        let second = ScannerSimulator.keyEvents(typing: Array("2222".utf8), suffix: .none, startMicroseconds: 1_000_000)
        var codes = Self.scans((first + second).flatMap { none.feed($0) })
        codes += Self.scans(none.flush())
        #expect(codes.map(\.text) == ["1111", "2222"])
    }

    @Test func randomBytesRoundTripThroughTheWedge() async {
        let printable = Gen.uint8(in: 0x21...0x7E).array(of: 3...40)
        await propertyCheck(count: 200, input: printable, Gen.element(of: KeyMap.all)) { bytes, layout in
            let keyMap = layout ?? .us
            // Only characters the layout can type (German has no plain key for some ASCII; they go via Alt).
            let events = ScannerSimulator.keyEvents(typing: bytes, keyMap: keyMap)
            var decoder = KeyboardWedgeDecoder(keyMap: keyMap, parseAIM: false)
            let codes = Self.scans(events.flatMap { decoder.feed($0) })
            #expect(codes.map(\.data) == [bytes])
        }
    }

    @Test func inputEventsDecodeFromAnyChunking() async {
        let events = ScannerSimulator.keyEvents(typing: Array("]E05901234123457".utf8))
        let bytes = ScannerSimulator.records(events)
        await propertyCheck(count: 100, input: Gen.int(in: 1...60)) { chunk in
            var decoder = InputEventDecoder()
            var decoded: [InputEvent] = []
            var offset = 0
            while offset < bytes.count {
                decoded += decoder.decode(bytes[offset..<min(bytes.count, offset + chunk)])
                offset += chunk
            }
            #expect(decoded == events)
        }
    }
}
