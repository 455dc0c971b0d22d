@testable import B9Terminal
import B9Core
import B9Devices
import B9Scale
import Foundation
import Synchronization
import Testing

/// The real `b9terminal run` till as a child process with a simulated receipt printer, customer
/// display, scanner, scale and serial cash drawer, each on a pty behind a symbolic link: sales are
/// rung steadily through the local API while the devices are pulled and put back at random, and
/// the child's open file descriptors and resident memory are sampled from /proc.
///
/// It runs only when `B9_SOAK_SECONDS` sets its length (`make soak` runs 3,600 s). At the end: the
/// daemon never exited and stops cleanly on SIGTERM; every checkout was accepted; no receipt is on
/// paper twice and every one reported printed is there once; every device is back. "Flat":
/// descriptors counted with every device connected and no request in flight, after the warm-up and
/// at the end, differ by at most `fdSlack`; for runs of 10 minutes or more, the median RSS of the last
/// tenth exceeds the median around the midpoint by at most `B9_SOAK_RSS_GROWTH_KIB` (16 MiB).
@Suite("Soak: steady sales with random device flaps", .serialized, .timeLimit(.minutes(600)),
       .enabled(if: ProcessInfo.processInfo.environment["B9_SOAK_SECONDS"] != nil))
struct TillFlapSoakTests {
    static let seconds: Double = env("B9_SOAK_SECONDS").flatMap(Double.init) ?? 60
    static let rssGrowthKiB: Int = env("B9_SOAK_RSS_GROWTH_KIB").flatMap { Int($0) } ?? 16_384
    static let fdSlack = 3
    static let code = "4006381333931"

    static func env(_ name: String) -> String? { ProcessInfo.processInfo.environment[name] }

    /// Counts what the simulated devices saw.
    final class Counters: Sendable {
        let drawerPulses = Atomic<Int>(0)
        let scaleAnswers = Atomic<Int>(0)
        let scansSent = Atomic<Int>(0)
        let weighedSales = Atomic<Int>(0)
        let flaps = Mutex<[String: Int]>([:])
        let outcomes = Mutex<[String: Int]>([:])
        let printedSales = Mutex<[Int]>([])
        let failures = Mutex<[String]>([])
        let samples = Mutex<[ProcessResourceSample]>([])
        let crashed = Atomic<Bool>(false)
        func fail(_ text: String) { failures.withLock { $0.append(text) } }
    }

    /// The five devices and how to pull and replug each.
    struct Bench: Sendable {
        let printer: PrinterSimulator
        let lines: [String: SoakSerialLine]

        var names: [String] { ["printer"] + lines.keys.sorted() }

        func unplug(_ name: String) async {
            if let line = lines[name] { await line.unplug() } else { await printer.unplug() }
        }

        func plug(_ name: String) async throws {
            if let line = lines[name] { try await line.plug() } else { try await printer.replug() }
        }
    }

