/// Everything that can go wrong when reading a scale or a variable-measure barcode, with what failed and
/// what to do about it.
///
/// Compare `code`s, not messages; `message` is written for the cashier or the technician.
public struct ScaleError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure. New codes may be added; match the ones you handle and treat the rest generically.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A number that is not a weight (bad digits, too many decimals, out of range for the type).
        public static let invalidWeight = Code("invalid-weight")
        /// A unit conversion or comparison did not fit in the exact representation.
        public static let arithmeticOverflow = Code("arithmetic-overflow")
        /// A conversion that cannot be exact at the requested precision.
        public static let inexactConversion = Code("inexact-conversion")
        /// Bytes from the scale that are not a frame of the configured protocol; they were skipped.
        public static let garbledFrame = Code("garbled-frame")
        /// A frame whose block check character or checksum does not match.
        public static let checksumMismatch = Code("checksum-mismatch")
        /// The protocol has no such request (for example tare on a scale without a tare command).
        public static let unsupportedRequest = Code("unsupported-request")
        /// The protocol name is not one this build knows.
        public static let unknownProtocol = Code("unknown-protocol")
        /// Line settings outside what a serial port supports.
        public static let invalidLineSettings = Code("invalid-line-settings")
        /// The scale refused or could not execute a request (NAK, `S I`, `ES`, …).
        public static let rejected = Code("rejected")
        /// The weight is still moving.
        public static let inMotion = Code("in-motion")
        /// The scale is over its capacity.
        public static let overload = Code("overload")
        /// The scale is below zero.
        public static let underZero = Code("under-zero")
        /// The scale reports a fault (zero not captured, calibration, memory).
        public static let scaleFault = Code("scale-fault")
        /// The scale did not say the weight is stable.
        public static let notStable = Code("not-stable")
        /// The weight is negative.
        public static let negativeWeight = Code("negative-weight")
        /// The weight is below the minimum that may price a line.
        public static let belowMinimum = Code("below-minimum")
        /// The weight is above the maximum that may price a line.
        public static let aboveMaximum = Code("above-maximum")
        /// No stable weight within the allowed time.
        public static let timeout = Code("timeout")
        /// A barcode that is not a valid variable-measure code.
        public static let invalidBarcode = Code("invalid-barcode")
        /// A barcode whose check digit (or price/weight check digit) is wrong.
        public static let badCheckDigit = Code("bad-check-digit")
        /// A simulator weight script that cannot be read.
        public static let invalidScript = Code("invalid-script")
        /// The checksum challenge of a protocol needs a secret that is not configured.
        public static let secretRequired = Code("secret-required")
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(message) (\(code))" }
}
