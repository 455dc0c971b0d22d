import B9Devices
import Foundation
import Testing

/// `b9terminal print` and `b9terminal drawer open --printer` run as child processes against the
/// printer simulator on loopback TCP.
@Suite("print and drawer commands")
struct PrintCommandTests {
    static var executable: URL {
        // The test runner lives next to the products it was built with.
        let runner = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0])
        var folder = runner.deletingLastPathComponent()
        while folder.path != "/" && !FileManager.default.fileExists(atPath: folder.appendingPathComponent("b9terminal").path) {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("b9terminal")
    }

    /// Runs b9terminal with `arguments`; returns the exit status and what it printed.
    func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let executable = Self.executable
        try #require(FileManager.default.isExecutableFile(atPath: executable.path), "b9terminal not found at \(executable.path)")
        let outputURL = FileManager.default.temporaryDirectory.appendingPathComponent("b9-print-\(UUID().uuidString).txt")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputURL)
        defer { try? FileManager.default.removeItem(at: outputURL) }
        let child = Process()
        child.executableURL = executable
        child.arguments = arguments
        child.standardOutput = output
        child.standardError = output
        try child.run()
        while child.isRunning { try await Task.sleep(for: .milliseconds(10)) }
        try output.close()
        return (child.terminationStatus, (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "")
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
