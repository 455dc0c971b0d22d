/// Watches a cash drawer's open/closed reports and raises one alert when it stays open longer
/// than allowed. Pure state machine over instants of any `Clock`, so it is tested without waiting.
public struct DrawerOpenMonitor<C: Clock>: Sendable where C.Instant: Sendable, C.Duration == Duration {
    /// What the monitor reports.
    public enum Alert: Hashable, Sendable {
        case opened
        case closed(openFor: Duration)
        /// Open longer than the limit; raised once per opening.
        case openTooLong(openFor: Duration)
    }

    public let limit: Duration
    private var openedAt: C.Instant?
    private var alerted = false

    public init(limit: Duration, clock: C.Type = C.self) {
        self.limit = limit
    }

    /// True while the drawer is open.
    public var isOpen: Bool { openedAt != nil }

    /// Records a sensor reading at `now`.
    public mutating func update(open: Bool, at now: C.Instant) -> [Alert] {
        switch (openedAt, open) {
        case (nil, true):
            openedAt = now
            alerted = false
            return [.opened]
        case (let since?, false):
            openedAt = nil
            return [.closed(openFor: since.duration(to: now))]
        default:
            return check(at: now)
        }
    }

    /// Checks the time limit at `now`.
    public mutating func check(at now: C.Instant) -> [Alert] {
        guard let since = openedAt, !alerted else { return [] }
        let open = since.duration(to: now)
        guard open > limit else { return [] }
        alerted = true
        return [.openTooLong(openFor: open)]
    }
}
