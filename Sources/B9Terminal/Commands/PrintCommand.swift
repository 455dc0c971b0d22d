import ArgumentParser
import B9Devices
import B9ESCPOS
#if canImport(Glibc)
import Glibc
#endif

/// `b9terminal print --printer URI [--profile NAME] (--test | FILE)`: sends a test page or a file
/// of ESC/POS bytes to a receipt printer and waits for it to confirm. Exits non-zero naming paper
/// end, cover open, an error or offline when the printer reports one, before or after the job.
struct PrintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "print",
        abstract: "Print a test page or a file of ESC/POS bytes, and confirm it by the printer's status.")

    @Option(name: .long, help: "Printer address, e.g. tcp://192.168.1.50:9100 or serial:///dev/ttyUSB0?baud=38400.")
    var printer: String

    @Option(name: .long, help: "Printer profile (epson-tm-t88, epson-tm-t20, star-tsp100, generic…).")
    var profile = "epson-tm-t88"

    @Option(name: .long, help: "Seconds to wait for each status answer.")
    var timeout = 3

    @Flag(name: .long, help: "Print a test page.")
    var test = false

    @Argument(help: "A file of ESC/POS bytes to send as it is.")
    var file: String?

    func validate() throws {
        guard test != (file != nil) else {
            throw ValidationError("give either --test or a FILE (one of them)")
        }
        guard (1...120).contains(timeout) else { throw ValidationError("--timeout must be 1…120 seconds") }
    }

    func run() async throws {
        let address: DeviceAddress
        do {
            address = try DeviceAddress(parsing: printer)
        } catch {
            throw ValidationError(error.message)
        }
        let printerProfile: PrinterProfile
        do {
            printerProfile = try PrinterProfile.named(profile)
        } catch {
            throw ValidationError("\(error)")
        }
        let bytes = try file.map(Self.readFile) ?? Self.testPage(profile: printerProfile, address: address)
        let device = ManagedDevice(address: address, driver: ReceiptPrinterDriver(profile: printerProfile),
                                   policy: ReconnectPolicy(maximumAttempts: 1))
        do {
            try await device.open()
            try await device.claim()
            try await device.enable()
            try await Self.requireReady(device, when: "before printing", timeout: .seconds(timeout))
            try await device.write(bytes, timeout: .seconds(60))
            try await Self.requireReady(device, when: "after the job", timeout: .seconds(timeout))
            await device.close()
            print("Printed \(bytes.count) bytes; the printer reports online without error.")
        } catch let failure as PrintFailure {
            await device.close()
            print("not printed: \(failure.text)")
            throw ExitCode.failure
        } catch {
            await device.close()
            print("not printed: \(error)")
            throw ExitCode.failure
        }
    }

    struct PrintFailure: Error {
        let text: String
    }

    static func requireReady(_ device: ManagedDevice<ReceiptPrinterDriver>, when: String, timeout: Duration)
        async throws
    {
        let status = try await device.printerStatus(timeout: timeout)
        if let problem = ReceiptPrinterDriver.blockingCondition(in: status) {
            throw PrintFailure(text: "\(problem.text) (\(when))")
        }
    }

    static func testPage(profile: PrinterProfile, address: DeviceAddress) -> [UInt8] {
        var bytes = ESCPOSCommand.initialize.bytes
        bytes += ESCPOSCommand.justification(.center).bytes
        bytes += ESCPOSCommand.emphasis(true).bytes + Array("B9Terminal test page\n".utf8)
        bytes += ESCPOSCommand.emphasis(false).bytes
        bytes += Array("\(profile.displayName)\n\(address)\n".utf8)
        bytes += ESCPOSCommand.justification(.left).bytes
        bytes += Array(String(repeating: "-", count: profile.columnsFontA).utf8) + [0x0A]
        bytes += Array("0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ\n".utf8)
        bytes += ESCPOSCommand.feedAndCut(.partial, feed: 3).bytes
        return bytes
    }

    static func readFile(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ValidationError("cannot open \(path) (errno \(errno)); check the path") }
        defer { close(fd) }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ValidationError("cannot read \(path) (errno \(errno))")
            }
            if count == 0 { break }
            result += buffer[0..<count]
        }
        guard !result.isEmpty else { throw ValidationError("\(path) is empty: nothing to print") }
        return result
    }
}
