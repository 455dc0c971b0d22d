public import B9ESCPOS
public import B9Scale
#if canImport(Glibc)
import Glibc
#endif

/// Runs every check for a station's devices and gathers a ``DiagnosticReport``: machine-wide
/// (service user, udev, discovery), then per device found, permissions, conflicts, line
/// settings and UnifiedPOS health levels 1–2, and level 3 when a ``TechnicianPrompt`` is given.
public struct DeviceDiagnostics: Sendable {
    /// What to check and how long to wait.
    public struct Options: Sendable {
        /// The account the daemon runs as (`b9pos` by default).
        public var serviceUser: String
        /// How long a device may take to open, answer a status request or take bytes.
        public var replyTimeout: Duration
        /// How long an interactive check waits for the technician (scan, weight).
        public var interactiveTimeout: Duration
        /// Where machine files are read (a fake root in tests).
        public var files: SystemFiles

        public init(serviceUser: String = "b9pos", replyTimeout: Duration = .seconds(3),
                    interactiveTimeout: Duration = .seconds(60), files: SystemFiles = SystemFiles()) {
            self.serviceUser = serviceUser
            self.replyTimeout = replyTimeout
            self.interactiveTimeout = interactiveTimeout
            self.files = files
        }
    }

    /// What discovery gave: devices, or why there are none.
    public enum Discovery: Sendable {
        case devices([DiscoveredDevice], UdevDiscovery.Availability)
        case unavailable(DeviceError)
        /// Discovery was not asked for (tests, `--no-discovery`).
        case skipped
    }

    public let options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Checks `targets` (configured devices) and the recognised devices of `discovery` that are not
    /// configured. Level 3 runs for configured devices when `prompt` is given.
    public func run(targets: [DiagnosticTarget], discovery: Discovery, prompt: (any TechnicianPrompt)? = nil,
                    extraSystemFindings: [DiagnosticFinding] = []) async -> DiagnosticReport {
        let accounts = AccountDatabase(files: options.files)
        var system = extraSystemFindings + systemFindings(accounts: accounts, discovery: discovery)
        let conflicts = ConflictCheck(files: options.files)
        let permissions = NodePermissionCheck(serviceUser: options.serviceUser, accounts: accounts)
        var all = targets
        if case .devices(let found, _) = discovery {
            let extra = Self.discoveredTargets(found, excluding: targets)
            all += extra
            let unknown = found.count { $0.entry == nil }
            system.append(.ok(DiagnosticCheck.discovery,
                              "\(found.count - unknown) recognised device node(s) found, \(extra.count) of them not configured; "
                                  + "\(unknown) other serial/input node(s) ignored"))
        }
        var devices: [DiagnosticReport.Device] = []
        for target in all {
            let findings = await diagnose(target, permissions: permissions, conflicts: conflicts,
                                          prompt: target.source == .configured ? prompt : nil)
            devices.append(DiagnosticReport.Device(
                name: target.name, deviceClass: target.kind.deviceClass.description, address: target.address.description,
                source: target.source, findings: findings))
        }
        return DiagnosticReport(serviceUser: options.serviceUser, interactive: prompt != nil, system: system, devices: devices)
    }

    /// The findings for one device, in the order they are checked; later checks are skipped when
    /// the device is not there.
    public func diagnose(_ target: DiagnosticTarget, permissions: NodePermissionCheck, conflicts: ConflictCheck,
                         prompt: (any TechnicianPrompt)?) async -> [DiagnosticFinding] {
        var findings: [DiagnosticFinding] = []
        let address = target.address
        if let path = address.path {
            guard let node = NodePermissionCheck.Node.inspect(path) else {
                return [NodePermissionCheck.notFound(path)]
            }
            findings.append(.ok(DiagnosticCheck.found, node.isCharacterDevice ? "\(path) exists" : "\(path) exists (not a device node)"))
            findings.append(permissions.evaluate(node))
        } else if case .usb(let id, _, _) = address.location {
            let present = options.files.list("/sys/bus/usb/devices").contains { options.files.usbDeviceID($0) == id }
            guard present else {
                return [.fail(DiagnosticCheck.found, "no USB device \(id) is plugged in",
                              fix: "plug the device in and switch it on; `b9terminal devices` lists what the machine sees")]
            }
            findings.append(.ok(DiagnosticCheck.found, "USB device \(id) is plugged in"))
        }
        if case .simulator = address.location {
            findings.append(.warn(DiagnosticCheck.found, "simulated device: nothing to check", fix: "configure the real device's address"))
            return findings
        }
        findings += conflicts.findings(for: address, deviceClass: target.kind.deviceClass)

        // Level 1: open (and, for serial ports, read the line settings back) and close.
        let transport: any DeviceTransport
        do {
            transport = try await HealthChecks.open(address, timeout: options.replyTimeout)
        } catch {
            findings.append(HealthChecks.openFailure(error, address: address, serviceUser: options.serviceUser))
            return findings
        }
        findings.append(.ok(DiagnosticCheck.healthOpen, "opened \(address.scheme) transport"))
        if let port = transport as? SerialPort, case .serial(_, let settings) = address.location {
            if case .scale(let scaleProtocol) = target.kind {
                findings.append(HealthChecks.lineSettings(port, expected: settings, usual: scaleProtocol.lineSettings,
                                                          protocolName: scaleProtocol.name.rawValue))
            } else {
                findings.append(HealthChecks.lineSettings(port, expected: settings))
            }
        }

        // Level 2 (and 3) per class. Devices read through their own line (scale, scanner) close this one first.
        switch target.kind {
        case .printer(let profile):
            let status = await HealthChecks.printerStatus(transport, timeout: options.replyTimeout)
            findings += status
            if let prompt, !status.contains(where: { $0.severity == .fail }) {
                findings.append(await InteractiveChecks.testPrint(transport, profile: profile, prompt: prompt,
                                                                  timeout: options.replyTimeout))
            }
            await transport.close()
        case .display(let commandSet, _):
            findings.append(await HealthChecks.displayReset(transport, commandSet: commandSet, timeout: options.replyTimeout))
            if let prompt {
                findings.append(await InteractiveChecks.displayTest(transport, commandSet: commandSet, prompt: prompt,
                                                                    timeout: options.replyTimeout))
            }
            await transport.close()
        case .drawer(let kick):
            if let prompt { findings.append(await InteractiveChecks.drawerKick(transport, kick: kick, prompt: prompt)) }
            await transport.close()
        case .scale(let scaleProtocol):
            await transport.close()
            findings.append(await HealthChecks.scaleReading(address, scaleProtocol: scaleProtocol, timeout: options.replyTimeout))
            if let prompt {
                findings.append(await InteractiveChecks.weigh(address, scaleProtocol: scaleProtocol, prompt: prompt,
                                                              timeout: options.interactiveTimeout))
            }
        case .scanner:
            await transport.close()
            if let prompt {
                findings.append(await InteractiveChecks.scan(address, prompt: prompt, timeout: options.interactiveTimeout))
            }
        case .other:
            await transport.close()
        }
        return findings
    }

