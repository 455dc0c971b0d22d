import B9ESCPOS
import B9TestSupport
import Foundation
import Testing

/// Replays the committed fuzz corpus through the same parsers and invariants as the fuzz targets.
@Suite("ESC/POS fuzz corpus replay", .cpuBound)
struct FuzzCorpusReplayTests {
    static func corpus(_ target: String) -> [(String, [UInt8])] {
        let folder = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/Corpus/\(target)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().compactMap { name in
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else {
                return nil
            }
            return (name, [UInt8](data))
        }
    }

    @Test func statusCorpus() {
        let files = Self.corpus("FuzzESCPOSStatus")
        #expect(files.count >= 5)
        for (name, input) in files where !input.isEmpty {
            let setup = input[0]
            let stream = Array(input.dropFirst())
            func decoder() -> PrinterStatusDecoder {
                var decoder = PrinterStatusDecoder(recognizesAutomaticStatusBack: setup & 0x80 == 0)
                for index in 0..<Int(setup & 0x07) {
                    decoder.expectReply(to: StatusRequest.allCases[(index + Int(setup >> 3)) % 4])
                }
                if setup & 0x40 != 0 { decoder.expectBlockReply() }
                return decoder
            }
            var whole = decoder()
            let expected = StatusStreamInvariants.coalesced(whole.feed(stream) + whole.finish())
            var pieces = decoder()
            let middle = stream.count / 2
            let chunked = StatusStreamInvariants.coalesced(
                pieces.feed(stream[..<middle]) + pieces.feed(stream[middle...]) + pieces.finish())
            #expect(chunked == expected, "\(name)")
            #expect(StatusStreamInvariants.violations(input: stream, replies: expected).isEmpty, "\(name)")
        }
    }

    @Test func decoderCorpus() throws {
        let files = Self.corpus("FuzzESCPOSDecoder")
        #expect(files.count >= 5)
        let profiles: [PrinterProfile] = [.epsonTMT88, .epsonTMU220, .generic58]
        for (name, bytes) in files {
            let profile = profiles[bytes.count % profiles.count]
            let document = ESCPOSDecoder(profile: profile).decode(bytes)
            #expect(DecoderInvariants.violations(bytes: bytes, document: document).isEmpty, "\(name)")
            _ = PlainTextRenderer.render(document, profile: profile)
            if bytes.count < 4096 { _ = try? PreviewRenderer.render(document, profile: profile) }
        }
    }
}
