import B9Devices
import B9Scale
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A simulated line is opened through a link of its own, removed when the line goes: a device still
/// reopening a closed simulator's path never reaches the next line that gets its pty number.
@Suite("Simulated lines behind links of their own", .timeLimit(.minutes(5)))
struct SimulatorLinkTests {
    @Test func aHungUpLineCannotBeReopenedThroughItsPathEvenWhenItsNumberIsReused() async throws {
        let first = try await PseudoTerminal.open(name: "link-first")
        #expect(first.devicePath != first.nodePath)
        var info = stat()
        #expect(stat(first.devicePath, &info) == 0, "the link resolves to the live pty")
        let path = first.devicePath
        await first.hangUp()
        // The kernel gives the lowest free number: open until one reuses the first line's number.
        var others: [PseudoTerminal] = []
        for _ in 0..<32 {
            let next = try await PseudoTerminal.open(name: "link-next")
            others.append(next)
            if next.nodePath == first.nodePath { break }
        }
        let error = await #expect(throws: DeviceError.self) { _ = try await SerialPort.open(path: path) }
        #expect(error?.code == .notFound)
        for other in others { await other.hangUp() }
    }

    @Test func aStoppedScaleSimulatorCannotBeReopenedThroughItsPath() async throws {
        let host = try await ScaleSimulatorHost.start(ScaleSimulator(makeScaleProtocol(.toledo8217), script: .constant(kg("1.000"))))
        #expect(host.devicePath != host.nodePath)
        let path = host.devicePath
        await host.stop()
        let error = await #expect(throws: DeviceError.self) { _ = try await SerialPort.open(path: path) }
        #expect(error?.code == .notFound)
    }
}
