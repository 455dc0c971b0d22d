import B9ESCPOS
import B9TestSupport
import PropertyBased
import Testing

/// Status bit fixtures from the Epson ESC/POS Command Reference (DLE EOT, GS a) and the "Identification of send
/// status" table of the Citizen CT-S310 manual (DLE EOT 0xx1xx10, ASB first byte 0xx1xx00, others 0xx0xxxx).
@Suite("Printer status", .cpuBound)
struct PrinterStatusTests {
    @Test("every single byte: a DLE EOT reply exactly when it matches 0xx1xx10", arguments: StatusRequest.allCases)
    func allSingleByteReplies(request: StatusRequest) {
        for value in 0...255 {
            let byte = UInt8(value)
            let status = PrinterStatus(realTimeReply: byte, to: request)
            #expect((status != nil) == matches(byte, pattern: "0xx1xx10"), "byte \(byte)")
        }
    }

    @Test func printerStatusBits() throws {
        let idle = try #require(PrinterStatus(realTimeReply: 0x12, to: .printer))
        #expect(idle.drawerPin3High == false && idle.isOffline == false)
        #expect(idle.waitingForOnlineRecovery == false && idle.feedButtonPressed == false)
        #expect(idle.coverOpen == nil, "DLE EOT 1 says nothing about the cover")
        #expect(try #require(PrinterStatus(realTimeReply: 0x16, to: .printer)).drawerPin3High == true)
        #expect(try #require(PrinterStatus(realTimeReply: 0x1A, to: .printer)).isOffline == true)
        #expect(try #require(PrinterStatus(realTimeReply: 0x32, to: .printer)).waitingForOnlineRecovery == true)
        #expect(try #require(PrinterStatus(realTimeReply: 0x52, to: .printer)).feedButtonPressed == true)
    }

    @Test func offlineCauseBits() throws {
        let clear = try #require(PrinterStatus(realTimeReply: 0x12, to: .offlineCause))
        #expect(clear.coverOpen == false && clear.feedingByButton == false)
        #expect(clear.stoppedByPaperEnd == false && clear.errorOccurred == false)
        #expect(try #require(PrinterStatus(realTimeReply: 0x16, to: .offlineCause)).coverOpen == true)
        #expect(try #require(PrinterStatus(realTimeReply: 0x1A, to: .offlineCause)).feedingByButton == true)
        #expect(try #require(PrinterStatus(realTimeReply: 0x32, to: .offlineCause)).stoppedByPaperEnd == true)
        #expect(try #require(PrinterStatus(realTimeReply: 0x52, to: .offlineCause)).errorOccurred == true)
    }

    @Test func errorCauseBits() throws {
        let clear = try #require(PrinterStatus(realTimeReply: 0x12, to: .errorCause))
        #expect(clear.isReady)
        #expect(try #require(PrinterStatus(realTimeReply: 0x16, to: .errorCause)).recoverableError == true)
        #expect(try #require(PrinterStatus(realTimeReply: 0x1A, to: .errorCause)).autocutterError == true)
        #expect(try #require(PrinterStatus(realTimeReply: 0x32, to: .errorCause)).unrecoverableError == true)
        #expect(try #require(PrinterStatus(realTimeReply: 0x52, to: .errorCause)).autoRecoverableError == true)
        #expect(try #require(PrinterStatus(realTimeReply: 0x1A, to: .errorCause)).isReady == false)
    }

    @Test func paperSensorBits() throws {
        let full = try #require(PrinterStatus(realTimeReply: 0x12, to: .paperSensor))
        #expect(full.paperNearEnd == false && full.paperEnd == false)
        // Epson sets bits 2+3 together (0x0C) and 5+6 together (0x60).
        let nearEnd = try #require(PrinterStatus(realTimeReply: 0x1E, to: .paperSensor))
        #expect(nearEnd.paperNearEnd == true && nearEnd.paperEnd == false)
        let out = try #require(PrinterStatus(realTimeReply: 0x72, to: .paperSensor))
        #expect(out.paperEnd == true && out.paperNearEnd == false && !out.isReady)
        // Citizen reports two near-end sensors separately (bit 2 or bit 3 alone).
        #expect(try #require(PrinterStatus(realTimeReply: 0x16, to: .paperSensor)).paperNearEnd == true)
        #expect(try #require(PrinterStatus(realTimeReply: 0x1A, to: .paperSensor)).paperNearEnd == true)
    }

