/// One thing a printer sent back, as separated by `PrinterStatusDecoder`.
public enum PrinterReply: Sendable, Hashable {
    /// The answer to a `DLE EOT n` request (one byte, 0xx1xx10).
    case realTimeStatus(StatusRequest, PrinterStatus, byte: UInt8)
    /// The answer to a `GS r n` request (one byte, 0xx0xxxx).
    case transmitStatus(TransmitStatusRequest, PrinterStatus, byte: UInt8)
    /// An Automatic Status Back frame (4 bytes: 0xx1xx00 then 0xx0xxxx three times), sent whenever the
    /// status changes once `GS a` enabled it, and also unprompted.
    case automaticStatus(PrinterStatus, frame: [UInt8])
    /// Serial flow control: XON (0x11) or XOFF (0x13).
    case flowControl(FlowControl)
    /// A block reply `_ … NUL` (0x5F … 0x00), such as `GS I` model information; header and NUL removed.
    case block([UInt8])
    /// Bytes that are not a status reply the decoder was told to expect.
    case data([UInt8])
}

/// Serial software flow control bytes a printer may send in the middle of anything.
public enum FlowControl: UInt8, Sendable, Hashable {
    case xon = 0x11
    case xoff = 0x13
}
