import B9Devices
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// udev events turned into an immediate reopen or disconnect. There is no udev here: the events
/// are injected into ``HotplugReconnector`` as ``HotplugMonitor`` would deliver them.
@Suite("Hot-plug reopen and remove", .timeLimit(.minutes(5)))
struct HotplugReconnectorTests {
    static func node(_ devnode: String, subsystem: String = "tty", usbID: USBDeviceID? = nil, serial: String? = nil,
                     byID: String? = nil) -> DiscoveredDevice {
        DiscoveredDevice(subsystem: subsystem, devnode: devnode, syspath: "/sys/devices/pci0000:00/usb1/1-1/tty",
                         usbID: usbID, serialNumber: serial, byIDPath: byID)
    }

    /// A back-off far longer than the test: only a hot-plug event can bring the device back in time.
    static let patient = ReconnectPolicy(initialDelay: .seconds(600), maximumDelay: .seconds(600))

    @Test func addEventReopensAtOnceInsteadOfWaitingOutTheBackOff() async throws {
        let cable = try FlappingLine(name: "hotplug-add")
        try await cable.plug()
        let device = ManagedDevice(address: await cable.address, driver: RawBytesDriver(), policy: Self.patient)
        let timeline = FlapTimeline(following: device.events)
        let (events, feed) = AsyncStream.makeStream(of: HotplugEvent.self)
        let reconnector = HotplugReconnector(devices: [device])
        let running = Task { await reconnector.run(events) }
        try await device.open()
        try await device.claim()
        try await device.enable()
        for _ in 0..<3 {
            let pulled = timeline.count
            let oldNode = try #require(await cable.line?.nodePath)
            await cable.unplug()
            feed.yield(HotplugEvent(action: .remove, device: Self.node(oldNode)))
            guard await timeline.status(.disconnected, from: pulled) != nil else { return }
            try await cable.plug()
            let newNode = try #require(await cable.line?.nodePath)
            // The configured path is a link: the add matches because the link resolves to the new node.
            feed.yield(HotplugEvent(action: .add, device: Self.node(newNode)))
            guard await timeline.status(.reconnected, from: pulled, within: .seconds(60)) != nil else { return }
            try #require(await cable.line?.peer.write([0x42], timeout: .seconds(30)))
            guard let data = await timeline.first(from: pulled, where: isData), case .data(let bytes) = data.entry.event else { return }
            #expect(bytes == [0x42])
        }
        feed.finish()
        await running.value
        await device.close()
        await cable.unplug()
    }

    @Test func removeEventMarksTheDeviceAwayAtOnce() async throws {
        let cable = try FlappingLine(name: "hotplug-remove")
        try await cable.plug()
        let device = ManagedDevice(address: await cable.address, driver: RawBytesDriver(), policy: Self.patient)
        let timeline = FlapTimeline(following: device.events)
        let reconnector = HotplugReconnector(devices: [device])
        try await device.open()
        try await device.claim()
        try await device.enable()
        let node = try #require(await cable.line?.nodePath)
        // udev has already removed the link; the node the link pointed at is remembered.
        unlink(cable.link)
        let pulled = timeline.count
        #expect(await reconnector.handle(HotplugEvent(action: .remove, device: Self.node(node))) == [device.address])
        // Away at once, though the line itself never failed a read or a write: a command fails now.
        await #expect(throws: DeviceError.self) { try await device.write([0x01], timeout: .seconds(5)) }
        // The event was yielded before `handle` returned; the timeline's follower task records it
        // when it next runs (with a 600 s back-off, nothing but the remove event can produce it).
        guard await timeline.status(.disconnected, from: pulled, within: .seconds(60)) != nil else { return }
        #expect(timeline.all.filter { isStatus(.disconnected)($0.event) }.count == 1)
        // Back: the link returns and udev says so.
        _ = symlink(node, cable.link)
        #expect(await reconnector.handle(HotplugEvent(action: .add, device: Self.node(node))) == [device.address])
        guard await timeline.status(.reconnected, from: pulled, within: .seconds(60)) != nil else { return }
        try await device.write([0x01], timeout: .seconds(30))
        #expect(try await cable.line?.peer.read(exactly: 1, timeout: .seconds(30)) == [0x01])
        // Only one disconnect was reported for the one removal.
        #expect(timeline.all.filter { isStatus(.disconnected)($0.event) }.count == 1)
        await device.close()
        await cable.unplug()
    }

