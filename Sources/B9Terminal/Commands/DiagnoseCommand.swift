import ArgumentParser
import B9Devices
import B9Intake
import Foundation

/// `b9terminal diagnose [--json] [--interactive]`: checks every configured and discovered device
/// the way a technician would on install day and says what to fix. Exit status 1 when any check
/// failed, 0 otherwise (warnings included). Report format and JSON schema: docs/diagnostics.md.
struct DiagnoseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagnose",
        abstract: "Check every configured and discovered device: found, permissions, conflicts, line settings, health.",
        discussion: """
            Devices come from the configuration (devices.* keys, see docs/configuration.md), from the options below \
            and from discovery. Each check prints OK, WARN or FAIL with what was found and the fix to try. \
            With --interactive the technician is asked to confirm a test print, a drawer kick, display test text, \
            a scan and a weight. Exit status 1 when any check failed.
            """
    )

    @Option(name: .customLong("config"), help: "The YAML configuration file.")
    var configFile: String?
    @Flag(help: "Print the report as JSON (schema b9terminal.diagnose/1, docs/diagnostics.md).")
    var json = false
    @Flag(help: "Also run the level 3 checks that need the technician (test print, drawer, display, scan, weight).")
    var interactive = false
    @Option(name: .customLong("service-user"), help: "The account the daemon runs as (key: service.user; default b9pos).")
    var serviceUser: String?
    @Option(help: "Printer address (key: devices.printer).") var printer: String?
    @Option(name: .customLong("printer-profile"), help: "Printer profile (key: devices.printer_profile).") var printerProfile: String?
    @Option(help: "Scanner address (key: devices.scanner).") var scanner: String?
    @Option(help: "Scale address (key: devices.scale).") var scale: String?
    @Option(name: .customLong("scale-protocol"), help: "Scale protocol (key: devices.scale_protocol).") var scaleProtocol: String?
    @Option(help: "Cash drawer address (key: devices.drawer).") var drawer: String?
    @Option(help: "Customer display address (key: devices.display).") var display: String?
    @Option(name: .customLong("display-protocol"), help: "Display command set (key: devices.display_protocol).") var displayProtocol: String?
    @Option(help: "Seconds a device may take to open or answer.") var timeout: Int = 3
    @Flag(name: .customLong("no-discovery"), help: "Check only the configured devices.") var noDiscovery = false
    @Option(name: .customLong("system-root"), help: .hidden) var systemRoot: String = "/"

    var overrides: [String: String] {
        var values: [String: String] = [:]
        values["service.user"] = serviceUser
        values["devices.printer"] = printer
        values["devices.printer_profile"] = printerProfile
        values["devices.scanner"] = scanner
        values["devices.scale"] = scale
        values["devices.scale_protocol"] = scaleProtocol
        values["devices.drawer"] = drawer
        values["devices.display"] = display
        values["devices.display_protocol"] = displayProtocol
        return values
    }

    func run() async throws {
        guard (1...120).contains(timeout) else { throw ValidationError("--timeout must be 1 to 120 seconds") }
        var extra: [DiagnosticFinding] = []
        var targets: [DiagnosticTarget] = []
        var user = serviceUser ?? DeviceSettings.defaultServiceUser
        do {
            let reader = try await ConfigurationSources.reader(
                file: configFile, overrides: overrides, environment: ProcessInfo.processInfo.environment)
            let settings = try DeviceSettings(config: reader)
            targets = settings.targets
            user = settings.serviceUser
            extra.append(.ok(DiagnosticCheck.configuration, "\(targets.count) device(s) configured"
                + (configFile.map { " in \($0)" } ?? "")))
        } catch {
            extra.append(.fail(DiagnosticCheck.configuration, "\(error)",
                               fix: "fix the key named above; `b9terminal run --config FILE --check-config` checks the whole file"))
        }
        let discovery: DeviceDiagnostics.Discovery
        if noDiscovery {
            discovery = .skipped
        } else {
            do {
                discovery = .devices(try UdevDiscovery.enumerate(), UdevDiscovery.availability())
            } catch {
                discovery = .unavailable(error)
            }
        }
        let diagnostics = DeviceDiagnostics(options: .init(
            serviceUser: user, replyTimeout: .seconds(timeout), files: SystemFiles(root: systemRoot)))
        let report = await diagnostics.run(
            targets: targets, discovery: discovery, prompt: interactive ? TerminalPrompt() : nil, extraSystemFindings: extra)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.text)
        }
        if report.exitStatus != 0 { throw ExitCode(report.exitStatus) }
    }
}

/// Asks the technician on the terminal: instructions and questions on standard error, answers
/// (`y`/`yes`) from standard input, read on a thread of its own so no task thread blocks.
struct TerminalPrompt: TechnicianPrompt {
    func tell(_ text: String) async {
        printError(">> " + text)
    }

    func confirm(_ question: String) async -> Bool {
        printError(">> " + question + " [y/n]")
        let answer: String? = await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: readLine()) }
        }
        return ["y", "yes", "j", "ja"].contains(answer?.trimmingCharacters(in: .whitespaces).lowercased() ?? "")
    }
}
