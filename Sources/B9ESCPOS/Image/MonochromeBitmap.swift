/// A 1-bit image as printers take it: rows of bytes, most significant bit leftmost, 1 = black dot.
public struct MonochromeBitmap: Sendable, Hashable {
    public let width: Int
    public let height: Int
    /// Bytes per row, `(width + 7) / 8`.
    public let bytesPerRow: Int
    /// Packed rows, `bytesPerRow * height` bytes.
    public private(set) var packed: [UInt8]

    /// Largest side accepted, in dots (GS v 0 takes up to 65535 per side; receipts stay far below).
    public static let maximumSide = 65_535

    /// A white bitmap.
    /// - Throws: `ESCPOSError.invalidImage` for a side of 0 or above `maximumSide`.
    public init(width: Int, height: Int) throws(ESCPOSError) {
        try Self.check(width: width, height: height)
        self.width = width
        self.height = height
        self.bytesPerRow = (width + 7) / 8
        self.packed = [UInt8](repeating: 0, count: bytesPerRow * height)
    }

    /// A bitmap from packed rows.
    /// - Throws: `ESCPOSError.invalidImage` if `packed` is not `((width + 7) / 8) * height` bytes.
    public init(width: Int, height: Int, packed: [UInt8]) throws(ESCPOSError) {
        try Self.check(width: width, height: height)
        let bytesPerRow = (width + 7) / 8
        guard packed.count == bytesPerRow * height else {
            throw ESCPOSError(
                .invalidImage,
                "Bitmap \(width)×\(height) needs \(bytesPerRow * height) bytes of rows; got \(packed.count)."
            )
        }
        self.width = width
        self.height = height
        self.bytesPerRow = bytesPerRow
        self.packed = packed
    }

    private static func check(width: Int, height: Int) throws(ESCPOSError) {
        guard (1...maximumSide).contains(width), (1...maximumSide).contains(height) else {
            throw ESCPOSError(.invalidImage, "Bitmap size \(width)×\(height) must be 1…\(maximumSide) dots per side.")
        }
    }

    /// The dot at (x, y); reads outside the bitmap are white, writes outside are ignored.
    public subscript(x: Int, y: Int) -> Bool {
        get {
            guard x >= 0, y >= 0, x < width, y < height else { return false }
            return packed[y * bytesPerRow + x / 8] & (0x80 >> UInt8(x % 8)) != 0
        }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            let index = y * bytesPerRow + x / 8
            let mask: UInt8 = 0x80 >> UInt8(x % 8)
            if newValue { packed[index] |= mask } else { packed[index] &= ~mask }
        }
    }

    /// Rows `range` as a new bitmap.
    public func rows(_ range: Range<Int>) -> MonochromeBitmap {
        let lower = max(0, range.lowerBound)
        let upper = min(height, range.upperBound)
        let slice = Array(packed[(lower * bytesPerRow)..<(upper * bytesPerRow)])
        return MonochromeBitmap(unchecked: width, max(upper - lower, 0), bytesPerRow, slice)
    }

    private init(unchecked width: Int, _ height: Int, _ bytesPerRow: Int, _ packed: [UInt8]) {
        self.width = width
        self.height = height
        self.bytesPerRow = bytesPerRow
        self.packed = packed
    }

    /// This bitmap cut into horizontal bands of at most `maximumRows` rows, for printers whose buffer
    /// cannot take a tall `GS v 0` image at once.
    public func bands(maximumRows: Int) -> [MonochromeBitmap] {
        let step = max(1, maximumRows)
        return stride(from: 0, to: height, by: step).map { rows($0..<min($0 + step, height)) }
    }

    /// This bitmap placed at `x` in a white bitmap `width` dots wide (cropped if it does not fit), for centring.
    public func placed(at x: Int, inWidth width: Int) throws(ESCPOSError) -> MonochromeBitmap {
        var out = try MonochromeBitmap(width: width, height: height)
        for y in 0..<height {
            for sx in 0..<self.width where self[sx, y] {
                out[x + sx, y] = true
            }
        }
        return out
    }

    /// `GS v 0 m xL xH yL yH d…` (0x1D 0x76 0x30 0x00 …), normal density: x = bytes per row, y = rows.
    func encodeRaster(into bytes: inout [UInt8]) {
        bytes += [ControlByte.gs, 0x76, 0x30, 0x00]
        bytes += [UInt8(bytesPerRow & 0xFF), UInt8(bytesPerRow >> 8), UInt8(height & 0xFF), UInt8(height >> 8)]
        bytes += packed
    }
}
