public import B9ESCPOS
internal import Synchronization

/// Draws any Unicode text as printer dots: HarfBuzz shapes it (Bengali conjuncts, reordered vowel signs,
/// any script HarfBuzz knows) and FreeType draws the glyphs of a font chain found through fontconfig.
///
/// Give it to `ReceiptEncoder(profile:rasterizer:)` (or use `AnyScriptReceipt.encode`): lines the printer's
/// code pages can show stay native text, the others become raster bands. Create one per process and keep it
/// (looking fonts up takes milliseconds, drawing a line well under one); it is safe to share between tasks.
public final class ShapedTextRasterizer: TextRasterizer {
    public let options: RasterTextOptions
    /// The font files of `options.fonts`, in the same order.
    public let fontFiles: [String]
    private let engine: Mutex<FontEngine>

    /// Looks up and opens the fonts of `options`.
    /// - Throws: `TextRasterError.fontNotFound` naming the Debian package to install, or `.fontUnreadable`.
    public init(options: RasterTextOptions = RasterTextOptions()) throws(TextRasterError) {
        let engine = try FontEngine(options: options)
        self.options = options
        self.fontFiles = engine.fonts.map(\.path)
        self.engine = Mutex(engine)
    }

    /// The glyphs HarfBuzz chose for `text`, in visual order (for checking shaping, and for tools).
    public func shape(_ text: String, style: TextStyle = .plain) throws(TextRasterError) -> [ShapedGlyph] {
        try engine.withLock { engine throws(TextRasterError) in try engine.shape(text, style: style) }
    }

    /// Draws `text` on one line as wide as the text itself (at least one dot), for previews and tests.
    public func renderLine(_ text: String, style: TextStyle = .plain) throws(TextRasterError) -> MonochromeBitmap {
        try engine.withLock { engine throws(TextRasterError) in
            let width = max(1, try engine.width(of: text, style: style))
            let line = RasterTextLine(cells: [RasterTextCell(text, x: 0, width: width, alignment: .left)], style: style)
            return try engine.render(line, width: width)
        }
    }

    public func width(of text: String, style: TextStyle) throws(ESCPOSError) -> Int {
        do {
            return try engine.withLock { engine throws(TextRasterError) in try engine.width(of: text, style: style) }
        } catch {
            throw ESCPOSError(.textRasterFailed, error.message)
        }
    }

    public func render(_ line: RasterTextLine, width: Int) throws(ESCPOSError) -> MonochromeBitmap {
        do {
            return try engine.withLock { engine throws(TextRasterError) in try engine.render(line, width: width) }
        } catch {
            throw ESCPOSError(.textRasterFailed, error.message)
        }
    }
}
