import B9Devices
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Every descriptor a device or simulator holds is close-on-exec: a child process started meanwhile
/// (a spooler, a browser, a broker) must not keep a pty master open — the device side would never
/// see the hang-up of an unplugged adapter — nor keep a device node busy after we close it.
@Suite("Descriptors are not inherited by child processes", .timeLimit(.minutes(5)))
struct DescriptorInheritanceTests {
    /// One open descriptor of this process, as `/proc/self/fd` and `/proc/self/fdinfo` show it.
    struct OpenDescriptor {
        let number: Int32
        let target: String
        let flags: Int
        let ttyIndex: Int?
        var closeOnExec: Bool { flags & Int(O_CLOEXEC) != 0 }
    }

    static func openDescriptors() -> [OpenDescriptor] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return names.compactMap { name -> OpenDescriptor? in
            guard let number = Int32(name),
                  let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(name)"),
                  let info = try? String(contentsOfFile: "/proc/self/fdinfo/\(name)", encoding: .utf8)
            else { return nil }
            var flags: Int?
            var ttyIndex: Int?
            for line in info.split(separator: "\n") {
                let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2 else { continue }
                if parts[0] == "flags" { flags = Int(parts[1], radix: 8) }
                if parts[0] == "tty-index" { ttyIndex = Int(parts[1]) }
            }
            guard let flags else { return nil }
            return OpenDescriptor(number: number, target: target, flags: flags, ttyIndex: ttyIndex)
        }
    }

    /// The descriptors that refer to the pty whose slave is `devicePath`: its masters and slaves.
    static func descriptors(ofPty devicePath: String) -> [OpenDescriptor] {
        guard let index = Int(devicePath.split(separator: "/").last ?? "") else { return [] }
        return openDescriptors().filter { $0.target == devicePath || ($0.target == "/dev/ptmx" && $0.ttyIndex == index) }
    }

    @Test func simulatorPtyMasterAndSlaveAreCloseOnExec() async throws {
        let pty = try await PseudoTerminal.open(name: "inheritance")
        let held = Self.descriptors(ofPty: pty.nodePath)
        #expect(held.contains { $0.target == "/dev/ptmx" }, "the master is among this process's descriptors")
        #expect(held.filter { $0.target == "/dev/ptmx" }.count >= 2, "NIO reads and writes through two descriptors")
        for descriptor in held {
            #expect(descriptor.closeOnExec, "fd \(descriptor.number) → \(descriptor.target) would leak into a child")
        }
        // Our own slave descriptor keeps this pty's number taken while we look: otherwise a test running
        // beside this one could open a new pty under the same number, and its masters would show here.
        let slave = open(pty.nodePath, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        try #require(slave >= 0)
        defer { close(slave) }
        await pty.hangUp()
        #expect(Self.descriptors(ofPty: pty.nodePath).filter { $0.target == "/dev/ptmx" }.isEmpty)
    }

    @Test func serialPortDescriptorsAreCloseOnExec() async throws {
        let pty = try await PseudoTerminal.open(name: "inheritance-serial")
        let before = Set(Self.descriptors(ofPty: pty.nodePath).map(\.number))
        let port = try await SerialPort.open(path: pty.devicePath)
        let opened = Self.descriptors(ofPty: pty.nodePath).filter { !before.contains($0.number) && $0.target == pty.nodePath }
        #expect(opened.count >= 2, "the port's channel and its control descriptor")
        for descriptor in opened {
            #expect(descriptor.closeOnExec, "fd \(descriptor.number) → \(descriptor.target) would leak into a child")
        }
        await port.close()
        await pty.hangUp()
    }
}
