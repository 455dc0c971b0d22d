import B9Devices
import NIOCore
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A FIFO in a fresh temporary directory, removed by `remove()`.
struct TemporaryFIFO {
    let directory: String
    let path: String

    init() throws {
        var template = Array("/tmp/b9devices-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
        try #require(made != nil)
        directory = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        path = directory + "/node"
        try #require(mkfifo(path, 0o600) == 0)
    }

    func remove() {
        unlink(path)
        rmdir(directory)
    }
}

@Suite("usblp, evdev and hidraw nodes", .timeLimit(.minutes(5)))
struct CharacterDeviceTransportTests {
    @Test func usblpWritesReachThePrinterNode() async throws {
        let fifo = try TemporaryFIFO()
        defer { fifo.remove() }
        // The "printer" end: reads what the host writes.
        let printerFD = open(fifo.path, O_RDWR | O_NONBLOCK | O_CLOEXEC)
        try #require(printerFD >= 0)
        let printer = try await ChannelTransport.adopting(descriptor: printerFD, name: "printer", writable: false)
        let host = try await CharacterDeviceTransport.open(DeviceAddress(.usblp(path: fifo.path)))
        let job: [UInt8] = [0x1B, 0x40] + Array("B9 test\n".utf8) + [0x1D, 0x56, 0x00]
        try await host.write(job, timeout: .seconds(5))
        #expect(try await printer.read(exactly: job.count, timeout: .seconds(5)) == job)
        await host.close()
        await printer.close()
    }

    @Test func usblpReadsBackStatus() async throws {
        // A raw pty stands in for a bidirectional printer-class node.
        let pty = try await PseudoTerminal.open(name: "usblp")
        let host = try await CharacterDeviceTransport.open(DeviceAddress(.usblp(path: pty.devicePath)))
        try await host.write([0x10, 0x04, 0x01], timeout: .seconds(5))
        #expect(try await pty.peer.read(exactly: 3, timeout: .seconds(5)) == [0x10, 0x04, 0x01])
        try await pty.peer.write([0x16], timeout: .seconds(5))
        #expect(try await host.read(exactly: 1, timeout: .seconds(5)) == [0x16])
        await host.close()
        await pty.hangUp()
    }

    @Test func evdevDeliversInputEventRecordsAndEndsOnHangUp() async throws {
        let fifo = try TemporaryFIFO()
        defer { fifo.remove() }
        let writerFD = open(fifo.path, O_RDWR | O_NONBLOCK | O_CLOEXEC)
        try #require(writerFD >= 0)
        let keyboard = try await ChannelTransport.adopting(descriptor: writerFD, name: "keyboard", readable: false)
        let device = try await CharacterDeviceTransport.open(DeviceAddress(.evdev(path: fifo.path, grab: false)))
        let events = [
            InputEvent(seconds: 1_700_000_000, microseconds: 1, type: InputEvent.typeMisc, code: 4, value: 0x70004),
            InputEvent(seconds: 1_700_000_000, microseconds: 2, type: InputEvent.typeKey, code: 30, value: 1),
            InputEvent(seconds: 1_700_000_000, microseconds: 3, type: InputEvent.typeSync, code: 0, value: 0),
            InputEvent(seconds: 1_700_000_000, microseconds: 4, type: InputEvent.typeKey, code: 30, value: 0),
            InputEvent(seconds: -1, microseconds: 999_999, type: 0xFFFF, code: 0xFFFF, value: Int32.min),
        ]
        let bytes = events.flatMap(\.bytes)
        #expect(bytes.count == events.count * 24)
        // Send in odd-sized pieces; the decoder must reassemble records.
        try await keyboard.write(bytes[0..<17], timeout: .seconds(5))
        try await keyboard.write(bytes[17...], timeout: .seconds(5))
        var decoder = InputEventDecoder()
        var received: [InputEvent] = []
        while received.count < events.count {
            var chunk = try await device.read(timeout: .seconds(5))
            received += decoder.decode(chunk.readBytes(length: chunk.readableBytes) ?? [])
        }
        #expect(received == events)
        #expect(decoder.pendingByteCount == 0)
        await keyboard.close()
        let error = await #expect(throws: DeviceError.self) { _ = try await device.read(timeout: .seconds(30)) }
        #expect(error?.code == .disconnected)
        await device.close()
    }

