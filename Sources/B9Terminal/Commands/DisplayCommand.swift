import ArgumentParser
import B9Devices

/// `b9terminal display --display URI --protocol NAME "line 1" "line 2"`.
struct DisplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "display",
        abstract: "Show two lines on a customer display.")

    @Option(name: .long, help: "Display address, e.g. serial:///dev/ttyUSB0?baud=9600 or sim://display.")
    var display: String

    @Option(name: .customLong("protocol"), help: "Command set: epson, cd5220, adm788, aedex or logic-controls.")
    var commandSet: String

    @Option(name: .long, help: "Brightness 1 (dim) … 4 (bright).")
    var brightness: Int?

    @Argument(help: "Upper line (20 columns).")
    var line1: String

    @Argument(help: "Lower line (20 columns).")
    var line2 = ""

    func run() async throws {
        guard let set = DisplayCommandSet(name: commandSet) else {
            throw ValidationError("unknown protocol \"\(commandSet)\"; use epson, cd5220, adm788, aedex or logic-controls")
        }
        let address: DeviceAddress
        do {
            address = try DeviceAddress(parsing: display)
        } catch {
            throw ValidationError(error.message)
        }
        if case .simulator = address.location {
            var simulator = CustomerDisplaySimulator(commandSet: set)
            simulator.feed(set.initialize + (brightness.flatMap(set.brightness) ?? []) + set.showLines(line1, line2))
            let (upper, lower) = simulator.lines
            print("+--------------------+\n|\(upper)|\n|\(lower)|\n+--------------------+")
            return
        }
        let device = ManagedDevice(address: address, driver: CustomerDisplayDriver(commandSet: set, brightness: brightness))
        do {
            try await device.open()
            try await device.claim()
            try await device.show(.lines(line1, line2))
            await device.close()
        } catch {
            print("cannot show on the display: \(error)")
            await device.close()
            throw ExitCode.failure
        }
    }
}
