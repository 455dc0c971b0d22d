import ArgumentParser
import B9Devices
import B9ESCPOS

/// `b9terminal display --display URI --protocol NAME [--code-page PAGE] "line 1" "line 2"`.
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

    @Option(name: .long, help: "The display's character table for text outside ASCII: PC437, PC850, PC858, PC852, PC866 or WPC1252 (selected with ESC t on Epson displays; elsewhere the table set on the display's switches).")
    var codePage: String?

    @Argument(help: "Upper line (20 columns).")
    var line1: String

    @Argument(help: "Lower line (20 columns).")
    var line2 = ""

    func run() async throws {
        guard let set = DisplayCommandSet(name: commandSet) else {
            throw ValidationError("unknown protocol \"\(commandSet)\"; use epson, cd5220, adm788, aedex or logic-controls")
        }
        var page: CodePage?
        if let codePage {
            guard let named = CodePage.named(codePage) else {
                throw ValidationError("unknown code page \"\(codePage)\"; use \(CodePage.all.map(\.name).joined(separator: ", "))")
            }
            page = named
        }
        let driver = CustomerDisplayDriver(commandSet: set, brightness: brightness, codePage: page)
        let address: DeviceAddress
        do {
            address = try DeviceAddress(parsing: display)
        } catch {
            throw ValidationError(error.message)
        }
        if case .simulator = address.location {
            var simulator = CustomerDisplaySimulator(commandSet: set, codePage: page ?? .pc437)
            simulator.feed(driver.setup + driver.lines(line1, line2))
            let (upper, lower) = simulator.lines
            print("+--------------------+\n|\(upper)|\n|\(lower)|\n+--------------------+")
            return
        }
        let device = ManagedDevice(address: address, driver: driver)
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