    @Test func evdevIsInputOnly() async throws {
        let fifo = try TemporaryFIFO()
        defer { fifo.remove() }
        let holder = open(fifo.path, O_RDWR | O_NONBLOCK | O_CLOEXEC)
        try #require(holder >= 0)
        defer { close(holder) }
        let device = try await CharacterDeviceTransport.open(DeviceAddress(.evdev(path: fifo.path, grab: false)))
        let error = await #expect(throws: DeviceError.self) { try await device.write([0x00], timeout: .seconds(1)) }
        #expect(error?.code == .unsupported)
        await device.close()
    }

    @Test func grabOnANonEvdevNodeSaysWhy() async throws {
        let fifo = try TemporaryFIFO()
        defer { fifo.remove() }
        let holder = open(fifo.path, O_RDWR | O_NONBLOCK | O_CLOEXEC)
        try #require(holder >= 0)
        defer { close(holder) }
        let error = await #expect(throws: DeviceError.self) {
            _ = try await CharacterDeviceTransport.open(DeviceAddress(.evdev(path: fifo.path, grab: true)))
        }
        #expect(error?.message.contains("EVIOCGRAB") == true)
        #expect(error?.errno != nil)
    }

    @Test func hidrawKeepsReportBoundaries() async throws {
        let pty = try await PseudoTerminal.open(name: "hidraw")
        let device = try await CharacterDeviceTransport.open(DeviceAddress(.hidraw(path: pty.devicePath)))
        try await pty.peer.write([0x02, 0x03, 0x41, 0x42, 0x43], timeout: .seconds(5))
        var chunk = try await device.readChunk(timeout: .seconds(5))
        #expect(chunk.readBytes(length: chunk.readableBytes) == [0x02, 0x03, 0x41, 0x42, 0x43])
        await device.close()
        await pty.hangUp()
    }

    @Test func regularFilesAreRefused() async throws {
        let error = await #expect(throws: DeviceError.self) {
            _ = try await CharacterDeviceTransport.open(DeviceAddress(.hidraw(path: "/etc/hostname")))
        }
        #expect(error?.code == .openFailed)
    }

    /// A node epoll cannot watch (here /dev/null, whose driver has no poll) is refused before the
    /// event loop takes it, so the refusal closes it exactly once.
    @Test func aNodeWithoutPollIsRefusedBeforeTheEventLoopTakesIt() async throws {
        let error = await #expect(throws: DeviceError.self) {
            _ = try await CharacterDeviceTransport.open(DeviceAddress(.hidraw(path: "/dev/null")))
        }
        #expect(error?.code == .openFailed)
        #expect(error?.errno == EPERM)
    }
}

@Suite("libusb bulk transport")
struct USBTransportTests {
    @Test func missingDeviceDegradesToAClearError() async throws {
        let address = try DeviceAddress(parsing: "usb://04b8:0202?serial=J2YF012345")
        let error = await #expect(throws: DeviceError.self) { _ = try await USBTransport.open(address) }
        let code = try #require(error?.code)
        // On a machine with USB but without this printer the answer is still notFound.
        #expect(code == .notFound || code == .unavailable)
        #expect(error?.message.contains("04b8:0202") == true || code == .unavailable)
        #expect(error?.device == address.description)
    }

    @Test(.enabled(if: access("/sys/bus/usb", F_OK) != 0))
    func noUSBBusMeansNoDevices() throws {
        #expect(try USBTransport.deviceCount() == 0)
    }
}
