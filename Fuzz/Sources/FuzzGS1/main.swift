// Fuzzes the GS1 barcode decoders: variable-measure EAN-13 and GS1-128 element strings.
// Invariants: no trap; whatever decodes re-encodes and decodes to the same value.
import B9Scale
import CFuzzDriver
import Glibc

let layouts: [VariableMeasureLayout] = [
    try? VariableMeasureLayout(prefixes: 20...22, itemDigits: 5, measureDigits: 5, hasVerifierDigit: false, measure: .weight(.kilogram, decimals: 3)),
    try? VariableMeasureLayout(prefixes: 23...25, itemDigits: 4, measureDigits: 5, hasVerifierDigit: true, measure: .price(decimals: 2)),
    try? VariableMeasureLayout(prefixes: 26...29, itemDigits: 5, measureDigits: 4, hasVerifierDigit: true, measure: .weight(.kilogram, decimals: 3)),
].compactMap { $0 }
guard layouts.count == 3 else { fatalError("fuzz harness layouts are invalid") }

func check(_ text: String) {
    if let item = try? VariableMeasureBarcode.decode(text, layouts: layouts),
        let layout = layouts.first(where: { $0.prefixes.contains(item.prefix) })
    {
        guard let code = try? VariableMeasureBarcode.encode(item, layout: layout), code == text else {
            fatalError("variable-measure code \(text) does not re-encode")
        }
    }
    if let elements = try? GS1ElementString.decode(text) {
        guard let encoded = try? GS1ElementString.encode(elements),
            let again = try? GS1ElementString.decode(encoded), again == elements
        else {
            fatalError("GS1-128 \(text.debugDescription) does not round-trip")
        }
    }
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    guard let data else { return 0 }
    check(String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self))
    return 0
}
exit(status)
