import B9Devices
import Foundation
import NIOCore

/// A serial device for the soak that can be pulled and put back: each plug opens a new pty behind
/// the same symbolic link (as udev points a by-id link at a replugged adapter) and starts `serve`
/// on it; each unplug hangs the pty up and removes the link.
actor SoakSerialLine {
    let link: String
    private(set) var generation = 0
    private(set) var line: PseudoTerminal?
    private var server: Task<Void, Never>?
    private let serve: @Sendable (PseudoTerminal) async -> Void

    init(link: String, serve: @escaping @Sendable (PseudoTerminal) async -> Void) {
        self.link = link
        self.serve = serve
    }

    var isPlugged: Bool { line != nil }

    /// The address the daemon is configured with.
    nonisolated var address: DeviceAddress { DeviceAddress(.serial(path: link, settings: .default)) }

    func plug() async throws {
        guard line == nil else { return }
        let pty = try await PseudoTerminal.open(name: "soak", linkedAt: link)
        generation += 1
        line = pty
        let serve = serve
        server = Task { await serve(pty) }
    }

    func unplug() async {
        server?.cancel()
        server = nil
        if let line { await line.hangUp() }
        line = nil
        unlink(link)
    }

    /// Writes `bytes` as the device when it is plugged in; false when it is not, or the write failed.
    func send(_ bytes: [UInt8]) async -> Bool {
        guard let line else { return false }
        do {
            try await line.peer.write(bytes, timeout: .seconds(10))
            return true
        } catch {
            return false
        }
    }

    /// Reads what the daemon writes until the line ends or the task is cancelled, handing each chunk
    /// to `body`, which returns the device's answer (empty: none).
    static func answer(_ pty: PseudoTerminal, _ body: @Sendable ([UInt8]) async -> [UInt8]) async {
        while !Task.isCancelled {
            do throws(DeviceError) {
                var chunk = try await pty.peer.read(timeout: .seconds(3600))
                let reply = await body(chunk.readBytes(length: chunk.readableBytes) ?? [])
                if !reply.isEmpty { try await pty.peer.write(reply, timeout: .seconds(10)) }
            } catch where error.code == .timedOut {
                continue
            } catch {
                return
            }
        }
    }
}
