import B9Devices
import Glibc
import Testing

@Suite("Bump bar on evdev", .timeLimit(.minutes(5)))
struct BumpBarDriverTests {
    @Test("Only key presses are delivered: releases, autorepeat, scancodes and syncs are dropped; records may arrive split")
    func pressesThroughAFIFO() async throws {
        let fifo = try TemporaryFIFO()
        defer { fifo.remove() }
        let writerFD = open(fifo.path, O_RDWR | O_NONBLOCK | O_CLOEXEC)
        try #require(writerFD >= 0)
        let keyboard = try await ChannelTransport.adopting(descriptor: writerFD, name: "bump bar", readable: false)
        let device = ManagedDevice(address: DeviceAddress(.evdev(path: fifo.path, grab: false)), driver: BumpBarDriver())
        try await device.open()
        try await device.claim()
        try await device.enable()

        var events: [InputEvent] = []
        for code: UInt16 in [3, 28, 106] {  // KEY_2, KEY_ENTER, KEY_RIGHT
            events += [
                InputEvent(seconds: 1_700_000_000, microseconds: 1, type: InputEvent.typeMisc, code: 4, value: 0x70000 + Int32(code)),
                InputEvent(seconds: 1_700_000_000, microseconds: 2, type: InputEvent.typeKey, code: code, value: 1),
                InputEvent(seconds: 1_700_000_000, microseconds: 3, type: InputEvent.typeSync, code: 0, value: 0),
                InputEvent(seconds: 1_700_000_000, microseconds: 4, type: InputEvent.typeKey, code: code, value: 2),
                InputEvent(seconds: 1_700_000_000, microseconds: 5, type: InputEvent.typeKey, code: code, value: 0),
                InputEvent(seconds: 1_700_000_000, microseconds: 6, type: InputEvent.typeSync, code: 0, value: 0),
            ]
        }
        let bytes = events.flatMap(\.bytes)
        try await keyboard.write(bytes[0..<31], timeout: .seconds(5))
        try await keyboard.write(bytes[31...], timeout: .seconds(5))

        var presses: [UInt16] = []
        for await event in device.events {
            if case .data(let press) = event { presses.append(press.code) }
            if presses.count == 3 { break }
        }
        #expect(presses == [3, 28, 106])
        #expect(KeyName.name(presses[1]) == "ENTER")
        await device.close()
        await keyboard.close()
    }

    @Test("presses(in:) keeps EV_KEY value 1 only")
    func pressFilter() {
        let events = [
            InputEvent(type: InputEvent.typeKey, code: 2, value: 1),
            InputEvent(type: InputEvent.typeKey, code: 2, value: 2),
            InputEvent(type: InputEvent.typeKey, code: 2, value: 0),
            InputEvent(type: InputEvent.typeMisc, code: 4, value: 1),
            InputEvent(type: InputEvent.typeKey, code: 14, value: 1),
        ]
        #expect(BumpBarDriver.presses(in: events) == [BumpBarPress(code: 2), BumpBarPress(code: 14)])
    }
}
