/// METTLER TOLEDO Standard Interface Command Set (MT-SICS), levels 0 and 1.
///
/// Line: 9600 8N1 by default (configurable on the balance). Commands and replies are ASCII lines ending
/// CR LF (0x0D 0x0A); fields are separated by spaces (MT-SICS Reference Manual, "Command formats"):
/// - weigh: `S` → `S S <value> <unit>` stable, `S D <value> <unit>` dynamic (moving), `S I` not executable,
///   `S +` overload, `S -` underload; `SI` (immediate) and `SIR` (repeat) answer with the same lines;
/// - zero: `Z` → `Z A` done, `Z I`, `Z +`, `Z -`;
/// - tare: `T` → `T S <tare> <unit>` done, `T I`, `T +`, `T -`;
/// - probe: `I4` → `I4 A "<serial number>"` (harmless; `@` would also answer I4 but cancels tare);
/// - `I2` → `I2 A "<type and capacity>"`;
/// - errors for any command: `ES` syntax, `ET` transmission, `EL` logical.
public struct MTSICSProtocol: ScaleProtocol {
    public let name = ScaleProtocolName.mtSICS
    public var lineSettings = LineSettings(unchecked: 9600, 8, .none, 1)
    /// Whether `weigh` asks for the next stable weight (`S`) or the immediate one (`SI`).
    public var weighCommand: String

    public init(weighCommand: String = "S") { self.weighCommand = weighCommand }

    static let terminator: [UInt8] = [ASCII.cr, ASCII.lf]

    public func encode(_ request: ScaleRequest) throws(ScaleError) -> [UInt8] {
        let command = switch request {
        case .weigh: weighCommand
        case .zero: "Z"
        case .tare: "T"
        case .probe: "I4"
        }
        return ASCII.bytes(command) + Self.terminator
    }

    /// The bytes of any MT-SICS command line, e.g. `SIR`, `I2`, `@`.
    public static func command(_ text: String) -> [UInt8] { ASCII.bytes(text) + terminator }

    public var maximumFrameLength: Int { 128 }
    public func canStartFrame(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || byte == UInt8(ascii: "@")
    }

    public func parseFrame(_ bytes: ArraySlice<UInt8>) -> FrameParse {
        guard let lf = bytes.firstIndex(of: ASCII.lf) else { return .needMore }
        let length = lf - bytes.startIndex + 1
        var line = bytes[bytes.startIndex..<lf]
        if line.last == ASCII.cr { line = line.dropLast() }
        let frame = bytes[bytes.startIndex...lf]
        guard line.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            return .invalid(length: length, reason: .garbled("an MT-SICS reply line", frame))
        }
        let text = ASCII.text(line)
        guard let event = Self.event(forLine: text) else {
            return .invalid(length: length, reason: .garbled("an MT-SICS reply line", frame))
        }
        return .frame(length: length, events: [event])
    }

    static func event(forLine text: String) -> ScaleEvent? {
        let fields = text.split(separator: " ", omittingEmptySubsequences: true)
        guard let command = fields.first else { return nil }
        if fields.count == 1 {
            switch command {
            case "ES": return .rejected(ScaleError(.rejected, "The balance did not recognise the command (ES)."))
            case "ET": return .rejected(ScaleError(.rejected, "The balance received a garbled command (ET); check the line settings."))
            case "EL": return .rejected(ScaleError(.rejected, "The balance could not execute the command (EL)."))
            default: return nil
            }
        }
        let status = fields[1]
        switch command {
        case "S", "SI", "SIR", "SR":
            switch status {
            case "S", "D":
                guard fields.count == 4, let unit = WeightUnit(symbol: fields[3]),
                    let amount = try? ExactDecimal(parsing: fields[2])
                else { return nil }
                return .reading(ScaleReading(weight: Weight(amount, unit), status: status == "S" ? .stable : .motion))
            case "I":
                return fields.count == 2
                    ? .rejected(ScaleError(.notStable, "The balance could not give a stable weight (S I): it is still moving, or busy zeroing or taring.")) : nil
            case "+": return fields.count == 2 ? .reading(ScaleReading(weight: nil, status: .overload)) : nil
            case "-": return fields.count == 2 ? .reading(ScaleReading(weight: nil, status: .underZero)) : nil
            default: return nil
            }
        case "Z", "T", "TA", "ZI":
            switch status {
            case "A", "S", "D": return .acknowledged
            case "I": return .rejected(ScaleError(.rejected, "The balance could not \(command == "T" ? "tare" : "zero") now (\(command) I); wait until it is stable."))
            case "+": return .rejected(ScaleError(.overload, "The balance is over capacity; \(command == "T" ? "tare" : "zero") refused."))
            case "-": return .rejected(ScaleError(.underZero, "The balance is under zero; \(command == "T" ? "tare" : "zero") refused."))
            default: return nil
            }
        case "I0", "I1", "I2", "I3", "I4", "I5", "I10", "I11", "I14":
            guard status == "A" || status == "B" else {
                return status == "I" ? .rejected(ScaleError(.rejected, "The balance cannot answer \(command) now.")) : nil
            }
            guard let open = text.firstIndex(of: "\"") else { return .identity(String(text)) }
            let value = text[text.index(after: open)...].split(separator: "\"", omittingEmptySubsequences: false).first ?? ""
            return .identity("\(command) \(value)")
        default:
            return nil
        }
    }

    public func encodeReply(_ reading: ScaleReading) -> [UInt8] {
        let reading = reading.wireForm
        let line: String
        switch reading.status {
        case .overload: line = "S +"
        case .underZero: line = "S -"
        case .error: line = "S I"
        default:
            if let weight = reading.weight, let value = ASCII.padded(weight.amount.description, width: 10) {
                line = "S \(reading.status == .motion || reading.status == .unconfirmed ? "D" : "S") \(value) \(weight.unit.symbol)"
            } else {
                line = "S I"
            }
        }
        return ASCII.bytes(line) + Self.terminator
    }
}
