internal import B9ESCPOS
internal import CFreeType
internal import CHarfBuzz

/// FreeType, the loaded font chain and the shaping and drawing code. Not thread-safe: it lives inside the
/// lock of `ShapedTextRasterizer`.
final class FontEngine {
    let options: RasterTextOptions
    private let library: FT_Library
    private(set) var fonts: [LoadedFont] = []
    /// Rendered glyphs by font, glyph and size: receipts repeat the same few dozen glyphs.
    private var glyphCache: [GlyphKey: CachedGlyph] = [:]
    private static let glyphCacheLimit = 4096

    private struct GlyphKey: Hashable {
        let font: Int
        let glyph: UInt32
        let sizeX: Int
        let sizeY: Int
    }

    /// A glyph's coverage bitmap and where it sits relative to the pen and the baseline.
    private struct CachedGlyph {
        let left: Int
        let top: Int
        let width: Int
        let rows: Int
        let coverage: [UInt8]
    }

    /// FreeType load flags: FT_LOAD_TARGET_LIGHT (vertical-only hinting, keeps shapes and spacing).
    private static let loadFlags = FT_Int32(1 << 16)

    init(options: RasterTextOptions) throws(TextRasterError) {
        guard !options.fonts.isEmpty else {
            throw TextRasterError(.fontNotFound, "No font configured for raster text; give at least one family or file.")
        }
        var library: FT_Library?
        guard FT_Init_FreeType(&library) == 0, let library else {
            throw TextRasterError(.engineFailed, "FreeType could not start; reinstall libfreetype6.")
        }
        self.library = library
        self.options = options
        for source in options.fonts {
            fonts.append(try LoadedFont(path: try FontLocator.file(for: source), library: library))
        }
    }

    deinit {
        fonts.removeAll()
        FT_Done_FreeType(library)
    }

    /// Em size in dots for a style: font B is three quarters of font A; double width/height scale each axis.
    func emSize(_ style: TextStyle) -> (x: Int, y: Int) {
        let em = style.font == .a ? options.emDots : max(1, options.emDots * 3 / 4)
        return (em * style.size.width, em * style.size.height)
    }

    private func setSize(_ style: TextStyle) throws(TextRasterError) {
        let size = emSize(style)
        for font in fonts { try font.setSize(x: size.x, y: size.y) }
    }

    /// Dots synthetic bold adds to the right of every stroke.
    private func boldShift(_ style: TextStyle) -> Int { style.bold ? max(1, emSize(style).x / 24) : 0 }

    // MARK: Shaping

    /// Splits `text` into runs of one font and one script, then shapes each run with HarfBuzz in the context
    /// of the whole text. Glyphs come in visual order; clusters are UTF-8 offsets into `text`.
    func shape(_ text: String, style: TextStyle) throws(TextRasterError) -> [ShapedGlyph] {
        try setSize(style)
        var glyphs: [ShapedGlyph] = []
        let utf8 = Array(text.utf8)
        for run in runs(of: text) {
            glyphs += shapeRun(utf8, run: run)
        }
        return glyphs
    }

    private struct Run {
        var font: Int
        var script: hb_script_t?
        var start: Int
        var length: Int
    }

    private func runs(of text: String) -> [Run] {
        var runs: [Run] = []
        var offset = 0
        let unicode = hb_unicode_funcs_get_default()
        for character in text {
            let length = character.utf8.count
            defer { offset += length }
            var script: hb_script_t?
            for scalar in character.unicodeScalars {
                let s = hb_unicode_script(unicode, hb_codepoint_t(scalar.value))
                if s != HB_SCRIPT_COMMON && s != HB_SCRIPT_INHERITED && s != HB_SCRIPT_UNKNOWN {
                    script = s
                    break
                }
            }
            if var last = runs.last, covers(fonts[last.font], character),
                script == nil || last.script == nil || last.script == script
            {
                if last.script == nil { last.script = script }
                last.length += length
                runs[runs.count - 1] = last
                continue
            }
            let font = fonts.indices.first { covers(fonts[$0], character) } ?? 0
            runs.append(Run(font: font, script: script, start: offset, length: length))
        }
        return runs
    }

    /// Whether `font` has every code point of `character` that draws something (joiners and variation
    /// selectors are shaped away).
    private func covers(_ font: LoadedFont, _ character: Character) -> Bool {
        character.unicodeScalars.allSatisfy { scalar in
            switch scalar.value {
            case 0x200C, 0x200D, 0xFE00...0xFE0F: true
            default: font.covers(scalar)
            }
        }
    }

