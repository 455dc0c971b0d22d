import B9Devices
import B9ESCPOS
import Testing

@Suite("Printer drawer and pass-through display")
struct PrinterPeripheralTests {
    @Test(.timeLimit(.minutes(1)), arguments: [DrawerPin.pin2, .pin5])
    func kicksTheDrawerOnTheChosenPin(pin: DrawerPin) async throws {
        let simulator = try await makeSimulator(.pty, name: "drawer-kick")
        let printer = try await makePrinter(await simulator.address)
        try await printer.openDrawer(try DrawerPulse(pin: pin, onMilliseconds: 100, offMilliseconds: 200))
        // ESC p m t1 t2: m = 0 for pin 2, 1 for pin 5; times in 2 ms units (Epson ESC p).
        await eventually { await !simulator.drawerKicks.isEmpty }
        #expect(await simulator.drawerKicks == [[pin == .pin2 ? 0x00 : 0x01, 50, 100]])
        await printer.close()
        await simulator.shutdown()
    }

    @Test(.timeLimit(.minutes(1)))
    func sensesTheDrawerAndAlertsWhenItStaysOpen() async throws {
        let simulator = try await makeSimulator(.tcp, name: "drawer-sense")
        let device = ManagedDevice(
            address: await simulator.address,
            driver: ReceiptPrinterDriver(profile: .epsonTMT88, drawerOpenLimit: .milliseconds(300)))
        try await device.open()
        try await device.claim()
        try await device.enable()
        #expect(try await device.isDrawerOpen(timeout: .seconds(10)) == false)
        await simulator.setDrawerOpen(true)
        #expect(try await device.isDrawerOpen(timeout: .seconds(10)) == true)
        var codes: [DeviceStatus.Code] = []
        for await event in device.events {
            if case .status(let status) = event,
                [CashDrawerDriver.drawerOpened, CashDrawerDriver.drawerOpenTooLong].contains(status.code)
            {
                codes.append(status.code)
                if status.code == CashDrawerDriver.drawerOpenTooLong { break }
            }
        }
        #expect(codes == [CashDrawerDriver.drawerOpened, CashDrawerDriver.drawerOpenTooLong])
        await simulator.setDrawerOpen(false)
        for await event in device.events {
            if case .status(let status) = event, status.code == CashDrawerDriver.drawerClosed { break }
        }
        #expect(try await device.isDrawerOpen(timeout: .seconds(10)) == false)
        await device.close()
        await simulator.shutdown()
    }

    @Test(.timeLimit(.minutes(1)), arguments: [DisplayCommandSet.epson, .cd5220])
    func passesDisplayBytesThroughThePrinter(commandSet: DisplayCommandSet) async throws {
        let simulator = try await makeSimulator(.pty, name: "display-pass")
        let printer = try await makePrinter(await simulator.address)
        try await printer.showOnDisplay(.lines("WELCOME", "B9 STORE"), commandSet: commandSet)
        try await printer.write(Array("AFTER\n".utf8), timeout: .seconds(5))
        await eventually { occurrences(of: "AFTER", in: await simulator.printed) == 1 }
        var display = CustomerDisplaySimulator(commandSet: commandSet)
        display.feed(await simulator.displayReceived)
        #expect(display.lines.0.hasPrefix("WELCOME"))
        #expect(display.lines.1.hasPrefix("B9 STORE"))
        // Nothing meant for the display was printed, and printing goes on after it.
        #expect(occurrences(of: "WELCOME", in: await simulator.printed) == 0)
        await printer.close()
        await simulator.shutdown()
    }
}
