import ArgumentParser
@testable import B9Terminal
import B9ESCPOS
import Foundation
import Testing

/// `b9terminal escpos render|decode|profiles`, run as the command line parses them.
@Suite struct ESCPOSToolCommandTests {
    static func temporaryFile(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("b9-escpos-tool-\(UUID().uuidString)-\(name)").path
    }

    @Test func renderWritesTheSampleReceiptAndDecodeReadsItBack() async throws {
        let receipt = Self.temporaryFile("receipt.bin")
        let png = Self.temporaryFile("preview.png")
        defer {
            try? FileManager.default.removeItem(atPath: receipt)
            try? FileManager.default.removeItem(atPath: png)
        }
        let render = try ESCPOSToolCommand.Render.parse(["--sample", "receipt", "--profile", "epson-tm-t20", "-o", receipt])
        try await render.run()
        let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: receipt)))
        #expect(written == (try ReceiptEncoder(profile: .epsonTMT20).encode(SampleReceipt.document())).bytes)

        let decode = try ESCPOSToolCommand.Decode.parse([receipt, "--png", png, "--profile", "epson-tm-t20"])
        try await decode.run()
        let preview = try PNGCodec.decodeGray([UInt8](Data(contentsOf: URL(fileURLWithPath: png))))
        #expect(preview.width == PrinterProfile.epsonTMT20.dotsPerLine)
    }

    @Test func decodeOfATruncatedStreamExitsWithTwo() async throws {
        let file = Self.temporaryFile("truncated.bin")
        defer { try? FileManager.default.removeItem(atPath: file) }
        try Data([0x1B, 0x40, 0x41, 0x1D, 0x28, 0x6B, 0x10]).write(to: URL(fileURLWithPath: file))
        let decode = try ESCPOSToolCommand.Decode.parse([file])
        await #expect(throws: ExitCode(2)) { try await decode.run() }
    }

    @Test func unknownProfileAndSampleAreRefused() async throws {
        let output = Self.temporaryFile("never.bin")
        let badSample = try ESCPOSToolCommand.Render.parse(["--sample", "menu", "-o", output])
        await #expect(throws: (any Error).self) { try await badSample.run() }
        let badProfile = try ESCPOSToolCommand.Render.parse(["--profile", "tm-nothing", "-o", output])
        await #expect(throws: ESCPOSError.self) { try await badProfile.run() }
        #expect(!FileManager.default.fileExists(atPath: output))
        try await ESCPOSToolCommand.Profiles.parse([]).run()
    }
}
