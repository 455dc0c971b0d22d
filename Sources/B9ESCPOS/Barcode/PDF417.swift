internal import CZint

/// PDF417 error correction, as `GS ( k` function 069 sets it (Epson ESC/POS Command Reference, GS ( k
/// <Function 069>): a fixed level 0…8 (m = 48, n = 48…56) or a ratio of n × 10 % of the data codewords
/// (m = 49, n = 1…40; the printer's default is ratio 1).
public enum PDF417ErrorCorrection: Sendable, Hashable {
    /// Level 0…8: 2^(level+1) error correction codewords.
    case level(UInt8)
    /// 1…40: error correction codewords as tens of percent of the data codewords.
    case ratio(UInt8)

    /// The `m n` bytes of function 069.
    var bytes: (m: UInt8, n: UInt8) {
        switch self {
        case .level(let level): (48, 48 + level)
        case .ratio(let ratio): (49, ratio)
        }
    }
}

/// A PDF417 symbol with its content and size settings.
///
/// Printed natively with `GS ( k` cn = 48 (0x1D 0x28 0x6B …; Epson ESC/POS Command Reference, GS ( k
/// functions 065 columns, 066 rows, 067 module width, 068 row height, 069 error correction, 070 options,
/// 080 store, 081 print) when the profile has `nativePDF417`, otherwise as a raster image whose matrix
/// comes from libzint.
///
/// Each function's bytes and range, as checked against Epson's pages (ESC/POS command pages Ver. 10.01 in the
/// TM-L90 and TM-T88III manuals: 069 p. 520, 080 p. 523, 081 p. 524; TM-T81 specification: 065–068; TM-T90
/// specification: 065, 066 and the function list; the online ESC/POS Command Reference, GS ( k
/// <Function 080>). 070's values (0 standard, 1 truncated) are from the HPRT HM-E200 and Metapace T-2
/// manuals, which follow Epson's layout; Epson's function list names 070 "options of PDF417".
/// - 065 columns: pL pH = 3 0, `n` 0…30, 0 = automatic (default 0).
/// - 066 rows: pL pH = 3 0, `n` = 0 or 3…90, 0 = automatic (default 0).
/// - 067 module width: pL pH = 3 0, `n` 2…8 dots (default 3).
/// - 068 row height: pL pH = 3 0, `n` 2…8, times the module width (default 3).
/// - 069 error correction: pL pH = 4 0, `m` = 48 with `n` 48…56 (level 0…8) or `m` = 49 with `n` 1…40
///   (ratio n × 10 %); default m = 49, n = 1.
/// - 070 options: pL pH = 3 0, `m` = 0 standard, 1 truncated (default 0).
/// - 080 store: (pL + pH × 256) = 4…65535, `m` = 48, then k = (pL + pH × 256) − 3 data bytes.
/// - 081 print: pL pH = 3 0, `m` = 48.
public struct PDF417: Sendable, Hashable {
    public let data: [UInt8]
    /// Data columns 1…30, or 0 to let the printer (or libzint) choose.
    public let columns: UInt8
    /// Rows 3…90, or 0 to let the printer (or libzint) choose.
    public let rows: UInt8
    /// Width of one module in dots, 2…8 (printer default 3).
    public let moduleWidth: UInt8
    /// Row height as a multiple of the module width, 2…8 (printer default 3).
    public let rowHeight: UInt8
    public let errorCorrection: PDF417ErrorCorrection
    /// Truncated PDF417 (right row indicator and stop pattern left out) instead of standard.
    public let truncated: Bool

    /// - Throws: `ESCPOSError.invalidSymbol` when a parameter is outside the range the Epson reference
    ///   allows, or the data is empty or longer than a symbol holds (1 850 bytes is the PDF417 limit for
    ///   text; binary data holds at most 1 108 bytes).
    public init(
        data: [UInt8], columns: Int = 0, rows: Int = 0, moduleWidth: Int = 3, rowHeight: Int = 3,
        errorCorrection: PDF417ErrorCorrection = .ratio(1), truncated: Bool = false
    ) throws(ESCPOSError) {
        guard !data.isEmpty, data.count <= 1850 else {
            throw ESCPOSError(.invalidSymbol, "PDF417 data must be 1…1850 bytes; got \(data.count).")
        }
        guard (0...30).contains(columns) else {
            throw ESCPOSError(.invalidSymbol, "PDF417 columns must be 0 (automatic) or 1…30; got \(columns).")
        }
        guard rows == 0 || (3...90).contains(rows) else {
            throw ESCPOSError(.invalidSymbol, "PDF417 rows must be 0 (automatic) or 3…90; got \(rows).")
        }
        guard (2...8).contains(moduleWidth), (2...8).contains(rowHeight) else {
            throw ESCPOSError(
                .invalidSymbol,
                "PDF417 module width and row height must be 2…8; got \(moduleWidth) and \(rowHeight).")
        }
        switch errorCorrection {
        case .level(let level) where level > 8:
            throw ESCPOSError(.invalidSymbol, "PDF417 error correction level must be 0…8; got \(level).")
        case .ratio(let ratio) where !(1...40).contains(ratio):
            throw ESCPOSError(.invalidSymbol, "PDF417 error correction ratio must be 1…40; got \(ratio).")
        default: break
        }
        self.data = data
        self.columns = UInt8(columns)
        self.rows = UInt8(rows)
        self.moduleWidth = UInt8(moduleWidth)
        self.rowHeight = UInt8(rowHeight)
        self.errorCorrection = errorCorrection
        self.truncated = truncated
    }

