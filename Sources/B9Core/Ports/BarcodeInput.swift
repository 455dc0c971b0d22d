/// Where scanned codes come from, in billing's words.
public protocol BarcodeInput: Sendable {
    /// Codes as they are scanned, with their symbology when the scanner reports one.
    var scans: AsyncStream<ScannedCode> { get }
}

/// One scanned code.
public struct ScannedCode: Sendable, Hashable {
    public let code: String
    /// e.g. `EAN-13`, `Code 128`, `GS1-128`, when known.
    public let symbology: String?

    public init(code: String, symbology: String?) {
        self.code = code
        self.symbology = symbology
    }
}
