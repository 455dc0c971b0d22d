/// Mettler Toledo 8217 (and the scales that copy it: DIVA, Brecknell 67xx in 8217 mode).
///
/// Line: 9600 baud, 7 data bits, even parity, 1 stop bit (8217 host communications: "7 bit even parity
/// and one stop bit", 1200–19200 baud). Requests are single uppercase ASCII letters:
/// - weigh: `W` (0x57) → `STX weight CR`, e.g. `02 30 31 2E 32 33 34 0D` = "01.234" (3 decimals = kg,
///   2 decimals = lb), `N` after the digits for a net weight; or `STX ? status CR` when the weight is moving,
///   negative or over capacity;
/// - zero: `Z` (0x5A) → `STX ? status CR`;
/// - tare: `T` (0x54) → `STX ? status CR`;
/// - probe: `E` (0x45) starts echo mode, answered `STX E CR`; leave it with `F` (0x46) → `STX F CR`.
///
/// Status byte bits (PSC Magellan 8500 / METTLER TOLEDO DIVA Service Manual §6.1.3.3 "Scale Status Byte
/// Bit Definitions"): 0 in motion, 1 over capacity, 2 under zero, 3 outside zero capture range,
/// 4 centre of zero, 5 net weight, 6 always 1, 7 parity.
public struct Toledo8217Protocol: ScaleProtocol {
    public let name = ScaleProtocolName.toledo8217
    public var lineSettings = LineSettings(unchecked: 9600, 7, .even, 1)
    /// The unit when the scale's decimals do not say (nil: 3 decimals = kg, otherwise lb).
    public var unit: WeightUnit?

    public init(unit: WeightUnit? = nil) { self.unit = unit }

    /// `F` (0x46): leaves echo mode after a probe.
    public static let leaveEchoMode: [UInt8] = [0x46]

    public func encode(_ request: ScaleRequest) throws(ScaleError) -> [UInt8] {
        switch request {
        case .weigh: [0x57]
        case .zero: [0x5A]
        case .tare: [0x54]
        case .probe: [0x45]
        }
    }

    public func followUp(after event: ScaleEvent, for request: ScaleRequest) -> [UInt8]? {
        if request == .probe, case .identity = event { return Self.leaveEchoMode }
        return nil
    }

    public var maximumFrameLength: Int { 16 }
    public var resynchronisesInsideInvalidFrames: Bool { true }
    public func canStartFrame(_ byte: UInt8) -> Bool { byte & 0x7F == ASCII.stx }

    public func parseFrame(_ bytes: ArraySlice<UInt8>) -> FrameParse {
        let body = bytes.dropFirst()
        guard let crIndex = body.firstIndex(where: { $0 & 0x7F == ASCII.cr }) else { return .needMore }
        let content = body[body.startIndex..<crIndex].map { $0 & 0x7F }
        let length = crIndex - bytes.startIndex + 1
        let frame = bytes[bytes.startIndex..<bytes.index(after: crIndex)]
        if content.isEmpty { return .frame(length: length, events: [.acknowledged]) }
        if content == [0x45] { return .frame(length: length, events: [.identity("8217 echo mode")]) }
        if content == [0x46] { return .frame(length: length, events: [.acknowledged]) }
        if content.first == UInt8(ascii: "?") {
            guard content.count == 2, content[1] & 0x40 != 0 else {
                return .invalid(length: length, reason: .garbled("an 8217 status reply", frame))
            }
            return .frame(length: length, events: [.reading(Self.reading(statusByte: content[1]))])
        }
        var digits = content[...]
        var isNet = false
        if digits.last == UInt8(ascii: "N") {
            isNet = true
            digits = digits.dropLast()
        }
        guard digits.count >= 4, digits.count <= 8, digits.allSatisfy({ ASCII.isDigit($0) || $0 == 0x2E }),
            let amount = try? ExactDecimal(parsing: ASCII.text(digits))
        else {
            return .invalid(length: length, reason: .garbled("an 8217 weight reply", frame))
        }
        let unit = self.unit ?? (amount.decimals == 3 ? .kilogram : .pound)
        return .frame(
            length: length,
            events: [.reading(ScaleReading(weight: Weight(amount, unit), status: .stable, isNet: isNet))])
    }

    static func reading(statusByte: UInt8) -> ScaleReading {
        let status: WeightStatus =
            if statusByte & 0x02 != 0 { .overload }
            else if statusByte & 0x04 != 0 { .underZero }
            else if statusByte & 0x01 != 0 { .motion }
            else if statusByte & 0x08 != 0 { .error }
            else if statusByte & 0x10 != 0 { .zero }
            else { .stable }
        return ScaleReading(weight: nil, status: status, isNet: statusByte & 0x20 != 0)
    }

    static func statusByte(for reading: ScaleReading) -> UInt8 {
        var byte: UInt8 = 0x40
        switch reading.status {
        case .motion: byte |= 0x01
        case .overload: byte |= 0x02
        case .underZero: byte |= 0x04
        case .error: byte |= 0x08
        case .zero: byte |= 0x10
        default: break
        }
        if reading.isNet { byte |= 0x20 }
        return byte
    }

    public func encodeReply(_ reading: ScaleReading) -> [UInt8] {
        let reading = reading.wireForm
        if reading.status == .stable, let weight = reading.weight, !weight.isNegative {
            // The 8217 sends kg with 3 decimals or lb with 2; the unit is implied by the decimals.
            let metric = weight.unit == .kilogram || weight.unit == .gram
            let decimals = metric ? 3 : 2
            if let converted = try? weight.converted(to: metric ? .kilogram : .pound),
                let text = ASCII.digits(converted.amount, decimals: decimals, width: decimals + 2)
            {
                let withPoint = String(text.dropLast(decimals)) + "." + String(text.suffix(decimals))
                return [ASCII.stx] + ASCII.bytes(withPoint) + (reading.isNet ? [0x4E] : []) + [ASCII.cr]
            }
        }
        return [ASCII.stx, UInt8(ascii: "?"), Self.statusByte(for: reading), ASCII.cr]
    }
}
