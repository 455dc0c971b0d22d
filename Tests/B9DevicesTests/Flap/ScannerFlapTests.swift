import B9Devices
import NIOCore
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Scanners pulled and put back, idle and in the middle of a code: each comes back within 5 s of
/// the replug, every complete code is delivered once and in order, and half a code never becomes
/// (part of) a code.
@Suite("Unplug/replug cycles: barcode scanner", .timeLimit(.minutes(20)))
struct ScannerFlapTests {
    static func codes(_ timeline: FlapTimeline<DeviceEvent<ScannedCode>>) -> [String] {
        timeline.all.compactMap { entry in
            if case .data(let code) = entry.event { code.text } else { nil }
        }
    }

    static func code(_ text: String) -> (DeviceEvent<ScannedCode>) -> Bool {
        { event in
            if case .data(let code) = event { code.text == text } else { false }
        }
    }

    @Test func serialScannerOnAPty() async throws {
        let cable = try FlappingLine(name: "scanner")
        try await cable.plug()
        let scanner = ManagedDevice(address: await cable.address, driver: BarcodeScannerDriver(interface: .serial))
        let timeline = FlapTimeline(following: scanner.events)
        try await scanner.open()
        try await scanner.claim()
        try await scanner.enable()
        var sent: [String] = []
        var back = FlapFigures("scanner-serial replug to reconnected")
        var reading = FlapFigures("scanner-serial replug to first code")
        for cycle in 0..<flapCycles() {
            let line = try #require(await cable.line)
            let before = "A\(cycle)"
            try await line.peer.write(ScannerSimulator.serialLine(aim: "]E0", data: Array(before.utf8)), timeout: .seconds(30))
            sent.append(before)
            guard await timeline.first(from: 0, where: Self.code(before)) != nil else { return }
            if cycle % 2 == 1 {
                // Mid-code: half a line, no terminator, then the cable is pulled.
                try await line.peer.write(Array("]E0HALF\(cycle)".utf8), timeout: .seconds(30))
            }
            let pulled = timeline.count
            await cable.unplug()
            guard await timeline.status(.disconnected, from: pulled) != nil else { return }
            guard let returned = try await timeline.replug(
                after: pulled, cycle: cycle, figures: &back, plug: { try await cable.plug() }, isBack: isStatus(.reconnected)) else { return }
            let after = "B\(cycle)"
            let replacement = try #require(await cable.line)
            try await replacement.peer.write(ScannerSimulator.serialLine(aim: "]E0", data: Array(after.utf8)), timeout: .seconds(30))
            sent.append(after)
            guard let delivered = await timeline.first(from: returned.index, where: Self.code(after)) else { return }
            reading.add(returned.replugged.duration(to: delivered.entry.at))
        }
        #expect(Self.codes(timeline) == sent)
        back.report()
        reading.report()
        await scanner.close()
        await cable.unplug()
    }

    /// A keyboard-wedge scanner on evdev, fed real `input_event` records through a FIFO at the
    /// node's path: unplugging removes the node and ends the writer (the reader sees end of file),
    /// replugging puts a new FIFO at the same path, which the device reopens by path.
    @Test func keyboardWedgeThroughAFIFO() async throws {
        let node = try FlappingInputNode(name: "wedge")
        try await node.plug()
        let scanner = ManagedDevice(address: node.address, driver: BarcodeScannerDriver(for: node.address))
        let timeline = FlapTimeline(following: scanner.events)
        try await scanner.open()
        try await scanner.claim()
        try await scanner.enable()
        var sent: [String] = []
        var clock: Int64 = 1_700_000_000_000_000
        func records(_ text: String) -> [UInt8] {
            clock += 10_000_000
            return ScannerSimulator.records(ScannerSimulator.keyEvents(typing: Array(text.utf8), startMicroseconds: clock))
        }
        var back = FlapFigures("scanner-evdev replug to reconnected")
        for cycle in 0..<flapCycles() {
            let before = "4006381333\(cycle)"
            try await node.write(records(before))
            sent.append(before)
            guard await timeline.first(from: 0, where: Self.code(before)) != nil else { return }
            if cycle % 2 == 1 {
                // Mid-code: the first half of a code's key events, cut inside a 24-byte record.
                let half = records("999999\(cycle)")
                try await node.write(Array(half.prefix(half.count / 2 + 5)))
            }
            let pulled = timeline.count
            await node.unplug()
            guard await timeline.status(.disconnected, from: pulled) != nil else { return }
            guard let returned = try await timeline.replug(
                after: pulled, cycle: cycle, figures: &back, plug: { try await node.plug() }, isBack: isStatus(.reconnected)) else { return }
            let after = "5901234123\(cycle)"
            try await node.write(records(after))
            sent.append(after)
            guard await timeline.first(from: returned.index, where: Self.code(after)) != nil else { return }
        }
        #expect(Self.codes(timeline) == sent)
        back.report()
        await scanner.close()
        await node.unplug()
    }
}
