/// An 8-bit greyscale image (0 black … 255 white), the step between a PNG logo and a printable bitmap.
public struct GrayImage: Sendable, Hashable {
    public let width: Int
    public let height: Int
    /// Row-major luminance, `width * height` bytes.
    public let pixels: [UInt8]

    /// - Throws: `ESCPOSError.invalidImage` when `pixels` does not hold `width * height` bytes.
    public init(width: Int, height: Int, pixels: [UInt8]) throws(ESCPOSError) {
        guard width > 0, height > 0, width <= MonochromeBitmap.maximumSide, height <= MonochromeBitmap.maximumSide,
            pixels.count == width * height
        else {
            throw ESCPOSError(.invalidImage, "Grey image \(width)×\(height) needs \(width * height) pixels; got \(pixels.count).")
        }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// This image resized to `newWidth` (height in proportion) by area averaging when shrinking and
    /// nearest neighbour when enlarging.
    public func scaled(toWidth newWidth: Int) throws(ESCPOSError) -> GrayImage {
        guard newWidth > 0 else { throw ESCPOSError(.invalidImage, "Target width must be positive.") }
        if newWidth == width { return self }
        let newHeight = max(1, (height * newWidth + width / 2) / width)
        var out = [UInt8](repeating: 255, count: newWidth * newHeight)
        for y in 0..<newHeight {
            let y0 = y * height / newHeight
            let y1 = max(y0 + 1, (y + 1) * height / newHeight)
            for x in 0..<newWidth {
                let x0 = x * width / newWidth
                let x1 = max(x0 + 1, (x + 1) * width / newWidth)
                var sum = 0
                for sy in y0..<y1 {
                    for sx in x0..<x1 { sum += Int(pixels[sy * width + sx]) }
                }
                out[y * newWidth + x] = UInt8(sum / ((y1 - y0) * (x1 - x0)))
            }
        }
        return try GrayImage(width: newWidth, height: newHeight, pixels: out)
    }

    /// Black where luminance is below `threshold`.
    public func thresholded(_ threshold: UInt8 = 128) -> MonochromeBitmap {
        var bitmap = Self.blank(width, height)
        for y in 0..<height {
            for x in 0..<width where pixels[y * width + x] < threshold {
                bitmap[x, y] = true
            }
        }
        return bitmap
    }

    /// Floyd–Steinberg error diffusion (7/16 right, 3/16 down-left, 5/16 down, 1/16 down-right), which keeps
    /// grey areas of photos and logos as dot patterns instead of solid black or white.
    public func dithered() -> MonochromeBitmap {
        var bitmap = Self.blank(width, height)
        var error = pixels.map { Int($0) * 16 }
        for y in 0..<height {
            for x in 0..<width {
                let index = y * width + x
                let value = error[index]
                let black = value < 128 * 16
                if black { bitmap[x, y] = true }
                let diff = value - (black ? 0 : 255 * 16)
                if x + 1 < width { error[index + 1] += diff * 7 / 16 }
                if y + 1 < height {
                    if x > 0 { error[index + width - 1] += diff * 3 / 16 }
                    error[index + width] += diff * 5 / 16
                    if x + 1 < width { error[index + width + 1] += diff / 16 }
                }
            }
        }
        return bitmap
    }

    private static func blank(_ width: Int, _ height: Int) -> MonochromeBitmap {
        // Sizes were validated by init, so this cannot fail; fall back to a 1×1 bitmap to avoid a trap.
        (try? MonochromeBitmap(width: width, height: height))
            ?? MonochromeBitmap.single
    }
}

extension MonochromeBitmap {
    static let single: MonochromeBitmap = {
        do { return try MonochromeBitmap(width: 1, height: 1) } catch { preconditionFailure("1×1 bitmap is valid") }
    }()
}
