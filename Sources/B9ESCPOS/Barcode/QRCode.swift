internal import CQRencode

/// QR error correction level, as the `n` of `GS ( k` function 169 (48 L, 49 M, 50 Q, 51 H).
public enum QRErrorCorrection: UInt8, Sendable, Hashable, CaseIterable {
    case low = 48
    case medium = 49
    case quartile = 50
    case high = 51
}

/// A QR code (model 2) with its content, module size and error correction.
///
/// Printed natively with `GS ( k` (0x1D 0x28 0x6B; Epson ESC/POS Command Reference, functions 165, 167, 169,
/// 180, 181) when the profile has it, otherwise as a raster image whose matrix comes from libqrencode.
public struct QRCode: Sendable, Hashable {
    public let data: [UInt8]
    /// Module (dot square) size in printer dots, 1…16.
    public let moduleSize: UInt8
    public let errorCorrection: QRErrorCorrection

    /// - Throws: `ESCPOSError.invalidSymbol` for empty data, data over 7089 bytes or a module size outside 1…16.
    public init(data: [UInt8], moduleSize: Int = 6, errorCorrection: QRErrorCorrection = .medium)
        throws(ESCPOSError)
    {
        guard !data.isEmpty, data.count <= 7089 else {
            throw ESCPOSError(.invalidSymbol, "QR data must be 1…7089 bytes; got \(data.count).")
        }
        guard (1...16).contains(moduleSize) else {
            throw ESCPOSError(.invalidSymbol, "QR module size must be 1…16 dots; got \(moduleSize).")
        }
        self.data = data
        self.moduleSize = UInt8(moduleSize)
        self.errorCorrection = errorCorrection
    }

    /// A QR code of UTF-8 text.
    public init(text: String, moduleSize: Int = 6, errorCorrection: QRErrorCorrection = .medium) throws(ESCPOSError) {
        try self.init(data: Array(text.utf8), moduleSize: moduleSize, errorCorrection: errorCorrection)
    }

    init(unchecked data: [UInt8], moduleSize: UInt8, errorCorrection: QRErrorCorrection) {
        self.data = data
        self.moduleSize = moduleSize
        self.errorCorrection = errorCorrection
    }

    /// `GS ( k` sequence: select model 2, set module size, set error correction, store data, print.
    func encodeNative(into bytes: inout [UInt8]) {
        let length = data.count + 3
        bytes.reserveCapacity(bytes.count + 40 + data.count)
        bytes.gsParenK(0x04, 0x00, 0x31, 0x41, 0x32)  // fn 165: model 2 (n1 = 50, n2 = 0)
        bytes.append(0x00)
        bytes.gsParenK(0x03, 0x00, 0x31, 0x43, moduleSize)  // fn 167: module size
        bytes.gsParenK(0x03, 0x00, 0x31, 0x45, errorCorrection.rawValue)  // fn 169: error correction
        bytes.gsParenK(UInt8(length & 0xFF), UInt8(length >> 8), 0x31, 0x50, 0x30)  // fn 180: store
        bytes += data
        bytes.gsParenK(0x03, 0x00, 0x31, 0x51, 0x30)  // fn 181: print
    }

    /// The symbol's module matrix (row-major, true = dark), from libqrencode, without quiet zone.
    public func matrix() throws(ESCPOSError) -> (size: Int, modules: [Bool]) {
        let level: QRecLevel =
            switch errorCorrection {
            case .low: QR_ECLEVEL_L
            case .medium: QR_ECLEVEL_M
            case .quartile: QR_ECLEVEL_Q
            case .high: QR_ECLEVEL_H
            }
        let symbol = data.withUnsafeBufferPointer { buffer in
            QRcode_encodeData(Int32(buffer.count), buffer.baseAddress, 0, level)
        }
        guard let symbol else {
            throw ESCPOSError(.invalidSymbol, "libqrencode could not encode \(data.count) bytes as a QR code; shorten the data.")
        }
        defer { QRcode_free(symbol) }
        let size = Int(symbol.pointee.width)
        var modules = [Bool](repeating: false, count: size * size)
        for index in 0..<(size * size) {
            modules[index] = symbol.pointee.data[index] & 0x01 != 0
        }
        return (size, modules)
    }

    /// The symbol as a bitmap: each module `moduleSize` dots square, with a 4-module quiet zone.
    public func bitmap() throws(ESCPOSError) -> MonochromeBitmap {
        let (size, modules) = try matrix()
        let scale = Int(moduleSize)
        let quiet = 4
        let side = (size + 2 * quiet) * scale
        var bitmap = try MonochromeBitmap(width: side, height: side)
        for y in 0..<size {
            for x in 0..<size where modules[y * size + x] {
                for dy in 0..<scale {
                    for dx in 0..<scale {
                        bitmap[(x + quiet) * scale + dx, (y + quiet) * scale + dy] = true
                    }
                }
            }
        }
        return bitmap
    }
}
