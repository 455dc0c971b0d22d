// Times ReceiptEncoder on the standard sample receipt (docs/escpos-sample-receipt.md).
// Usage: ESCPOSBench [PROFILE] [SECONDS] [OUT.bin]; prints one line "b9 <profile> <receipts/s> <bytes>" followed
// by the process CPU time per receipt (user + system, CLOCK_PROCESS_CPUTIME_ID: less sensitive to other load on
// the machine than the rate) and writes the receipt's bytes to OUT.bin when given (to compare with
// Tests/…/SampleReceiptGolden).
import B9ESCPOS
#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
let profileName = arguments.count > 1 ? arguments[1] : "epson-tm-t20"
let seconds = arguments.count > 2 ? Int(arguments[2]) ?? 3 : 3

do {
    let profile = try PrinterProfile.named(profileName)
    let encoder = ReceiptEncoder(profile: profile)
    let receipt = try encoder.encode(SampleReceipt.document()).bytes
    let size = receipt.count
    if arguments.count > 3, let file = fopen(arguments[3], "wb") {
        _ = receipt.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        fclose(file)
    }
    func cpuSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
    let clock = ContinuousClock()
    let cpuStart = cpuSeconds()
    let end = clock.now.advanced(by: .seconds(seconds))
    let start = clock.now
    var count = 0
    var checksum = 0
    while clock.now < end {
        for _ in 0..<50 {
            // Building the document is part of the work, as it is for python-escpos.
            checksum &+= try encoder.encode(SampleReceipt.document()).bytes.count
            count += 1
        }
    }
    let elapsed = start.duration(to: clock.now)
    // CPU µs per receipt in tenths, printed with one decimal.
    let cpuTenths = Int(((cpuSeconds() - cpuStart) / Double(max(count, 1)) * 1e7).rounded())
    let secondsElapsed = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print(
        "b9 \(profileName) \(Int(Double(count) / secondsElapsed)) \(size) (checksum \(checksum % 997))",
        "cpu \(cpuTenths / 10).\(cpuTenths % 10) µs/receipt")
} catch {
    print("error: \(error)")
}
