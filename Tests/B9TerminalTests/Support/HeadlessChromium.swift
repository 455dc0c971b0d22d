import CB9Linux
import Foundation
import Testing

/// Debian's `chromium` run headless on one URL, for the tests of the built-in pages.
enum HeadlessChromium {
    static let path = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Loads `url` in a fresh profile under `folder` and returns the DOM once the page has settled:
    /// its `<body data-state>` has moved on from `starting` (to `ready`, `error` or `login`).
    ///
    /// The browser is driven over the DevTools protocol on a pipe and the page is asked in real time,
    /// so a page waiting on its WebSocket under a loaded machine is waited for (`--dump-dom` with a
    /// virtual-time budget does not count a WebSocket as pending and dumped such pages half-started).
    /// After two minutes the test fails with the browser's log and the page as it then stood.
    static func settledDOM(_ url: String, folder: URL) async throws -> String {
        let browser = try #require(path)
        let log = folder.appendingPathComponent("chromium-\(UUID().uuidString.prefix(8)).log").path
        let pipe = try DevToolsPipe()
        let process = try ChildProcess.spawn(browser, [
            "--headless=new", "--disable-gpu", "--no-sandbox", "--disable-dev-shm-usage", "--no-first-run",
            "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
            "--remote-debugging-pipe", "about:blank",
        ], errors: log, descriptors: pipe.childDescriptors)
        pipe.closeChildEnds()
        defer {
            process.signal(SIGKILL)
            _ = process.waitBlocking()
            pipe.close()
        }
        let deadline = ContinuousClock.now + .seconds(120)
        var page = ""
        do {
            let target = try await pipe.call("Target.createTarget", ["url": url], until: deadline)
            let targetID = try #require(target["targetId"] as? String)
            let attached = try await pipe.call("Target.attachToTarget", ["targetId": targetID, "flatten": true], until: deadline)
            let session = try #require(attached["sessionId"] as? String)
            func evaluate(_ expression: String) async throws -> String? {
                let reply = try await pipe.call("Runtime.evaluate", ["expression": expression, "returnByValue": true], session: session, until: deadline)
                return (reply["result"] as? [String: Any])?["value"] as? String
            }
            var settled = false
            while !settled && ContinuousClock.now < deadline {
                // A failed evaluation is a document being replaced by the navigation: ask again.
                let state = (try? await evaluate("document.body ? (document.body.dataset.state || '') : ''")) ?? nil
                settled = state.map { !$0.isEmpty && $0 != "starting" } ?? false
                if !settled { try await Task.sleep(for: .milliseconds(50)) }
            }
            page = try await evaluate("document.documentElement.outerHTML") ?? ""
            #expect(settled, "the page did not settle in two minutes; chromium: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        } catch {
            Issue.record("chromium over DevTools: \(error); log: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        }
        _ = try? await pipe.call("Browser.close", [:], until: ContinuousClock.now + .seconds(5))
        return page
    }
}

/// The DevTools protocol over `--remote-debugging-pipe`: the browser reads commands on its descriptor 3
/// and writes replies and events on 4, each a JSON object ended by a NUL byte.
final class DevToolsPipe {
    struct ProtocolError: Error, CustomStringConvertible {
        let description: String
    }

    /// Parent-side ends: commands out, replies in.
    private let commands: CInt
    private let replies: CInt
    /// Child-side ends, kept above the numbers they become in the browser.
    private let browserReads: CInt
    private let browserWrites: CInt
    private var received: [UInt8] = []
    private var nextID = 0

    init() throws {
        var toBrowser: [CInt] = [-1, -1]
        var fromBrowser: [CInt] = [-1, -1]
        guard CB9Linux_pipe_cloexec(&toBrowser) == 0, CB9Linux_pipe_cloexec(&fromBrowser) == 0 else {
            throw ProtocolError(description: "pipe: \(String(cString: strerror(errno)))")
        }
        // The pipes come non-blocking; the browser's ends must block (it takes EAGAIN for a closed
        // pipe and quits), and so does the end commands are written to.
        func blocking(_ descriptor: CInt) -> CInt {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
            return descriptor
        }
        func raised(_ descriptor: CInt) -> CInt {
            let copy = fcntl(descriptor, F_DUPFD_CLOEXEC, 10)
            Glibc.close(descriptor)
            return blocking(copy)
        }
        browserReads = raised(toBrowser[0])
        commands = blocking(toBrowser[1])
        replies = fromBrowser[0]
        browserWrites = raised(fromBrowser[1])
    }

    var childDescriptors: [CInt: CInt] { [3: browserReads, 4: browserWrites] }

    func closeChildEnds() {
        Glibc.close(browserReads)
        Glibc.close(browserWrites)
    }

    func close() {
        Glibc.close(commands)
        Glibc.close(replies)
    }

    /// Sends one command and returns its `result`, skipping the events that arrive before the reply.
    func call(_ method: String, _ parameters: [String: Any], session: String? = nil, until deadline: ContinuousClock.Instant) async throws -> [String: Any] {
        nextID += 1
        let id = nextID
        var message: [String: Any] = ["id": id, "method": method, "params": parameters]
        if let session { message["sessionId"] = session }
        var bytes = [UInt8](try JSONSerialization.data(withJSONObject: message))
        bytes.append(0)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(commands, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw ProtocolError(description: "\(method): the browser's pipe is closed") }
            offset += written
        }
        while true {
            while let end = received.firstIndex(of: 0) {
                let frame = Data(received[..<end])
                received.removeSubrange(...end)
                guard let reply = try JSONSerialization.jsonObject(with: frame) as? [String: Any], reply["id"] as? Int == id else { continue }
                if let error = reply["error"] as? [String: Any] {
                    throw ProtocolError(description: "\(method): \(error["message"] as? String ?? "\(error)")")
                }
                return reply["result"] as? [String: Any] ?? [:]
            }
            guard ContinuousClock.now < deadline else { throw ProtocolError(description: "\(method): no reply in time") }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let count = chunk.withUnsafeMutableBytes { Glibc.read(replies, $0.baseAddress, $0.count) }
            if count > 0 {
                received.append(contentsOf: chunk[..<count])
            } else if count == 0 {
                throw ProtocolError(description: "\(method): the browser closed its pipe")
            } else if errno == EAGAIN || errno == EINTR {
                try await Task.sleep(for: .milliseconds(5))
            } else {
                throw ProtocolError(description: "\(method): \(String(cString: strerror(errno)))")
            }
        }
    }
}
