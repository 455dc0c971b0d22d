import B9Scale
import Testing

/// What a fixture frame must decode to (messages are for people; tests compare codes and values).
enum Expected: Sendable, CustomTestStringConvertible {
    case reading(Weight?, WeightStatus, net: Bool = false)
    case acknowledged
    case rejected(ScaleError.Code)
    case identity(String)
    case barcode(String, String)
    case challenge
    case skipped(ScaleError.Code)

    var testDescription: String { "\(self)" }

    func matches(_ event: ScaleEvent) -> Bool {
        switch (self, event) {
        case (.reading(let weight, let status, let net), .reading(let reading)):
            // Compare the amount exactly as sent (decimals included), not just the mass.
            return reading.weight?.description == weight?.description && reading.status == status && reading.isNet == net
        case (.acknowledged, .acknowledged): return true
        case (.rejected(let code), .rejected(let error)): return error.code == code
        case (.identity(let text), .identity(let other)): return text == other
        case (.barcode(let s, let d), .barcode(let s2, let d2)): return s == s2 && d == d2
        case (.challenge, .checksumChallenge): return true
        case (.skipped(let code), .skipped(let error)): return error.code == code
        default: return false
        }
    }
}

func check(_ scaleProtocol: any ScaleProtocol, _ fixture: String, _ expected: Expected) {
    let events = decodeAll(scaleProtocol, hex(fixture))
    #expect(events.count == 1, "\(fixture) gave \(events)")
    if let event = events.first {
        #expect(expected.matches(event), "\(fixture) gave \(event)")
    }
}

@Suite struct ProtocolFixtureTests {
    // Frames as in the METTLER TOLEDO DIVA / 8217 host-interface tables.
    @Test(arguments: [
        ("02 30 31 2E 32 33 34 0D", Expected.reading(weight("1.234", .kilogram), .stable)),
        ("02 30 32 2E 35 30 4E 0D", .reading(weight("2.50", .pound), .stable, net: true)),
        ("02 3F 41 0D", .reading(nil, .motion)),
        ("02 3F 42 0D", .reading(nil, .overload)),
        ("02 3F 44 0D", .reading(nil, .underZero)),
        ("02 3F 48 0D", .reading(nil, .error)),
        ("02 3F 50 0D", .reading(nil, .zero)),
        ("02 45 0D", .identity("8217 echo mode")),
        ("02 46 0D", .acknowledged),
        // Same weight frame received with the even-parity bit still set (a port opened 8N1 by mistake).
        ("82 30 B1 2E B2 33 B4 8D", .reading(weight("1.234", .kilogram), .stable)),
    ])
    func toledo8217(fixture: String, expected: Expected) {
        check(Toledo8217Protocol(), fixture, expected)
    }

    @Test func toledo8217Requests() throws {
        let toledo = Toledo8217Protocol()
        #expect(try toledo.encode(.weigh) == hex("57"))
        #expect(try toledo.encode(.zero) == hex("5A"))
        #expect(try toledo.encode(.probe) == hex("45"))
        #expect(toledo.followUp(after: .identity("8217 echo mode"), for: .probe) == hex("46"))
        #expect(toledo.lineSettings.description == "9600 7E1")
    }

    // Replies as in the MT-SICS reference manual (level 0/1).
    @Test(arguments: [
        ("53 20 53 20 20 20 20 20 20 31 2E 32 33 34 20 6B 67 0D 0A", Expected.reading(weight("1.234", .kilogram), .stable)),
        ("53 20 44 20 20 20 20 20 20 30 2E 35 31 32 20 6B 67 0D 0A", .reading(weight("0.512", .kilogram), .motion)),
        ("53 20 53 20 20 20 20 20 31 30 30 2E 30 30 20 67 0D 0A", .reading(weight("100.00", .gram), .stable)),
        ("53 20 49 0D 0A", .rejected(.notStable)),
        ("53 20 2B 0D 0A", .reading(nil, .overload)),
        ("53 20 2D 0D 0A", .reading(nil, .underZero)),
        ("5A 20 41 0D 0A", .acknowledged),
        ("5A 20 49 0D 0A", .rejected(.rejected)),
        ("54 20 53 20 20 20 20 20 20 30 2E 31 35 30 20 6B 67 0D 0A", .acknowledged),
        ("49 34 20 41 20 22 30 31 32 33 34 35 36 37 38 39 22 0D 0A", .identity("I4 0123456789")),
        ("45 53 0D 0A", .rejected(.rejected)),
        ("53 20 51 20 31 0D 0A", .skipped(.garbledFrame)),
    ])
    func mtSICS(fixture: String, expected: Expected) {
        check(MTSICSProtocol(), fixture, expected)
    }

    @Test func mtSICSRequests() throws {
        let sics = MTSICSProtocol()
        #expect(try sics.encode(.weigh) == hex("53 0D 0A"))
        #expect(try sics.encode(.zero) == hex("5A 0D 0A"))
        #expect(try sics.encode(.tare) == hex("54 0D 0A"))
        #expect(try sics.encode(.probe) == hex("49 34 0D 0A"))
        #expect(MTSICSProtocol.command("SIR") == hex("53 49 52 0D 0A"))
    }

