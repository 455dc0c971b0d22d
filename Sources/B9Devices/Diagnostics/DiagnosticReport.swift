/// The outcome of `b9terminal diagnose`: machine-wide findings and the findings per device, as a
/// readable report (one line per check) or JSON (schema `b9terminal.diagnose/1`, docs/diagnostics.md).
public struct DiagnosticReport: Sendable, Hashable, Codable {
    /// The findings for one device.
    public struct Device: Sendable, Hashable, Codable {
        public var name: String
        /// `printer`, `scanner`, `scale`, `drawer`, `display`, `serial`.
        public var deviceClass: String
        public var address: String
        public var source: DiagnosticTarget.Source
        public var findings: [DiagnosticFinding]

        public init(name: String, deviceClass: String, address: String, source: DiagnosticTarget.Source,
                    findings: [DiagnosticFinding]) {
            self.name = name
            self.deviceClass = deviceClass
            self.address = address
            self.source = source
            self.findings = findings
        }

        /// The worst finding's severity.
        public var status: DiagnosticSeverity { findings.map(\.severity).max() ?? .ok }

        enum CodingKeys: String, CodingKey {
            case name, deviceClass = "class", address, source, status, findings = "checks"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            deviceClass = try c.decode(String.self, forKey: .deviceClass)
            address = try c.decode(String.self, forKey: .address)
            source = try c.decode(DiagnosticTarget.Source.self, forKey: .source)
            findings = try c.decode([DiagnosticFinding].self, forKey: .findings)
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(deviceClass, forKey: .deviceClass)
            try c.encode(address, forKey: .address)
            try c.encode(source, forKey: .source)
            try c.encode(status, forKey: .status)
            try c.encode(findings, forKey: .findings)
        }
    }

    /// Counts of findings by severity.
    public struct Summary: Sendable, Hashable, Codable {
        public var ok: Int
        public var warn: Int
        public var fail: Int
    }

    /// The JSON schema identifier; a new version is a breaking change.
    public static let schemaIdentifier = "b9terminal.diagnose/1"

    public var schema: String
    public var serviceUser: String
    /// Whether the level 3 (interactive) checks ran.
    public var interactive: Bool
    public var system: [DiagnosticFinding]
    public var devices: [Device]

    public init(serviceUser: String, interactive: Bool, system: [DiagnosticFinding], devices: [Device]) {
        self.schema = Self.schemaIdentifier
        self.serviceUser = serviceUser
        self.interactive = interactive
        self.system = system
        self.devices = devices
    }

    /// Every finding, machine-wide first.
    public var allFindings: [DiagnosticFinding] { system + devices.flatMap(\.findings) }

    /// The worst severity of all findings.
    public var status: DiagnosticSeverity { allFindings.map(\.severity).max() ?? .ok }

    public var summary: Summary {
        let all = allFindings
        return Summary(ok: all.count { $0.severity == .ok }, warn: all.count { $0.severity == .warn },
                       fail: all.count { $0.severity == .fail })
    }

    /// 1 when any check failed, else 0 (warnings do not fail the run).
    public var exitStatus: Int32 { status == .fail ? 1 : 0 }

    enum CodingKeys: String, CodingKey {
        case schema, serviceUser = "service_user", interactive, status, summary, system, devices
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schema = try c.decode(String.self, forKey: .schema)
        serviceUser = try c.decode(String.self, forKey: .serviceUser)
        interactive = try c.decode(Bool.self, forKey: .interactive)
        system = try c.decode([DiagnosticFinding].self, forKey: .system)
        devices = try c.decode([Device].self, forKey: .devices)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schema, forKey: .schema)
        try c.encode(serviceUser, forKey: .serviceUser)
        try c.encode(interactive, forKey: .interactive)
        try c.encode(status, forKey: .status)
        try c.encode(summary, forKey: .summary)
        try c.encode(system, forKey: .system)
        try c.encode(devices, forKey: .devices)
    }

    /// The readable report: a header per device, one line per check (`OK`/`WARN`/`FAIL`, check,
    /// what was found), the fix indented under every line that is not OK, and a closing summary.
    public var text: String {
        var lines: [String] = ["System (service user \(serviceUser))"]
        lines += system.flatMap(Self.lines)
        for device in devices {
            lines.append("")
            lines.append("\(device.name) [\(device.deviceClass), \(device.source.rawValue)] \(device.address)")
            lines += device.findings.flatMap(Self.lines)
        }
        let counts = summary
        lines.append("")
        lines.append("\(status.label): \(counts.ok) ok, \(counts.warn) warning(s), \(counts.fail) failure(s)")
        return lines.joined(separator: "\n")
    }

    private static func lines(_ finding: DiagnosticFinding) -> [String] {
        let label = finding.severity.label + String(repeating: " ", count: max(0, 4 - finding.severity.label.count))
        var lines = ["  \(label) \(finding.check): \(finding.found)"]
        if let fix = finding.fix, finding.severity != .ok { lines.append("       fix: \(fix)") }
        return lines
    }
}
