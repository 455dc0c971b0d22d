/// Dialog 06: the European price-computing protocol for legal-for-trade POS scales (Mettler Toledo,
/// Dibal, Cely, Bizerba, Ohaus Aviator in Dialog mode).
///
/// Line: 9600 baud, 7 data bits, odd parity, 1 stop bit. Records (Cely PI100 manual §7.5, Dibal DPOS400
/// manual §4.39, Ohaus Aviator 7000 service manual §6.1.6), with ESC (0x1B) between fields:
/// - POS → scale, unit price: `EOT STX 0 1 ESC P6 ESC ETX` (record 01, 6-digit unit price);
///   record 03 adds a 4-digit tare, 04 a 13-character text, 05 both. The scale answers ACK (0x06) or NAK (0x15).
/// - POS → scale, weigh: `EOT ENQ` (0x04 0x05). The scale answers record 02
///   `STX 0 2 ESC d ESC W5 ESC P6 ESC I6 ETX` — d = decimals of the weight in kg (3 in every manual seen),
///   W5 weight, P6 unit price, I6 total price — or NAK when it cannot weigh.
/// - Every scale answer is acknowledged by the POS with `EOT` (0x04).
/// - After a NAK the POS sends record 08 `EOT STX 0 8 ETX`; the scale answers record 09
///   `STX 0 9 ESC S1 S2 ETX` with a two-digit status: 11 invalid unit price, 20 in motion, 21 no motion since
///   the last weighing (lift the goods first), 30 below minimum weight, 31 under zero, 32 overload.
/// - Records 10/11 are the checksum challenge some legal-for-trade scales require before they will
///   weigh: the scale sends a challenge and the POS must return CS/KW values computed with a CRC-16
///   whose polynomial is a secret shared by the scale maker and the POS maker. We decode any record 10/11 as
///   `.checksumChallenge(payload)`; answering needs `checksumResponder`, configured with that secret. Without
///   it the scale will not weigh and the device layer reports `ScaleError.Code.secretRequired`.
public struct Dialog06Protocol: ScaleProtocol {
    public let name = ScaleProtocolName.dialog06
    public var lineSettings = LineSettings(unchecked: 9600, 7, .odd, 1)
    /// Unit price sent with record 01 before each weighing, or nil to weigh without sending one.
    public var unitPrice: ExactDecimal?
    /// Implied decimals of the price fields.
    public var priceDecimals: Int
    /// Answers a checksum challenge record (10/11) with the payload of the answer record, computed with the
    /// scale maker's secret. Nil: challenges are reported, not answered.
    public var checksumResponder: (@Sendable (String) -> String?)?

    public init(
        unitPrice: ExactDecimal? = nil, priceDecimals: Int = 2,
        checksumResponder: (@Sendable (String) -> String?)? = nil
    ) {
        self.unitPrice = unitPrice
        self.priceDecimals = priceDecimals
        self.checksumResponder = checksumResponder
    }

    /// `EOT ENQ`: ask for record 02.
    public static let weightRequest: [UInt8] = [ASCII.eot, ASCII.enq]
    /// `EOT STX 0 8 ETX`: ask for the status record 09.
    public static let statusRequest: [UInt8] = [ASCII.eot, ASCII.stx, 0x30, 0x38, ASCII.etx]
    /// `EOT`: acknowledges a scale answer.
    public static let acknowledgement: [UInt8] = [ASCII.eot]

    /// Record 01 with a unit price (`EOT STX 0 1 ESC P6 ESC ETX`), or nil when the price does not fit.
    public func unitPriceRecord(_ price: ExactDecimal) -> [UInt8]? {
        guard let digits = ASCII.digits(price, decimals: priceDecimals, width: 6) else { return nil }
        return [ASCII.eot, ASCII.stx] + ASCII.bytes("01") + [ASCII.esc] + ASCII.bytes(digits) + [ASCII.esc, ASCII.etx]
    }

    public func encode(_ request: ScaleRequest) throws(ScaleError) -> [UInt8] {
        switch request {
        case .weigh:
            if let unitPrice {
                guard let record = unitPriceRecord(unitPrice) else {
                    throw ScaleError(.invalidWeight, "Unit price \(unitPrice) does not fit the 6 digits of Dialog 06.")
                }
                return record
            }
            return Self.weightRequest
        case .probe: return Self.statusRequest
        case .zero, .tare:
            throw ScaleError(.unsupportedRequest, "Dialog 06 has no \(request) command; use the scale's keys.")
        }
    }

    public func followUp(after event: ScaleEvent, for request: ScaleRequest) -> [UInt8]? {
        switch event {
        case .acknowledged:
            return request == .weigh && unitPrice != nil ? Self.weightRequest : nil
        case .rejected(let error) where error.code == .rejected:
            return Self.statusRequest
        case .reading, .rejected:
            return Self.acknowledgement
        case .checksumChallenge(let payload):
            guard let answer = checksumResponder?(payload) else { return nil }
            return [ASCII.eot, ASCII.stx] + ASCII.bytes(answer) + [ASCII.etx]
        default:
            return nil
        }
    }

    public var maximumFrameLength: Int { 64 }
    public var resynchronisesInsideInvalidFrames: Bool { true }
    public func canStartFrame(_ byte: UInt8) -> Bool { byte == ASCII.stx || byte == ASCII.ack || byte == ASCII.nak }