    @Test("fd count and RSS stay flat and nothing crashes while devices flap during steady sales")
    func soak() async throws {
        let seeded = try await TestStore()
        defer { seeded.remove() }
        let folder = seeded.folder.path
        let counters = Counters()
        let printer = try await PrinterSimulator.onPseudoTerminal(linkPath: folder + "/printer")
        let scaleScript = try ScaleScript(parsing: "stable 1.250 kg")
        let lines: [String: SoakSerialLine] = [
            "display": SoakSerialLine(link: folder + "/display") { pty in await SoakSerialLine.answer(pty) { _ in [] } },
            "scanner": SoakSerialLine(link: folder + "/scanner") { pty in await SoakSerialLine.answer(pty) { _ in [] } },
            "drawer": SoakSerialLine(link: folder + "/drawer") { pty in
                await SoakSerialLine.answer(pty) { bytes in
                    counters.drawerPulses.add(bytes.count { $0 == 0x07 }, ordering: .relaxed)
                    return []
                }
            },
            "scale": SoakSerialLine(link: folder + "/scale") { pty in
                let scale = Mutex(ScaleSimulator(makeScaleProtocol(.toledo8217), script: scaleScript))
                await SoakSerialLine.answer(pty) { bytes in
                    let answer = scale.withLock { $0.receive(bytes) }
                    if !answer.isEmpty { counters.scaleAnswers.add(1, ordering: .relaxed) }
                    return answer
                }
            },
        ]
        let bench = Bench(printer: printer, lines: lines)
        for line in lines.values { try await line.plug() }
        func address(_ name: String) -> String { lines[name].map { "\($0.address)" } ?? "" }

        let configFile = folder + "/b9terminal.yaml"
        try """
            role: till
            store: {id: s1, terminal_id: till-1, path: \(folder)/store.sqlite}
            api: {port: 0}
            devices: {printer: "\(await printer.address)", display: "\(address("display"))", display_protocol: epson, \
            scanner: "\(address("scanner"))", scale: "\(address("scale"))", scale_protocol: toledo-8217, \
            drawer: "\(address("drawer"))", drawer_kick: bel}
            """.write(toFile: configFile, atomically: true, encoding: .utf8)
        var environment = ProcessInfo.processInfo.environment
        environment["B9TERMINAL_API_TOKEN"] = LocalAPITestServer.token
        let logFile = folder + "/stderr.log"
        let daemon = try ChildProcess.spawn(ChildProcess.b9terminal, ["run", "--config", configFile], environment: environment, errors: logFile)
        @Sendable func log() -> String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }
        defer {
            if !daemon.hasExited { daemon.signal(SIGKILL); _ = daemon.waitBlocking() }
        }
        let listening = await eventually(timeout: .seconds(60)) { log().contains(/local API listening.* url=http:\/\/127/) }
        try #require(listening, "log: \(log())")
        let port = try #require(log().firstMatch(of: /local API listening.* url=http:\/\/127\.0\.0\.1:([0-9]+)\//).flatMap { Int($0.1) })
        let api = SoakAPI(port: port)

        // Every device connected and nothing in flight: the state whose descriptors are compared.
        func settle(_ label: String) async throws -> ProcessResourceSample {
            for name in bench.names { try await bench.plug(name) }
            let ready = await eventually(timeout: .seconds(60)) {
                _ = try? await api.call("GET", "/devices/scale/weight")
                let states = await api.deviceStates()
                return states.count == 5 && states.allSatisfy { $0.value == "ready" }
            }
            let states = await api.deviceStates()
            #expect(ready, "\(label): devices not all back: \(states)")
            try await Task.sleep(for: .seconds(3))
            return try #require(ProcessResourceSample.read(pid: daemon.pid, at: 0), "\(label): the daemon is gone; log: \(log())")
        }

        let warmUp = min(300, Self.seconds / 4)
        _ = try await settle("start")
        let started = ContinuousClock.now
        let elapsed: @Sendable () -> Double = {
            let since = started.duration(to: .now).components
            return Double(since.seconds) + Double(since.attoseconds) / 1e18
        }
        let sampler = Task {
            while !Task.isCancelled {
                guard let sample = ProcessResourceSample.read(pid: daemon.pid, at: elapsed()), !daemon.hasExited else {
                    counters.crashed.store(true, ordering: .relaxed)
                    return
                }
                counters.samples.withLock { $0.append(sample) }
                try? await Task.sleep(for: .seconds(5))
            }
        }
        defer { sampler.cancel() }

