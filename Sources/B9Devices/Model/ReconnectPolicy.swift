/// Bounded exponential back-off for reopening a device that went away: `initialDelay`, then
/// multiplied by `multiplier` per failed attempt up to `maximumDelay`; it keeps trying at
/// `maximumDelay` unless `maximumAttempts` is set (a daemon should not give up on its printer).
public struct ReconnectPolicy: Hashable, Sendable {
    public var initialDelay: Duration
    public var maximumDelay: Duration
    public var multiplier: Int
    public var maximumAttempts: Int?

    /// 200 ms, doubling, at most 5 s, forever.
    public static let `default` = ReconnectPolicy()

    public init(initialDelay: Duration = .milliseconds(200), maximumDelay: Duration = .seconds(5),
                multiplier: Int = 2, maximumAttempts: Int? = nil) {
        self.initialDelay = initialDelay
        self.maximumDelay = max(maximumDelay, initialDelay)
        self.multiplier = max(1, multiplier)
        self.maximumAttempts = maximumAttempts
    }

    /// The wait before attempt `attempt` (1-based): `initialDelay × multiplier^(attempt−1)`,
    /// capped at `maximumDelay`.
    public func delay(beforeAttempt attempt: Int) -> Duration {
        var delay = initialDelay
        var step = 1
        while step < attempt, delay < maximumDelay {
            delay = delay * multiplier
            step += 1
        }
        return min(delay, maximumDelay)
    }

    /// True when attempt `attempt` is still allowed.
    public func allows(attempt: Int) -> Bool {
        maximumAttempts.map { attempt <= $0 } ?? true
    }
}