    @Test func automaticStatusBackBits() throws {
        let clear = try #require(PrinterStatus(automaticStatusBack: hex("10 00 00 00")))
        #expect(clear.isOffline == false && clear.coverOpen == false && clear.paperEnd == false && clear.isReady)
        #expect(try #require(PrinterStatus(automaticStatusBack: hex("14 00 00 00"))).drawerPin3High == true)
        #expect(try #require(PrinterStatus(automaticStatusBack: hex("18 00 00 00"))).isOffline == true)
        #expect(try #require(PrinterStatus(automaticStatusBack: hex("30 00 00 00"))).coverOpen == true)
        #expect(try #require(PrinterStatus(automaticStatusBack: hex("50 00 00 00"))).feedingByButton == true)
        #expect(try #require(PrinterStatus(automaticStatusBack: hex("10 01 00 00"))).waitingForOnlineRecovery == true)
        #expect(try #require(PrinterStatus(automaticStatusBack: hex("10 04 00 00"))).recoverableError == true)
        #expect(try #require(PrinterStatus(automaticStatusBack: hex("10 08 00 00"))).autocutterError == true)
        #expect(try #require(PrinterStatus(automaticStatusBack: hex("10 20 00 00"))).unrecoverableError == true)
        #expect(try #require(PrinterStatus(automaticStatusBack: hex("10 40 00 00"))).autoRecoverableError == true)
        #expect(try #require(PrinterStatus(automaticStatusBack: hex("10 00 03 00"))).paperNearEnd == true)
        let paperOut = try #require(PrinterStatus(automaticStatusBack: hex("18 00 0C 00")))
        #expect(paperOut.paperEnd == true && paperOut.isOffline == true && !paperOut.isReady)
    }

    @Test func automaticStatusBackRejectsWrongFixedBits() {
        #expect(PrinterStatus(automaticStatusBack: hex("12 00 00 00")) == nil, "first byte is a DLE EOT pattern")
        #expect(PrinterStatus(automaticStatusBack: hex("00 00 00 00")) == nil, "bit 4 of byte 1 must be set")
        #expect(PrinterStatus(automaticStatusBack: hex("10 10 00 00")) == nil, "bit 4 of byte 2 must be clear")
        #expect(PrinterStatus(automaticStatusBack: hex("10 00 80 00")) == nil, "bit 7 of byte 3 must be clear")
        #expect(PrinterStatus(automaticStatusBack: hex("10 00 00")) == nil, "three bytes are not a frame")
    }

    @Test func mergingKeepsOlderFactsNotRepeated() throws {
        let printer = try #require(PrinterStatus(realTimeReply: 0x1A, to: .printer))
        let paper = try #require(PrinterStatus(realTimeReply: 0x72, to: .paperSensor))
        let merged = printer.merging(paper)
        #expect(merged.isOffline == true && merged.paperEnd == true)
        #expect(merged.coverOpen == nil)
    }
}

@Suite("Printer status stream decoder", .cpuBound)
struct PrinterStatusDecoderTests {
    @Test func requestReturnsBytesAndMatchesReply() throws {
        var decoder = PrinterStatusDecoder()
        #expect(decoder.request(.printer) == hex("10 04 01"))
        let replies = decoder.feed([0x16])
        let status = try #require(PrinterStatus(realTimeReply: 0x16, to: .printer))
        #expect(replies == [.realTimeStatus(.printer, status, byte: 0x16)])
        #expect(decoder.outstandingRequests.isEmpty)
    }

    @Test func replyPatternWithoutRequestIsData() {
        var decoder = PrinterStatusDecoder()
        // "2" (0x32) has the DLE EOT pattern but nobody asked.
        #expect(decoder.feed(Array("2R".utf8)) == [.data(Array("2R".utf8))])
    }

    @Test func repliesMatchRequestsInOrder() throws {
        var decoder = PrinterStatusDecoder()
        _ = decoder.request(.printer)
        _ = decoder.request(.paperSensor)
        let replies = decoder.feed(hex("12 72"))
        #expect(replies.count == 2)
        guard case .realTimeStatus(.printer, _, 0x12) = replies[0] else { Issue.record("\(replies)"); return }
        guard case .realTimeStatus(.paperSensor, let paper, 0x72) = replies[1] else { Issue.record("\(replies)"); return }
        #expect(paper.paperEnd == true)
    }