    /// Machine-wide findings: the service user, the device group, udev and its rules, discovery.
    func systemFindings(accounts: AccountDatabase, discovery: Discovery) -> [DiagnosticFinding] {
        var findings: [DiagnosticFinding] = []
        let user = options.serviceUser
        let group = NodePermissionCheck.deviceGroup
        if accounts.user(named: user) == nil {
            findings.append(.fail(DiagnosticCheck.serviceUser, "the service user \(user) does not exist",
                                  fix: "sudo useradd --system --home /var/lib/b9terminal --shell /usr/sbin/nologin \(user)"))
        } else if let deviceGroup = accounts.group(named: group) {
            if accounts.isMember(user, ofGroup: deviceGroup.gid) {
                findings.append(.ok(DiagnosticCheck.serviceUser, "\(user) exists and is in group \(group)"))
            } else {
                findings.append(.fail(DiagnosticCheck.serviceUser, "\(user) is not in group \(group)",
                                      fix: "sudo usermod -aG \(group) \(user)"))
            }
        } else {
            findings.append(.fail(DiagnosticCheck.serviceUser, "group \(group) does not exist",
                                  fix: "sudo groupadd --system \(group) && sudo usermod -aG \(group) \(user)"))
        }
        let rulesInstalled = ["/etc/udev/rules.d/99-b9pos.rules", "/lib/udev/rules.d/99-b9pos.rules",
                              "/usr/lib/udev/rules.d/99-b9pos.rules"].contains(where: options.files.exists)
        findings.append(rulesInstalled
            ? .ok(DiagnosticCheck.udevRules, "the b9pos udev rules are installed")
            : .warn(DiagnosticCheck.udevRules, "the b9pos udev rules are not installed (USB devices keep root-only permissions)",
                    fix: NodePermissionCheck.udevInstallCommand))
        switch discovery {
        case .devices(_, let availability):
            findings.append(availability.udevDaemon && availability.usbBus
                ? .ok(DiagnosticCheck.udev, availability.summary)
                : .warn(DiagnosticCheck.udev, availability.summary,
                        fix: availability.udevDaemon ? "serial, network and simulated devices still work"
                            : "install and start udev (sudo apt-get install udev) for by-id links and the b9pos rules"))
        case .unavailable(let error):
            findings.append(.warn(DiagnosticCheck.discovery, "device discovery is not available here: \(error.message)",
                                  fix: "configured devices are still checked; install udev for discovery"))
        case .skipped:
            break
        }
        return findings
    }

    /// Recognised discovered devices that no configured address names (by node or by-id path).
    static func discoveredTargets(_ found: [DiscoveredDevice], excluding configured: [DiagnosticTarget]) -> [DiagnosticTarget] {
        let configuredPaths = Set(configured.compactMap(\.address.path).flatMap { [$0, Self.resolved($0)] })
        return found.compactMap { device -> DiagnosticTarget? in
            guard let entry = device.entry, let address = device.suggestedAddress else { return nil }
            let paths = [device.devnode, device.byIDPath].compactMap { $0 }
            guard !paths.contains(where: configuredPaths.contains) else { return nil }
            let kind: DiagnosticTarget.Kind
            switch entry.deviceClass {
            case .printer: kind = .printer(.generic80)
            case .scanner: kind = .scanner
            case .scale:
                guard let name = try? ScaleProtocolName(parsing: entry.defaultProtocol) else { return nil }
                kind = .scale(makeScaleProtocol(name))
            default: kind = .other(entry.deviceClass)
            }
            return DiagnosticTarget(name: "\(entry.vendor) \(entry.model)", address: address, kind: kind, source: .discovered)
        }
    }

    /// The path with symlinks resolved (by-id links point at the node), or the path itself.
    static func resolved(_ path: String) -> String {
        guard let real = realpath(path, nil) else { return path }
        defer { free(real) }
        return String(cString: real)
    }
}