    private func shapeRun(_ utf8: [UInt8], run: Run) -> [ShapedGlyph] {
        guard let buffer = hb_buffer_create() else { return [] }
        defer { hb_buffer_destroy(buffer) }
        utf8.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                hb_buffer_add_utf8(buffer, chars.baseAddress, Int32(chars.count), UInt32(run.start), Int32(run.length))
            }
        }
        if let script = run.script {
            hb_buffer_set_script(buffer, script)
            hb_buffer_set_direction(buffer, hb_script_get_horizontal_direction(script))
        }
        hb_buffer_guess_segment_properties(buffer)
        hb_shape(fonts[run.font].hbFont, buffer, nil, 0)
        var count: UInt32 = 0
        guard let infos = hb_buffer_get_glyph_infos(buffer, &count),
            let positions = hb_buffer_get_glyph_positions(buffer, &count)
        else { return [] }
        return (0..<Int(count)).map { index in
            ShapedGlyph(
                font: run.font, glyph: infos[index].codepoint, cluster: Int(infos[index].cluster),
                xAdvance: Int(positions[index].x_advance), xOffset: Int(positions[index].x_offset),
                yOffset: Int(positions[index].y_offset))
        }
    }

    // MARK: Measuring and drawing

    /// Width of `text` in whole dots.
    func width(of text: String, style: TextStyle) throws(TextRasterError) -> Int {
        let advance = try shape(text, style: style).reduce(0) { $0 + $1.xAdvance }
        return (advance + 63) / 64 + boldShift(style)
    }

    /// Baseline and height of a line in `style`: the tallest ascender and deepest descender of the chain.
    func lineMetrics(_ style: TextStyle) throws(TextRasterError) -> (baseline: Int, height: Int) {
        try setSize(style)
        let ascent = fonts.map(\.verticalExtent.ascent).max() ?? emSize(style).y
        let descent = fonts.map(\.verticalExtent.descent).max() ?? 0
        return (ascent, ascent + descent + options.lineGapDots * style.size.height)
    }

    /// Draws `line` into a bitmap `width` dots wide and one line tall.
    func render(_ line: RasterTextLine, width: Int) throws(TextRasterError) -> MonochromeBitmap {
        let style = line.style
        let (baseline, height) = try lineMetrics(style)
        var canvas = GlyphCanvas(width: width, height: height)
        var extents: [(from: Int, to: Int)] = []
        for cell in line.cells {
            let glyphs = try shape(cell.text, style: style)
            let advance = glyphs.reduce(0) { $0 + $1.xAdvance }
            let textWidth = (advance + 63) / 64 + boldShift(style)
            let gap = max(0, cell.width - textWidth)
            let shift =
                switch cell.alignment {
                case .left: 0
                case .center: gap / 2
                case .right: gap
                }
            let left = cell.x + shift
            var pen = left * 64
            for glyph in glyphs {
                try draw(glyph, style: style, penX: pen, baseline: baseline, into: &canvas)
                pen += glyph.xAdvance
            }
            extents.append((left, left + textWidth))
        }
        var bitmap = canvas.thresholded(options.threshold)
        let shift = boldShift(style)
        if shift > 0 { bitmap.embolden(by: shift) }
        if style.underline != .off {
            let thickness = (style.underline == .twoDots ? 2 : 1) * style.size.height
            for extent in extents { bitmap.fill(x: extent.from..<extent.to, y: (baseline + 2)..<(baseline + 2 + thickness)) }
        }
        if style.inverse {
            for extent in extents { bitmap.invert(x: extent.from..<extent.to) }
        }
        return try bitmap.monochrome()
    }

    private func draw(
        _ glyph: ShapedGlyph, style: TextStyle, penX: Int, baseline: Int, into canvas: inout GlyphCanvas
    ) throws(TextRasterError) {
        let size = emSize(style)
        let key = GlyphKey(font: glyph.font, glyph: glyph.glyph, sizeX: size.x, sizeY: size.y)
        let image: CachedGlyph
        if let cached = glyphCache[key] {
            image = cached
        } else {
            image = try renderGlyph(glyph)
            if glyphCache.count >= Self.glyphCacheLimit { glyphCache.removeAll(keepingCapacity: true) }
            glyphCache[key] = image
        }
        guard image.width > 0, image.rows > 0 else { return }
        let originX = (penX + glyph.xOffset + 32) >> 6
        let originY = baseline - ((glyph.yOffset + 32) >> 6)
        canvas.blend(x: originX + image.left, y: originY - image.top, width: image.width, height: image.rows) {
            column, row in image.coverage[row * image.width + column]
        }
    }

    /// Loads and renders one glyph at the size set on its font (`setSize` ran for the line's style).
    private func renderGlyph(_ glyph: ShapedGlyph) throws(TextRasterError) -> CachedGlyph {
        let face = fonts[glyph.font].face
        guard FT_Load_Glyph(face, FT_UInt(glyph.glyph), Self.loadFlags) == 0, let slot = face.pointee.glyph,
            FT_Render_Glyph(slot, FT_RENDER_MODE_NORMAL) == 0
        else {
            throw TextRasterError(.engineFailed, "FreeType could not draw glyph \(glyph.glyph) of \(fonts[glyph.font].path).")
        }
        let bitmap = slot.pointee.bitmap
        let rows = Int(bitmap.rows)
        let width = Int(bitmap.width)
        guard let buffer = bitmap.buffer, rows > 0, width > 0 else {
            return CachedGlyph(left: 0, top: 0, width: 0, rows: 0, coverage: [])
        }
        let pitch = Int(bitmap.pitch)
        var coverage = [UInt8](repeating: 0, count: width * rows)
        for row in 0..<rows {
            let line = pitch >= 0 ? row * pitch : (rows - 1 - row) * -pitch
            for column in 0..<width { coverage[row * width + column] = buffer[line + column] }
        }
        return CachedGlyph(
            left: Int(slot.pointee.bitmap_left), top: Int(slot.pointee.bitmap_top), width: width, rows: rows,
            coverage: coverage)
    }
}
