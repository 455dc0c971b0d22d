import B9Core
import B9TestSupport
import Foundation
import Testing

/// Replays the committed fuzz corpora of the billing parsers through the same checks as the fuzz targets.
@Suite("Fuzz corpus replay (billing)", .cpuBound)
struct CorpusReplayTests {
    static func corpus(_ target: String) -> [URL] {
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fuzz/Corpus/\(target)")
        let files = (try? FileManager.default.contentsOfDirectory(at: root, includingPropertiesForKeys: nil)) ?? []
        return files.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test func catalogCorpus() throws {
        let files = Self.corpus("FuzzCatalog")
        #expect(files.count >= 3)
        for file in files {
            #expect(throws: Never.self, "\(file.lastPathComponent)") {
                try CatalogInputCheck.check(Array(try Data(contentsOf: file)))
            }
        }
    }

    @Test func mqttPayloadCorpus() throws {
        let files = Self.corpus("FuzzMQTTPayload")
        #expect(files.count >= 3)
        for file in files {
            #expect(throws: Never.self, "\(file.lastPathComponent)") {
                try InboundEventCheck.check(Array(try Data(contentsOf: file)))
            }
        }
    }

    @Test func decimalTextCorpus() throws {
        let files = Self.corpus("FuzzDecimalText")
        #expect(files.count >= 3)
        for file in files {
            let text = String(decoding: try Data(contentsOf: file), as: UTF8.self)
            for scale in [0, 2, 3] {
                guard let value = try? DecimalText.parse(text, scale: scale) else { continue }
                #expect(try DecimalText.parse(DecimalText.format(value, scale: scale), scale: scale) == value, "\(file.lastPathComponent)")
            }
        }
    }
}