    /// `symbol` with another module width, which may be below the printer's minimum of 2 (images only).
    init(unchecked symbol: PDF417, moduleWidth: UInt8) {
        self.data = symbol.data
        self.columns = symbol.columns
        self.rows = symbol.rows
        self.moduleWidth = moduleWidth
        self.rowHeight = symbol.rowHeight
        self.errorCorrection = symbol.errorCorrection
        self.truncated = symbol.truncated
    }

    /// A PDF417 symbol of UTF-8 text.
    public init(
        text: String, columns: Int = 0, rows: Int = 0, moduleWidth: Int = 3, rowHeight: Int = 3,
        errorCorrection: PDF417ErrorCorrection = .ratio(1), truncated: Bool = false
    ) throws(ESCPOSError) {
        try self.init(
            data: Array(text.utf8), columns: columns, rows: rows, moduleWidth: moduleWidth, rowHeight: rowHeight,
            errorCorrection: errorCorrection, truncated: truncated)
    }

    /// `GS ( k` cn = 48 (0x30): functions 065, 066, 067, 068, 069, 070, then 080 store and 081 print.
    func encodeNative(into bytes: inout [UInt8]) {
        let length = data.count + 3
        let (m, n) = errorCorrection.bytes
        bytes.reserveCapacity(bytes.count + 60 + data.count)
        bytes.gsParenK(0x03, 0x00, 0x30, 0x41, columns)  // fn 065: columns
        bytes.gsParenK(0x03, 0x00, 0x30, 0x42, rows)  // fn 066: rows
        bytes.gsParenK(0x03, 0x00, 0x30, 0x43, moduleWidth)  // fn 067: module width
        bytes.gsParenK(0x03, 0x00, 0x30, 0x44, rowHeight)  // fn 068: row height
        bytes.gsParenK(0x04, 0x00, 0x30, 0x45, m)  // fn 069: error correction
        bytes.append(n)
        bytes.gsParenK(0x03, 0x00, 0x30, 0x46, truncated ? 1 : 0)  // fn 070: standard / truncated
        bytes.gsParenK(UInt8(length & 0xFF), UInt8(length >> 8), 0x30, 0x50, 0x30)  // fn 080: store
        bytes += data
        bytes.gsParenK(0x03, 0x00, 0x30, 0x51, 0x30)  // fn 081: print
    }

    /// The symbol's module matrix from libzint (row-major, true = dark), start and stop patterns included.
    public func matrix() throws(ESCPOSError) -> (width: Int, rows: Int, modules: [Bool]) {
        guard let symbol = ZBarcode_Create() else {
            throw ESCPOSError(.invalidSymbol, "libzint could not allocate a symbol; the system is out of memory.")
        }
        defer { ZBarcode_Delete(symbol) }
        symbol.pointee.symbology = truncated ? BARCODE_PDF417COMP : BARCODE_PDF417
        // Fixed levels go to libzint as they are; for a ratio libzint picks the recommended level.
        if case .level(let level) = errorCorrection { symbol.pointee.option_1 = Int32(level) }
        if columns > 0 { symbol.pointee.option_2 = Int32(columns) }
        if rows > 0 { symbol.pointee.option_3 = Int32(rows) }
        let result = data.withUnsafeBufferPointer { buffer in
            ZBarcode_Encode(symbol, buffer.baseAddress, Int32(buffer.count))
        }
        guard result < ZINT_ERROR else {
            let message = withUnsafeBytes(of: symbol.pointee.errtxt) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            throw ESCPOSError(
                .invalidSymbol,
                "libzint could not encode \(data.count) bytes as PDF417 (\(message)); shorten the data or let "
                    + "columns and rows be chosen automatically.")
        }
        let width = Int(symbol.pointee.width)
        let rows = Int(symbol.pointee.rows)
        var modules = [Bool](repeating: false, count: width * rows)
        // encoded_data[200][144]: one bit per module, least significant bit first; read in place.
        guard let offset = MemoryLayout<zint_symbol>.offset(of: \zint_symbol.encoded_data) else { return (0, 0, []) }
        let encoded = UnsafeRawPointer(symbol).advanced(by: offset).assumingMemoryBound(to: UInt8.self)
        for row in 0..<min(rows, 200) {
            for column in 0..<width where encoded[row * 144 + column >> 3] >> (column & 7) & 1 != 0 {
                modules[row * width + column] = true
            }
        }
        return (width, rows, modules)
    }

    /// The symbol as a bitmap: each module `moduleWidth` dots wide and `moduleWidth × rowHeight` dots high, as
    /// the printer draws it natively, with a quiet zone of two modules.
    public func bitmap() throws(ESCPOSError) -> MonochromeBitmap {
        let (width, rows, modules) = try matrix()
        let dotWidth = Int(moduleWidth)
        let dotHeight = Int(moduleWidth) * Int(rowHeight)
        let quiet = 2 * dotWidth
        var bitmap = try MonochromeBitmap(width: width * dotWidth + 2 * quiet, height: rows * dotHeight + 2 * quiet)
        for row in 0..<rows {
            for column in 0..<width where modules[row * width + column] {
                for dy in 0..<dotHeight {
                    for dx in 0..<dotWidth {
                        bitmap[quiet + column * dotWidth + dx, quiet + row * dotHeight + dy] = true
                    }
                }
            }
        }
        return bitmap
    }
}
