import B9Scale
import B9TestSupport
import Glibc
import Testing

/// Replays every committed fuzz corpus file through the same decoders and invariants as the fuzz targets
/// (Fuzz/Sources/FuzzScale*/main.swift, Fuzz/Sources/FuzzGS1/main.swift).
@Suite("Scale fuzz corpus replay", .cpuBound) struct ScaleFuzzCorpusReplayTests {
    static let corpusRoot: String = {
        // …/Tests/B9DevicesTests/Scale/ScaleFuzzCorpusReplayTests.swift → …/Fuzz/Corpus
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(4)
        return parts.joined(separator: "/") + "/Fuzz/Corpus"
    }()

    static func files(in target: String) -> [[UInt8]] {
        let directory = corpusRoot + "/" + target
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var result: [[UInt8]] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard !name.hasPrefix(".") else { continue }
            guard let file = fopen(directory + "/" + name, "rb") else { continue }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = fread(&chunk, 1, chunk.count, file)
                if count <= 0 { break }
                bytes += chunk[0..<count]
            }
            fclose(file)
            result.append(bytes)
        }
        return result
    }

    static let decoderTargets: [(String, any ScaleProtocol)] = [
        ("FuzzScaleToledo8217", Toledo8217Protocol()), ("FuzzScaleMTSICS", MTSICSProtocol()),
        ("FuzzScaleCAS", CASProtocol()), ("FuzzScaleDialog06", Dialog06Protocol()),
        ("FuzzScaleAveryBerkel", AveryBerkelProtocol()), ("FuzzScaleAdam", AdamProtocol()),
        ("FuzzScaleMagellan", MagellanProtocol()),
    ]

    @Test(arguments: Array(decoderTargets.indices))
    func decoderCorpusKeepsTheFuzzInvariants(index: Int) {
        let (target, scaleProtocol) = Self.decoderTargets[index]
        let corpus = Self.files(in: target)
        #expect(corpus.count >= 5, "\(target) corpus missing at \(Self.corpusRoot)")
        var decodedSomething = false
        for bytes in corpus {
            #expect(throws: Never.self, "\(target)") {
                decodedSomething = try ScaleDecoderCheck.check(scaleProtocol, bytes: bytes) || decodedSomething
            }
        }
        #expect(decodedSomething, "\(target): the seeds should contain readings")
    }

    @Test func gs1CorpusRoundTrips() throws {
        let layouts = [
            try VariableMeasureLayout(prefixes: 20...22, itemDigits: 5, measureDigits: 5, hasVerifierDigit: false, measure: .weight(.kilogram, decimals: 3)),
            try VariableMeasureLayout(prefixes: 23...25, itemDigits: 4, measureDigits: 5, hasVerifierDigit: true, measure: .price(decimals: 2)),
            try VariableMeasureLayout(prefixes: 26...29, itemDigits: 5, measureDigits: 4, hasVerifierDigit: true, measure: .weight(.kilogram, decimals: 3)),
        ]
        let corpus = Self.files(in: "FuzzGS1")
        #expect(corpus.count >= 5)
        for bytes in corpus {
            let text = String(decoding: bytes, as: UTF8.self)
            if let item = try? VariableMeasureBarcode.decode(text, layouts: layouts),
                let layout = layouts.first(where: { $0.prefixes.contains(item.prefix) })
            {
                #expect(try VariableMeasureBarcode.encode(item, layout: layout) == text)
            }
            if let elements = try? GS1ElementString.decode(text) {
                #expect(try GS1ElementString.decode(GS1ElementString.encode(elements)) == elements)
            }
        }
    }
}
