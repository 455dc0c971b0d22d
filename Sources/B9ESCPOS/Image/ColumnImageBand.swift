/// Dot density of `ESC * m` (0x1B 0x2A m): 8 or 24 dots per column, single or double horizontal density.
public enum ColumnImageMode: UInt8, Sendable, Hashable, CaseIterable {
    case eightDotSingleDensity = 0
    case eightDotDoubleDensity = 1
    case twentyFourDotSingleDensity = 32
    case twentyFourDotDoubleDensity = 33

    /// Dots per column: 8 or 24.
    public var dotsPerColumn: Int { rawValue >= 32 ? 24 : 8 }
    /// Bytes per column: 1 or 3.
    public var bytesPerColumn: Int { dotsPerColumn / 8 }
}

/// One row of bit image for `ESC * m nL nH d1…dk` (0x1B 0x2A m nL nH …): `columns` columns of 8 or 24
/// vertical dots, each column 1 or 3 bytes with the top dot in the most significant bit.
///
/// Epson ESC/POS Command Reference, ESC *: k = nL + nH × 256 columns for 8-dot modes, 3 × that for 24-dot.
public struct ColumnImageBand: Sendable, Hashable {
    public let mode: ColumnImageMode
    public let columns: Int
    public let data: [UInt8]

    /// - Throws: `ESCPOSError.invalidImage` if `data` is not `columns × bytesPerColumn` bytes.
    public init(mode: ColumnImageMode, columns: Int, data: [UInt8]) throws(ESCPOSError) {
        guard (1...0xFFFF).contains(columns), data.count == columns * mode.bytesPerColumn else {
            throw ESCPOSError(.invalidImage, "ESC * band of \(columns) columns needs \(columns * mode.bytesPerColumn) bytes; got \(data.count).")
        }
        self.mode = mode
        self.columns = columns
        self.data = data
    }

    /// Cuts a bitmap into column bands of 8 or 24 rows (the last one padded with white).
    public static func bands(of bitmap: MonochromeBitmap, mode: ColumnImageMode) -> [ColumnImageBand] {
        let dots = mode.dotsPerColumn
        var bands: [ColumnImageBand] = []
        for top in stride(from: 0, to: bitmap.height, by: dots) {
            var data = [UInt8](repeating: 0, count: bitmap.width * mode.bytesPerColumn)
            for x in 0..<bitmap.width {
                for dy in 0..<dots where bitmap[x, top + dy] {
                    data[x * mode.bytesPerColumn + dy / 8] |= 0x80 >> UInt8(dy % 8)
                }
            }
            bands.append(ColumnImageBand(unchecked: mode, bitmap.width, data))
        }
        return bands
    }

    init(unchecked mode: ColumnImageMode, _ columns: Int, _ data: [UInt8]) {
        self.mode = mode
        self.columns = columns
        self.data = data
    }

    func encode(into bytes: inout [UInt8]) {
        bytes += [ControlByte.esc, 0x2A, mode.rawValue, UInt8(columns & 0xFF), UInt8(columns >> 8)]
        bytes += data
    }
}
