// Fuzzes catalog import (CSV and JSON): never a crash, CSV round trips, accepted products are valid.
import B9Core
import CFuzzDriver
import Glibc

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    guard let data else { return 0 }
    do {
        try CatalogInputCheck.check(Array(UnsafeBufferPointer(start: data, count: size)))
    } catch {
        fatalError("\(error)")
    }
    return 0
}
exit(status)
