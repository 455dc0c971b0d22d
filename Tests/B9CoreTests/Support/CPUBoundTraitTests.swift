import B9TestSupport
import Testing

/// The `.cpuBound` trait moves a test off Swift's cooperative pool, with what it awaits.
@Suite("The cpuBound test trait")
struct CPUBoundTraitTests {
    static func onOwnThread() -> Bool { CPUBoundExecutor.shared.isCurrentThread }

    @Test(.cpuBound) func aMarkedTestRunsOnTheExecutorsThreads() async {
        #expect(Self.onOwnThread())
        await Task.yield()
        #expect(Self.onOwnThread(), "after a suspension too")
        async let child = Self.onOwnThread()
        #expect(await child, "and so do its child tasks")
    }

    @Test func anUnmarkedTestRunsOnThePool() {
        #expect(!Self.onOwnThread())
    }
}
