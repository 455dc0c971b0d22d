internal import CFreeType
internal import CHarfBuzz

/// One font file opened twice: by HarfBuzz for shaping and by FreeType for drawing glyphs. Not thread-safe;
/// `ShapedTextRasterizer` only touches it under its lock.
final class LoadedFont {
    let path: String
    let face: FT_Face
    let hbFont: OpaquePointer
    private var pixelSize: (x: Int, y: Int) = (0, 0)

    init(path: String, library: FT_Library) throws(TextRasterError) {
        self.path = path
        var face: FT_Face?
        guard FT_New_Face(library, path, 0, &face) == 0, let face else {
            throw TextRasterError(
                .fontUnreadable, "FreeType cannot open \(path) as a font; reinstall its package or configure another file.")
        }
        guard let blob = hb_blob_create_from_file_or_fail(path) else {
            FT_Done_Face(face)
            throw TextRasterError(.fontUnreadable, "HarfBuzz cannot read \(path); check that the file is readable.")
        }
        let hbFace = hb_face_create(blob, 0)
        hb_blob_destroy(blob)
        guard let hbFace, let hbFont = hb_font_create(hbFace) else {
            FT_Done_Face(face)
            throw TextRasterError(.engineFailed, "HarfBuzz could not create a font for \(path).")
        }
        hb_face_destroy(hbFace)
        self.face = face
        self.hbFont = hbFont
    }

    deinit {
        hb_font_destroy(hbFont)
        FT_Done_Face(face)
    }

    /// Sets the em size in dots (horizontal and vertical, for double width and height) for both engines.
    func setSize(x: Int, y: Int) throws(TextRasterError) {
        guard pixelSize != (x, y) else { return }
        guard FT_Set_Pixel_Sizes(face, FT_UInt(x), FT_UInt(y)) == 0 else {
            throw TextRasterError(.engineFailed, "FreeType cannot size \(path) to \(x)×\(y) dots.")
        }
        hb_font_set_scale(hbFont, Int32(x * 64), Int32(y * 64))
        pixelSize = (x, y)
    }

    /// Whether the font has a glyph for `scalar`.
    func covers(_ scalar: Unicode.Scalar) -> Bool {
        FT_Get_Char_Index(face, FT_ULong(scalar.value)) != 0
    }

    /// Ascender and descender (positive, below the baseline) at the current size, in whole dots.
    var verticalExtent: (ascent: Int, descent: Int) {
        guard let size = face.pointee.size else { return (0, 0) }
        let metrics = size.pointee.metrics
        return ((Int(metrics.ascender) + 63) / 64, (-Int(metrics.descender) + 63) / 64)
    }
}
