import B9ESCPOS
import Foundation
import Testing

/// The standard sample receipt, byte for byte, for every built-in profile. The files in
/// `SampleReceiptGolden/` are the encoder's output before the single-buffer encoder
/// (`b9terminal escpos render --sample receipt --profile NAME`), so any change to the bytes a printer gets
/// shows up here.
@Suite struct SampleReceiptGoldenTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("SampleReceiptGolden")

    @Test(arguments: PrinterProfile.all.map(\.id))
    func sampleReceiptBytesAreUnchanged(profile id: String) throws {
        let expected = try [UInt8](Data(contentsOf: Self.directory.appendingPathComponent("\(id).bin")))
        let encoded = try ReceiptEncoder(profile: try PrinterProfile.named(id)).encode(SampleReceipt.document())
        #expect(encoded.bytes.count == expected.count)
        if let first = zip(encoded.bytes, expected).enumerated().first(where: { $0.element.0 != $0.element.1 }) {
            Issue.record("\(id): first differing byte at offset \(first.offset)")
        }
        #expect(encoded.bytes == expected)
        // The command list and the bytes agree.
        #expect(encoded.commands.encodedBytes == encoded.bytes)
    }
}