    @Test func unsolicitedASBBetweenDataAndSplitAcrossChunks() throws {
        var decoder = PrinterStatusDecoder()
        var replies = decoder.feed(Array("AC".utf8) + hex("18 00"))
        replies += decoder.feed(hex("0C 00") + Array("a".utf8))
        let status = try #require(PrinterStatus(automaticStatusBack: hex("18 00 0C 00")))
        #expect(
            replies == [
                .data(Array("AC".utf8)), .automaticStatus(status, frame: hex("18 00 0C 00")), .data(Array("a".utf8)),
            ])
    }

    @Test func xoffInsideASBFrame() throws {
        var decoder = PrinterStatusDecoder()
        let replies = decoder.feed(hex("18 00 13 0C 00"))
        let status = try #require(PrinterStatus(automaticStatusBack: hex("18 00 0C 00")))
        #expect(replies == [.flowControl(.xoff), .automaticStatus(status, frame: hex("18 00 0C 00"))])
    }

    @Test func brokenFrameIsGivenBackAsData() {
        var decoder = PrinterStatusDecoder()
        #expect(decoder.feed(hex("10 00 80")) == [.data(hex("10 00 80"))])
    }

    @Test func brokenFrameRestartsAtLaterFirstByte() throws {
        var decoder = PrinterStatusDecoder()
        // 0x14 starts a frame, 0x10 breaks it (bit 4 set) but can itself start the real frame.
        let replies = decoder.feed(hex("14 10 00 00 00"))
        let status = try #require(PrinterStatus(automaticStatusBack: hex("10 00 00 00")))
        #expect(replies == [.data([0x14]), .automaticStatus(status, frame: hex("10 00 00 00"))])
    }

    @Test func asbAndPendingReplyInterleave() throws {
        var decoder = PrinterStatusDecoder()
        _ = decoder.request(.errorCause)
        let replies = decoder.feed(hex("10 00 00 00 1A"))
        #expect(replies.count == 2)
        guard case .automaticStatus = replies[0], case .realTimeStatus(.errorCause, let status, _) = replies[1] else {
            Issue.record("\(replies)")
            return
        }
        #expect(status.autocutterError == true)
    }

    @Test func asbRecognitionCanBeTurnedOff() {
        var decoder = PrinterStatusDecoder(recognizesAutomaticStatusBack: false)
        #expect(decoder.feed(hex("10 00 00 00")) == [.data(hex("10 00 00 00"))])
    }

    @Test func blockReplyWhenExpected() {
        var decoder = PrinterStatusDecoder()
        decoder.expectBlockReply()
        let replies = decoder.feed([0x5F] + Array("TM-T88V".utf8) + [0x00])
        #expect(replies == [.block(Array("TM-T88V".utf8))])
        // Not expected any more: an underscore is just data.
        #expect(decoder.feed([0x5F, 0x41]) == [.data([0x5F, 0x41])])
    }

    @Test func finishGivesBackUnfinishedFrame() {
        var decoder = PrinterStatusDecoder()
        #expect(decoder.feed(hex("10 00")) == [])
        #expect(decoder.finish() == [.data(hex("10 00"))])
    }

    @Test func cancelledRequestDoesNotClaimLaterBytes() {
        var decoder = PrinterStatusDecoder()
        _ = decoder.request(.printer)
        decoder.cancelOutstandingRequests()
        #expect(decoder.feed([0x12]) == [.data([0x12])])
    }

    @Test func chunkingDoesNotChangeTheResult() async {
        let input = Gen.uint8().array(of: 0...64)
        let splits = Gen.int(in: 1...8)
        let requests = Gen.int(in: 0...3)
        await propertyCheck(count: 300, input: input, splits, requests) { bytes, chunk, requestCount in
            var whole = PrinterStatusDecoder()
            var pieces = PrinterStatusDecoder()
            for _ in 0..<requestCount {
                _ = whole.request(.printer)
                _ = pieces.request(.printer)
            }
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

/// The invariants the fuzz target checks too: every input byte comes out exactly once, and every status
/// reply has the fixed bits of its pattern.
enum StatusStreamInvariants {
    static func coalesced(_ replies: [PrinterReply]) -> [PrinterReply] {
        var out: [PrinterReply] = []
        for reply in replies {
            if case .data(let more) = reply, case .data(let previous)? = out.last {
                out[out.count - 1] = .data(previous + more)
            } else {
                out.append(reply)
            }
        }
        return out
    }

    static func violations(input: [UInt8], replies: [PrinterReply]) -> [String] {
        var problems: [String] = []
        var total = 0
        for reply in replies {
            switch reply {
            case .realTimeStatus(_, _, let byte):
                total += 1
                if !matches(byte, pattern: "0xx1xx10") { problems.append("reply byte \(byte)") }
            case .transmitStatus(_, _, let byte):
                total += 1
                if !matches(byte, pattern: "0xx0xxxx") { problems.append("GS r reply byte \(byte)") }
            case .automaticStatus(_, let frame):
                total += frame.count
                if frame.count != 4 || !matches(frame[0], pattern: "0xx1xx00")
                    || !frame.dropFirst().allSatisfy({ matches($0, pattern: "0xx0xxxx") })
                {
                    problems.append("ASB frame \(frame)")
                }
            case .flowControl:
                total += 1
            case .block(let block):
                total += block.count + 2
            case .data(let data):
                total += data.count
            }
        }
        if total != input.count { problems.append("\(input.count) bytes in, \(total) out") }
        return problems
    }
}
