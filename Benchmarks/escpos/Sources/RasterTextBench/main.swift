// Times one 80 mm receipt line of Bengali shaped with HarfBuzz, drawn with FreeType and encoded as GS v 0
// (ReceiptEncoder with ShapedTextRasterizer, Noto Sans Bengali 24 dots, Epson TM-T20 576 dots).
// Usage: RasterTextBench [SECONDS] [TEXT]; prints "b9-raster-line <lines/s> <µs/line> <bytes>" and the
// same for shaping and drawing alone, and writes the line as /tmp/b9-raster-line.png.
import B9ESCPOS
import B9TextRaster
#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
let seconds = arguments.count > 1 ? Int(arguments[1]) ?? 3 : 3
let text = arguments.count > 2 ? arguments[2] : "মিনিকেট চাল ৫ কেজি ৳৪১০.০০"

func measure(_ label: String, bytes: Int, _ body: () throws -> Int) throws {
    let clock = ContinuousClock()
    let start = clock.now
    let end = start.advanced(by: .seconds(seconds))
    var count = 0
    var checksum = 0
    while clock.now < end {
        for _ in 0..<20 {
            checksum &+= try body()
            count += 1
        }
    }
    let elapsed = start.duration(to: clock.now)
    let total = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let rate = Double(count) / total
    print("\(label) \(Int(rate)) lines/s \(Int(1e6 / rate)) µs/line \(bytes) bytes (checksum \(checksum % 997))")
}

do {
    let profile = PrinterProfile.epsonTMT20
    let rasterizer = try ShapedTextRasterizer()
    let encoder = ReceiptEncoder(profile: profile, rasterizer: rasterizer)
    let document = ReceiptDocument { ReceiptElement.text(text) }
    let encoded = try encoder.encode(document)
    guard encoded.rasterText == [text] else { fatalError("line was not rastered: \(encoded.rasterText)") }
    if case .rasterImage(let band) = encoded.commands.first(where: { if case .rasterImage = $0 { true } else { false } }) {
        let png = try PNGCodec.encode(band)
        let file = fopen("/tmp/b9-raster-line.png", "wb")
        _ = png.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        fclose(file)
    }
    let line = RasterTextLine(cells: [RasterTextCell(text, x: 0, width: profile.dotsPerLine, alignment: .left)], style: .plain)
    try measure("b9-raster-line encode", bytes: encoded.bytes.count) { try encoder.encode(document).bytes.count }
    try measure("b9-raster-line shape+draw", bytes: 0) { try rasterizer.render(line, width: profile.dotsPerLine).height }
} catch {
    print("error: \(error)")
}
