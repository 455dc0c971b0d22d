import ArgumentParser
import B9Devices

/// `b9terminal drawer open --drawer URI`: opens a serial cash drawer.
struct DrawerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drawer",
        abstract: "Cash drawer commands.",
        subcommands: [Open.self])

    struct Open: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open a cash drawer on a serial drawer interface.")

        @Option(name: .long, help: "Drawer address, e.g. serial:///dev/ttyUSB0?baud=9600.")
        var drawer: String

        @Option(name: .long, help: "Kick: a byte in hex (default 07, BEL) or dtr for a DTR pulse.")
        var kick = "07"

        func run() async throws {
            let address: DeviceAddress
            do {
                address = try DeviceAddress(parsing: drawer)
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
    }
}
