// Fuzzes the AveryBerkel reply decoder (ScaleDecoder over AveryBerkelProtocol()) with arbitrary serial-line bytes.
// Invariants: no trap; the decoded frames (every event but the grouping of skipped bytes) do not depend
// on how the bytes were chunked; the decoder never buffers more than one frame; every decoded weight
// prints back to the same exact value.
import B9Scale
import CFuzzDriver
import Glibc

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    guard let data else { return 0 }
    do {
        try ScaleDecoderCheck.check(AveryBerkelProtocol(), bytes: Array(UnsafeBufferPointer(start: data, count: size)))
    } catch {
        fatalError("\(error)")
    }
    return 0
}
exit(status)
