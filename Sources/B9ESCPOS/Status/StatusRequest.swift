/// Which real-time status `DLE EOT n` (0x10 0x04 n) asks for.
///
/// Epson ESC/POS Command Reference, DLE EOT: n = 1 printer, 2 offline cause, 3 error cause,
/// 4 roll paper sensor. The printer answers with one byte of the form 0xx1xx10.
public enum StatusRequest: UInt8, Sendable, Hashable, CaseIterable {
    case printer = 1
    case offlineCause = 2
    case errorCause = 3
    case paperSensor = 4

    /// The request bytes `10 04 n`.
    public var bytes: [UInt8] { [ControlByte.dle, ControlByte.eot, rawValue] }
}
