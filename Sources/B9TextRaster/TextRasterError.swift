/// What went wrong while finding fonts or drawing text, with what to do about it.
///
/// `code` says what kind of failure it is (compare codes, not messages); `message` is written for the
/// technician and names the fix (for a missing font, the Debian package that provides it).
public struct TextRasterError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure. New codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// No installed font has the requested family name.
        public static let fontNotFound = Code("font-not-found")
        /// A font file is missing, unreadable or not a font FreeType can open.
        public static let fontUnreadable = Code("font-unreadable")
        /// fontconfig, FreeType or HarfBuzz could not be started or failed on a glyph.
        public static let engineFailed = Code("engine-failed")
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(message) (\(code))" }
}
