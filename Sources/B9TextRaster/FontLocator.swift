internal import CFontconfig
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Finds font files through fontconfig.
enum FontLocator {
    /// The file of `source`: a path as given (checked to exist), a family through `FcFontMatch`, which only
    /// counts when the match really has that family (fontconfig otherwise answers with any fallback).
    static func file(for source: FontSource) throws(TextRasterError) -> String {
        switch source {
        case .file(let path):
            guard access(path, R_OK) == 0 else {
                throw TextRasterError(
                    .fontUnreadable,
                    "Font file \(path) does not exist or cannot be read; check the path in the printer settings."
                )
            }
            return path
        case .family(let family):
            return try match(family: family)
        }
    }

    private static func match(family: String) throws(TextRasterError) -> String {
        guard let config = FcInitLoadConfigAndFonts() else {
            throw TextRasterError(.engineFailed, "fontconfig could not load its configuration; reinstall the fontconfig package.")
        }
        defer { FcConfigDestroy(config) }
        guard let pattern = FcPatternCreate() else {
            throw TextRasterError(.engineFailed, "fontconfig could not create a pattern (out of memory?).")
        }
        defer { FcPatternDestroy(pattern) }
        _ = family.withCString { name in
            name.withMemoryRebound(to: FcChar8.self, capacity: family.utf8.count + 1) { FcPatternAddString(pattern, "family", $0) }
        }
        FcConfigSubstitute(config, pattern, FcMatchPattern)
        FcDefaultSubstitute(pattern)
        var result = FcResultNoMatch
        let matched = FcFontMatch(config, pattern, &result)
        defer { if let matched { FcPatternDestroy(matched) } }
        if let matched, result == FcResultMatch {
            var index: Int32 = 0
            var families: [String] = []
            var value: UnsafeMutablePointer<FcChar8>?
            while FcPatternGetString(matched, "family", index, &value) == FcResultMatch, let value {
                families.append(String(cString: value))
                index += 1
            }
            var file: UnsafeMutablePointer<FcChar8>?
            if families.contains(where: { $0.lowercased() == family.lowercased() }),
                FcPatternGetString(matched, "file", 0, &file) == FcResultMatch, let file
            {
                return String(cString: file)
            }
        }
        let fix =
            if let package = FontSource.debianPackage(forFamily: family) {
                "install it with `sudo apt-get install \(package)`"
            } else {
                "install a Debian font package that has it (`apt-cache search fonts-`), or configure the font by file path"
            }
        throw TextRasterError(.fontNotFound, "Font family \"\(family)\" is not installed (fc-list does not show it): \(fix).")
    }
}
