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

/// A Bengali grocery receipt: shop name, Bengali items with Latin amounts, mixed lines, totals in taka.
enum BengaliSampleReceipt {
    static func document() -> ReceiptDocument {
        ReceiptDocument {
            ReceiptElement.text("বি৯ মুদি দোকান", style: .headline, alignment: .center)
            ReceiptElement.text("Mirpur 10, Dhaka", alignment: .center)
            ReceiptElement.divider("=")
            ReceiptElement.keyValue("Receipt 0007-0042", "26.11.2026 09:15")
            ReceiptElement.divider()
            ReceiptElement.lineItem("মিনিকেট চাল 5 kg", detail: "1 x 410.00", amount: "410.00")
            ReceiptElement.lineItem("মসুর ডাল", detail: "2 x 135.00", amount: "270.00")
            ReceiptElement.lineItem("Soybean oil 1 l", detail: "1 x 190.00", amount: "190.00")
            ReceiptElement.lineItem("ক্ষীর ও মিষ্টি দই, কৈ মাছ", detail: "1 x 350.00", amount: "350.00")
            ReceiptElement.divider()
            ReceiptElement.totals([
                TotalLine("Subtotal", "1220.00"),
                TotalLine("মোট ৳", "1220.00", isGrandTotal: true),
            ])
            ReceiptElement.text("ধন্যবাদ, আবার আসবেন!", alignment: .center)
            ReceiptElement.cut()
        }
    }
}
