import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Threads of their own, outside Swift's cooperative pool, for tests that compute for seconds.
///
/// The cooperative pool has one thread per core (two on a small till PC and on CI). A property or
/// corpus test that computes without suspending holds one of them for as long as it runs, and two
/// such tests at once leave nothing for the simulators and device drivers of every other test in
/// the process: a printer simulator then does not answer `DLE EOT` within its 5-second timeout.
/// Jobs here are time-sliced by the kernel with everything else instead.
public final class CPUBoundExecutor: TaskExecutor, @unchecked Sendable {
    /// The executor behind ``OffCooperativePoolTrait``.
    public static let shared = CPUBoundExecutor(threads: 2)

    private let condition = NSCondition()
    /// The executor's threads (guarded by `condition`).
    private var threads: [pthread_t] = []
    /// Jobs not yet started, oldest first (guarded by `condition`).
    private var jobs: [UnownedJob] = []

    private init(threads: Int) {
        for index in 0..<threads {
            let thread = Thread { [self] in
                condition.lock()
                self.threads.append(pthread_self())
                condition.unlock()
                run()
            }
            thread.name = "b9-cpu-bound-\(index)"
            thread.start()
        }
    }

    /// Whether the calling code runs on one of the executor's threads.
    public var isCurrentThread: Bool {
        condition.lock()
        defer { condition.unlock() }
        let current = pthread_self()
        return threads.contains { pthread_equal($0, current) != 0 }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
