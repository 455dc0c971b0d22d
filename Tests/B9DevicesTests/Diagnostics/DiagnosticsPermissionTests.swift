import B9Devices
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Node permissions and conflicts against a temporary file and a fake machine root.
@Suite("Diagnostics: permissions and conflicts")
struct DiagnosticsPermissionTests {
    /// A temporary file standing in for a device node, with `mode`.
    static func node(mode: mode_t) throws -> String {
        var template = Array("/tmp/b9-diag-node-XXXXXX".utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else { throw DeviceError(.ioFailed, "mkstemp failed") }
        close(fd)
        let path = String(cString: template)
        guard chmod(path, mode) == 0 else { throw DeviceError(.ioFailed, "chmod failed") }
        return path
    }

    /// The file's group as the fake /etc/group names it: the test's own gid, called `posgrp`.
    static func accounts(groupMembers: String) throws -> (AccountDatabase, String) {
        let gid = getegid()
        let groupText = "posgrp:x:\(gid):\(groupMembers)\nb9pos:x:\(gid == 990 ? 991 : 990):\n"
        let passwdText = "clerk:x:54321:54321::/home/clerk:/bin/sh\n"
        return (AccountDatabase(groupText: groupText, passwdText: passwdText), "posgrp")
    }

    @Test("A node the group cannot write fails with the udev rules install and usermod as the fix")
    func groupCannotWrite() throws {
        let path = try Self.node(mode: 0o640)
        defer { unlink(path) }
        let (accounts, _) = try Self.accounts(groupMembers: "clerk")
        let node = try #require(NodePermissionCheck.Node.inspect(path))
        let finding = NodePermissionCheck(serviceUser: "clerk", accounts: accounts).evaluate(node)
        #expect(finding.check == DiagnosticCheck.permissions)
        #expect(finding.severity == .fail)
        #expect(finding.found.contains("mode 0640"))
        #expect(finding.found.contains("group posgrp"))
        #expect(finding.fix?.contains("udev/99-b9pos.rules") == true)
        #expect(finding.fix?.contains("sudo usermod -aG b9pos clerk") == true)
    }

    @Test("A 0660 node of a group the service user is not in fails with usermod into that group")
    func userNotInGroup() throws {
        let path = try Self.node(mode: 0o660)
        defer { unlink(path) }
        let (accounts, group) = try Self.accounts(groupMembers: "someoneelse")
        let finding = NodePermissionCheck(serviceUser: "clerk", accounts: accounts)
            .evaluate(try #require(NodePermissionCheck.Node.inspect(path)))
        #expect(finding.severity == .fail)
        #expect(finding.found.contains("clerk is not in group \(group)"))
        #expect(finding.fix?.hasPrefix("sudo usermod -aG \(group) clerk") == true)
    }

    @Test("A 0660 node of the service user's group is OK; a world-writable one is a warning")
    func okAndWorldWritable() throws {
        let path = try Self.node(mode: 0o660)
        defer { unlink(path) }
        let (accounts, _) = try Self.accounts(groupMembers: "clerk")
        let check = NodePermissionCheck(serviceUser: "clerk", accounts: accounts)
        #expect(check.evaluate(try #require(NodePermissionCheck.Node.inspect(path))).severity == .ok)
        #expect(chmod(path, 0o666) == 0)
        let open = check.evaluate(try #require(NodePermissionCheck.Node.inspect(path)))
        #expect(open.severity == .warn)
        #expect(open.found.contains("world-writable"))
    }

    @Test("The permission finding appears in a device's report through the whole diagnosis")
    func throughDiagnosis() async throws {
        let path = try Self.node(mode: 0o600)
        defer { unlink(path) }
        let root = try DiagnosticsFakeRoot.make()
        defer { root.remove() }
        let report = await DeviceDiagnostics(options: .init(serviceUser: "clerk", replyTimeout: .seconds(30), files: SystemFiles(root: root.path)))
            .run(targets: [DiagnosticTarget(name: "display", address: DeviceAddress(.serial(path: path, settings: .default)),
                                            kind: .display(.cd5220))], discovery: .skipped)
        let device = try #require(report.devices.first)
        #expect(device.findings.first?.check == DiagnosticCheck.found)
        #expect(device.findings.contains { $0.check == DiagnosticCheck.permissions && $0.severity == .fail })
        #expect(report.exitStatus == 1)
        #expect(report.text.contains("FAIL permissions: mode 0600"))
    }

    @Test("usblp bound to a libusb printer fails; CUPS and ModemManager are warned about")
    func conflicts() throws {
        let root = try DiagnosticsFakeRoot.make()
        defer { root.remove() }
        try root.write("/proc/412/comm", "cupsd\n")
        try root.write("/proc/977/comm", "ModemManager\n")
        try root.makeDirectory("/sys/bus/usb/drivers/usblp/1-1:1.0")
        try root.write("/sys/bus/usb/devices/1-1/idVendor", "04b8\n")
        try root.write("/sys/bus/usb/devices/1-1/idProduct", "0202\n")
        let check = ConflictCheck(files: SystemFiles(root: root.path))
        let printer = try DeviceAddress(parsing: "usb://04b8:0202")
        let usb = check.findings(for: printer, deviceClass: .printer)
        let usblp = try #require(usb.first { $0.check == DiagnosticCheck.conflictUsblp })
        #expect(usblp.severity == .fail)
        #expect(usblp.fix?.contains("echo '1-1:1.0' | sudo tee /sys/bus/usb/drivers/usblp/unbind") == true)
        #expect(usb.contains { $0.check == DiagnosticCheck.conflictCUPS && $0.severity == .warn })
        let other = check.findings(for: try DeviceAddress(parsing: "usb://0519:0003"), deviceClass: .printer)
        #expect(other.contains { $0.check == DiagnosticCheck.conflictUsblp && $0.severity == .ok })
        let serial = check.findings(for: try DeviceAddress(parsing: "serial:///dev/ttyUSB0"), deviceClass: .scale)
        #expect(serial.contains { $0.check == DiagnosticCheck.conflictModemManager && $0.severity == .warn })
    }

    @Test("Without CUPS or ModemManager the conflict checks are OK")
    func noConflicts() throws {
        let root = try DiagnosticsFakeRoot.make()
        defer { root.remove() }
        try root.write("/proc/1/comm", "systemd\n")
        let check = ConflictCheck(files: SystemFiles(root: root.path))
        let findings = check.findings(for: try DeviceAddress(parsing: "serial:///dev/ttyS0"), deviceClass: .printer)
        #expect(findings.count == 2)
        #expect(findings.allSatisfy { $0.severity == .ok })
    }

    @Test("/etc/group and /etc/passwd: primary groups and listed members count")
    func accountsParse() {
        let accounts = AccountDatabase(groupText: "b9pos:x:990:alice, bob\n#comment\nbroken\nusers:x:100:\n",
                                       passwdText: "carol:x:1001:990::/:/bin/sh\n")
        #expect(accounts.isMember("alice", ofGroup: 990))
        #expect(accounts.isMember("bob", ofGroup: 990))
        #expect(accounts.isMember("carol", ofGroup: 990))
        #expect(!accounts.isMember("carol", ofGroup: 100))
        #expect(accounts.groups.count == 2)
    }
}
