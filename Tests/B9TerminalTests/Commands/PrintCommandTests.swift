import B9Devices
import Foundation
import Testing

/// `b9terminal print` and `b9terminal drawer open --printer` run as child processes against the
/// printer simulator on loopback TCP.
@Suite("print and drawer commands")
struct PrintCommandTests {
    /// Runs b9terminal with `arguments` (through `ChildProcess`: Foundation's `Process.run` can crash
    /// reading /proc/self/fd in a process with many descriptors, swift-corelibs-foundation PR 5472);
    /// returns the exit status and what it printed on standard output and error.
    func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("b9-print-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("stdout").path
        let errors = folder.appendingPathComponent("stderr").path
        let child = try ChildProcess.spawn(ChildProcess.b9terminal, arguments, output: output, errors: errors)
        let status = await child.wait()
        let printed = [output, errors].map { (try? String(contentsOfFile: $0, encoding: .utf8)) ?? "" }.joined()
        return (status, printed)
    }

    /// How often `needle` occurs in `bytes`.
    func occurrences(of needle: String, in bytes: [UInt8]) -> Int {
        String(decoding: bytes, as: UTF8.self).components(separatedBy: needle).count - 1
    }

    @Test(.timeLimit(.minutes(5)))
    func printsATestPageAndNamesEachFault() async throws {
        let simulator = try await PrinterSimulator.onLoopback()
        let uri = await simulator.address.description
        let printed = try await run(["print", "--printer", uri, "--test", "--timeout", "60"])
        #expect(printed.status == 0, "\(printed.output)")
        #expect(occurrences(of: "B9Terminal test page", in: await simulator.printed) == 1)

        for (fault, words) in [("paper", "paper end"), ("cover", "cover open"), ("offline", "offline")] {
            switch fault {
            case "paper": await simulator.setPaperEnd(true)
            case "cover": await simulator.setCoverOpen(true)
            default: await simulator.setOffline(true)
            }
            let refused = try await run(["print", "--printer", uri, "--test", "--timeout", "60"])
            #expect(refused.status != 0)
            #expect(refused.output.contains(words), "\(refused.output)")
            await simulator.setPaperEnd(false)
            await simulator.setCoverOpen(false)
            await simulator.setOffline(false)
        }
        #expect(occurrences(of: "B9Terminal test page", in: await simulator.received) == 1)
        await simulator.shutdown()
    }

    @Test(.timeLimit(.minutes(5)))
    func kicksTheDrawerThroughThePrinter() async throws {
        let simulator = try await PrinterSimulator.onLoopback()
        let result = try await run(["drawer", "open", "--printer", await simulator.address.description, "--pin", "5"])
        #expect(result.status == 0, "\(result.output)")
        await eventually { await !simulator.drawerKicks.isEmpty }
        #expect(await simulator.drawerKicks == [[0x01, 50, 100]])
        let refused = try await run(["drawer", "open", "--printer", "tcp://127.0.0.1:1", "--pin", "3"])
        #expect(refused.status != 0)
        #expect(refused.output.contains("--pin"), "\(refused.output)")
        await simulator.shutdown()
    }
}
