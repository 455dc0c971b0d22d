import B9ESCPOS
import Testing

/// Byte-exact fixtures from the Epson ESC/POS Command Reference, one or more per command family.
@Suite("ESC/POS command encoding")
struct CommandEncodingTests {
    static let fixtures: [(ESCPOSCommand, String)] = [
        (.initialize, "1B 40"),
        (.lineFeed, "0A"),
        (.horizontalTab, "09"),
        (.tabPositions([8, 16, 44]), "1B 44 08 10 2C 00"),
        (.emphasis(true), "1B 45 01"),
        (.emphasis(false), "1B 45 00"),
        (.underline(.oneDot), "1B 2D 01"),
        (.underline(.twoDots), "1B 2D 02"),
        (.underline(.off), "1B 2D 00"),
        (.characterSize(.double), "1D 21 11"),
        (.characterSize(.doubleWidth), "1D 21 10"),
        (.characterSize(.doubleHeight), "1D 21 01"),
        (.characterSize(.normal), "1D 21 00"),
        (.printModes([.emphasized, .doubleHeight]), "1B 21 18"),
        (.printModes([.fontB, .doubleWidth, .underline]), "1B 21 A1"),
        (.reverse(true), "1D 42 01"),
        (.reverse(false), "1D 42 00"),
        (.font(.a), "1B 4D 00"),
        (.font(.b), "1B 4D 01"),
        (.justification(.left), "1B 61 00"),
        (.justification(.center), "1B 61 01"),
        (.justification(.right), "1B 61 02"),
        (.defaultLineSpacing, "1B 32"),
        (.lineSpacing(30), "1B 33 1E"),
        (.feedLines(3), "1B 64 03"),
        (.feedDots(24), "1B 4A 18"),
        (.cut(.full), "1D 56 00"),
        (.cut(.partial), "1D 56 01"),
        (.feedAndCut(.full, feed: 0), "1D 56 41 00"),
        (.feedAndCut(.partial, feed: 3), "1D 56 42 03"),
        (.drawerKick(.standard), "1B 70 00 32 64"),
        (.drawerKick(DrawerPulse(pin: .pin5, onTime: 25, offTime: 25)), "1B 70 01 19 19"),
        (.selectPeripheral(.printer), "1B 3D 01"),
        (.selectPeripheral(.display), "1B 3D 02"),
        (.selectPeripheral(.printerAndDisplay), "1B 3D 03"),
        (.selectCodeTable(0), "1B 74 00"),
        (.selectCodeTable(19), "1B 74 13"),
        (.realTimeStatusRequest(.printer), "10 04 01"),
        (.realTimeStatusRequest(.offlineCause), "10 04 02"),
        (.realTimeStatusRequest(.errorCause), "10 04 03"),
        (.realTimeStatusRequest(.paperSensor), "10 04 04"),
        (.automaticStatusBack(.all), "1D 61 0F"),
        (.automaticStatusBack([]), "1D 61 00"),
        (.barcodeHeight(80), "1D 68 50"),
        (.barcodeModuleWidth(3), "1D 77 03"),
        (.barcodeTextPosition(.below), "1D 48 02"),
        (.barcodeTextPosition(.both), "1D 48 03"),
        (.barcodeTextFont(.b), "1D 66 01"),
        (.raw([0x0C]), "0C"),
    ]

    @Test("command encodes to the reference bytes", arguments: fixtures)
    func encodes(command: ESCPOSCommand, expected: String) {
        #expect(command.bytes == hex(expected))
    }

    @Test func characterSizeCoversAllEightByEightFactors() throws {
        #expect(try CharacterSize(width: 8, height: 8).byte == 0x77)
        #expect(try CharacterSize(width: 3, height: 1).byte == 0x20)
        #expect(try CharacterSize(width: 1, height: 8).byte == 0x07)
        #expect(throws: ESCPOSError.self) { try CharacterSize(width: 9, height: 1) }
        #expect(throws: ESCPOSError.self) { try CharacterSize(width: 1, height: 0) }
        for byte in UInt8(0)...0x77 where byte & 0x88 == 0 {
            #expect(CharacterSize(byte: byte).byte == byte)
        }
    }

