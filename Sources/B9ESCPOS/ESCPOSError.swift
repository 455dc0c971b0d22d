/// Everything that can go wrong while building ESC/POS output, with what failed and what to do about it.
///
/// `code` says what kind of failure it is (compare codes, not messages); `message` is written for the
/// technician and says what to try.
public struct ESCPOSError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure. New codes may be added; match the ones you handle and treat the rest generically.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A command parameter is outside the range the command reference allows.
        public static let parameterOutOfRange = Code("parameter-out-of-range")
        /// Barcode content is not valid for its symbology (characters, length or check digit).
        public static let invalidBarcode = Code("invalid-barcode")
        /// QR or other 2D symbol content cannot be encoded.
        public static let invalidSymbol = Code("invalid-symbol")
        /// Image data is inconsistent or too large.
        public static let invalidImage = Code("invalid-image")
        /// The printer profile cannot do what was asked (no cutter, no raster, …).
        public static let unsupportedByProfile = Code("unsupported-by-profile")
        /// No printer profile with that name.
        public static let unknownProfile = Code("unknown-profile")
        /// Text contains characters that no code page of the profile can show.
        public static let unencodableText = Code("unencodable-text")
        /// Text could not be drawn as raster (font missing or unreadable, shaping failed).
        public static let textRasterFailed = Code("text-raster-failed")
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(message) (\(code))" }
}
