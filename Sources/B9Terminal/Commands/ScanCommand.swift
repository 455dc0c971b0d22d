import ArgumentParser
import B9Devices

/// `b9terminal scan --scanner URI`: prints each scanned code with its symbology until interrupted.
struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Read codes from a barcode scanner and print each with its symbology.")

    @Option(name: .long, help: "Scanner address, e.g. evdev:///dev/input/by-id/…-event-kbd or serial:///dev/ttyACM0.")
    var scanner: String

    @Option(name: .long, help: "Keyboard layout of a keyboard-wedge scanner: us or de.")
    var layout = "us"

    @Option(name: .long, help: "Suffix a keyboard-wedge scanner sends after each code: enter, tab or none.")
    var suffix = "enter"

    @Option(name: .long, help: "Stop after this many codes (default: run until interrupted).")
    var count: Int?

    func run() async throws {
        let address: DeviceAddress
        do {
            address = try DeviceAddress(parsing: scanner)
        } catch {
            throw ValidationError(error.message)
        }
        guard let keyMap = KeyMap.named(layout) else { throw ValidationError("unknown layout \"\(layout)\"; use us or de") }
        guard let suffixKey = KeyboardWedgeDecoder.Suffix(name: suffix) else {
            throw ValidationError("unknown suffix \"\(suffix)\"; use enter, tab or none")
        }
        let device = ManagedDevice(
            address: address, driver: BarcodeScannerDriver(for: address, keyMap: keyMap, suffix: suffixKey))
        do {
            try await device.open()
            try await device.claim()
            try await device.enable()
        } catch {
            print("cannot use the scanner: \(error)")
            throw ExitCode.failure
        }
        print("Scanning from \(address) — scan a code (Ctrl-C to stop).")
        var seen = 0
        for await event in device.events {
            switch event {
            case .data(let code):
                print("\(code.printableText)\t\(code.symbology?.description ?? "symbology unknown")")
                seen += 1
                if let count, seen >= count {
                    await device.close()
                    return
                }
            case .status(let status) where status.code != .stateChanged:
                print("[\(status.code)] \(status.message)")
            case .error(let error):
                print("[error] \(error)")
            default:
                break
            }
        }
    }
}
