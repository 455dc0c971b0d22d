// Fuzzes PrinterStatusDecoder, the reader of every byte a receipt printer sends back.
// The first input byte chooses the set-up (outstanding DLE EOT and GS r requests, ASB recognition, block reply);
// the rest is the printer's stream, fed whole and in two chunks.
// Invariants: both feedings give the same replies; every input byte comes out exactly once; every status
// reply has the fixed bits of its pattern (DLE EOT 0xx1xx10; GS r 0xx0xxxx; ASB 0xx1xx00 + 3 × 0xx0xxxx).
import B9ESCPOS
import CFuzzDriver
import Glibc

func coalesced(_ replies: [PrinterReply]) -> [PrinterReply] {
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

func decoder(_ setup: UInt8) -> PrinterStatusDecoder {
    var decoder = PrinterStatusDecoder(recognizesAutomaticStatusBack: setup & 0x80 == 0)
    for index in 0..<Int(setup & 0x07) {
        decoder.expectReply(to: StatusRequest.allCases[(index + Int(setup >> 3)) % 4])
    }
    if setup & 0x40 != 0 { decoder.expectBlockReply() }
    if setup & 0x20 != 0 {
        decoder.expectTransmitStatusReply(to: .drawerKickConnector)
        decoder.expectTransmitStatusReply(to: .paperSensor)
    }
    return decoder
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    guard let data, size > 0 else { return 0 }
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let setup = input[0]
    let stream = Array(input.dropFirst())
    var whole = decoder(setup)
    let expected = coalesced(whole.feed(stream) + whole.finish())
    var pieces = decoder(setup)
    let middle = stream.count / 2
    let chunked = coalesced(pieces.feed(stream[..<middle]) + pieces.feed(stream[middle...]) + pieces.finish())
    guard chunked == expected else { fatalError("chunking changed the replies for \(input)") }
    var total = 0
    for reply in expected {
        switch reply {
        case .realTimeStatus(_, _, let byte):
            guard byte & 0x93 == 0x12 else { fatalError("status reply \(byte) lacks 0xx1xx10") }
            total += 1
        case .transmitStatus(_, _, let byte):
            guard byte & 0x90 == 0 else { fatalError("GS r reply \(byte) lacks 0xx0xxxx") }
            total += 1
        case .automaticStatus(_, let frame):
            guard frame.count == 4, frame[0] & 0x93 == 0x10, frame.dropFirst().allSatisfy({ $0 & 0x90 == 0 }) else {
                fatalError("ASB frame \(frame) lacks its fixed bits")
            }
            total += 4
        case .flowControl:
            total += 1
        case .block(let block):
            total += block.count + 2
        case .data(let bytes):
            total += bytes.count
        }
    }
    guard total == stream.count else { fatalError("\(stream.count) bytes in, \(total) out") }
    return 0
}
exit(status)
