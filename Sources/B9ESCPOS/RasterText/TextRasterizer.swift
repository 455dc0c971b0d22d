/// Draws text as dots, for lines no code page of a printer can show (Bengali, Devanagari, Thai, …).
///
/// `ReceiptEncoder(profile:rasterizer:)` keeps every line its profile's code pages can show as native text
/// and hands the others to a rasterizer, then prints the result as an image band of the full paper width.
/// The codec itself does no I/O: the implementation that shapes with HarfBuzz and draws with FreeType lives
/// in the `B9TextRaster` module (`ShapedTextRasterizer`).
public protocol TextRasterizer: Sendable {
    /// Width in dots of `text` drawn in `style` (bold, size and font included).
    func width(of text: String, style: TextStyle) throws(ESCPOSError) -> Int

    /// Draws `line` into a white bitmap `width` dots wide and one line of its style tall.
    func render(_ line: RasterTextLine, width: Int) throws(ESCPOSError) -> MonochromeBitmap
}

/// Text drawn inside a horizontal span of a raster line, aligned within the span.
public struct RasterTextCell: Sendable, Hashable {
    public var text: String
    /// Left edge of the span, in dots from the left margin.
    public var x: Int
    /// Width of the span in dots.
    public var width: Int
    public var alignment: Justification

    public init(_ text: String, x: Int, width: Int, alignment: Justification) {
        self.text = text
        self.x = x
        self.width = width
        self.alignment = alignment
    }
}

/// One printed line of raster text: its cells (one for plain text, one per column for column rows) and style.
public struct RasterTextLine: Sendable, Hashable {
    public var cells: [RasterTextCell]
    public var style: TextStyle

    public init(cells: [RasterTextCell], style: TextStyle) {
        self.cells = cells
        self.style = style
    }
}
