/// What the scale said about a reading. Only `stable` may ever price a line (see `WeighingPolicy`).
public struct WeightStatus: Hashable, Sendable, CustomStringConvertible {
    private let name: String
    private init(_ name: String) { self.name = name }
    /// The text used in JSON and logs: `stable`, `motion`, `zero`, `under-zero`, `overload`, `error`,
    /// `unconfirmed`.
    public var description: String { name }

    /// The scale says the weight has settled.
    public static let stable = WeightStatus("stable")
    /// The weight is still moving.
    public static let motion = WeightStatus("motion")
    /// Stable at zero (centre of zero); nothing to price.
    public static let zero = WeightStatus("zero")
    /// Below zero.
    public static let underZero = WeightStatus("under-zero")
    /// Over capacity.
    public static let overload = WeightStatus("overload")
    /// The scale reports a fault (zero not captured, memory or calibration error).
    public static let error = WeightStatus("error")
    /// A weight arrived without any stability indication (a header-less print line): never priced.
    public static let unconfirmed = WeightStatus("unconfirmed")
}

/// One reading decoded from a scale: the weight (when the scale sent one) and its status, plus what
/// price-computing scales add.
public struct ScaleReading: Sendable, Hashable, CustomStringConvertible {
    /// The weight, or nil when the scale sent only a status (8217 `STX ? status CR`, Magellan `S141`).
    public var weight: Weight?
    /// What the scale said about it.
    public var status: WeightStatus
    /// Whether the weight is net (a tare is active), when the protocol says so.
    public var isNet: Bool
    /// Unit price as computed by a price-computing scale (Dialog 06 record 02, CAS DC2), in the
    /// currency's decimal form.
    public var unitPrice: ExactDecimal?
    /// Total price as computed by the scale.
    public var totalPrice: ExactDecimal?

    public init(
        weight: Weight?, status: WeightStatus, isNet: Bool = false,
        unitPrice: ExactDecimal? = nil, totalPrice: ExactDecimal? = nil
    ) {
        self.weight = weight
        self.status = status
        self.isNet = isNet
        self.unitPrice = unitPrice
        self.totalPrice = totalPrice
    }

    /// The reading as a scale would put it on the wire: a `zero` status always goes with a zero weight.
    var wireForm: ScaleReading {
        guard status == .zero else { return self }
        var copy = self
        copy.weight = Weight(ExactDecimal(unchecked: 0, decimals: weight?.amount.decimals ?? 3), weight?.unit ?? .kilogram)
        return copy
    }

    public var description: String {
        (weight.map { "\($0) " } ?? "") + status.description + (isNet ? " net" : "")
    }
}
