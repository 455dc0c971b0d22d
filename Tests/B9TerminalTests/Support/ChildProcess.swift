import Foundation

/// A child process started with `posix_spawn` and reaped with `waitpid`, for tests. (Foundation's
/// `Process.waitUntilExit` was seen to hang under parallel tests on Linux.)
struct ChildProcess: Sendable {
    let pid: pid_t

    /// Starts `path` with `arguments`; standard output and error go to the given files (or /dev/null).
    /// `descriptors` hands the child more descriptors: child number → the parent's descriptor, which
    /// must not itself be one of the child numbers.
    static func spawn(_ path: String, _ arguments: [String], environment: [String: String]? = nil, output: String? = nil, errors: String? = nil, descriptors: [CInt: CInt] = [:]) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errors ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        for (child, parent) in descriptors.sorted(by: { $0.key < $1.key }) {
            posix_spawn_file_actions_adddup2(&actions, parent, child)
        }
        let firstClosed = (descriptors.keys.max() ?? 2) + 1
        // Nothing else of the test runner goes to the child: NIO creates its sockets without
        // close-on-exec, and a child holding a copy keeps a closed listener accepting or a hung-up
        // pty open while other tests in this process rely on them being gone.
        // (glibc 2.34+ `posix_spawn_file_actions_addclosefrom_np`, not exported by Swift's Glibc module.)
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, CInt) -> CInt
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, max(firstClosed, 3))
        }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let env = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            env.forEach { free($0) }
        }
        // Threads of the test runner block signals; without a fresh mask and default handlers the
        // child would inherit them and ignore SIGTERM.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, &attributes, argv, env)
        guard rc == 0 else { throw MosquittoBroker.BrokerError(message: "cannot start \(path): \(String(cString: strerror(rc)))") }
        return ChildProcess(pid: pid)
    }

    func signal(_ number: Int32) { kill(pid, number) }

    /// Whether the child has exited (a zombie not yet reaped counts as exited; `wait()` still reaps it).
    var hasExited: Bool {
        let state = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        guard let close = state.lastIndex(of: ")") else { return true }
        return state[state.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }

    /// The `b9terminal` executable built next to the test runner.
    static var b9terminal: String {
        let runner = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        var folder = runner.deletingLastPathComponent()
        while folder.path != "/" && !FileManager.default.fileExists(atPath: folder.appendingPathComponent("b9terminal").path) {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("b9terminal").path
    }

    /// Blocks until the child exits: its exit status, or 128 + the signal that ended it.
    func waitBlocking() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return Self.decode(status)
    }

    /// Waits without blocking a thread of the cooperative pool.
    func wait() async -> Int32 {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { return Self.decode(status) }
            if result < 0 && errno != EINTR { return -1 }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    private static func decode(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
