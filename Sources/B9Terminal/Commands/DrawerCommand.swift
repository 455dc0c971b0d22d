import ArgumentParser
import B9Devices
import B9ESCPOS

/// `b9terminal drawer open --drawer URI`: opens a serial cash drawer;
/// `b9terminal drawer open --printer URI [--pin 2|5]`: kicks the drawer connected to a receipt
/// printer with `ESC p` (0x1B 0x70);
/// `b9terminal drawer status (--printer URI | --drawer URI --sensor dsr|cts)`: says whether the
/// drawer is open.
struct DrawerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drawer",
        abstract: "Cash drawer commands.",
        subcommands: [Open.self, Status.self])

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

    /// Reads the drawer's open/closed switch once and prints `open` or `closed`; exits non-zero,
    /// saying why, when the state cannot be read.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Say whether a cash drawer is open or closed.",
            discussion: """
                Behind a receipt printer the drawer's switch is read on kick-out connector pin 3: with DLE EOT 1 \
                (answered at once, even while the printer is offline) or, with --sensing gs-r, with GS r 2 for \
                printers without real-time commands. A serial drawer interface reports it on a modem line (--sensor).
                """)

        @Option(name: .long, help: "Printer address for a drawer on the printer's kick-out connector.")
        var printer: String?

        @Option(name: .long, help: "Serial drawer interface address, e.g. serial:///dev/ttyUSB0?baud=9600.")
        var drawer: String?

        @Option(name: .long, help: "With --printer: dle-eot (DLE EOT 1) or gs-r (GS r 2).")
        var sensing = "dle-eot"

        @Option(name: .long, help: "With --printer: the pin 3 level that means open, high or low (drawers differ).")
        var openLevel = "high"

        @Option(name: .long, help: "With --drawer: the modem line the drawer's switch is wired to, dsr or cts.")
        var sensor: String?

        @Option(name: .long, help: "With --printer: seconds to wait for the printer's answer (a busy or slow line needs more).")
        var timeout = 2

        @Flag(name: .long, help: "Print {\"drawer\": \"open\"|\"closed\"} instead of a sentence.")
        var json = false

        func validate() throws {
            guard (1...120).contains(timeout) else { throw ValidationError("--timeout must be 1 to 120 seconds, e.g. --timeout 5") }
            guard (drawer == nil) != (printer == nil) else {
                throw ValidationError("give either --drawer or --printer (one of them)")
            }
            guard ["dle-eot", "gs-r"].contains(sensing) else { throw ValidationError("--sensing must be dle-eot or gs-r") }
            guard ["high", "low"].contains(openLevel) else { throw ValidationError("--open-level must be high or low") }
            if drawer != nil {
                guard let sensor, ["dsr", "cts"].contains(sensor) else {
                    throw ValidationError("a serial drawer needs --sensor dsr or --sensor cts: the modem line its switch is wired to")
                }
            }
        }

        func run() async throws {
            let open: Bool
            do {
                open = try await read()
            } catch {
                print("cannot read the drawer: \(error)")
                throw ExitCode.failure
            }
            let state = open ? "open" : "closed"
            print(json ? "{\"drawer\":\"\(state)\"}" : "Drawer \(state).")
        }

        /// Whether the drawer is open, asked of the printer or the serial interface.
        func read() async throws -> Bool {
            let address: DeviceAddress
            do {
                address = try DeviceAddress(parsing: printer ?? drawer ?? "")
            } catch {
                throw ValidationError(error.message)
            }
            if printer != nil {
                let driver = ReceiptPrinterDriver(profile: .generic80, pin3HighMeansOpen: openLevel == "high")
                let device = ManagedDevice(address: address, driver: driver, policy: ReconnectPolicy(maximumAttempts: 1))
                do {
                    try await device.open()
                    try await device.claim()
                    try await device.enable()
                    let open = try await device.isDrawerOpen(
                        using: sensing == "gs-r" ? .transmitStatus : .realTime, timeout: .seconds(timeout))
                    await device.close()
                    return open
                } catch {
                    await device.close()
                    throw error
                }
            }
            let driver = CashDrawerDriver(sensor: sensor == "cts" ? .cts : .dsr)
            let device = ManagedDevice(address: address, driver: driver, policy: ReconnectPolicy(maximumAttempts: 1))
            do {
                try await device.open()
                try await device.claim()
                let open = try await device.isDrawerOpen()
                await device.close()
                return open
            } catch {
                await device.close()
                throw error
            }
        }
    }
}
