// Fuzzes the local API's request bodies (every route that takes one, decoded and turned into billing
// values as the routes do): never a crash, every refusal names a field of the body, accepted amounts
// and quantities read back the same.
import B9Intake
import CFuzzDriver
import Glibc

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    guard let data else { return 0 }
    do {
        try LocalAPIBodyCheck.check(Array(UnsafeBufferPointer(start: data, count: size)))
    } catch {
        fatalError("\(error)")
    }
    return 0
}
exit(status)
