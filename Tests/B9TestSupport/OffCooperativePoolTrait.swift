public import Testing

/// Runs a test (or every test of a suite) on ``CPUBoundExecutor``, so a test that computes for
/// seconds leaves Swift's cooperative pool to the tests that wait on devices and timeouts.
///
/// Use it on property tests, fuzz-corpus replays and anything else that loops without suspending:
/// `@Suite(.cpuBound)` or `@Test(.cpuBound)`.
public struct OffCooperativePoolTrait: SuiteTrait, TestTrait, TestScoping {
    public var isRecursive: Bool { true }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        try await withTaskExecutorPreference(CPUBoundExecutor.shared) {
            try await function()
        }
    }
}

extension Trait where Self == OffCooperativePoolTrait {
    /// The test computes for seconds: run it outside the cooperative pool.
    public static var cpuBound: Self { Self() }
}
