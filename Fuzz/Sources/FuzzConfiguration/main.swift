// Fuzzes the configuration file as the daemon reads it (YAML, then every key checked): never a crash,
// every refusal names its key and hides the API token, accepted configurations keep the documented ranges.
import B9Intake
import CFuzzDriver
import Dispatch
import Glibc

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    // The daemon reads its file asynchronously; this callback waits for the check on another thread
    // (detached: top-level code is on the main actor, which this wait blocks).
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        do {
            try await ConfigurationInputCheck.check(bytes)
        } catch {
            fatalError("\(error)")
        }
        done.signal()
    }
    done.wait()
    return 0
}
exit(status)
