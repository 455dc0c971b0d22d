import B9Devices
import NIOCore
import Testing

@Suite("Customer display command sets")
struct CustomerDisplayTests {
    static let layouts: [(DisplayLayout, String, String)] = [
        (.itemAndPrice(item: "Basmati rice 5kg", price: "Tk 850.00"), "Basmati rice 5kg    ", "           Tk 850.00"),
        (.total("Tk 1,234.50"), "TOTAL               ", "         Tk 1,234.50"),
        (.change("Tk 15.50"), "CHANGE              ", "            Tk 15.50"),
        (.idle("Welcome to B9 Store, thank you"), "Welcome to B9 Store,", "     thank you      "),
        (.lines("A very long item name over twenty", "x"), "A very long item nam", "x                   "),
    ]

    @Test("layouts fill 2x20", arguments: layouts)
    func layout(layout: DisplayLayout, upper: String, lower: String) {
        let (top, bottom) = layout.lines
        #expect(top == upper)
        #expect(bottom == lower)
    }

    @Test("the simulator renders what each command set sends", arguments: DisplayCommandSet.all)
    func rendersEachSet(set: DisplayCommandSet) {
        var display = CustomerDisplaySimulator(commandSet: set)
        display.feed(set.initialize)
        #expect(display.lines == (String(repeating: " ", count: 20), String(repeating: " ", count: 20)))
        for (layout, upper, lower) in Self.layouts {
            let (top, bottom) = layout.lines
            // Feed one byte at a time: commands split across reads must still work.
            for byte in set.showLines(top, bottom) { display.feed([byte]) }
            #expect(display.lines.0 == upper, "\(set)")
            #expect(display.lines.1 == lower, "\(set)")
        }
        if let bytes = set.brightness(2) {
            display.feed(bytes)
            #expect(display.brightness == 2)
        }
    }

    static let fixtures: [(DisplayCommandSet, [UInt8])] = [
        // ESC @, FF
        (.epson, [0x1B, 0x40, 0x0C]),
        (.cd5220, [0x1B, 0x40, 0x0C]),
        (.adm788, [0x0C]),
        (.logicControls, [0x1F, 0x11]),
    ]

    @Test("initialise bytes", arguments: fixtures)
    func initializeBytes(set: DisplayCommandSet, bytes: [UInt8]) {
        #expect(set.initialize == bytes)
    }

    @Test func lineCommandsMatchTheManuals() {
        let cd5220 = DisplayCommandSet.cd5220.showLines("AB", "C")
        #expect(Array(cd5220.prefix(5)) == [0x1B, 0x51, 0x41, 0x41, 0x42])  // ESC Q A "AB"
        #expect(cd5220[23] == 0x0D && Array(cd5220[24...26]) == [0x1B, 0x51, 0x42])  // CR, ESC Q B
        let epson = DisplayCommandSet.epson.showLines("X", "Y")
        #expect(Array(epson.prefix(6)) == [0x1F, 0x01, 0x1F, 0x24, 0x01, 0x01])  // US 01, US $ 1 1
        let aedex = DisplayCommandSet.aedex.showLines("X", "Y")
        #expect(Array(aedex.prefix(4)) == [0x21, 0x23, 0x31, 0x58])  // "!#1X"
        #expect(DisplayCommandSet.epson.brightness(4) == [0x1F, 0x58, 0x04])
        #expect(DisplayCommandSet.cd5220.brightness(1) == [0x1B, 0x2A, 0x01])
        #expect(DisplayCommandSet.logicControls.brightness(4) == [0x04, 0xFF])
        #expect(DisplayCommandSet.aedex.brightness(3) == nil)
        #expect(DisplayCommandSet(name: "ADM787") == .adm788)
        #expect(DisplayCommandSet(name: "nonsense") == nil)
    }

    @Test func nonASCIIBecomesQuestionMarks() {
        var display = CustomerDisplaySimulator(commandSet: .cd5220)
        display.feed(DisplayCommandSet.cd5220.showLines("Café ৳100", ""))
        #expect(display.lines.0 == "Caf? ?100           ")
    }

    @Test(.timeLimit(.minutes(5)))
    func displayDeviceOverAPty() async throws {
        let pty = try await PseudoTerminal.open(name: "display")
        let device = ManagedDevice(
            address: pty.serialAddress(), driver: CustomerDisplayDriver(commandSet: .cd5220, brightness: 3,
                                                                        idleMessage: "Welcome"))
        try await device.open()
        try await device.claim()
        try await device.show(.total("Tk 99.00"))
        // Render what arrived on the line.
        var display = CustomerDisplaySimulator(commandSet: .cd5220)
        let expected = DisplayLayout.total("Tk 99.00").lines
        while display.lines != expected {
            var chunk = try await pty.peer.read(timeout: .seconds(5))
            display.feed(chunk.readBytes(length: chunk.readableBytes) ?? [])
        }
        #expect(display.brightness == 3)
        await #expect(throws: DeviceError.self) {
            let aedex = ManagedDevice(address: pty.serialAddress(), driver: CustomerDisplayDriver(commandSet: .aedex))
            try await aedex.setBrightness(2)
        }
        await device.close()
        await pty.hangUp()
    }
}
