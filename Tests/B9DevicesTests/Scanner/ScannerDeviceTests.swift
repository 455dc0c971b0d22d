import B9Devices
import NIOCore
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Barcode scanner device over simulators", .timeLimit(.minutes(5)))
struct ScannerDeviceTests {
    func nextCode(_ events: inout AsyncStream<DeviceEvent<ScannedCode>>.Iterator) async -> ScannedCode? {
        guard case .data(let code)? = await nextEvent(&events, where: isData) else { return nil }
        return code
    }

    @Test func keyboardWedgeThroughEvdevRecords() async throws {
        let fifo = try TemporaryFIFO()
        defer { fifo.remove() }
        let writerFD = open(fifo.path, O_RDWR | O_NONBLOCK | O_CLOEXEC)
        try #require(writerFD >= 0)
        let keyboard = try await ChannelTransport.adopting(descriptor: writerFD, name: "wedge", readable: false)
        let address = DeviceAddress(.evdev(path: fifo.path, grab: false))
        let scanner = ManagedDevice(address: address, driver: BarcodeScannerDriver(for: address, keyMap: .german))
        var events = scanner.events.makeAsyncIterator()
        try await scanner.open()
        try await scanner.claim()
        try await scanner.enable()
        let gs1 = Array("]d2010950110153000317".utf8) + [0x1D] + Array("17251231".utf8)
        try await keyboard.write(ScannerSimulator.records(ScannerSimulator.keyEvents(typing: gs1, keyMap: .german)),
                                 timeout: .seconds(5))
        let code = try #require(await nextCode(&events))
        #expect(code.symbology?.name == "GS1 DataMatrix")
        #expect(code.data == Array(gs1.dropFirst(3)))
        #expect(code.source == .keyboardWedge)
        // A person typing on the same node is reported, not delivered as a scan.
        try await keyboard.write(ScannerSimulator.records(ScannerSimulator.keyEvents(
            typing: Array("hello".utf8), keyMap: .german, gap: .milliseconds(300))), timeout: .seconds(5))
        #expect(await nextEvent(&events, where: isStatus(BarcodeScannerDriver.typingIgnored)) != nil)
        await scanner.close()
        await keyboard.close()
    }

    @Test func serialScannerOnAPty() async throws {
        let pty = try await PseudoTerminal.open(name: "serial-scanner")
        let address = pty.serialAddress(SerialSettings(baudRate: .b9600))
        let scanner = ManagedDevice(address: address, driver: BarcodeScannerDriver(for: address))
        var events = scanner.events.makeAsyncIterator()
        try await scanner.open()
        try await scanner.claim()
        try await scanner.enable()
        try await pty.peer.write(ScannerSimulator.serialLine(aim: "]E0", data: Array("4006381333931".utf8)),
                                 timeout: .seconds(5))
        let code = try #require(await nextCode(&events))
        #expect(code.text == "4006381333931")
        #expect(code.symbology?.name == "EAN-13")
        #expect(code.source == .serial)
        await scanner.close()
        await pty.hangUp()
    }

    @Test func hidPOSScannerReports() async throws {
        let pty = try await PseudoTerminal.open(name: "hid-pos")
        let address = DeviceAddress(.hidraw(path: pty.devicePath))
        let scanner = ManagedDevice(address: address, driver: BarcodeScannerDriver(for: address))
        var events = scanner.events.makeAsyncIterator()
        try await scanner.open()
        try await scanner.claim()
        try await scanner.enable()
        let data = Array("https://b9.example/receipt/000123".utf8)
        for report in HIDPOSReportDecoder.reports(aim: Array("]Q1".utf8), data: data) {
            try await pty.peer.write(report, timeout: .seconds(5))
        }
        let code = try #require(await nextCode(&events))
        #expect(code.data == data)
        #expect(code.symbology?.name == "QR Code")
        await scanner.close()
        await pty.hangUp()
    }
}
