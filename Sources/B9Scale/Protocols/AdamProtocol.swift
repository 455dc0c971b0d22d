/// Adam Equipment bench and counting scales (CBK, GBK, AZextra, Highland, CPWplus).
///
/// Line: 4800 baud, 8 data bits, no parity, 1 stop bit (the default of most Adam scales; Odoo's Adam
/// driver uses the same). Commands are upper-case letters followed by CR LF (Adam CPWplus manual, "Input
/// commands format"): `P` prints the displayed weight (our weigh and probe), `T` tares, `Z` zeroes.
///
/// A print line ends CR LF. Scales set to a "stability header" format prefix it with `ST,` (stable),
/// `US,` (unstable) or `OL,` (overload) and optionally `GS,`/`NT,` (gross/net), e.g.
/// `ST,GS,+    1.234 kg`; the plain format (Highland manual "Format 2": sign, weight, space, unit) carries no
/// stability, so such a reading is `unconfirmed` unless `plainLinesAreStable` says the scale only prints
/// when stable (Adam "print on stable" setting).
public struct AdamProtocol: ScaleProtocol {
    public let name = ScaleProtocolName.adam
    public var lineSettings = LineSettings(unchecked: 4800, 8, .none, 1)
    /// Treat lines without a stability header as stable (only when the scale is set to print stable weights).
    public var plainLinesAreStable: Bool

    public init(plainLinesAreStable: Bool = false) { self.plainLinesAreStable = plainLinesAreStable }

    public func encode(_ request: ScaleRequest) throws(ScaleError) -> [UInt8] {
        switch request {
        case .weigh, .probe: ASCII.bytes("P\r\n")
        case .zero: ASCII.bytes("Z\r\n")
        case .tare: ASCII.bytes("T\r\n")
        }
    }

    public var maximumFrameLength: Int { 64 }
    public func canStartFrame(_ byte: UInt8) -> Bool {
        (0x20...0x7E).contains(byte)
    }

    public func parseFrame(_ bytes: ArraySlice<UInt8>) -> FrameParse {
        // A byte that cannot be in a print line ends the garbage there, whether or not the LF has arrived
        // (the same decision for any chunking of the input).
        let lineEnd = bytes.firstIndex(of: ASCII.lf) ?? bytes.endIndex
        if let bad = bytes[..<lineEnd].firstIndex(where: { !(0x20...0x7E).contains($0) && $0 != ASCII.cr }) {
            return .invalid(length: bad - bytes.startIndex + 1, reason: .garbled("an Adam print line", bytes[...bad]))
        }
        guard let lf = bytes.firstIndex(of: ASCII.lf) else { return .needMore }
        let length = lf - bytes.startIndex + 1
        let frame = bytes[bytes.startIndex...lf]
        var line = bytes[bytes.startIndex..<lf]
        if line.last == ASCII.cr { line = line.dropLast() }
        // Built only when a check fails: formatting the bytes for the message costs more than parsing.
        var invalid: FrameParse { .invalid(length: length, reason: .garbled("an Adam print line", frame)) }
        guard line.allSatisfy({ (0x20...0x7E).contains($0) }) else { return invalid }
        var text = Substring(ASCII.text(line))
        var status: WeightStatus = plainLinesAreStable ? .stable : .unconfirmed
        var isNet = false
        if let header = text.prefix(3).uppercased() as String?, ["ST,", "US,", "OL,"].contains(header) {
            status = header == "ST," ? .stable : (header == "US," ? .motion : .overload)
            text = text.dropFirst(3)
            let second = text.prefix(3).uppercased()
            if ["GS,", "NT,", "GW,", "NW,"].contains(second) {
                isNet = second.hasPrefix("N")
                text = text.dropFirst(3)
            }
        }
        let trimmed = text.trimmingSpaces
        guard let unitStart = trimmed.lastIndex(where: { $0.isNumber || $0 == "." }).map(trimmed.index(after:)) else {
            // A header with dashes or carets instead of digits: a status without a weight.
            guard status != .unconfirmed, status != .stable, trimmed.contains(where: { $0 == "-" || $0 == "^" || $0 == "_" })
            else { return invalid }
            return .frame(length: length, events: [.reading(ScaleReading(weight: nil, status: status, isNet: isNet))])
        }
        guard let unit = WeightUnit(symbol: trimmed[unitStart...].trimmingSpaces),
            let amount = try? ExactDecimal(parsing: trimmed[..<unitStart])
        else { return invalid }
        if amount.isNegative, status == .stable { status = .underZero }
        return .frame(length: length, events: [.reading(ScaleReading(weight: Weight(amount, unit), status: status, isNet: isNet))])
    }

    public func encodeReply(_ reading: ScaleReading) -> [UInt8] {
        let reading = reading.wireForm
        let header: String = switch reading.status {
        case .stable, .zero: "ST,"
        case .overload: "OL,"
        default: "US,"
        }
        let weightText: String
        if let weight = reading.weight, reading.status != .overload {
            let sign = weight.isNegative ? "-" : "+"
            weightText = sign + (ASCII.padded(weight.amount.magnitudeDescription, width: 9) ?? weight.amount.magnitudeDescription)
                + " " + weight.unit.symbol
        } else {
            weightText = reading.status == .underZero ? "-    -----" : "+    -----"
        }
        return ASCII.bytes(header + (reading.isNet ? "NT," : "GS,") + weightText + "\r\n")
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces.
    var trimmingSpaces: Substring {
        let s = self[...]
        guard let first = s.firstIndex(where: { $0 != " " }), let last = s.lastIndex(where: { $0 != " " }) else {
            return Substring("")
        }
        return Substring(s[first...last])
    }
}
