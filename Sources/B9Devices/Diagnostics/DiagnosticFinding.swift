/// How a diagnostic check came out: the technician reads `OK`, `WARN` or `FAIL` at the start of
/// each report line; JSON carries the lower-case name.
public enum DiagnosticSeverity: String, Sendable, Hashable, Codable, Comparable, CaseIterable {
    /// Works as it should.
    case ok
    /// Works, but something will bite later (world-writable node, paper near end, CUPS running).
    case warn
    /// Does not work: the station cannot use the device until the fix is applied.
    case fail

    /// The label at the start of a report line.
    public var label: String { rawValue.uppercased() }

    private var rank: Int {
        switch self {
        case .ok: 0
        case .warn: 1
        case .fail: 2
        }
    }

    public static func < (a: DiagnosticSeverity, b: DiagnosticSeverity) -> Bool { a.rank < b.rank }
}

/// One check and its outcome: what was checked, what was found and, unless it is OK, the fix to try.
public struct DiagnosticFinding: Sendable, Hashable, Codable {
    /// Stable check name (`found`, `permissions`, `conflict.usblp`, `health.status` …; the list is in
    /// docs/diagnostics.md). Programs match on this, never on `found`.
    public var check: String
    public var severity: DiagnosticSeverity
    /// What was found, in words for the technician.
    public var found: String
    /// The command or action to try, nil when nothing needs doing.
    public var fix: String?

    public init(check: String, _ severity: DiagnosticSeverity, found: String, fix: String? = nil) {
        self.check = check
        self.severity = severity
        self.found = found
        self.fix = fix
    }

    enum CodingKeys: String, CodingKey {
        case check, severity = "status", found, fix
    }

    public static func ok(_ check: String, _ found: String) -> DiagnosticFinding {
        DiagnosticFinding(check: check, .ok, found: found)
    }

    public static func warn(_ check: String, _ found: String, fix: String?) -> DiagnosticFinding {
        DiagnosticFinding(check: check, .warn, found: found, fix: fix)
    }

    public static func fail(_ check: String, _ found: String, fix: String?) -> DiagnosticFinding {
        DiagnosticFinding(check: check, .fail, found: found, fix: fix)
    }
}

/// The check names a report uses (documented in docs/diagnostics.md).
public enum DiagnosticCheck {
    public static let found = "found"
    public static let permissions = "permissions"
    public static let conflictUsblp = "conflict.usblp"
    public static let conflictCUPS = "conflict.cups"
    public static let conflictModemManager = "conflict.modemmanager"
    public static let lineSettings = "line-settings"
    public static let healthOpen = "health.open"
    public static let healthStatus = "health.status"
    public static let healthReading = "health.reading"
    public static let healthReset = "health.reset"
    public static let interactivePrint = "interactive.print"
    public static let interactiveDrawer = "interactive.drawer"
    public static let interactiveDisplay = "interactive.display"
    public static let interactiveScan = "interactive.scan"
    public static let interactiveWeight = "interactive.weight"
    public static let serviceUser = "system.service-user"
    public static let udev = "system.udev"
    public static let udevRules = "system.udev-rules"
    public static let discovery = "system.discovery"
    public static let configuration = "system.configuration"
}