    // CAS 22-byte frames (NT-200 §14) and ECR frames with BCC.
    @Test(arguments: [
        ("53 54 2C 47 53 2C 31 44 2C 2B 30 30 31 2E 32 33 34 20 6B 67 0D 0A", Expected.reading(weight("1.234", .kilogram), .stable)),
        ("55 53 2C 4E 54 2C 31 44 2C 2B 30 30 30 2E 35 31 32 20 6B 67 0D 0A", .reading(weight("0.512", .kilogram), .motion, net: true)),
        ("4F 4C 2C 47 53 2C 31 44 2C 2B 39 39 39 39 39 39 39 20 6B 67 0D 0A", .reading(weight("9999999", .kilogram), .overload)),
        ("01 02 53 20 30 31 2E 32 33 34 6B 67 65 03 04", .reading(weight("1.234", .kilogram), .stable)),
        ("06", .acknowledged),
        ("15", .rejected(.rejected)),
        ("01 02 53 20 30 31 2E 32 33 34 6B 67 64 03 04", .skipped(.checksumMismatch)),
    ])
    func cas(fixture: String, expected: Expected) {
        check(CASProtocol(), fixture, expected)
    }

    @Test func casPriceFrame() throws {
        let events = decodeAll(CASProtocol(), hex(
            "01 02 20 20 20 20 37 2E 33 39 13 03 02 53 20 30 31 2E 32 33 34 6B 67 65 03 02 20 20 20 20 35 2E 39 39 1B 03 04"))
        let decoded = try #require(reading(events.first))
        #expect(events.count == 1)
        #expect(decoded.weight?.description == "1.234 kg")
        #expect(decoded.totalPrice == decimal("7.39"))
        #expect(decoded.unitPrice == decimal("5.99"))
    }

    @Test func casRequests() throws {
        #expect(try CASProtocol(mode: .command).encode(.weigh) == hex("57 54 0D 0A"))
        #expect(try CASProtocol(mode: .command).encode(.zero) == hex("5A 45 0D 0A"))
        #expect(try CASProtocol(mode: .command).encode(.tare) == hex("54 52 0D 0A"))
        let ecr = CASProtocol(mode: .ecr)
        #expect(try ecr.encode(.weigh) == hex("05"))
        #expect(ecr.followUp(after: .acknowledged, for: .weigh) == hex("11"))
        #expect(throws: ScaleError.self) { try ecr.encode(.tare) }
        #expect(try CASProtocol(mode: .continuous).encode(.weigh).isEmpty)
    }

    // Dialog 06 records (Cely PI100 §7.5, Dibal DPOS400 §4.39).
    @Test(arguments: [
        ("02 30 39 1B 32 30 03", Expected.reading(nil, .motion)),
        ("02 30 39 1B 33 32 03", .reading(nil, .overload)),
        ("02 30 39 1B 33 31 03", .reading(nil, .underZero)),
        ("02 30 39 1B 31 31 03", .rejected(.scaleFault)),
        ("02 30 39 1B 33 30 03", .rejected(.belowMinimum)),
        ("06", .acknowledged),
        ("15", .rejected(.rejected)),
        ("02 31 31 1B 31 32 33 34 35 03", .challenge),
        ("02 30 32 1B 33 1B 30 31 32 33 1B 30 30 30 35 39 39 1B 30 30 30 37 33 39 03", .skipped(.garbledFrame)),
    ])
    func dialog06(fixture: String, expected: Expected) {
        check(Dialog06Protocol(), fixture, expected)
    }

    @Test func dialog06WeightRecord() throws {
        let events = decodeAll(Dialog06Protocol(), hex("02 30 32 1B 33 1B 30 31 32 33 34 1B 30 30 30 35 39 39 1B 30 30 30 37 33 39 03"))
        let decoded = try #require(reading(events.first))
        #expect(decoded.weight?.description == "1.234 kg")
        #expect(decoded.status == .stable)
        #expect(decoded.unitPrice == decimal("5.99"))
        #expect(decoded.totalPrice == decimal("7.39"))
    }

    @Test func dialog06Conversation() throws {
        let dialog = Dialog06Protocol(unitPrice: decimal("5.99"))
        // Record 01 with the unit price, then EOT ENQ after the ACK, EOT after the answer.
        #expect(try dialog.encode(.weigh) == hex("04 02 30 31 1B 30 30 30 35 39 39 1B 03"))
        #expect(dialog.followUp(after: .acknowledged, for: .weigh) == hex("04 05"))
        let nak = decodeAll(dialog, hex("15"))[0]
        #expect(dialog.followUp(after: nak, for: .weigh) == hex("04 02 30 38 03"))
        let motion = decodeAll(dialog, hex("02 30 39 1B 32 30 03"))[0]
        #expect(dialog.followUp(after: motion, for: .weigh) == hex("04"))
        #expect(try Dialog06Protocol().encode(.weigh) == hex("04 05"))
        #expect(throws: ScaleError.self) { try dialog.encode(.tare) }
        #expect(dialog.lineSettings.description == "9600 7O1")
    }

