internal import B9ESCPOS

/// 8-bit coverage canvas glyphs are drawn into (0 white … 255 fully covered).
struct GlyphCanvas {
    let width: Int
    let height: Int
    private(set) var coverage: [UInt8]

    init(width: Int, height: Int) {
        self.width = max(1, width)
        self.height = max(1, height)
        self.coverage = [UInt8](repeating: 0, count: self.width * self.height)
    }

    /// Adds a glyph bitmap whose top-left corner is at (x, y); overlapping glyphs keep the larger coverage.
    mutating func blend(x: Int, y: Int, width: Int, height: Int, value: (Int, Int) -> UInt8) {
        for row in 0..<height {
            let cy = y + row
            guard cy >= 0, cy < self.height else { continue }
            for column in 0..<width {
                let cx = x + column
                guard cx >= 0, cx < self.width else { continue }
                let index = cy * self.width + cx
                coverage[index] = max(coverage[index], value(column, row))
            }
        }
    }

    /// Dots whose coverage reaches `threshold`.
    func thresholded(_ threshold: UInt8) -> DotGrid {
        DotGrid(width: width, height: height, dots: coverage.map { $0 >= threshold })
    }
}

/// A bitmap being finished: bold, underline and inverse are applied here before packing.
struct DotGrid {
    let width: Int
    let height: Int
    var dots: [Bool]

    /// Synthetic bold: every dot also prints `shift` dots to its right.
    mutating func embolden(by shift: Int) {
        for y in 0..<height {
            for x in stride(from: width - 1, through: 0, by: -1) {
                let row = y * width
                if !dots[row + x] {
                    for s in 1...shift where x - s >= 0 && dots[row + x - s] {
                        dots[row + x] = true
                        break
                    }
                }
            }
        }
    }

    mutating func fill(x: Range<Int>, y: Range<Int>) {
        for row in y where row >= 0 && row < height {
            for column in x where column >= 0 && column < width { dots[row * width + column] = true }
        }
    }

    /// White on black over the full height of the columns `x`.
    mutating func invert(x: Range<Int>) {
        for row in 0..<height {
            for column in x where column >= 0 && column < width { dots[row * width + column].toggle() }
        }
    }

    func monochrome() throws(TextRasterError) -> MonochromeBitmap {
        let bytesPerRow = (width + 7) / 8
        var packed = [UInt8](repeating: 0, count: bytesPerRow * height)
        for y in 0..<height {
            for x in 0..<width where dots[y * width + x] {
                packed[y * bytesPerRow + x / 8] |= 0x80 >> UInt8(x % 8)
            }
        }
        do {
            return try MonochromeBitmap(width: width, height: height, packed: packed)
        } catch {
            throw TextRasterError(.engineFailed, "Raster line of \(width)×\(height) dots is not printable: \(error.message)")
        }
    }
}
