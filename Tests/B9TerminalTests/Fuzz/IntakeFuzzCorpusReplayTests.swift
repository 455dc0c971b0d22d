import B9Intake
import B9TestSupport
import Foundation
import Testing

/// Replays the committed fuzz corpora of the configuration file and the local API bodies through the
/// same checks as the fuzz targets (`Fuzz/Sources/FuzzConfiguration`, `FuzzLocalAPIBody`).
@Suite("Fuzz corpus replay (configuration, local API bodies)", .cpuBound, .timeLimit(.minutes(5)))
struct IntakeFuzzCorpusReplayTests {
    static func corpus(_ target: String) -> [URL] {
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fuzz/Corpus/\(target)")
        let files = (try? FileManager.default.contentsOfDirectory(at: root, includingPropertiesForKeys: nil)) ?? []
        return files.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test func localAPIBodyCorpus() throws {
        let files = Self.corpus("FuzzLocalAPIBody")
        #expect(files.count >= 3)
        for file in files {
            #expect(throws: Never.self, "\(file.lastPathComponent)") {
                try LocalAPIBodyCheck.check(Array(try Data(contentsOf: file)))
            }
        }
    }

    @Test func configurationCorpus() async throws {
        let files = Self.corpus("FuzzConfiguration")
        #expect(files.count >= 3)
        for file in files {
            let bytes = Array(try Data(contentsOf: file))
            await #expect(throws: Never.self, "\(file.lastPathComponent)") {
                try await ConfigurationInputCheck.check(bytes)
            }
        }
    }
}