    @Test func dialog06ChallengeIsAnsweredOnlyWithASecret() {
        let challenge = decodeAll(Dialog06Protocol(), hex("02 31 31 1B 31 32 33 34 35 03"))[0]
        #expect(Dialog06Protocol().followUp(after: challenge, for: .weigh) == nil)
        let withSecret = Dialog06Protocol(checksumResponder: { payload in payload.hasSuffix("12345") ? "10\u{1B}ABCD" : nil })
        #expect(withSecret.followUp(after: challenge, for: .weigh) == hex("04 02 31 30 1B 41 42 43 44 03"))
    }

    // NCI-style replies (Avery Weigh-Tronix 7821 §6.3, Brecknell 67xxU table 7.3).
    @Test(arguments: [
        ("0A 30 31 2E 32 33 34 4B 47 0D 0A 53 30 30 0D 03", Expected.reading(weight("1.234", .kilogram), .stable)),
        ("0A 53 31 30 0D 03", .reading(nil, .motion)),
        ("0A 53 30 32 0D 03", .reading(nil, .overload)),
        ("0A 53 30 31 0D 03", .reading(nil, .underZero)),
        ("0A 53 32 30 0D 03", .reading(nil, .zero)),
        ("0A 3F 0D 03", .rejected(.rejected)),
        ("0A 30 31 2E 32 33 34 4B 47 0D 0A 53 30 70 34 0D 03", .reading(weight("1.234", .kilogram), .stable, net: true)),
    ])
    func averyBerkel(fixture: String, expected: Expected) {
        check(AveryBerkelProtocol(), fixture, expected)
    }

    @Test(arguments: [
        ("53 54 2C 47 53 2C 2B 20 20 20 20 31 2E 32 33 34 20 6B 67 0D 0A", Expected.reading(weight("1.234", .kilogram), .stable)),
        ("55 53 2C 47 53 2C 2B 20 20 20 20 30 2E 35 30 30 20 6B 67 0D 0A", .reading(weight("0.500", .kilogram), .motion)),
        ("4F 4C 2C 47 53 2C 2B 20 20 20 20 2D 2D 2D 2D 2D 0D 0A", .reading(nil, .overload)),
        ("2B 20 20 20 20 31 2E 32 33 34 20 6B 67 0D 0A", .reading(weight("1.234", .kilogram), .unconfirmed)),
        ("53 54 2C 4E 54 2C 2D 20 20 20 20 30 2E 30 32 30 20 6B 67 0D 0A", .reading(weight("-0.020", .kilogram), .underZero, net: true)),
    ])
    func adam(fixture: String, expected: Expected) {
        check(AdamProtocol(), fixture, expected)
    }

    @Test func adamPlainLinesCanBeDeclaredStable() {
        check(AdamProtocol(plainLinesAreStable: true), "2B 20 20 20 20 31 2E 32 33 34 20 6B 67 0D 0A",
              .reading(weight("1.234", .kilogram), .stable))
    }

    // Magellan SCC frames (Datalogic KA-01089).
    @Test(arguments: [
        ("53 31 34 34 30 31 32 33 34 0D", Expected.reading(weight("1.234", .kilogram), .stable)),
        ("53 31 34 34 31 32 33 34 0D", .reading(weight("12.34", .pound), .stable)),
        ("53 31 34 31 0D", .reading(nil, .motion)),
        ("53 31 34 32 0D", .reading(nil, .overload)),
        ("53 31 34 33 0D", .reading(nil, .zero)),
        ("53 31 34 35 0D", .reading(nil, .underZero)),
        ("53 31 34 30 0D", .reading(nil, .error)),
        ("53 31 31 30 31 32 35 0D", .reading(weight("1.25", .pound), .stable)),
        ("53 30 38 46 32 30 31 32 33 34 35 36 37 38 39 30 33 0D", .barcode("F", "2012345678903")),
        ("53 30 38 46 46 31 32 33 34 35 36 37 30 0D", .barcode("FF", "12345670")),
        ("53 30 38 42 33 41 42 43 2D 31 32 33 0D", .barcode("B3", "ABC-123")),
        ("53 31 34 34 31 32 0D", .skipped(.garbledFrame)),
    ])
    func magellan(fixture: String, expected: Expected) {
        check(MagellanProtocol(), fixture, expected)
    }

    @Test func namesParseAndUnknownNamesAreRefused() throws {
        for name in ScaleProtocolName.all {
            #expect(try ScaleProtocolName(parsing: name.rawValue) == name)
            #expect(makeScaleProtocol(name).name == name)
        }
        #expect(throws: ScaleError.self) { try ScaleProtocolName(parsing: "toledo") }
    }
}
