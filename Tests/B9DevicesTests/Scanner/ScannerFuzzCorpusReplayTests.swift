import B9Devices
import B9TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Replays every file in `Fuzz/Corpus/FuzzScanner/` through the parsers the fuzz target drives,
/// with the same invariants.
@Suite("FuzzScanner corpus replay", .cpuBound)
struct ScannerFuzzCorpusReplayTests {
    static func corpusDirectory() -> String {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(4)
        return parts.joined(separator: "/") + "/Fuzz/Corpus/FuzzScanner"
    }

    static func corpus() -> [(String, [UInt8])] {
        guard let directory = opendir(corpusDirectory()) else { return [] }
        defer { closedir(directory) }
        var files: [(String, [UInt8])] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard !name.hasPrefix(".") else { continue }
            guard let file = fopen(corpusDirectory() + "/" + name, "rb") else { continue }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = fread(&buffer, 1, buffer.count, file)
                if count <= 0 { break }
                bytes += buffer.prefix(count)
            }
            fclose(file)
            files.append((name, bytes))
        }
        return files.sorted { $0.0 < $1.0 }
    }

    @Test func corpusIsPresent() {
        #expect(Self.corpus().count >= 5)
    }

    @Test func everyCorpusFileKeepsTheInvariants() {
        for (name, bytes) in Self.corpus() {
            let text = String(decoding: bytes, as: UTF8.self)
            if let address = try? DeviceAddress(parsing: text) {
                let again = try? DeviceAddress(parsing: address.description)
                #expect(again == address, "\(name)")
                #expect(again?.description == address.description, "\(name)")
            }
            if let (symbology, payload) = Symbology.parseAIM(bytes) {
                #expect(payload == Array(bytes.dropFirst(3)), "\(name)")
                #expect(Array(symbology.aimIdentifier.utf8) == Array(bytes.prefix(3)), "\(name)")
            }
            var lines = SerialScannerDecoder()
            for code in lines.feed(bytes) {
                #expect(!code.data.contains(0x0D) && !code.data.contains(0x0A), "\(name)")
            }
            var reports = HIDPOSReportDecoder()
            var offset = 0
            while offset + 64 <= bytes.count {
                if let code = reports.feed(report: bytes[offset..<offset + 64]) {
                    #expect(code.data.count + 3 <= offset + 64, "\(name)")
                }
                offset += 64
            }
            var events = InputEventDecoder()
            let decoded = events.decode(bytes)
            #expect(decoded.count == bytes.count / InputEvent.recordSize, "\(name)")
            for keyMap in KeyMap.all {
                var wedge = KeyboardWedgeDecoder(keyMap: keyMap)
                var outputs: [KeyboardWedgeDecoder.Output] = []
                for event in decoded { outputs += wedge.feed(event) }
                outputs += wedge.flush()
                for case .scan(let code) in outputs {
                    #expect(!code.data.isEmpty || code.symbology != nil, "\(name)")
                }
            }
            for set in DisplayCommandSet.all {
                var display = CustomerDisplaySimulator(commandSet: set)
                display.feed(bytes)
                #expect(display.lines.0.unicodeScalars.count == 20 && display.lines.1.unicodeScalars.count == 20, "\(name) \(set)")
            }
        }
    }
}
