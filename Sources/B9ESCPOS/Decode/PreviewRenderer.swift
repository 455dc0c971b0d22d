/// Renders a decoded stream as a bitmap the profile's dot width wide, for a PNG preview (`PNGCodec`).
///
/// Images and QR codes (re-drawn from their data with libqrencode) appear as printed. Text is shown as a
/// layout preview: one block per character in its cell, scaled by the character size, aligned as printed —
/// enough to check columns, alignment, emphasis and paper use, not to read the words (use the plain-text
/// rendering for that). Barcodes appear as a hatched box of the barcode height. PDF417 symbols are re-drawn
/// from their data with libzint at the printer's default sizes (module 3 dots, rows 3 modules high), or as a
/// hatched box when that is wider than the paper. Raster text (lines drawn by a
/// `TextRasterizer`) is an image, so it shows exactly as printed, Bengali included.
public enum PreviewRenderer {
    public static func render(_ document: DecodedDocument, profile: PrinterProfile) throws(ESCPOSError) -> MonochromeBitmap {
        var painter = Painter(width: profile.dotsPerLine)
        var runs: [TextRun] = []
        // An `ESC *` band is followed by the line feed that prints it; that feed moves the paper by the band
        // height (the encoder sets the line spacing to it), which the image rows already take.
        var afterImage = false
        func endLine() {
            painter.text(runs, profile: profile)
            runs.removeAll()
        }
        for element in document.elements {
            let wasAfterImage = afterImage
            afterImage = false
            switch element {
            case .text(let run):
                runs.append(run)
            case .lineBreak:
                if wasAfterImage && runs.isEmpty { continue }
                endLine()
            case .image(let bitmap):
                if !runs.isEmpty { endLine() }
                painter.image(bitmap, justification: .center)
                afterImage = true
            case .qrCode(let data):
                if !runs.isEmpty { endLine() }
                if let qr = try? QRCode(data: data, moduleSize: 4), let bitmap = try? qr.bitmap() {
                    painter.image(bitmap, justification: .center)
                }
            case .pdf417(let data):
                // Drawn from the data with libzint at the printer's default sizes; a box if it cannot be.
                if !runs.isEmpty { endLine() }
                if let symbol = try? PDF417(data: data), let bitmap = try? symbol.bitmap(), bitmap.width <= profile.dotsPerLine {
                    painter.image(bitmap, justification: .center)
                } else {
                    painter.hatchedBox(height: 80)
                }
            case .barcode:
                if !runs.isEmpty { endLine() }
                painter.hatchedBox(height: 80)
            case .cut:
                if !runs.isEmpty { endLine() }
                painter.dashedRule()
            case .control:
                afterImage = wasAfterImage
            default:
                break
            }
        }
        if !runs.isEmpty { endLine() }
        return try painter.bitmap()
    }
}

private struct Painter {
    let width: Int
    var rows: [[Bool]] = []

    init(width: Int) {
        self.width = width
    }

    mutating func addRows(_ count: Int) -> Int {
        let top = rows.count
        rows += Array(repeating: Array(repeating: false, count: width), count: count)
        return top
    }

    /// Fills a rectangle, clipped to the paper; empty or off-paper rectangles draw nothing.
    mutating func fill(x: Int, y: Int, w: Int, h: Int) {
        let top = max(0, y)
        let bottom = min(rows.count, y + h)
        let left = max(0, x)
        let right = min(width, x + w)
        guard top < bottom, left < right else { return }
        for yy in top..<bottom {
            for xx in left..<right { rows[yy][xx] = true }
        }
    }

    mutating func text(_ runs: [TextRun], profile: PrinterProfile) {
        let font = runs.first?.style.font ?? .a
        let cellWidth = max(1, profile.dotsPerLine / max(1, profile.columns(for: font)))
        let cellHeight = font == .a ? 24 : 17
        let heightScale = runs.map(\.style.size.height).max() ?? 1
        let lineHeight = cellHeight * heightScale + 6
        let top = addRows(lineHeight)
        var totalWidth = 0
        for run in runs { totalWidth += DisplayWidth.of(run.text) * cellWidth * run.style.size.width }
        let justification = runs.last?.justification ?? .left
        var x =
            switch justification {
            case .left: 0
            case .center: max(0, (width - totalWidth) / 2)
            case .right: max(0, width - totalWidth)
            }
        for run in runs {
            let w = cellWidth * run.style.size.width
            let h = cellHeight * run.style.size.height
            for character in run.text {
                let columns = DisplayWidth.of(character)
                if character != " " {
                    let inset = run.style.bold ? 1 : 2
                    let glyphTop = top + 3 + (run.style.size.height == 1 ? h / 4 : 0)
                    let glyphHeight = run.style.size.height == 1 ? h * 3 / 4 - 2 : h - 2
                    fill(x: x + inset, y: glyphTop, w: w * columns - 2 * inset, h: glyphHeight)
                }
                if run.style.underline != .off {
                    fill(x: x, y: top + 3 + h, w: w * columns, h: run.style.underline == .twoDots ? 2 : 1)
                }
                x += w * columns
            }
        }
    }

    mutating func image(_ bitmap: MonochromeBitmap, justification: Justification) {
        let left = justification == .center ? max(0, (width - bitmap.width) / 2) : 0
        let top = addRows(bitmap.height)
        let visible = max(0, min(bitmap.width, width - left))
        for y in 0..<bitmap.height {
            for x in 0..<visible where bitmap[x, y] { rows[top + y][left + x] = true }
        }
    }

    mutating func hatchedBox(height: Int) {
        let top = addRows(height + 8)
        let left = width / 6
        let boxWidth = width * 2 / 3
        for x in stride(from: left, to: left + boxWidth, by: 4) { fill(x: x, y: top + 4, w: 2, h: height) }
    }

    mutating func dashedRule() {
        let top = addRows(12)
        for x in stride(from: 0, to: width, by: 8) { fill(x: x, y: top + 5, w: 4, h: 2) }
    }

    func bitmap() throws(ESCPOSError) -> MonochromeBitmap {
        var bitmap = try MonochromeBitmap(width: width, height: max(1, rows.count))
        for (y, row) in rows.enumerated() {
            for (x, dot) in row.enumerated() where dot { bitmap[x, y] = true }
        }
        return bitmap
    }
}
