/// The rule for which weights may price a line: stable, not negative, inside `minimum…maximum`, and
/// stable for the configured window.
///
/// Pure: time is whatever the caller passes with each reading (`Duration` since any fixed origin);
/// nothing here reads a clock.
public struct WeighingPolicy: Sendable, Hashable {
    /// The smallest weight that may price a line (a legal-for-trade scale's "Min", e.g. 20 e). Must be > 0.
    public var minimum: Weight
    /// The largest weight that may price a line (the scale's capacity "Max").
    public var maximum: Weight
    /// How many consecutive equal stable readings make a weight settled (1 = trust the scale's own flag).
    public var consecutiveReadings: Int
    /// How long equal stable readings must last, or nil for no time condition.
    public var settleTime: Duration?

    /// - Throws: `ScaleError.invalidWeight` when minimum is not positive, maximum is below minimum, or
    ///   `consecutiveReadings` < 1.
    public init(minimum: Weight, maximum: Weight, consecutiveReadings: Int = 1, settleTime: Duration? = nil) throws(ScaleError) {
        guard !minimum.isNegative, !minimum.isZero else {
            throw ScaleError(.invalidWeight, "The minimum weight must be above zero, not \(minimum).")
        }
        guard maximum.compare(to: minimum) != .less else {
            throw ScaleError(.invalidWeight, "The maximum weight \(maximum) is below the minimum \(minimum).")
        }
        guard consecutiveReadings >= 1 else {
            throw ScaleError(.invalidWeight, "The stability window needs at least one reading, not \(consecutiveReadings).")
        }
        if let settleTime, settleTime < .zero {
            throw ScaleError(.invalidWeight, "The settle time cannot be negative.")
        }
        self.minimum = minimum
        self.maximum = maximum
        self.consecutiveReadings = consecutiveReadings
        self.settleTime = settleTime
    }

    /// The weight of `reading` if it may price a line on its own (ignoring the stability window).
    /// - Throws: a `ScaleError` that says why not: `inMotion`, `overload`, `underZero`, `scaleFault`,
    ///   `notStable`, `negativeWeight`, `belowMinimum`, `aboveMaximum`.
    public func priceableWeight(_ reading: ScaleReading) throws(ScaleError) -> Weight {
        switch reading.status {
        case .stable: break
        case .motion: throw ScaleError(.inMotion, "The weight is still moving; wait until the scale settles.")
        case .overload: throw ScaleError(.overload, "The scale is over capacity; remove some goods.")
        case .underZero: throw ScaleError(.underZero, "The scale is below zero; empty it and press zero.")
        case .error: throw ScaleError(.scaleFault, "The scale reports a fault; zero it, or power it off and on.")
        case .zero: throw ScaleError(.belowMinimum, "The scale is empty; place the goods on it.")
        default: throw ScaleError(.notStable, "The scale did not confirm the weight is stable; set it to send stability.")
        }
        guard let weight = reading.weight else {
            throw ScaleError(.notStable, "The scale sent a status without a weight; ask again.")
        }
        if weight.isNegative {
            throw ScaleError(.negativeWeight, "The weight \(weight) is negative; empty the scale and press zero.")
        }
        if weight.compare(to: minimum) == .less {
            throw ScaleError(.belowMinimum, "The weight \(weight) is below the minimum \(minimum) that may be sold by weight.")
        }
        if weight.compare(to: maximum) == .greater {
            throw ScaleError(.aboveMaximum, "The weight \(weight) is above the maximum \(maximum) of this scale.")
        }
        return weight
    }
}

extension WeighingPolicy {
    /// Whether `reading` shows the goods taken off: zero, under zero, or a weight below `minimum`
    /// (moving or not, as goods being lifted give). What ends the wait between two labels, the
    /// return to zero of a label scale: no answer, a fault, an overload, or a weight at or above the
    /// minimum may be the same goods still on the pan, so none of them does.
    public func showsEmptyPan(_ reading: ScaleReading) -> Bool {
        switch reading.status {
        case .zero, .underZero: return true
        case .error, .overload: return false
        default:
            guard let weight = reading.weight else { return false }
            return weight.isNegative || weight.compare(to: minimum) == .less
        }
    }
}

/// Applies a `WeighingPolicy` to a sequence of readings and releases a weight only once it has been stable,
/// equal and in range for the policy's window.
public struct StableWeightGate: Sendable {
    public let policy: WeighingPolicy
    private var candidate: Weight?
    private var count = 0
    private var since: Duration?

    public init(policy: WeighingPolicy) { self.policy = policy }

    /// Feeds one reading taken at `time` (any monotonic origin; ignored when the policy has no settle time).
    /// - Returns: the settled weight when this reading completes the window, else nil.
    /// - Throws: why this reading cannot price a line (the window restarts).
    public mutating func accept(_ reading: ScaleReading, at time: Duration = .zero) throws(ScaleError) -> Weight? {
        let weight: Weight
        do {
            weight = try policy.priceableWeight(reading)
        } catch {
            reset()
            throw error
        }
        if let candidate, candidate == weight {
            count += 1
        } else {
            candidate = weight
            count = 1
            since = time
        }
        guard count >= policy.consecutiveReadings else { return nil }
        if let settle = policy.settleTime, let since, time - since < settle { return nil }
        return weight
    }

    /// Forgets the readings so far (after a sale line is added, or when the goods are lifted).
    public mutating func reset() {
        candidate = nil
        count = 0
        since = nil
    }
}
