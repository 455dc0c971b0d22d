/// Where a font comes from: a family name looked up through fontconfig, or a font file.
public enum FontSource: Sendable, Hashable, CustomStringConvertible {
    /// A family name as `fc-list` shows it, e.g. "Noto Sans Bengali".
    case family(String)
    /// A TrueType/OpenType file, e.g. "/usr/share/fonts/truetype/noto/NotoSansBengali-Regular.ttf".
    case file(String)

    public var description: String {
        switch self {
        case .family(let name): "family \"\(name)\""
        case .file(let path): "file \(path)"
        }
    }

    /// The Debian package that installs a family, for the error message when it is missing.
    static func debianPackage(forFamily family: String) -> String? {
        let key = family.lowercased()
        if key.hasPrefix("noto sans") || key.hasPrefix("noto serif") { return "fonts-noto-core" }
        let known: [String: String] = [
            "lohit bengali": "fonts-lohit-beng-bengali",
            "lohit assamese": "fonts-lohit-beng-assamese",
            "lohit devanagari": "fonts-lohit-deva",
            "dejavu sans": "fonts-dejavu-core",
            "dejavu sans mono": "fonts-dejavu-core",
            "freesans": "fonts-freefont-ttf",
        ]
        return known[key]
    }
}

/// Settings of a `ShapedTextRasterizer`: fonts in order of preference and sizes in dots.
public struct RasterTextOptions: Sendable, Hashable {
    /// Fonts tried in order for each character; the first that has every code point of it draws it.
    /// The default covers Bengali (with the taka sign) and Latin: both come with Debian's `fonts-noto-core`.
    public var fonts: [FontSource]
    /// Em size of font A at normal size, in dots (font B is three quarters of it). 24 puts Latin digits
    /// close to the 12-dot cell of the printer's own font A.
    public var emDots: Int
    /// Dots added under each raster line.
    public var lineGapDots: Int
    /// Coverage (0…255) from which a dot is printed black.
    public var threshold: UInt8

    public init(
        fonts: [FontSource] = RasterTextOptions.defaultFonts, emDots: Int = 24, lineGapDots: Int = 2,
        threshold: UInt8 = 112
    ) {
        self.fonts = fonts
        self.emDots = emDots
        self.lineGapDots = lineGapDots
        self.threshold = threshold
    }

    /// Noto Sans Bengali, then Noto Sans for Latin (Debian `fonts-noto-core`).
    public static let defaultFonts: [FontSource] = [.family("Noto Sans Bengali"), .family("Noto Sans")]
}
