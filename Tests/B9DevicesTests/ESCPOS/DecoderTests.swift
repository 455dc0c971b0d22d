import B9ESCPOS
import B9TestSupport
import PropertyBased
import Testing

@Suite("ESC/POS stream decoder", .cpuBound)
struct DecoderTests {
    let decoder = ESCPOSDecoder(profile: .epsonTMT88)

    @Test func styledTextRuns() {
        let bytes = hex("1B 40 1B 61 01 1B 45 01") + Array("Shop".utf8) + hex("0A 1B 45 00 1D 21 11") + Array("Big".utf8)
            + hex("0A")
        let document = decoder.decode(bytes)
        let lines = document.lines
        #expect(lines.count == 2)
        #expect(lines[0].map(\.text) == ["Shop"])
        #expect(lines[0][0].style.bold && lines[0][0].justification == .center)
        #expect(lines[1][0].style.size == .double && !lines[1][0].style.bold)
        #expect(document.issues.isEmpty && !document.isTruncated)
    }

    @Test func codePageSwitchesAreFollowed() {
        let bytes = hex("1B 74 13 D5 20 1B 74 11 8F E0 A8 A2 A5 E2 0A")
        let document = decoder.decode(bytes)
        #expect(document.lines.first?.map(\.text).joined() == "€ Привет")
        #expect(document.lines.first?.map(\.codePage) == ["PC858", "PC866"])
    }

    @Test func barcodesQRImagesCutsAndDrawer() throws {
        let qr = try QRCode(text: "https://b9.example", moduleSize: 4)
        var bitmap = try MonochromeBitmap(width: 16, height: 2)
        bitmap[3, 1] = true
        let commands: [ESCPOSCommand] = [
            .barcode(try Barcode(.code128, content: "AB12345678")), .qrCode(qr), .rasterImage(bitmap),
            .drawerKick(.standard), .feedAndCut(.partial, feed: 3),
        ]
        let document = decoder.decode(commands.encodedBytes)
        guard document.elements.count == 5,
            case .barcode(let barcode) = document.elements[0],
            case .qrCode(let data) = document.elements[1],
            case .image(let image) = document.elements[2],
            case .drawerKick(let pulse) = document.elements[3],
            case .cut(.partial) = document.elements[4]
        else {
            Issue.record("\(document.elements)")
            return
        }
        #expect(barcode.symbology == .code128 && barcode.content == "AB12345678")
        #expect(data == Array("https://b9.example".utf8))
        #expect(image == bitmap)
        #expect(pulse == .standard)
    }

    @Test func unknownCommandsAreReportedWithOffset() {
        let document = decoder.decode(hex("41 1B 7F 42 1D FE 0A"))
        #expect(document.elements.contains(.unknown(offset: 1, bytes: [0x1B, 0x7F])))
        #expect(document.elements.contains(.unknown(offset: 4, bytes: [0x1D, 0xFE])))
        #expect(document.lines.first?.map(\.text).joined() == "AB")
    }

    @Test func truncatedStreamKeepsWhatCameBefore() {
        let bytes = Array("Hello".utf8) + hex("0A 1D 76 30 00 10 00 40 00 FF FF")
        let document = decoder.decode(bytes)
        #expect(document.isTruncated)
        #expect(document.issues.first?.offset == 6)
        #expect(document.lines.first?.first?.text == "Hello")
    }

    @Test func plainTextRendering() throws {
        let document = ReceiptDocument {
            ReceiptElement.text("Shop", alignment: .center)
            ReceiptElement.keyValue("Total", "9.99")
            ReceiptElement.cut(.full)
        }
        let profile = PrinterProfile.xprinterXP80
        let encoded = try ReceiptEncoder(profile: profile).encode(document)
        let text = PlainTextRenderer.render(ESCPOSDecoder(profile: profile).decode(encoded.bytes), profile: profile)
        let expected =
            String(repeating: " ", count: 22) + "Shop\n" + "Total" + String(repeating: " ", count: 39) + "9.99\n[cut]\n"
        #expect(text == expected)
    }

    @Test func previewIsProfileWide() throws {
        let profile = PrinterProfile.epsonTMT20
        let encoded = try ReceiptEncoder(profile: profile).encode(SampleReceipt.document())
        let preview = try PreviewRenderer.render(ESCPOSDecoder(profile: profile).decode(encoded.bytes), profile: profile)
        #expect(preview.width == 576)
        #expect(preview.height > 800)
        #expect(try PNGCodec.encode(preview).count > 100)
    }