    /// A device that is claimed but not reading (nothing would notice it going away) is closed on
    /// `remove` and reopened on `add` by the reconnector itself.
    @Test func claimedDeviceWithoutReaderIsReopenedOnAdd() async throws {
        let cable = try FlappingLine(name: "hotplug-claimed")
        try await cable.plug()
        let device = ManagedDevice(address: await cable.address, driver: RawBytesDriver(), policy: Self.patient)
        let reconnector = HotplugReconnector()
        await reconnector.register(device)
        try await device.open()
        try await device.claim()
        let oldNode = try #require(await cable.line?.nodePath)
        await cable.unplug()
        await reconnector.handle(HotplugEvent(action: .remove, device: Self.node(oldNode)))
        await #expect(throws: DeviceError.self) { try await device.write([0x01], timeout: .seconds(5)) }
        try await cable.plug()
        let newNode = try #require(await cable.line?.nodePath)
        await reconnector.handle(HotplugEvent(action: .add, device: Self.node(newNode)))
        try await device.write([0x07], timeout: .seconds(30))
        #expect(try await cable.line?.peer.read(exactly: 1, timeout: .seconds(30)) == [0x07])
        await device.close()
        await cable.unplug()
    }

    @Test func eventsMatchByNodeByIDLinkAndUSBIdentity() async throws {
        let printer = try #require(USBDeviceID(text: "04b8:0202"))
        let byID = DeviceAddress(.serial(path: "/dev/serial/by-id/usb-FTDI_FT232R-if00-port0", settings: .default))
        let byNode = DeviceAddress(.evdev(path: "/dev/input/event7", grab: true))
        let byUSB = DeviceAddress(.usb(id: printer, serial: "J2YF012345", interface: 0))
        let anyUSB = DeviceAddress(.usb(id: printer, serial: nil, interface: 0))
        func reconnector(_ address: DeviceAddress) -> HotplugReconnector {
            HotplugReconnector(devices: [ManagedDevice(address: address, driver: RawBytesDriver())])
        }
        let ftdi = Self.node("/dev/ttyUSB3", byID: "/dev/serial/by-id/usb-FTDI_FT232R-if00-port0")
        #expect(await reconnector(byID).handle(HotplugEvent(action: .add, device: ftdi)) == [byID])
        #expect(await reconnector(byID).handle(HotplugEvent(action: .add, device: Self.node("/dev/ttyUSB3"))).isEmpty)
        #expect(await reconnector(byNode).handle(HotplugEvent(action: .remove, device: Self.node("/dev/input/event7", subsystem: "input"))) == [byNode])
        let epson = Self.node("/dev/usb/lp0", subsystem: "usbmisc", usbID: printer, serial: "J2YF012345")
        let otherEpson = Self.node("/dev/usb/lp1", subsystem: "usbmisc", usbID: printer, serial: "OTHER")
        #expect(await reconnector(byUSB).handle(HotplugEvent(action: .add, device: epson)) == [byUSB])
        #expect(await reconnector(byUSB).handle(HotplugEvent(action: .add, device: otherEpson)).isEmpty)
        #expect(await reconnector(anyUSB).handle(HotplugEvent(action: .add, device: otherEpson)) == [anyUSB])
        // `change` events do not reopen anything.
        #expect(await reconnector(byNode).handle(HotplugEvent(action: .change, device: Self.node("/dev/input/event7"))).isEmpty)
    }
}
