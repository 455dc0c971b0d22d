import ArgumentParser
import B9Devices
import B9ESCPOS

/// `b9terminal drawer open --drawer URI`: opens a serial cash drawer;
/// `b9terminal drawer open --printer URI [--pin 2|5]`: kicks the drawer connected to a receipt
/// printer with `ESC p` (0x1B 0x70).
struct DrawerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drawer",
        abstract: "Cash drawer commands.",
        subcommands: [Open.self])

    struct Open: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open a cash drawer on a serial drawer interface or behind a receipt printer.")

        @Option(name: .long, help: "Drawer address, e.g. serial:///dev/ttyUSB0?baud=9600.")
        var drawer: String?

        @Option(name: .long, help: "Printer address for a printer-kick drawer, e.g. tcp://192.168.1.50:9100.")
        var printer: String?

        @Option(name: .long, help: "Printer kick-out pin, 2 or 5 (with --printer).")
        var pin = 2

        func validate() throws {
            guard (drawer == nil) != (printer == nil) else {
                throw ValidationError("give either --drawer or --printer (one of them)")
            }
            guard pin == 2 || pin == 5 else { throw ValidationError("--pin must be 2 or 5") }
        }

        @Option(name: .long, help: "Kick: a byte in hex (default 07, BEL) or dtr for a DTR pulse.")
        var kick = "07"

        func run() async throws {
            if let printer {
                try await kickThroughPrinter(printer)
                return
            }
            let address: DeviceAddress
            do {
                address = try DeviceAddress(parsing: drawer ?? "")
            } catch {
                throw ValidationError(error.message)
            }
            let method: CashDrawerDriver.Kick
            if kick.lowercased() == "dtr" {
                method = .dtrPulse(.milliseconds(200))
            } else if let byte = UInt8(kick, radix: 16) {
                method = .byte(byte)
            } else {
                throw ValidationError("--kick must be a hex byte such as 07, or dtr")
            }
            let device = ManagedDevice(address: address, driver: CashDrawerDriver(kick: method))
            do {
                try await device.open()
                try await device.claim()
                try await device.openDrawer()
                await device.close()
                print("Drawer kicked.")
            } catch {
                print("cannot open the drawer: \(error)")
                await device.close()
                throw ExitCode.failure
            }
        }

        func kickThroughPrinter(_ uri: String) async throws {
            let address: DeviceAddress
            do {
                address = try DeviceAddress(parsing: uri)
            } catch {
                throw ValidationError(error.message)
            }
            let device = ManagedDevice(address: address, driver: ReceiptPrinterDriver(profile: .generic80),
                                       policy: ReconnectPolicy(maximumAttempts: 1))
            do {
                try await device.open()
                try await device.claim()
                let pulse = DrawerPulse(pin: pin == 5 ? .pin5 : .pin2, onTime: DrawerPulse.standard.onTime,
                                        offTime: DrawerPulse.standard.offTime)
                try await device.openDrawer(pulse)
                await device.close()
                print("Drawer kicked through the printer (pin \(pin)).")
            } catch {
                print("cannot open the drawer: \(error)")
                await device.close()
                throw ExitCode.failure
            }
        }
    }
}
