public import B9ESCPOS

/// The one path for printing documents with any Unicode text (receipts, kitchen tickets, weighing labels):
/// a `ReceiptDocument` and a profile in, printer bytes out, Bengali and every other script included.
public enum AnyScriptReceipt {
    /// Encodes `document` for `profile`; text no code page of the profile can show is drawn by `rasterizer`.
    /// - Throws: `ESCPOSError` as `ReceiptEncoder.encode` does, `.textRasterFailed` when a glyph cannot be drawn.
    public static func encode(
        _ document: ReceiptDocument, profile: PrinterProfile, rasterizer: ShapedTextRasterizer
    ) throws(ESCPOSError) -> EncodedReceipt {
        try ReceiptEncoder(profile: profile, rasterizer: rasterizer).encode(document)
    }

    /// `encode(_:profile:rasterizer:)` with fonts looked up from `options` first. Keep a rasterizer instead
    /// when printing more than once.
    /// - Throws: `TextRasterError` when a font is missing (naming the package to install), else `ESCPOSError`.
    public static func encode(
        _ document: ReceiptDocument, profile: PrinterProfile, options: RasterTextOptions = RasterTextOptions()
    ) throws -> EncodedReceipt {
        try encode(document, profile: profile, rasterizer: ShapedTextRasterizer(options: options))
    }
}
