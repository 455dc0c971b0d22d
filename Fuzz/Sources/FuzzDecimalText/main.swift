// Fuzzes DecimalText, the parser of every amount and quantity typed or imported.
// Invariant: a parsed value formats back to text that parses to the same value.
import B9Core
import CFuzzDriver
import Glibc

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for scale in [0, 2, 3] {
        guard let value = try? DecimalText.parse(text, scale: scale) else { continue }
        let formatted = DecimalText.format(value, scale: scale)
        guard let again = try? DecimalText.parse(formatted, scale: scale), again == value else {
            fatalError("round trip failed for \(text.debugDescription) at scale \(scale)")
        }
    }
    return 0
}
exit(status)
