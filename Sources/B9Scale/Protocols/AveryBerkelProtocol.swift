/// Avery Berkel 6720 (and the Avery Weigh-Tronix / Brecknell POS scales that share its NCI-style
/// ECR protocol).
///
/// Line: 9600 baud, 7 data bits, even parity, 1 stop bit. Requests end with CR (Avery Weigh-Tronix 7821
/// user instructions §6.3 "NCI Communications Protocol"; Brecknell 67xxU service manual table 7.3):
/// - weigh: `W CR` (0x57 0x0D) → `LF weight units CR LF status CR ETX`, e.g. `LF 0 1 . 2 3 4 K G CR LF
///   S 0 0 CR ETX`, or `LF status CR ETX` alone when the weight is negative, moving or out of range;
/// - zero: `Z CR` → `LF status CR ETX`; tare: `T CR` → `LF status CR ETX`;
/// - probe: `S CR` (status) → `LF status CR ETX`;
/// - anything else → `LF ? CR ETX`.
///
/// Status: two or more bytes, each `0 0 1 1 b3 b2 b1 b0` with bit 6 set when another byte follows
/// (METTLER TOLEDO DIVA service manual, "Scale Status Command: S"). Byte 1: b0 motion, b1 at zero,
/// b2 RAM error, b3 EEPROM error. Byte 2: b0 under capacity, b1 over capacity, b2 ROM error, b3 faulty
/// calibration. Byte 3: b2 net weight, b3 initial zero error. Some models prefix the bytes with `S`.
public struct AveryBerkelProtocol: ScaleProtocol {
    public let name = ScaleProtocolName.averyBerkel
    public var lineSettings = LineSettings(unchecked: 9600, 7, .even, 1)

    public init() {}

    public func encode(_ request: ScaleRequest) throws(ScaleError) -> [UInt8] {
        switch request {
        case .weigh: [0x57, ASCII.cr]
        case .zero: [0x5A, ASCII.cr]
        case .tare: [0x54, ASCII.cr]
        case .probe: [0x53, ASCII.cr]
        }
    }

    public var maximumFrameLength: Int { 40 }
    public var resynchronisesInsideInvalidFrames: Bool { true }
    public func canStartFrame(_ byte: UInt8) -> Bool { byte & 0x7F == ASCII.lf }

    public func parseFrame(_ bytes: ArraySlice<UInt8>) -> FrameParse {
        let masked = bytes.map { $0 & 0x7F }
        guard let etx = masked.firstIndex(of: ASCII.etx) else {
            // A second LF that is not preceded by CR starts a new frame: the first one was cut.
            return .needMore
        }
        let length = etx + 1
        let frame = bytes.prefix(length)
        // Built only when a check fails: formatting the bytes for the message costs more than parsing.
        var invalid: FrameParse {
            .invalid(length: length, reason: .garbled("an NCI (Avery Berkel) reply", frame))
        }
        // Lines between the leading LF and the final CR ETX.
        guard length >= 4, masked[etx - 1] == ASCII.cr else { return invalid }
        let body = Array(masked[1..<(etx - 1)])
        let lines = body.split(separator: ASCII.cr, omittingEmptySubsequences: false).map { line in
            line.first == ASCII.lf ? Array(line.dropFirst()) : Array(line)
        }
        if lines == [[UInt8(ascii: "?")]] {
            return .frame(length: length, events: [.rejected(ScaleError(.rejected, "The scale did not recognise the command (?)."))])
        }
        guard let statusLine = lines.last, let status = Self.parseStatus(statusLine) else { return invalid }
        switch lines.count {
        case 1:
            return .frame(length: length, events: [.reading(status)])
        case 2:
            var reading = status
            let weightLine = lines[0]
            let unitStart = weightLine.firstIndex(where: { (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) ?? weightLine.endIndex
            guard let unit = WeightUnit(symbol: ASCII.text(weightLine[unitStart...])) else { return invalid }
            if let amount = try? ExactDecimal(parsing: ASCII.text(weightLine[..<unitStart])) {
                reading.weight = Weight(amount, unit)
                if amount.isNegative, reading.status == .stable { reading.status = .underZero }
            } else if reading.status == .stable {
                return invalid
            }
            return .frame(length: length, events: [.reading(reading)])
        default:
            return invalid
        }
    }

    static func parseStatus(_ line: [UInt8]) -> ScaleReading? {
        var bytes = line[...]
        if bytes.first == UInt8(ascii: "S") { bytes = bytes.dropFirst() }
        guard bytes.count >= 2, bytes.count <= 4, bytes.allSatisfy({ $0 & 0x30 == 0x30 && $0 & 0x80 == 0 }) else { return nil }
        let b = Array(bytes)
        let motion = b[0] & 0x01 != 0
        let atZero = b[0] & 0x02 != 0
        let fault = b[0] & 0x0C != 0 || b[1] & 0x0C != 0 || (b.count > 2 && b[2] & 0x08 != 0)
        let under = b[1] & 0x01 != 0
        let over = b[1] & 0x02 != 0
        let net = b.count > 2 && b[2] & 0x04 != 0
        let status: WeightStatus =
            if over { .overload } else if under { .underZero } else if fault { .error } else if motion { .motion }
            else if atZero { .zero } else { .stable }
        return ScaleReading(weight: nil, status: status, isNet: net)
    }

    static func statusBytes(_ reading: ScaleReading) -> [UInt8] {
        var b1: UInt8 = 0x30
        var b2: UInt8 = 0x30
        switch reading.status {
        case .motion, .unconfirmed: b1 |= 0x01
        case .zero: b1 |= 0x02
        case .error: b1 |= 0x08
        case .underZero: b2 |= 0x01
        case .overload: b2 |= 0x02
        default: break
        }
        if reading.isNet { return [b1, b2 | 0x40, 0x34] }
        return [b1, b2]
    }

    public func encodeReply(_ reading: ScaleReading) -> [UInt8] {
        let reading = reading.wireForm
        let status = [UInt8(ascii: "S")] + Self.statusBytes(reading)
        if reading.status == .stable || reading.status == .zero, let weight = reading.weight, !weight.isNegative,
            let text = ASCII.padded(weight.amount.description, width: 6, pad: "0")
        {
            return [ASCII.lf] + ASCII.bytes(text + weight.unit.symbol.uppercased()) + [ASCII.cr, ASCII.lf]
                + status + [ASCII.cr, ASCII.etx]
        }
        return [ASCII.lf] + status + [ASCII.cr, ASCII.etx]
    }
}
