/// One glyph as HarfBuzz placed it: which font of the chain, which glyph, which text it came from and
/// where it goes, in 1/64 dot.
public struct ShapedGlyph: Sendable, Hashable {
    /// Index into the rasterizer's font chain.
    public let font: Int
    /// Glyph id in that font (not a code point: a conjunct is one glyph for several code points).
    public let glyph: UInt32
    /// UTF-8 offset in the shaped text of the first code point this glyph belongs to.
    public let cluster: Int
    public let xAdvance: Int
    public let xOffset: Int
    public let yOffset: Int
}
