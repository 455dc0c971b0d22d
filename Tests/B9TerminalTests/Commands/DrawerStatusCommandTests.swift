@testable import B9Terminal
import ArgumentParser
import B9Devices
import Testing

@Suite("b9terminal drawer status", .timeLimit(.minutes(2)))
struct DrawerStatusCommandTests {
    @Test("Behind a printer the drawer's switch is read with DLE EOT 1 and with GS r 2, open and closed", arguments: ["dle-eot", "gs-r"])
    func readsThePrinterKickConnector(sensing: String) async throws {
        let printer = try await PrinterSimulator.onLoopback()
        let uri = await printer.address.description
        await printer.setDrawerOpen(true)
        // A loaded test machine can take longer than the 2 s a technician waits by default.
        let whenOpen = try DrawerCommand.Status.parse(["--printer", uri, "--sensing", sensing, "--timeout", "60"])
        #expect(try await whenOpen.read())
        await printer.setDrawerOpen(false)
        #expect(try await !whenOpen.read())
        // A drawer whose switch closes the circuit when shut reads the other way round.
        let inverted = try DrawerCommand.Status.parse(["--printer", uri, "--sensing", sensing, "--open-level", "low", "--timeout", "60"])
        #expect(try await inverted.read())
        await printer.shutdown()
    }

    @Test("A printer that is not there is an error naming it, not a state")
    func printerAwayIsAnError() async throws {
        let printer = try await PrinterSimulator.onLoopback()
        let uri = await printer.address.description
        await printer.unplug()
        let command = try DrawerCommand.Status.parse(["--printer", uri])
        await #expect(throws: (any Error).self) { _ = try await command.read() }
        await printer.shutdown()
    }

    @Test("A timeout outside 1 to 120 seconds is refused with an example")
    func timeoutIsBounded() {
        #expect(throws: (any Error).self) { _ = try DrawerCommand.Status.parse(["--printer", "tcp://127.0.0.1:9100", "--timeout", "0"]) }
        #expect(throws: (any Error).self) { _ = try DrawerCommand.Status.parse(["--printer", "tcp://127.0.0.1:9100", "--timeout", "121"]) }
        #expect(throws: Never.self) { _ = try DrawerCommand.Status.parse(["--printer", "tcp://127.0.0.1:9100", "--timeout", "5"]) }
    }

    @Test("A serial drawer needs its sensor line named; a port without modem lines is an error, not a state")
    func serialDrawerSensor() async throws {
        #expect(throws: (any Error).self) { _ = try DrawerCommand.Status.parse(["--drawer", "serial:///dev/ttyUSB0"]) }
        #expect(throws: (any Error).self) { _ = try DrawerCommand.Status.parse(["--drawer", "serial:///dev/ttyUSB0", "--sensor", "ri"]) }
        let pty = try await PseudoTerminal.open()
        let command = try DrawerCommand.Status.parse(["--drawer", pty.serialAddress().description, "--sensor", "dsr"])
        let error = await #expect(throws: DeviceError.self) { _ = try await command.read() }
        #expect(error?.message.contains("TIOCMGET") == true)
        await pty.hangUp()
    }
}
