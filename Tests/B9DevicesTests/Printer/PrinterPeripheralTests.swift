import B9Devices
import B9ESCPOS
import Testing

@Suite("Printer drawer and pass-through display")
struct PrinterPeripheralTests {
    @Test(.timeLimit(.minutes(5)), arguments: [DrawerPin.pin2, .pin5])
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

    @Test(.timeLimit(.minutes(5)))
    func sensesTheDrawerAndAlertsWhenItStaysOpen() async throws {
        let simulator = try await makeSimulator(.tcp, name: "drawer-sense")
        let device = ManagedDevice(
            address: await simulator.address,
            driver: ReceiptPrinterDriver(profile: .epsonTMT88, drawerOpenLimit: .milliseconds(300)))
        try await device.open()
        try await device.claim()
        try await device.enable()
        #expect(try await device.isDrawerOpen(timeout: .seconds(60)) == false)
        await simulator.setDrawerOpen(true)
        #expect(try await device.isDrawerOpen(timeout: .seconds(60)) == true)
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
        #expect(try await device.isDrawerOpen(timeout: .seconds(60)) == false)
        await device.close()
        await simulator.shutdown()
    }

    @Test(.timeLimit(.minutes(5)), arguments: [DisplayCommandSet.epson, .cd5220])
    func passesDisplayBytesThroughThePrinter(commandSet: DisplayCommandSet) async throws {
        let simulator = try await makeSimulator(.pty, name: "display-pass")
        let printer = try await makePrinter(await simulator.address)
        try await printer.showOnDisplay(.lines("WELCOME", "B9 STORE"), commandSet: commandSet)
        try await printer.write(Array("AFTER\n".utf8), timeout: .seconds(60))
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

    /// `GS r 2` on a printer without ASB: the answers alone tell the drawer state, and a change
    /// raises the drawer events.
    @Test(.timeLimit(.minutes(5)), arguments: Medium.allCases)
    func sensesTheDrawerWithTransmitStatus(medium: Medium) async throws {
        let simulator = try await makeSimulator(medium, name: "drawer-gsr")
        let device = ManagedDevice(address: await simulator.address,
                                   driver: ReceiptPrinterDriver(profile: .generic80, statusPollInterval: nil))
        try await device.open()
        try await device.claim()
        try await device.enable()
        #expect(try await device.isDrawerOpen(using: .transmitStatus, timeout: .seconds(60)) == false)
        await simulator.setDrawerOpen(true)
        #expect(try await device.isDrawerOpen(using: .transmitStatus, timeout: .seconds(60)) == true)
        #expect(occurrences(of: "\u{1D}r\u{02}", in: await simulator.received) == 2)
        var codes: [DeviceStatus.Code] = []
        for await event in device.events {
            if case .status(let status) = event, status.code == CashDrawerDriver.drawerOpened {
                codes.append(status.code)
                break
            }
        }
        #expect(codes == [CashDrawerDriver.drawerOpened])
        #expect(device.driver.lastStatus.drawerPin3High == true)
        await device.close()
        await simulator.shutdown()
    }

    /// `GS r` is processed in turn with the printer's buffer, so a printer with its cover open
    /// answers it only once it is closed again, with the state at that moment; `DLE EOT` is
    /// answered meanwhile.
    @Test(.timeLimit(.minutes(5)))
    func transmitStatusWaitsForAnOfflinePrinterRealTimeStatusDoesNot() async throws {
        let simulator = try await makeSimulator(.pty, name: "drawer-gsr-offline")
        let device = try await makePrinter(await simulator.address)
        await simulator.setCoverOpen(true)
        let transmitted = Task { try await device.isDrawerOpen(using: .transmitStatus, timeout: .seconds(120)) }
        await eventually { occurrences(of: "\u{1D}r\u{02}", in: await simulator.received) == 1 }
        #expect(try await device.isDrawerOpen(using: .realTime, timeout: .seconds(60)) == false)
        await simulator.setDrawerOpen(true)
        await simulator.setCoverOpen(false)
        #expect(try await result(of: transmitted) == true)
        await device.close()
        await simulator.shutdown()
    }

    /// A printer without ASB is polled: paper end and the drawer show up as events all the same.
    @Test(.timeLimit(.minutes(5)))
    func printerWithoutASBIsPolledForStatusEvents() async throws {
        let simulator = try await makeSimulator(.tcp, name: "poll-status")
        let device = ManagedDevice(address: await simulator.address,
                                   driver: ReceiptPrinterDriver(profile: .generic80, statusPollInterval: .milliseconds(50)))
        try await device.open()
        try await device.claim()
        try await device.enable()
        await simulator.setPaperEnd(true)
        await simulator.setDrawerOpen(true)
        var codes: Set<DeviceStatus.Code> = []
        for await event in device.events {
            if case .status(let status) = event { codes.insert(status.code) }
            if codes.isSuperset(of: [ReceiptPrinterDriver.paperEnd, CashDrawerDriver.drawerOpened]) { break }
        }
        await simulator.setPaperEnd(false)
        await simulator.setDrawerOpen(false)
        for await event in device.events {
            if case .status(let status) = event { codes.insert(status.code) }
            if codes.isSuperset(of: [ReceiptPrinterDriver.ready, CashDrawerDriver.drawerClosed]) { break }
        }
        // Never switched ASB on: the profile has none.
        #expect(occurrences(of: "\u{1D}a", in: await simulator.received) == 0)
        #expect(occurrences(of: "\u{10}\u{04}\u{01}", in: await simulator.received) >= 2)
        await device.close()
        await simulator.shutdown()
    }
}

@Suite("Printer health check")
struct PrinterHealthTests {
    @Test(.timeLimit(.minutes(5)))
    func externalAndInteractiveChecksAskThePrinter() async throws {
        let simulator = try await makeSimulator(.tcp, name: "health")
        let printer = try await makePrinter(await simulator.address)
        #expect(await printer.checkHealth(.internal).healthy)
        #expect(await printer.checkHealth(.external).healthy)
        await simulator.setCoverOpen(true)
        let external = await printer.checkHealth(.external)
        #expect(!external.healthy)
        #expect(external.text.contains("cover open"), "\(external.text)")
        #expect(occurrences(of: "health check", in: await simulator.received) == 0)
        await simulator.setCoverOpen(false)
        let interactive = await printer.checkHealth(.interactive)
        #expect(interactive.healthy, "\(interactive.text)")
        #expect(occurrences(of: "B9Terminal printer health check", in: await simulator.printed) == 1)
        // Unplugged: the checks say so instead of hanging.
        await simulator.unplug()
        #expect(await printer.checkHealth(.external).healthy == false)
        await printer.close()
        await simulator.shutdown()
    }
}