    @Test func drawerPulseRoundsToTwoMillisecondSteps() throws {
        let pulse = try DrawerPulse(pin: .pin2, onMilliseconds: 101, offMilliseconds: 240)
        #expect(ESCPOSCommand.drawerKick(pulse).bytes == hex("1B 70 00 33 78"))
        #expect(pulse.onMilliseconds == 102)
        #expect(throws: ESCPOSError.self) { try DrawerPulse(pin: .pin2, onMilliseconds: 0, offMilliseconds: 10) }
        #expect(throws: ESCPOSError.self) { try DrawerPulse(pin: .pin5, onMilliseconds: 10, offMilliseconds: 600) }
    }

    @Test func ean13BarcodeWithComputedCheckDigit() throws {
        // GS1 General Specifications example: 629104150021 has check digit 3.
        let barcode = try Barcode(.ean13, content: "629104150021")
        #expect(ESCPOSCommand.barcode(barcode).bytes == hex("1D 6B 43 0D") + Array("6291041500213".utf8))
    }

    @Test func nativeQRCodeSequence() throws {
        let qr = try QRCode(text: "AB", moduleSize: 6, errorCorrection: .medium)
        let expected = hex(
            """
            1D 28 6B 04 00 31 41 32 00
            1D 28 6B 03 00 31 43 06
            1D 28 6B 03 00 31 45 31
            1D 28 6B 05 00 31 50 30 41 42
            1D 28 6B 03 00 31 51 30
            """)
        #expect(ESCPOSCommand.qrCode(qr).bytes == expected)
    }

    @Test func qrStoreLengthUsesTwoBytes() throws {
        let qr = try QRCode(data: [UInt8](repeating: 0x41, count: 300))
        let bytes = ESCPOSCommand.qrCode(qr).bytes
        // Store function: pL pH = 300 + 3 = 303 = 0x012F.
        let store = try #require(bytes.firstRange(of: hex("31 50 30")))
        #expect(Array(bytes[(store.lowerBound - 2)..<store.lowerBound]) == [0x2F, 0x01])
    }

    @Test func rasterImageHeader() throws {
        var bitmap = try MonochromeBitmap(width: 10, height: 2)
        for x in 0..<10 { bitmap[x, 0] = true }
        bitmap[0, 1] = true
        bitmap[9, 1] = true
        // 10 dots wide = 2 bytes per row; rows 11111111 11000000, 10000000 01000000.
        #expect(ESCPOSCommand.rasterImage(bitmap).bytes == hex("1D 76 30 00 02 00 02 00 FF C0 80 40"))
    }

    @Test func columnImageBandsOf24Dots() throws {
        var bitmap = try MonochromeBitmap(width: 2, height: 24)
        bitmap[0, 0] = true  // top dot of column 0
        bitmap[1, 23] = true  // bottom dot of column 1
        let bands = ColumnImageBand.bands(of: bitmap, mode: .twentyFourDotDoubleDensity)
        #expect(bands.count == 1)
        let band = try #require(bands.first)
        #expect(ESCPOSCommand.columnImage(band).bytes == hex("1B 2A 21 02 00 80 00 00 00 00 01"))
    }

    @Test func columnImageEightDotPadsLastBand() throws {
        var bitmap = try MonochromeBitmap(width: 1, height: 10)
        bitmap[0, 9] = true
        let bands = ColumnImageBand.bands(of: bitmap, mode: .eightDotSingleDensity)
        #expect(bands.map { ESCPOSCommand.columnImage($0).bytes } == [hex("1B 2A 00 01 00 00"), hex("1B 2A 00 01 00 40")])
    }

    @Test func rasterBandsSplitTallImages() throws {
        let bitmap = try MonochromeBitmap(width: 8, height: 600)
        let bands = bitmap.bands(maximumRows: 256)
        #expect(bands.map(\.height) == [256, 256, 88])
    }
}
