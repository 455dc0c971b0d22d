import B9ESCPOS
import B9TextRaster
import Logging
import Synchronization

/// Turns a station's documents (kitchen tickets, weighing labels) into printer bytes for one profile,
/// through the any-script path: text the profile's code pages can show stays native, the rest (Bengali
/// item names, the taka sign) is shaped and drawn as raster. When no font is installed the station
/// still prints, code-page text only, and says so once in the log.
final class StationTicketEncoder: Sendable {
    let profile: PrinterProfile
    private let purpose: String
    private let logger: Logger
    private let rasterizer = Mutex<(checked: Bool, value: ShapedTextRasterizer?)>((false, nil))

    /// - Parameter purpose: what is printed, for the log line ("kitchen tickets", "weighing labels").
    init(profile: PrinterProfile, purpose: String, logger: Logger) {
        self.profile = profile
        self.purpose = purpose
        self.logger = logger
    }

    /// The document's bytes for the profile.
    func encode(_ document: ReceiptDocument) throws -> [UInt8] {
        if let rasterizer = loadRasterizer() {
            return try AnyScriptReceipt.encode(document, profile: profile, rasterizer: rasterizer).bytes
        }
        return try ReceiptEncoder(profile: profile).encode(document).bytes
    }

    /// Looks the fonts up once per process (milliseconds), then keeps the rasterizer.
    private func loadRasterizer() -> ShapedTextRasterizer? {
        let (value, failure): (ShapedTextRasterizer?, (any Error)?) = rasterizer.withLock { state in
            if state.checked { return (state.value, nil) }
            state.checked = true
            do {
                state.value = try ShapedTextRasterizer()
                return (state.value, nil)
            } catch {
                return (nil, error)
            }
        }
        if let failure {
            logger.warning("\(purpose) print code-page text only: no font for other scripts", metadata: ["error": "\(failure)"])
        }
        return value
    }
}
