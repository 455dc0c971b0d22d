import B9ESCPOS
import Foundation
import Testing

/// Compares bitmaps with the reference PNGs in `Golden/`, dot for dot.
///
/// Set `B9_UPDATE_GOLDEN=1` to write the current output as the new references (then look at them and
/// commit them). On a mismatch the actual image is written next to the temporary directory for inspection.
enum TextRasterGolden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static var updating: Bool { ProcessInfo.processInfo.environment["B9_UPDATE_GOLDEN"] == "1" }

    static func check(_ bitmap: MonochromeBitmap, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = directory.appendingPathComponent("\(name).png")
        let png = try PNGCodec.encode(bitmap)
        if updating {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(png).write(to: file)
            return
        }
        guard let data = try? Data(contentsOf: file) else {
            Issue.record("No reference image \(file.path); run with B9_UPDATE_GOLDEN=1 to create it", sourceLocation: sourceLocation)
            return
        }
        let reference = try PNGCodec.decodeGray([UInt8](data)).thresholded()
        if reference != bitmap {
            let actual = FileManager.default.temporaryDirectory.appendingPathComponent("b9-golden-\(name).png")
            try? Data(png).write(to: actual)
            var differing = 0
            for y in 0..<max(reference.height, bitmap.height) {
                for x in 0..<max(reference.width, bitmap.width) where reference[x, y] != bitmap[x, y] { differing += 1 }
            }
            Issue.record(
                "\(name): \(bitmap.width)×\(bitmap.height) differs from reference \(reference.width)×\(reference.height) in \(differing) dots; actual written to \(actual.path)",
                sourceLocation: sourceLocation)
        }
    }
}
