/// CAS indicators and retail scales (NT-200, CI-600, CI-502A, SW-II, PD-II).
///
/// Line: 9600 8N1 by default (set on the indicator).
///
/// **CAS 22-byte frame** (NT-200 manual §14 "CAS & Command Mode Protocol"; CI-600D §10-1), sent
/// continuously or in answer to `WT`:
/// `H1 H1 , H2 H2 , ID LAMP , W W W W W W W W SP U U CR LF` — H1 = `ST` stable / `US` unstable /
/// `OL` overload, H2 = `GS` gross / `NT` net, ID = device number (0x30 + n), LAMP = lamp status byte,
/// 8 weight characters including sign and decimal point, unit `kg`/` g`/`lb`.
///
/// **Command mode** (NT-200 §14): `WT` current weight (answered with a 22-byte frame), `ZE` zero key,
/// `TR` tare key. We send each as ASCII followed by CR LF; the manuals list the command letters but not
/// the terminator, so check it on a new model.
///
/// **ECR mode** (CAS ECR type, as documented for ECR scales in the Ohaus Aviator 7000 service manual
/// §6.1.1): host `ENQ` (0x05) → scale `ACK` (0x06) (or `NAK` 0x15); host `DC1` (0x11) → format 1
/// `SOH STX STA SIGN W4 W3 . W2 W1 W0 U U BCC ETX EOT`; host `DC2` (0x12) → format 2 with total price,
/// weight and unit price blocks. STA = `S` stable / `U` unstable; SIGN = space, `-` negative, `F`
/// overflow. BCC = XOR of the bytes between STX and BCC.
public struct CASProtocol: ScaleProtocol {
    /// How the scale is set up to talk.
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        /// Frames arrive on their own; requests are not sent.
        case continuous
        /// `WT`/`ZE`/`TR` commands answered with 22-byte frames.
        case command
        /// ENQ/ACK then DC1 (weight) or DC2 (weight and price).
        case ecr
    }

    public let name = ScaleProtocolName.cas
    public var lineSettings = LineSettings(unchecked: 9600, 8, .none, 1)
    public var mode: Mode
    /// Decimals of the price fields in DC2 frames.
    public var priceDecimals: Int

    public init(mode: Mode = .command, priceDecimals: Int = 2) {
        self.mode = mode
        self.priceDecimals = priceDecimals
    }

    static let frameLength = 22
    static let ecrWeightLength = 15
    static let ecrPriceLength = 37

    public func encode(_ request: ScaleRequest) throws(ScaleError) -> [UInt8] {
        switch (mode, request) {
        case (.continuous, _): return []
        case (.command, .weigh), (.command, .probe): return ASCII.bytes("WT\r\n")
        case (.command, .zero): return ASCII.bytes("ZE\r\n")
        case (.command, .tare): return ASCII.bytes("TR\r\n")
        case (.ecr, .weigh), (.ecr, .probe): return [ASCII.enq]
        case (.ecr, _):
            throw ScaleError(.unsupportedRequest, "A CAS scale in ECR mode has no \(request) command; use the scale's keys.")
        }
    }

    public func followUp(after event: ScaleEvent, for request: ScaleRequest) -> [UInt8]? {
        if mode == .ecr, event == .acknowledged, request == .weigh || request == .probe { return [ASCII.dc1] }
        return nil
    }

    public var maximumFrameLength: Int { Self.ecrPriceLength }
    public var resynchronisesInsideInvalidFrames: Bool { true }

    public func canStartFrame(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "S"), UInt8(ascii: "U"), UInt8(ascii: "O"), ASCII.soh, ASCII.ack, ASCII.nak: true
        default: false
        }
    }

    public func parseFrame(_ bytes: ArraySlice<UInt8>) -> FrameParse {
        let first = bytes[bytes.startIndex]
        switch first {
        case ASCII.ack: return .frame(length: 1, events: [.acknowledged])
        case ASCII.nak:
            return .frame(length: 1, events: [.rejected(ScaleError(.rejected, "The CAS scale answered NAK: no weight available (empty, moving or out of range)."))])
        case ASCII.soh: return parseECR(bytes)
        default: return parseFrame22(bytes)
        }
    }

    private func parseFrame22(_ bytes: ArraySlice<UInt8>) -> FrameParse {
        let frame = Array(bytes.prefix(Self.frameLength))
        // Reject early on a wrong header so garbage does not hold 22 bytes hostage.
        let header = ASCII.text(frame.prefix(3))
        let headerPrefixes = ["ST,", "US,", "OL,"]
        guard headerPrefixes.contains(where: { $0.hasPrefix(header) || header.hasPrefix($0) }) else {
            return .invalid(length: 1, reason: .garbled("a CAS frame", frame.prefix(3)))
        }
        guard frame.count == Self.frameLength else { return .needMore }
        // Built only when a check fails: formatting the bytes for the message costs more than parsing.
        var invalid: FrameParse { .invalid(length: Self.frameLength, reason: .garbled("a CAS 22-byte frame", frame)) }
        guard frame[2] == 0x2C, frame[5] == 0x2C, frame[8] == 0x2C, frame[20] == ASCII.cr, frame[21] == ASCII.lf
        else { return invalid }
        let h2 = ASCII.text(frame[3...4])
        guard h2 == "GS" || h2 == "NT" else { return invalid }
        let unitText = ASCII.text(frame[17...19])
        guard let unit = WeightUnit(symbol: unitText) else { return invalid }
        let weightText = ASCII.text(frame[9...16])
        let status: WeightStatus
        switch ASCII.text(frame[0...1]) {
        case "ST": status = .stable
        case "US": status = .motion
        default: status = .overload
        }
        let amount = try? ExactDecimal(parsing: weightText)
        if amount == nil && status != .overload { return invalid }
        return .frame(
            length: Self.frameLength,
            events: [.reading(ScaleReading(weight: amount.map { Weight($0, unit) }, status: status, isNet: h2 == "NT"))])
    }

    private func parseECR(_ bytes: ArraySlice<UInt8>) -> FrameParse {
        let frame = Array(bytes.prefix(Self.ecrPriceLength))
        guard frame.count >= 2 else { return .needMore }
        guard frame[1] == ASCII.stx else { return .invalid(length: 1, reason: .garbled("a CAS ECR frame", frame.prefix(2))) }
        guard frame.count >= 3 else { return .needMore }
        let isWeightOnly = frame[2] == UInt8(ascii: "S") || frame[2] == UInt8(ascii: "U")
        let length = isWeightOnly ? Self.ecrWeightLength : Self.ecrPriceLength
        guard frame.count >= length else { return .needMore }
        let body = Array(frame.prefix(length))
        guard body[length - 1] == ASCII.eot else {
            return .invalid(length: length, reason: .garbled("a CAS ECR frame", body))
        }
        if isWeightOnly {
            // SOH STX [STA SIGN W W . W W W U U] BCC ETX EOT
            guard let reading = Self.ecrWeightBlock(body[1..<(length - 1)]) else {
                return .invalid(length: length, reason: Self.bccOrGarbled(body[1..<(length - 1)], body))
            }
            return .frame(length: length, events: [.reading(reading)])
        }
        // SOH [STX P*8 BCC ETX] [STX STA SIGN W*6 U*2 BCC ETX] [STX U*8 BCC ETX] EOT
        let priceBlock = body[1..<12]
        let weightBlock = body[12..<25]
        let unitPriceBlock = body[25..<36]
        guard let total = priceField(priceBlock), var reading = Self.ecrWeightBlock(weightBlock),
            let unitPrice = priceField(unitPriceBlock)
        else {
            return .invalid(length: length, reason: .garbled("a CAS ECR price frame (or its BCC)", body))
        }
        reading.totalPrice = total
        reading.unitPrice = unitPrice
        return .frame(length: length, events: [.reading(reading)])
    }

    /// BCC: XOR of every byte between STX and the BCC byte.
    static func bcc(_ bytes: some Sequence<UInt8>) -> UInt8 { bytes.reduce(0, ^) }

    static func bccOrGarbled(_ block: ArraySlice<UInt8>, _ frame: [UInt8]) -> ScaleError {
        let data = block.dropFirst().dropLast(2)
        if block.count >= 3, bcc(data) != block[block.endIndex - 2] {
            return ScaleError(.checksumMismatch, "A CAS ECR frame failed its block check (BCC); check the cable and line settings.")
        }
        return .garbled("a CAS ECR frame", frame)
    }

    /// `STX STA SIGN W W . W W W U U BCC ETX` (13 bytes).
    static func ecrWeightBlock(_ block: ArraySlice<UInt8>) -> ScaleReading? {
        let b = Array(block)
        guard b.count == 13, b[0] == ASCII.stx, b[12] == ASCII.etx, bcc(b[1...10]) == b[11] else { return nil }
        let sign = b[2]
        guard let unit = WeightUnit(symbol: ASCII.text(b[9...10])) else { return nil }
        if sign == UInt8(ascii: "F") { return ScaleReading(weight: nil, status: .overload) }
        guard sign == ASCII.space || sign == UInt8(ascii: "-"),
            b[3...8].allSatisfy({ ASCII.isDigit($0) || $0 == 0x2E || $0 == ASCII.space }),
            var amount = try? ExactDecimal(parsing: ASCII.text(b[3...8]))
        else { return nil }
        if sign == UInt8(ascii: "-") { amount = ExactDecimal(unchecked: -amount.mantissa, decimals: amount.decimals) }
        let status: WeightStatus
        switch b[1] {
        case UInt8(ascii: "S"): status = amount.isNegative ? .underZero : .stable
        case UInt8(ascii: "U"): status = .motion
        default: return nil
        }
        return ScaleReading(weight: Weight(amount, unit), status: status)
    }

    /// `STX P P P P P P P P BCC ETX` (11 bytes): 8 price characters with a decimal point.
    func priceField(_ block: ArraySlice<UInt8>) -> ExactDecimal? {
        let b = Array(block)
        guard b.count == 11, b[0] == ASCII.stx, b[10] == ASCII.etx, Self.bcc(b[1...8]) == b[9],
            b[1...8].allSatisfy({ ASCII.isDigit($0) || $0 == 0x2E || $0 == ASCII.space })
        else { return nil }
        return try? ExactDecimal(parsing: ASCII.text(b[1...8]))
    }

    public func encodeReply(_ reading: ScaleReading) -> [UInt8] {
        mode == .ecr ? encodeECR(reading) : Self.encodeFrame22(reading)
    }

    /// The 22-byte frame for a reading (device ID 1, lamp byte from the status).
    static func encodeFrame22(_ reading: ScaleReading) -> [UInt8] {
        let reading = reading.wireForm
        let header: String = switch reading.status {
        case .stable, .zero: "ST"
        case .overload: "OL"
        default: "US"
        }
        let unit = reading.weight?.unit ?? .kilogram
        var weightText = reading.weight.map { w -> String in
            (w.isNegative ? "-" : "+") + (ASCII.padded(w.amount.magnitudeDescription, width: 7, pad: "0") ?? "9999999")
        } ?? "+0000000"
        if weightText.count != 8 { weightText = "+9999999" }
        if reading.status == .overload { weightText = "+9999999" }
        var lamp: UInt8 = 0x80
        if reading.status == .stable || reading.status == .zero { lamp |= 0x40 }
        if !reading.isNet { lamp |= 0x04 }
        if reading.status == .zero { lamp |= 0x01 }
        let unitText = unit.symbol.count == 1 ? " " + unit.symbol : unit.symbol
        return ASCII.bytes(header + "," + (reading.isNet ? "NT" : "GS") + ",") + [0x31, lamp, 0x2C]
            + ASCII.bytes(weightText + " " + unitText) + [ASCII.cr, ASCII.lf]
    }

    func encodeECR(_ reading: ScaleReading) -> [UInt8] {
        guard let block = Self.ecrWeightBlockBytes(reading) else { return [ASCII.nak] }
        if let total = reading.totalPrice, let unitPrice = reading.unitPrice,
            let totalBlock = priceBlockBytes(total), let unitBlock = priceBlockBytes(unitPrice)
        {
            return [ASCII.soh] + totalBlock + block + unitBlock + [ASCII.eot]
        }
        return [ASCII.soh] + block + [ASCII.eot]
    }

    static func ecrWeightBlockBytes(_ reading: ScaleReading) -> [UInt8]? {
        let reading = reading.wireForm
        let sta: UInt8 = reading.status == .stable || reading.status == .zero ? 0x53 : 0x55
        var sign = ASCII.space
        var digits = "00.000"
        var unit = "kg"
        if let weight = reading.weight {
            unit = weight.unit.symbol.count == 2 ? weight.unit.symbol : " " + weight.unit.symbol
            guard let text = ASCII.padded(weight.amount.magnitudeDescription, width: 6, pad: "0") else { return nil }
            digits = text
            if weight.isNegative { sign = UInt8(ascii: "-") }
        }
        if reading.status == .overload { sign = UInt8(ascii: "F") }
        let data = [sta, sign] + ASCII.bytes(digits) + ASCII.bytes(unit)
        return [ASCII.stx] + data + [bcc(data), ASCII.etx]
    }

    func priceBlockBytes(_ price: ExactDecimal) -> [UInt8]? {
        guard let text = ASCII.padded(price.description, width: 8) else { return nil }
        let data = ASCII.bytes(text)
        return [ASCII.stx] + data + [Self.bcc(data), ASCII.etx]
    }
}
