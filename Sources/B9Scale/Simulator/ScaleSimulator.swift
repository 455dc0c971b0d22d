/// A scale that speaks one protocol byte for byte: feed it what the host sent, get back what the scale
/// would answer. Pure (no I/O, no clock): the device layer serves it on a pseudo-terminal
/// (`ScaleSimulatorHost` in B9Devices) and tests drive it directly.
///
/// Each weigh request (and each `tick()` of a continuously sending scale) consumes the next script step.
public struct ScaleSimulator: Sendable {
    public let scaleProtocol: any ScaleProtocol
    public private(set) var script: ScaleScript
    private var position = 0
    private var input: [UInt8] = []
    private var echoMode = false
    private var lastStatus = "00"
    private var unitPrice: ExactDecimal?
    /// Whether the scale sends readings on its own (CAS continuous mode, MT-SICS after `SIR`).
    public private(set) var sendsContinuously: Bool

    /// Identity answered to MT-SICS `I4` and `@`.
    public static let serialNumber = "B9SIM0001"

    public init(_ scaleProtocol: any ScaleProtocol, script: ScaleScript) {
        self.scaleProtocol = scaleProtocol
        self.script = script
        self.sendsContinuously = (scaleProtocol as? CASProtocol)?.mode == .continuous
    }

    /// The next script step (the last one repeats).
    public mutating func nextStep() -> ScaleScript.Step {
        let step = script.steps[min(position, script.steps.count - 1)]
        if position < script.steps.count { position += 1 }
        return step
    }

    private static func render(_ step: ScaleScript.Step, _ encode: (ScaleReading) -> [UInt8]) -> [UInt8] {
        switch step {
        case .reading(let reading): encode(reading)
        case .garbage(let bytes): bytes
        case .silence: []
        }
    }

    /// What the scale sends by itself now (continuous protocols); empty otherwise.
    public mutating func tick() -> [UInt8] {
        guard sendsContinuously else { return [] }
        return Self.render(nextStep()) { scaleProtocol.encodeReply($0) }
    }

    /// Consumes bytes from the host and returns the scale's answer (possibly empty).
    public mutating func receive(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        input.append(contentsOf: bytes)
        if input.count > 4096 { input.removeFirst(input.count - 4096) }
        var output: [UInt8] = []
        switch scaleProtocol.name {
        case .toledo8217: output = receiveToledo()
        case .mtSICS:
            while let line = takeLine(terminator: ASCII.lf) { output += answerSICS(line) }
        case .cas: output = receiveCAS()
        case .dialog06: output = receiveDialog06()
        case .averyBerkel:
            while let line = takeLine(terminator: ASCII.cr) { output += answerAvery(line) }
        case .adam:
            while let line = takeLine(terminator: ASCII.lf) { output += answerAdam(line) }
        default:
            while let line = takeLine(terminator: ASCII.cr) { output += answerMagellan(line) }
        }
        return output
    }

    /// Removes and returns the next line (without CR/LF), or nil when no terminator has arrived.
    private mutating func takeLine(terminator: UInt8) -> String? {
        guard let end = input.firstIndex(of: terminator) else { return nil }
        let line = input[..<end].filter { $0 != ASCII.cr && $0 != ASCII.lf }
        input.removeFirst(end + 1)
        return ASCII.text(line)
    }

    // MARK: Toledo 8217

    private mutating func receiveToledo() -> [UInt8] {
        var output: [UInt8] = []
        let bytes = input
        input.removeAll()
        for raw in bytes {
            let byte = raw & 0x7F
            if echoMode {
                if byte == 0x46 {
                    echoMode = false
                    output += [ASCII.stx, 0x46, ASCII.cr]
                } else {
                    output.append(byte)
                }
                continue
            }
            switch byte {
            case 0x57: output += Self.render(nextStep()) { scaleProtocol.encodeReply($0) }
            case 0x5A, 0x54: output += [ASCII.stx, UInt8(ascii: "?"), Toledo8217Protocol.statusByte(for: currentReading()), ASCII.cr]
            case 0x45:
                echoMode = true
                output += [ASCII.stx, 0x45, ASCII.cr]
            case 0x46: output += [ASCII.stx, 0x46, ASCII.cr]
            case ASCII.cr, ASCII.lf: break
            default: output += [ASCII.stx, UInt8(ascii: "?"), 0x40, ASCII.cr]
            }
        }
        return output
    }

    /// The reading of the current step without consuming it (for status answers to zero/tare).
    private func currentReading() -> ScaleReading {
        let index = min(position, script.steps.count - 1)
        if case .reading(let reading) = script.steps[index] { return reading }
        return ScaleReading(weight: nil, status: .stable)
    }

    // MARK: MT-SICS