    @Test func sampleReceiptDecodesBackToItsLines() throws {
        for profile in [PrinterProfile.epsonTMT88, .xprinterXP58, .epsonTMU220] {
            let encoded = try ReceiptEncoder(profile: profile).encode(SampleReceipt.document())
            let document = ESCPOSDecoder(profile: profile).decode(encoded.bytes)
            #expect(document.issues.isEmpty, "\(profile.id): \(document.issues)")
            let text = PlainTextRenderer.render(document, profile: profile)
            #expect(text.contains("Anaïs") && text.contains("B9 Café") && text.contains("59.30"), "\(profile.id)")
        }
    }

    /// Encode → decode: for any lines of Latin, Cyrillic and euro text with any style and alignment, the
    /// decoded runs give back each line's text, style and alignment.
    @Test func encodeDecodeRoundTrip() async {
        let characters = Array("abcXYZ 0189.,-éüßØÆ€ДЖяčůő")
        let line = Gen.int(in: 0...(characters.count - 1)).array(of: 1...20)
        let styleBits = Gen.int(in: 0...63)
        let lines = zip(line, styleBits).array(of: 1...6)
        await propertyCheck(count: 150, input: lines) { generated in
            var commands: [ESCPOSCommand] = [.initialize]
            var encoder = TextEncoder(slots: PrinterProfile.epsonTMT88.codePages)
            var expected: [(String, TextStyle, Justification)] = []
            for (indices, bits) in generated {
                let text = String(indices.map { characters[$0] })
                let style = TextStyle(
                    bold: bits & 1 != 0, underline: bits & 2 != 0 ? .twoDots : .off,
                    size: bits & 4 != 0 ? .double : .normal, inverse: bits & 8 != 0, font: bits & 16 != 0 ? .b : .a)
                let justification: Justification = bits & 32 != 0 ? .right : .center
                commands += [
                    .emphasis(style.bold), .underline(style.underline), .characterSize(style.size),
                    .reverse(style.inverse), .font(style.font), .justification(justification),
                ]
                #expect(encoder.encode(text, into: &commands).isEmpty)
                commands.append(.lineFeed)
                expected.append((text, style, justification))
            }
            let document = ESCPOSDecoder(profile: .epsonTMT88).decode(commands.encodedBytes)
            let decoded = document.lines
            #expect(decoded.count == expected.count)
            for (runs, (text, style, justification)) in zip(decoded, expected) {
                #expect(runs.map(\.text).joined() == text)
                #expect(runs.allSatisfy { $0.style == style && $0.justification == justification })
            }
        }
    }

    /// Any bytes at all: the decoder finishes, reports offsets inside the stream, and never invents content.
    @Test func arbitraryBytesNeverCrash() async {
        await propertyCheck(count: 500, input: Gen.uint8().array(of: 0...200)) { bytes in
            let document = ESCPOSDecoder(profile: .generic58).decode(bytes)
            #expect(DecoderInvariants.violations(bytes: bytes, document: document).isEmpty)
        }
    }
}

/// Invariants shared with the fuzz target.
enum DecoderInvariants {
    static func violations(bytes: [UInt8], document: DecodedDocument) -> [String] {
        var problems: [String] = []
        var printable = 0
        for element in document.elements {
            switch element {
            case .unknown(let offset, let unknown):
                if offset < 0 || offset + unknown.count > bytes.count { problems.append("unknown outside stream") }
                else if Array(bytes[offset..<(offset + unknown.count)]) != unknown {
                    problems.append("unknown bytes differ from the stream at \(offset)")
                }
            case .control(_, let offset):
                if offset < 0 || offset >= bytes.count { problems.append("control offset \(offset)") }
            case .text(let run):
                // Tabs expand to spaces, so only count the rest: each came from at least one byte.
                printable += run.text.unicodeScalars.filter { $0 != " " }.count
            default:
                break
            }
        }
        if printable > bytes.count { problems.append("more printed characters than bytes") }
        for issue in document.issues where issue.offset < 0 || issue.offset > bytes.count {
            problems.append("issue offset \(issue.offset)")
        }
        return problems
    }
}
