// Fuzzes the MQTT payloads a station receives (stock moved, kitchen order created, kitchen status
// changed): never a crash, every refusal names its field, accepted events round-trip.
import B9Core
import CFuzzDriver
import Glibc

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    guard let data else { return 0 }
    do {
        try InboundEventCheck.check(Array(UnsafeBufferPointer(start: data, count: size)))
    } catch {
        fatalError("\(error)")
    }
    return 0
}
exit(status)
