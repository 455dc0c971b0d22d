/// Datalogic Magellan scanner-scales in SCC (single-cable) RS-232 mode (Magellan 8x00/9x00).
///
/// Line: 9600 baud, 7 data bits, odd parity, 1 stop bit (CORE-POS Magellan driver; set on the scanner).
/// Frames begin `S` and end CR (the default SCC prefix and suffix; Datalogic knowledge-base article
/// KA-01089 "Magellan scale communication"):
/// - weigh: `S11 CR` → `S11 <weight> CR` only when stable (no answer otherwise);
/// - monitor: `S14 CR` (our weigh and probe) → `S14 <status> [<weight>] CR`: `S140` cannot find zero,
///   `S141` unstable, `S142` over capacity, `S143` stable zero, `S144<weight>` stable non-zero, `S145` under zero;
/// - weight digits have no decimal point: 4 digits = hundredths of a pound, 5 digits = thousandths of a kilogram;
/// - barcodes arrive as `S08 <symbology> <data> CR`: `A` UPC-A, `E` UPC-E, `F` EAN-13, `FF` EAN-8,
///   `B1` Code 39, `B2` Interleaved 2 of 5, `B3` Code 128, `R4` GS1 DataBar, …
/// Zero and tare are done at the scanner-scale itself (no SCC host command is documented for them).
public struct MagellanProtocol: ScaleProtocol {
    public let name = ScaleProtocolName.magellan
    public var lineSettings = LineSettings(unchecked: 9600, 7, .odd, 1)

    public init() {}

    public func encode(_ request: ScaleRequest) throws(ScaleError) -> [UInt8] {
        switch request {
        case .weigh, .probe: ASCII.bytes("S14\r")
        case .zero, .tare:
            throw ScaleError(.unsupportedRequest, "The Magellan scanner-scale has no host \(request) command; use its zero button.")
        }
    }

    public var maximumFrameLength: Int { 128 }
    public func canStartFrame(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "S") }

    public func parseFrame(_ bytes: ArraySlice<UInt8>) -> FrameParse {
        guard let cr = bytes.firstIndex(of: ASCII.cr) else { return .needMore }
        let length = cr - bytes.startIndex + 1
        let frame = bytes[bytes.startIndex...cr]
        // Built only when a check fails: formatting the bytes for the message costs more than parsing.
        var invalid: FrameParse { .invalid(length: length, reason: .garbled("a Magellan SCC frame", frame)) }
        let body = Array(bytes[(bytes.startIndex)..<cr])
        guard body.count >= 3, body.allSatisfy({ (0x20...0x7E).contains($0) }) else { return invalid }
        let text = ASCII.text(body)
        let command = text.prefix(3)
        let rest = text.dropFirst(3)
        switch command {
        case "S11":
            guard let weight = Self.weight(rest) else { return invalid }
            return .frame(length: length, events: [.reading(ScaleReading(weight: weight, status: weight.isZero ? .zero : .stable))])
        case "S14":
            guard let status = rest.first else { return invalid }
            let digits = rest.dropFirst()
            let reading: ScaleReading
            switch status {
            case "0": reading = ScaleReading(weight: nil, status: .error)
            case "1": reading = ScaleReading(weight: nil, status: .motion)
            case "2": reading = ScaleReading(weight: nil, status: .overload)
            case "3": reading = ScaleReading(weight: nil, status: .zero)
            case "4":
                guard let weight = Self.weight(digits) else { return invalid }
                reading = ScaleReading(weight: weight, status: .stable)
            case "5": reading = ScaleReading(weight: nil, status: .underZero)
            default: return invalid
            }
            guard status == "4" || digits.isEmpty else { return invalid }
            return .frame(length: length, events: [.reading(reading)])
        case "S08":
            var symbology = String(rest.prefix(1))
            var data = rest.dropFirst()
            if symbology == "F", data.first == "F" {
                symbology = "FF"
                data = data.dropFirst()
            } else if symbology == "B" || symbology == "R", let next = data.first, next.isNumber {
                symbology.append(next)
                data = data.dropFirst()
            }
            guard !symbology.isEmpty, !data.isEmpty else { return invalid }
            return .frame(length: length, events: [.barcode(symbology: symbology, data: String(data))])
        default:
            return invalid
        }
    }

    static func weight(_ digits: Substring) -> Weight? {
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(digits) else { return nil }
        switch digits.count {
        case 4: return Weight(ExactDecimal(unchecked: value, decimals: 2), .pound)
        case 5: return Weight(ExactDecimal(unchecked: value, decimals: 3), .kilogram)
        default: return nil
        }
    }

    public func encodeReply(_ reading: ScaleReading) -> [UInt8] {
        let reading = reading.wireForm
        let status: String
        switch reading.status {
        case .stable:
            if let weight = reading.weight, !weight.isNegative {
                if weight.isZero { status = "3"; break }
                let pounds = weight.unit == .pound || weight.unit == .ounce
                let target: WeightUnit = pounds ? .pound : .kilogram
                if let converted = try? weight.converted(to: target),
                    let digits = ASCII.digits(converted.amount, decimals: pounds ? 2 : 3, width: pounds ? 4 : 5)
                {
                    return ASCII.bytes("S144" + digits + "\r")
                }
                status = "2"
            } else {
                status = "5"
            }
        case .zero: status = "3"
        case .overload: status = "2"
        case .underZero: status = "5"
        case .error: status = "0"
        default: status = "1"
        }
        return ASCII.bytes("S14" + status + "\r")
    }

    /// A barcode frame as the scanner sends it: `S08` + symbology + data + CR.
    public static func barcodeFrame(symbology: String, data: String) -> [UInt8] {
        ASCII.bytes("S08" + symbology + data + "\r")
    }
}
