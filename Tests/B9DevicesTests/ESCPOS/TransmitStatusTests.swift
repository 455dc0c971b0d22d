import B9ESCPOS
import B9TestSupport
import PropertyBased
import Testing

/// `GS r n` (transmit status) replies, from the Epson ESC/POS Command Reference (GS r) and the
/// "Identification of send status" table: one byte 0xx0xxxx, answered in turn with the data.
@Suite("Printer transmit status (GS r)", .cpuBound)
struct TransmitStatusTests {
    @Test(arguments: [(TransmitStatusRequest.paperSensor, "1D 72 01"), (.drawerKickConnector, "1D 72 02")])
    func requestBytes(request: TransmitStatusRequest, bytes: String) {
        #expect(request.bytes == hex(bytes))
    }

    @Test("every single byte: a GS r reply exactly when it matches 0xx0xxxx", arguments: TransmitStatusRequest.allCases)
    func allSingleByteReplies(request: TransmitStatusRequest) {
        for value in 0...255 {
            let byte = UInt8(value)
            let status = PrinterStatus(transmitStatusReply: byte, to: request)
            #expect((status != nil) == matches(byte, pattern: "0xx0xxxx"), "byte \(byte)")
            // The fixed bits never let a GS r reply pass for a DLE EOT reply or an ASB frame start.
            if status != nil {
                #expect(!PrinterStatus.isRealTimeReply(byte))
                #expect(!PrinterStatus.isAutomaticStatusFirstByte(byte))
            }
        }
    }

    @Test func drawerKickConnectorBit() throws {
        let low = try #require(PrinterStatus(transmitStatusReply: 0x00, to: .drawerKickConnector))
        #expect(low.drawerPin3High == false)
        #expect(low.isDrawerOpen() == false)
        #expect(low.isDrawerOpen(pin3HighMeansOpen: false) == true)
        #expect(low.paperEnd == nil && low.isOffline == nil, "GS r 2 says nothing else")
        let high = try #require(PrinterStatus(transmitStatusReply: 0x01, to: .drawerKickConnector))
        #expect(high.isDrawerOpen() == true)
        // Reserved bits do not change the reading.
        #expect(try #require(PrinterStatus(transmitStatusReply: 0x6E, to: .drawerKickConnector)).drawerPin3High == false)
    }

    @Test func paperSensorBits() throws {
        let adequate = try #require(PrinterStatus(transmitStatusReply: 0x00, to: .paperSensor))
        #expect(adequate.paperNearEnd == false && adequate.paperEnd == false)
        #expect(try #require(PrinterStatus(transmitStatusReply: 0x03, to: .paperSensor)).paperNearEnd == true)
        let end = try #require(PrinterStatus(transmitStatusReply: 0x0C, to: .paperSensor))
        #expect(end.paperEnd == true && end.paperNearEnd == false)
        #expect(adequate.drawerPin3High == nil)
    }

    @Test func replyIsDataUnlessRequested() throws {
        var decoder = PrinterStatusDecoder()
        #expect(decoder.feed([0x01]) == [.data([0x01])])
        #expect(decoder.requestTransmitStatus(.drawerKickConnector) == hex("1D 72 02"))
        #expect(decoder.outstandingTransmitRequests == [.drawerKickConnector])
        let replies = decoder.feed([0x01, 0x01])
        let open = try #require(PrinterStatus(transmitStatusReply: 0x01, to: .drawerKickConnector))
        #expect(replies == [.transmitStatus(.drawerKickConnector, open, byte: 0x01), .data([0x01])])
        #expect(decoder.outstandingTransmitRequests.isEmpty)
    }

    /// `DLE EOT` is answered at once, `GS r` after the data before it: a DLE EOT reply may overtake
    /// an earlier GS r, and an ASB frame may come between. Each goes to its own request.
    @Test func realTimeAnswerOvertakesTransmitStatusAndASBInterleaves() throws {
        var decoder = PrinterStatusDecoder()
        _ = decoder.requestTransmitStatus(.drawerKickConnector)
        _ = decoder.request(.printer)
        // DLE EOT 1 reply (drawer high: 0x16), an ASB frame (drawer high: 14 00 00 00), then GS r 2 (0x01).
        let replies = decoder.feed(hex("16 14 00 00 00 01"))
        #expect(replies.count == 3)
        guard case .realTimeStatus(.printer, let realTime, 0x16) = replies[0],
            case .automaticStatus(let asb, _) = replies[1],
            case .transmitStatus(.drawerKickConnector, let transmit, 0x01) = replies[2]
        else {
            Issue.record("\(replies)")
            return
        }
        #expect(realTime.drawerPin3High == true && asb.drawerPin3High == true && transmit.drawerPin3High == true)
        #expect(decoder.outstandingRequests.isEmpty && decoder.outstandingTransmitRequests.isEmpty)
    }

    @Test func flowControlIsNotTakenForAReply() throws {
        var decoder = PrinterStatusDecoder()
        _ = decoder.requestTransmitStatus(.paperSensor)
        let adequate = try #require(PrinterStatus(transmitStatusReply: 0x00, to: .paperSensor))
        #expect(decoder.feed([0x13, 0x11, 0x00]) == [
            .flowControl(.xoff), .flowControl(.xon), .transmitStatus(.paperSensor, adequate, byte: 0x00),
        ])
    }

    @Test func cancellingForgetsTransmitRequests() {
        var decoder = PrinterStatusDecoder()
        _ = decoder.requestTransmitStatus(.drawerKickConnector)
        decoder.cancelOutstandingRequests()
        #expect(decoder.feed([0x01]) == [.data([0x01])])
    }

    /// With both kinds of requests outstanding, any byte stream: chunking does not change the
    /// replies, every byte comes out once, and every reply has its fixed bits.
    @Test func chunkingDoesNotChangeTheResultWithBothKindsOutstanding() async {
        let input = Gen.uint8().array(of: 0...64)
        let splits = Gen.int(in: 1...8)
        let requests = Gen.int(in: 0...3)
        await propertyCheck(count: 300, input: input, splits, requests) { bytes, chunk, requestCount in
            func decoder() -> PrinterStatusDecoder {
                var decoder = PrinterStatusDecoder()
                for index in 0..<requestCount {
                    _ = decoder.request(.printer)
                    _ = decoder.requestTransmitStatus(index % 2 == 0 ? .drawerKickConnector : .paperSensor)
                }
                return decoder
            }
            var whole = decoder()
            var pieces = decoder()
            let expected = StatusStreamInvariants.coalesced(whole.feed(bytes) + whole.finish())
            var collected: [PrinterReply] = []
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + chunk)
                collected += pieces.feed(bytes[start..<end])
                start = end
            }
            collected += pieces.finish()
            #expect(StatusStreamInvariants.coalesced(collected) == expected)
            #expect(StatusStreamInvariants.violations(input: bytes, replies: expected).isEmpty)
        }
    }
}