    private mutating func answerSICS(_ line: String) -> [UInt8] {
        let sics = MTSICSProtocol()
        func reply(_ text: String) -> [UInt8] { ASCII.bytes(text) + MTSICSProtocol.terminator }
        switch line {
        case "S", "SI":
            return Self.render(nextStep()) { reading in
                // `S` waits for stability; a moving reading is answered by SI only, so S reports it as busy.
                if line == "S", reading.status == .motion { return reply("S I") }
                return sics.encodeReply(reading)
            }
        case "SIR", "SR":
            sendsContinuously = true
            return Self.render(nextStep()) { sics.encodeReply($0) }
        case "Z": return reply(currentReading().status == .motion ? "Z I" : "Z A")
        case "T":
            let reading = currentReading()
            guard reading.status == .stable, let weight = reading.weight,
                let text = ASCII.padded(weight.amount.description, width: 10)
            else { return reply("T I") }
            return reply("T S \(text) \(weight.unit.symbol)")
        case "@", "I4": return reply("I4 A \"\(Self.serialNumber)\"")
        case "I2": return reply("I2 A \"B9 simulated scale 15.000 kg\"")
        default: return reply("ES")
        }
    }

    // MARK: CAS

    private mutating func receiveCAS() -> [UInt8] {
        var output: [UInt8] = []
        let cas = (scaleProtocol as? CASProtocol) ?? CASProtocol()
        while let first = input.first {
            switch first {
            case ASCII.enq:
                input.removeFirst()
                output.append(ASCII.ack)
            case ASCII.dc1, ASCII.dc2:
                input.removeFirst()
                let ecr = CASProtocol(mode: .ecr, priceDecimals: cas.priceDecimals)
                output += Self.render(nextStep()) { ecr.encodeReply($0) }
            default:
                guard let line = takeLine(terminator: ASCII.lf) else { return output }
                switch line {
                case "WT": output += Self.render(nextStep()) { CASProtocol.encodeFrame22($0) }
                case "ZE", "TR": output += CASProtocol.encodeFrame22(currentReading())
                default: break
                }
            }
        }
        return output
    }

    // MARK: Dialog 06

    private mutating func receiveDialog06() -> [UInt8] {
        var output: [UInt8] = []
        let dialog = (scaleProtocol as? Dialog06Protocol) ?? Dialog06Protocol()
        while let eot = input.firstIndex(of: ASCII.eot) {
            input.removeFirst(eot)
            guard input.count >= 2 else { return output }
            switch input[1] {
            case ASCII.enq:
                input.removeFirst(2)
                output += Self.render(nextStep()) { reading in
                    var priced = reading
                    priced.unitPrice = unitPrice
                    let reply = dialog.encodeReply(priced)
                    lastStatus = reply == [ASCII.nak] ? Dialog06Protocol.statusCode(for: reading) : "00"
                    return reply
                }
            case ASCII.stx:
                guard let etx = input.firstIndex(of: ASCII.etx) else { return output }
                let record = Array(input[2..<etx])
                input.removeFirst(etx + 1)
                let fields = record.split(separator: ASCII.esc, omittingEmptySubsequences: false).map { ASCII.text($0) }
                switch fields.first {
                case "01", "03", "04", "05":
                    if fields.count >= 2, fields[1].count == 6, let value = Int64(fields[1]) {
                        unitPrice = ExactDecimal(unchecked: value, decimals: dialog.priceDecimals)
                        output.append(ASCII.ack)
                    } else {
                        lastStatus = "11"
                        output.append(ASCII.nak)
                    }
                case "08": output += Dialog06Protocol.statusRecord(lastStatus)
                default: output.append(ASCII.nak)
                }
            default:
                // A lone EOT acknowledges our last answer.
                input.removeFirst()
            }
        }
        input.removeAll()
        return output
    }

    // MARK: Avery Berkel, Adam, Magellan

    private mutating func answerAvery(_ line: String) -> [UInt8] {
        let avery = AveryBerkelProtocol()
        switch line {
        case "W": return Self.render(nextStep()) { avery.encodeReply($0) }
        case "S", "Z", "T":
            return [ASCII.lf, UInt8(ascii: "S")] + AveryBerkelProtocol.statusBytes(currentReading()) + [ASCII.cr, ASCII.etx]
        default: return [ASCII.lf, UInt8(ascii: "?"), ASCII.cr, ASCII.etx]
        }
    }

    private mutating func answerAdam(_ line: String) -> [UInt8] {
        switch line {
        case "P": return Self.render(nextStep()) { AdamProtocol().encodeReply($0) }
        default: return []
        }
    }

    private mutating func answerMagellan(_ line: String) -> [UInt8] {
        let magellan = MagellanProtocol()
        switch line {
        case "S14": return Self.render(nextStep()) { magellan.encodeReply($0) }
        case "S11":
            return Self.render(nextStep()) { reading in
                let reply = magellan.encodeReply(reading)
                guard reply.count > 5, reading.status == .stable else { return [] }
                return ASCII.bytes("S11") + reply.dropFirst(4)
            }
        default: return []
        }
    }
}