    public func parseFrame(_ bytes: ArraySlice<UInt8>) -> FrameParse {
        switch bytes[bytes.startIndex] {
        case ASCII.ack: return .frame(length: 1, events: [.acknowledged])
        case ASCII.nak:
            return .frame(length: 1, events: [.rejected(ScaleError(.rejected, "The Dialog 06 scale answered NAK; its status record says why."))])
        default: break
        }
        guard let etx = bytes.firstIndex(of: ASCII.etx) else { return .needMore }
        let length = etx - bytes.startIndex + 1
        let frame = bytes[bytes.startIndex...etx]
        let fields = bytes[(bytes.startIndex + 1)..<etx].split(separator: ASCII.esc, omittingEmptySubsequences: false).map(Array.init)
        // Built only when a check fails: formatting the bytes for the message costs more than parsing.
        var invalid: FrameParse { .invalid(length: length, reason: .garbled("a Dialog 06 record", frame)) }
        guard let record = fields.first.map(ASCII.text) else { return invalid }
        switch record {
        case "02":
            guard fields.count == 5, fields[1].count == 1, let decimals = fields[1].first.map({ Int($0) - 0x30 }),
                (0...5).contains(decimals), fields[2].count == 5, fields[3].count == 6, fields[4].count == 6,
                fields[2...4].allSatisfy({ $0.allSatisfy(ASCII.isDigit) }),
                let weightMantissa = Int64(ASCII.text(fields[2])),
                let unitPrice = Int64(ASCII.text(fields[3])), let total = Int64(ASCII.text(fields[4]))
            else { return invalid }
            let reading = ScaleReading(
                weight: Weight(ExactDecimal(unchecked: weightMantissa, decimals: decimals), .kilogram),
                status: .stable,
                unitPrice: ExactDecimal(unchecked: unitPrice, decimals: priceDecimals),
                totalPrice: ExactDecimal(unchecked: total, decimals: priceDecimals))
            return .frame(length: length, events: [.reading(reading)])
        case "09":
            guard fields.count == 2, fields[1].count == 2, fields[1].allSatisfy(ASCII.isDigit) else { return invalid }
            return .frame(length: length, events: [Self.statusEvent(ASCII.text(fields[1]))])
        case "10", "11":
            let payload = fields.dropFirst().map(ASCII.text).joined(separator: "\u{1B}")
            guard payload.utf8.allSatisfy({ (0x20...0x7E).contains($0) || $0 == ASCII.esc }) else { return invalid }
            return .frame(length: length, events: [.checksumChallenge(record + "\u{1B}" + payload)])
        default:
            return invalid
        }
    }

    /// The event for a record 09 status code.
    static func statusEvent(_ code: String) -> ScaleEvent {
        switch code {
        case "20": .reading(ScaleReading(weight: nil, status: .motion))
        case "31": .reading(ScaleReading(weight: nil, status: .underZero))
        case "32": .reading(ScaleReading(weight: nil, status: .overload))
        case "30": .rejected(ScaleError(.belowMinimum, "The weight is below the scale's minimum (status 30); add goods or weigh them elsewhere."))
        case "21": .rejected(ScaleError(.scaleFault, "No motion since the last weighing (status 21): lift the goods and place them again."))
        case "11": .rejected(ScaleError(.scaleFault, "The scale refused the unit price (status 11); check the item's price."))
        case "00": .acknowledged
        default: .rejected(ScaleError(.scaleFault, "The Dialog 06 scale reports status \(code); see its manual."))
        }
    }

    /// Record 09 for a reading's status (status code as the simulator sends it).
    static func statusCode(for reading: ScaleReading) -> String {
        switch reading.status {
        case .motion, .unconfirmed: "20"
        case .underZero: "31"
        case .overload: "32"
        case .zero: "30"
        case .stable: (reading.weight?.isNegative ?? true) ? "31" : "00"
        default: "10"
        }
    }

    /// Record 02 for a stable reading, or NAK when the scale would refuse to weigh.
    public func encodeReply(_ reading: ScaleReading) -> [UInt8] {
        let reading = reading.wireForm
        guard reading.status == .stable, let weight = reading.weight,
            let kg = try? weight.converted(to: .kilogram), !kg.isNegative, !kg.isZero,
            let w = ASCII.digits(kg.amount, decimals: 3, width: 5)
        else { return [ASCII.nak] }
        let unit = reading.unitPrice ?? .zero
        let p = ASCII.digits(unit, decimals: priceDecimals, width: 6) ?? "000000"
        let total = reading.totalPrice ?? totalPrice(kg.amount, unit)
        let i = ASCII.digits(total, decimals: priceDecimals, width: 6) ?? "999999"
        return [ASCII.stx] + ASCII.bytes("02") + [ASCII.esc, 0x33, ASCII.esc] + ASCII.bytes(w) + [ASCII.esc]
            + ASCII.bytes(p) + [ASCII.esc] + ASCII.bytes(i) + [ASCII.etx]
    }

    /// Record 09 with a status code.
    static func statusRecord(_ code: String) -> [UInt8] {
        [ASCII.stx] + ASCII.bytes("09") + [ASCII.esc] + ASCII.bytes(code) + [ASCII.etx]
    }

    /// Unit price × weight in kg, rounded half up to the price decimals (what the simulator computes).
    func totalPrice(_ kilograms: ExactDecimal, _ unitPrice: ExactDecimal) -> ExactDecimal {
        let product = Int128(kilograms.mantissa) * Int128(unitPrice.mantissa)
        var decimals = kilograms.decimals + unitPrice.decimals
        var value = product
        while decimals > priceDecimals {
            let remainder = value % 10
            value /= 10
            if decimals == priceDecimals + 1, remainder >= 5 { value += 1 }
            decimals -= 1
        }
        return ExactDecimal(unchecked: Int64(clamping: value), decimals: decimals)
    }
}
