import B9Devices
import NIOCore
import Synchronization
import Testing

/// Customer displays and serial cash drawers pulled and put back: each comes back within 5 s of
/// the replug; the display shows again what it was last asked to show (also when the pull came in
/// the middle of a write, or the show was asked while it was away); a drawer kick asked while the
/// drawer is away fails at once and is never replayed later.
@Suite("Unplug/replug cycles: customer display and cash drawer", .timeLimit(.minutes(20)))
struct DisplayDrawerFlapTests {
    /// What each connection's display shows; a fresh (powered-up) display per connection. Can be
    /// told to take only the first few bytes of the next write and then stop reading.
    final class Screens: Sendable {
        private let state = Mutex((screens: [Int: CustomerDisplaySimulator](), cutAfter: Int?.none, cutDone: false))

        func lines(_ generation: Int) -> (String, String)? { state.withLock { $0.screens[generation]?.lines } }
        /// Whether the display of `generation` shows `wanted`.
        func shows(_ wanted: (String, String), generation: Int) -> Bool {
            guard let lines = lines(generation) else { return false }
            return lines == wanted
        }
        func cut(after count: Int) { state.withLock { $0.cutAfter = count; $0.cutDone = false } }
        var cutDone: Bool { state.withLock { $0.cutDone } }

        /// Feeds bytes to the display of `generation`; false once a cut has been made.
        func feed(_ bytes: [UInt8], generation: Int, commandSet: DisplayCommandSet) -> Bool {
            state.withLock { state in
                var screen = state.screens[generation] ?? CustomerDisplaySimulator(commandSet: commandSet)
                defer { state.screens[generation] = screen }
                guard let count = state.cutAfter else {
                    screen.feed(bytes)
                    return true
                }
                screen.feed(bytes.prefix(count))
                state.cutAfter = nil
                state.cutDone = true
                return false
            }
        }
    }

    static func serveDisplay(_ screens: Screens, commandSet: DisplayCommandSet) -> @Sendable (PseudoTerminal, Int) async -> Void {
        { line, generation in
            await readChunks(from: line) { bytes in screens.feed(bytes, generation: generation, commandSet: commandSet) }
        }
    }

    @Test func customerDisplayOnAPty() async throws {
        let commandSet = DisplayCommandSet.cd5220
        let screens = Screens()
        let cable = try FlappingLine(name: "display", serve: Self.serveDisplay(screens, commandSet: commandSet))
        try await cable.plug()
        let display = ManagedDevice(address: await cable.address,
                                    driver: CustomerDisplayDriver(commandSet: commandSet, idleMessage: "Welcome"))
        let timeline = FlapTimeline(following: display.events)
        try await display.open()
        try await display.claim()
        try await display.enable()
        var wanted = DisplayLayout.idle("Welcome").lines
        await eventually { screens.shows(wanted, generation: 1) }
        var back = FlapFigures("display replug to reconnected")
        var shown = FlapFigures("display replug to last layout shown")
        for cycle in 0..<flapCycles() {
            let layout = DisplayLayout.itemAndPrice(item: "Item \(cycle)", price: "Tk \(cycle).00")
            let pulled = timeline.count
            switch cycle % 3 {
            case 0:
                // Idle: the layout is on the display when the cable is pulled.
                try await display.show(layout)
                wanted = layout.lines
                let generation = await cable.generation
                await eventually { screens.shows(wanted, generation: generation) }
                await cable.unplug()
                guard await timeline.status(.disconnected, from: pulled) != nil else { return }
            case 1:
                // Mid-write: the display takes the first 6 bytes of the layout, then the cable is pulled.
                screens.cut(after: 6)
                try await display.show(layout)
                wanted = layout.lines
                await eventually { screens.cutDone }
                await cable.unplug()
                guard await timeline.status(.disconnected, from: pulled) != nil else { return }
            default:
                // Away: the show fails at once (not silently), and is what the display shows when back.
                await cable.unplug()
                guard await timeline.status(.disconnected, from: pulled) != nil else { return }
                await #expect(throws: DeviceError.self) { try await display.show(layout) }
                wanted = layout.lines
            }
            guard let returned = try await timeline.replug(
                after: pulled, cycle: cycle, figures: &back, plug: { try await cable.plug() }, isBack: isStatus(.reconnected)) else { return }
            let generation = await cable.generation
            await eventually { screens.shows(wanted, generation: generation) }
            shown.add(returned.replugged.duration(to: .now))
            #expect(screens.shows(wanted, generation: generation), "cycle \(cycle)")
        }
        back.report()
        shown.report()
        await display.close()
        await cable.unplug()
    }

    /// Drawer kicks (BEL) counted per connection.
    final class Kicks: Sendable {
        private let counts = Mutex([Int: Int]())
        func add(_ count: Int, generation: Int) { counts.withLock { $0[generation, default: 0] += count } }
        func count(_ generation: Int) -> Int { counts.withLock { $0[generation] ?? 0 } }
        var total: Int { counts.withLock { $0.values.reduce(0, +) } }
    }

    static func serveDrawer(_ kicks: Kicks) -> @Sendable (PseudoTerminal, Int) async -> Void {
        { line, generation in
            await readChunks(from: line) { bytes in
                kicks.add(bytes.filter { $0 == 0x07 }.count, generation: generation)
                return true
            }
        }
    }

    @Test func serialCashDrawerOnAPty() async throws {
        let kicks = Kicks()
        let cable = try FlappingLine(name: "drawer", serve: Self.serveDrawer(kicks))
        try await cable.plug()
        let drawer = ManagedDevice(address: await cable.address, driver: CashDrawerDriver(kick: .byte(0x07)))
        let timeline = FlapTimeline(following: drawer.events)
        try await drawer.open()
        try await drawer.claim()
        try await drawer.enable()
        var opened = 0
        var back = FlapFigures("drawer replug to reconnected")
        for cycle in 0..<flapCycles() {
            let generation = await cable.generation
            try await drawer.openDrawer()
            opened += 1
            await eventually { kicks.count(generation) == 1 }
            let pulled = timeline.count
            await cable.unplug()
            guard await timeline.status(.disconnected, from: pulled) != nil else { return }
            if cycle % 2 == 1 {
                // Asked while the drawer is away: refused now, and never replayed on the replug.
                await #expect(throws: DeviceError.self) { try await drawer.openDrawer() }
            }
            guard try await timeline.replug(
                after: pulled, cycle: cycle, figures: &back, plug: { try await cable.plug() }, isBack: isStatus(.reconnected)) != nil else { return }
        }
        // One more kick on the last connection; it is the only one there (nothing was replayed).
        let last = await cable.generation
        try await drawer.openDrawer()
        opened += 1
        await eventually { kicks.count(last) == 1 }
        #expect(kicks.total == opened)
        for generation in 1...last {
            #expect(kicks.count(generation) == 1, "connection \(generation)")
        }
        back.report()
        await drawer.close()
        await cable.unplug()
    }
}
