import B9Devices
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A kitchen bump bar pulled and put back, idle and in the middle of a key press: it comes back
/// within 5 s of the replug (the bound of ``flapBackWithin``), every whole key press is delivered
/// once and in order, and a press cut inside its `input_event` record never becomes a press.
@Suite("Unplug/replug cycles: kitchen bump bar", .timeLimit(.minutes(20)))
struct BumpBarFlapTests {
    /// What a bump bar sends for one key: `MSC_SCAN`, press, sync, an autorepeat, release, sync.
    static func tap(_ code: UInt16, at microseconds: Int64) -> [InputEvent] {
        func event(_ offset: Int64, _ type: UInt16, _ eventCode: UInt16, _ value: Int32) -> InputEvent {
            let time = microseconds + offset
            return InputEvent(seconds: time / 1_000_000, microseconds: time % 1_000_000, type: type, code: eventCode, value: value)
        }
        return [
            event(0, InputEvent.typeMisc, 4, 0x70000 + Int32(code)),
            event(0, InputEvent.typeKey, code, 1),
            event(0, InputEvent.typeSync, 0, 0),
            event(250_000, InputEvent.typeKey, code, 2),
            event(300_000, InputEvent.typeKey, code, 0),
            event(300_000, InputEvent.typeSync, 0, 0),
        ]
    }

    static func presses(_ timeline: FlapTimeline<DeviceEvent<BumpBarPress>>) -> [UInt16] {
        timeline.all.compactMap { entry in
            if case .data(let press) = entry.event { press.code } else { nil }
        }
    }

    static func press(_ code: UInt16) -> (DeviceEvent<BumpBarPress>) -> Bool {
        { event in
            if case .data(let press) = event { press.code == code } else { false }
        }
    }

    @Test func bumpBarThroughAFIFO() async throws {
        let keys = try ["1", "2", "3", "4", "ENTER", "RIGHT", "LEFT", "BACKSPACE"].map { try #require(KeyName.code($0)) }
        let cut = try #require(KeyName.code("Q"))
        let node = try FlappingInputNode(name: "bumpbar")
        try await node.plug()
        let bumpBar = ManagedDevice(address: node.address, driver: BumpBarDriver())
        let timeline = FlapTimeline(following: bumpBar.events)
        try await bumpBar.open()
        try await bumpBar.claim()
        try await bumpBar.enable()
        var sent: [UInt16] = []
        var clock: Int64 = 1_700_000_000_000_000
        func records(_ code: UInt16) -> [UInt8] {
            clock += 1_000_000
            return ScannerSimulator.records(Self.tap(code, at: clock))
        }
        /// Sends `code` and waits for it to come out; the index of its event.
        func press(_ code: UInt16) async throws -> Int? {
            let start = timeline.count
            try await node.write(records(code))
            sent.append(code)
            return await timeline.first(from: start, where: Self.press(code))?.index
        }
        var back = FlapFigures("bump bar replug to reconnected")
        var firstPress = FlapFigures("bump bar replug to first press")
        for cycle in 0..<flapCycles() {
            guard try await press(keys[cycle % keys.count]) != nil else { return }
            if cycle % 2 == 1 {
                // Mid-press: the scan code record whole, then the press record cut after 10 of its 24 bytes.
                let half = records(cut)
                try await node.write(Array(half.prefix(InputEvent.recordSize + 10)))
            }
            let pulled = timeline.count
            await node.unplug()
            guard await timeline.status(.disconnected, from: pulled) != nil else { return }
            guard let returned = try await timeline.replug(
                after: pulled, cycle: cycle, figures: &back, plug: { try await node.plug() }, isBack: isStatus(.reconnected)) else { return }
            guard let index = try await press(keys[(cycle + 3) % keys.count]) else { return }
            firstPress.add(returned.replugged.duration(to: timeline.all[index].at))
        }
        #expect(Self.presses(timeline) == sent)
        #expect(!Self.presses(timeline).contains(cut))
        back.report()
        firstPress.report()
        await bumpBar.close()
        await node.unplug()
    }
}
