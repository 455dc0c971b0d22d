/// Reassembles scanned codes from HID POS barcode-scanner input reports (USB HID Point of Sale
/// Usage Tables 1.02, usage page 0x8C), as read from `/dev/hidrawN`.
///
/// Report layout (64 bytes; Access-IS LSR118/ATR110 product manuals, appendix "HID reports",
/// the same layout Honeywell and Zebra use in HID POS mode):
///
/// | Byte | Content |
/// |---|---|
/// | 0 | report ID 0x02 |
/// | 1 | length of the data field (0…56) |
/// | 2–4 | AIM symbology identifier (`]`, code, modifier) |
/// | 5–60 | data, NUL-padded |
/// | 61–62 | further symbology identifier, reserved |
/// | 63 | bit 0 set: more data follows in the next report |
///
/// Longer codes span several reports; the decoder joins them until a report without the
/// continuation bit arrives.
public struct HIDPOSReportDecoder: Sendable {
    /// Input report ID carrying scanned data.
    public static let scanReportID: UInt8 = 0x02
    public static let reportSize = 64
    static let dataOffset = 5
    static let maximumDataLength = 56

    private var pending: [UInt8] = []
    private var identifier: [UInt8] = []

    public init() {}

    /// Feeds one report (as read from hidraw; the report ID is its first byte). Returns the code
    /// when this report completes it, nil otherwise. Reports with other IDs or malformed lengths
    /// are ignored and drop a partial code.
    public mutating func feed(report: some Collection<UInt8>) -> ScannedCode? {
        let bytes = Array(report)
        guard bytes.count >= Self.reportSize, bytes[0] == Self.scanReportID else {
            reset()
            return nil
        }
        let length = Int(bytes[1])
        guard length <= Self.maximumDataLength else {
            reset()
            return nil
        }
        if pending.isEmpty && identifier.isEmpty {
            identifier = Array(bytes[2...4])
        }
        pending += bytes[Self.dataOffset..<Self.dataOffset + length]
        if bytes[63] & 0x01 != 0 { return nil }
        defer { reset() }
        return ScannedCode(raw: identifier + pending, parseAIM: true, source: .hidPOS)
    }

    private mutating func reset() {
        pending.removeAll()
        identifier.removeAll()
    }

    /// Builds the report(s) a HID POS scanner sends for `data` with `aim` (3 bytes), for simulators.
    public static func reports(aim: [UInt8], data: [UInt8]) -> [[UInt8]] {
        var reports: [[UInt8]] = []
        var offset = 0
        repeat {
            let chunk = Array(data[offset..<min(data.count, offset + maximumDataLength)])
            offset += chunk.count
            var report = [UInt8](repeating: 0, count: reportSize)
            report[0] = scanReportID
            report[1] = UInt8(chunk.count)
            for (index, byte) in aim.prefix(3).enumerated() { report[2 + index] = byte }
            for (index, byte) in chunk.enumerated() { report[dataOffset + index] = byte }
            report[63] = offset < data.count ? 0x01 : 0x00
            reports.append(report)
        } while offset < data.count
        return reports
    }
}