        /// Rings sales and flaps devices until `seconds` since the start.
        func run(until seconds: Double) async {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    var sale = 0
                    while elapsed() < seconds && !counters.crashed.load(ordering: .relaxed) {
                        sale += 1
                        do {
                            try await api.ringSale(number: sale, lines: lines, counters: counters)
                        } catch {
                            counters.fail("sale \(sale): \(error)")
                            if daemon.hasExited { return }
                        }
                        try? await Task.sleep(for: .milliseconds(Int.random(in: 500...1500)))
                    }
                }
                group.addTask {
                    while elapsed() < seconds && !counters.crashed.load(ordering: .relaxed) {
                        try? await Task.sleep(for: .milliseconds(Int.random(in: 1000...6000)))
                        guard let name = bench.names.randomElement() else { return }
                        await bench.unplug(name)
                        counters.flaps.withLock { $0[name, default: 0] += 1 }
                        try? await Task.sleep(for: .milliseconds(Int.random(in: 100...3000)))
                        do {
                            try await bench.plug(name)
                        } catch {
                            counters.fail("replug \(name): \(error)")
                        }
                    }
                }
            }
        }

        await run(until: warmUp)
        let afterWarmUp = try await settle("after warm-up")
        await run(until: Self.seconds)
        let atEnd = try await settle("end")
        sampler.cancel()
        #expect(!counters.crashed.load(ordering: .relaxed) && !daemon.hasExited, "the daemon exited; log: \(log().suffix(4000))")

        // Receipts: a held one prints when the printer is back; none is on paper twice.
        _ = await eventually(timeout: .seconds(60)) { ((try? await seeded.store.unconfirmedReceipts()) ?? []).isEmpty }
        let unconfirmed = (try? await seeded.store.unconfirmedReceipts().count) ?? -1
        let paper = String(decoding: await printer.received, as: UTF8.self)
        var onPaper: [Int: Int] = [:]
        for match in paper.matches(of: /Receipt till-1-([0-9]+)\b/) { onPaper[Int(match.1) ?? -1, default: 0] += 1 }
        let twice = onPaper.filter { $0.value > 1 }
        #expect(twice.isEmpty, "receipts on paper more than once: \(twice)")
        let missing = counters.printedSales.withLock { $0 }.filter { onPaper[$0] != 1 }
        #expect(missing.isEmpty, "reported printed but not on paper once: \(missing)")
        let failures = counters.failures.withLock { $0 }
        #expect(failures.isEmpty, "\(failures.count) failed requests, first: \(failures.prefix(5))")

        // Flat: descriptors in the settled state; RSS over the second half.
        let all = counters.samples.withLock { $0 }
        let trend = ResourceTrend(samples: all)
        #expect(atEnd.descriptors <= afterWarmUp.descriptors + Self.fdSlack,
                "descriptors after warm-up \(afterWarmUp.descriptors), at the end \(atEnd.descriptors)")
        let middle = ResourceTrend.median(trend.window(0.45, 0.55, of: Self.seconds).map(\.rssKiB))
        let last = ResourceTrend.median(trend.window(0.9, 1.0, of: Self.seconds).map(\.rssKiB))
        let slope = ResourceTrend.rssSlopePerHour(trend.window(0.5, 1.0, of: Self.seconds))
        if Self.seconds >= 600, let middle, let last {
            #expect(last - middle <= Self.rssGrowthKiB, "RSS grew \(last - middle) KiB over the second half")
        }

        daemon.signal(SIGTERM)
        let status = await daemon.wait()
        #expect(status == 0, "exit status \(status); log: \(log().suffix(4000))")

        let sales = counters.outcomes.withLock { $0 }
        let flaps = counters.flaps.withLock { $0 }
        print("""
            soak: \(Int(Self.seconds)) s (warm-up \(Int(warmUp)) s), \(sales.values.reduce(0, +)) sales \(sales), \
            \(counters.weighedSales.load(ordering: .relaxed)) with a weighed line, \(flaps.values.reduce(0, +)) flaps \(flaps), \
            \(counters.scansSent.load(ordering: .relaxed)) scans sent, \(counters.drawerPulses.load(ordering: .relaxed)) drawer pulses, \
            \(counters.scaleAnswers.load(ordering: .relaxed)) scale answers, \(onPaper.count) receipts on paper, \(unconfirmed) unconfirmed at the end, \
            \(failures.count) failed requests
            soak: descriptors settled after warm-up \(afterWarmUp.descriptors), at the end \(atEnd.descriptors); \
            sampled min \(all.map(\.descriptors).min() ?? -1) max \(all.map(\.descriptors).max() ?? -1) over \(all.count) samples
            soak: RSS KiB after warm-up \(afterWarmUp.rssKiB), median around the midpoint \(middle ?? -1), median of the last tenth \(last ?? -1), \
            at the end \(atEnd.rssKiB), max \(all.map(\.rssKiB).max() ?? -1); second-half slope \(slope.map { Int($0) } ?? 0) KiB/h
            """)
        if let path = Self.env("B9_SOAK_SAMPLES_FILE") {
            let rows = all.map { "\(Int($0.seconds)),\($0.descriptors),\($0.rssKiB)" }.joined(separator: "\n")
            try? ("seconds,fds,rss_kib\n" + rows + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
        await printer.shutdown()
        for line in lines.values { await line.unplug() }
    }
}
