/// Which status `GS r n` (0x1D 0x72 n) asks for.
///
/// Epson ESC/POS Command Reference, GS r: n = 1 (or 49) roll paper sensor, n = 2 (or 50) drawer
/// kick-out connector. The printer answers with one byte of the form 0xx0xxxx (bits 4 and 7 fixed
/// to 0), which tells it apart from `DLE EOT` replies (0xx1xx10) and from the first byte of an
/// Automatic Status Back frame (0xx1xx00).
///
/// Unlike `DLE EOT`, `GS r` is processed in turn with the data in the receive buffer: the answer
/// comes only after everything sent before it was processed, and not at all while the printer is
/// offline (cover open, paper end) until it recovers.
public enum TransmitStatusRequest: UInt8, Sendable, Hashable, CaseIterable {
    case paperSensor = 1
    case drawerKickConnector = 2

    /// The request bytes `1D 72 n`.
    public var bytes: [UInt8] { [ControlByte.gs, 0x72, rawValue] }
}

extension PrinterStatus {
    /// Fixed bits of a `GS r` reply: bit 4 = 0, bit 7 = 0 (pattern 0xx0xxxx).
    static let transmitStatusMask: UInt8 = 0b1001_0000
    static let transmitStatusPattern: UInt8 = 0b0000_0000

    /// Whether `byte` has the fixed bits of a `GS r` reply (0xx0xxxx).
    public static func isTransmitStatusReply(_ byte: UInt8) -> Bool {
        byte & transmitStatusMask == transmitStatusPattern
    }

    /// Reads the reply byte to `GS r n`.
    ///
    /// - n = 1: bits 0–1 roll paper near end, bits 2–3 roll paper end.
    /// - n = 2: bit 0 drawer kick-out connector pin 3 (HIGH = 1).
    ///
    /// - Returns: `nil` if the byte does not have the fixed bits of a reply (0xx0xxxx).
    public init?(transmitStatusReply byte: UInt8, to request: TransmitStatusRequest) {
        guard Self.isTransmitStatusReply(byte) else { return nil }
        self.init()
        switch request {
        case .paperSensor:
            paperNearEnd = byte & 0b0000_0011 != 0
            paperEnd = byte & 0b0000_1100 != 0
        case .drawerKickConnector:
            drawerPin3High = byte & 0b0000_0001 != 0
        }
    }
}
