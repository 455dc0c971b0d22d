// Fuzzes the Dialog06 reply decoder (ScaleDecoder over Dialog06Protocol()) with arbitrary serial-line bytes.
// Invariants: no trap; the decoded frames (every event but the grouping of skipped bytes) do not depend
// on how the bytes were chunked; the decoder never buffers more than one frame; every decoded weight
// prints back to the same exact value.
import B9Scale
import CFuzzDriver
import Glibc

func frames(_ events: [ScaleEvent]) -> [ScaleEvent] {
    events.filter { if case .skipped = $0 { false } else { true } }
}

func check(_ bytes: [UInt8]) {
    let scaleProtocol = Dialog06Protocol()
    var whole = ScaleDecoder(scaleProtocol)
    let expected = whole.decode(bytes)
    guard whole.bufferedByteCount <= scaleProtocol.maximumFrameLength else {
        fatalError("decoder buffered \(whole.bufferedByteCount) bytes")
    }
    let cut = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
    var split = ScaleDecoder(scaleProtocol)
    let events = split.decode(bytes[..<cut]) + split.decode(bytes[cut...])
    guard frames(events) == frames(expected) else { fatalError("chunking changed the events at \(cut)") }
    var dripped = ScaleDecoder(scaleProtocol)
    guard frames(bytes.flatMap({ dripped.decode([$0]) })) == frames(expected) else { fatalError("byte-by-byte changed the events") }
    for case .reading(let reading) in expected {
        guard let weight = reading.weight else { continue }
        guard let again = try? ExactDecimal(parsing: weight.amount.description), again == weight.amount else {
            fatalError("weight \(weight) does not print back")
        }
        _ = try? weight.grams()
    }
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    guard let data else { return 0 }
    check(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
exit(status)
