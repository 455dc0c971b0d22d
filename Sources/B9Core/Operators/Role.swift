/// A named set of actions an operator may take on their own (the till's side of the cloud's RBAC).
///
/// Actions a role lacks are refused unless a supervisor whose role has them approves each one.
/// Selling, taking payment and the X report need no permission.
public struct Role: Sendable, Hashable, Codable {
    public let name: String
    public let actions: Set<OperatorAction>

    public init(name: String, actions: Set<OperatorAction>) throws(CoreError) {
        guard !name.trimmingASCIIWhitespace().isEmpty else {
            throw CoreError(.invalidConfiguration, "a role needs a name")
        }
        self.name = name
        self.actions = actions
    }

    private init(known name: String, actions: Set<OperatorAction>) {
        self.name = name
        self.actions = actions
    }

    public func allows(_ action: OperatorAction) -> Bool { actions.contains(action) }

    /// Sells, voids lines it keyed, reprints.
    public static let cashier = Role(known: "cashier", actions: [.reprint])
    /// Everything a cashier does, plus voids, refunds, overrides, cash movements and closing a shift.
    public static let supervisor = Role(
        known: "supervisor",
        actions: [.reprint, .voidLine, .voidSale, .refund, .discountAboveLimit, .priceOverride, .noSaleDrawerOpen, .cashInOut, .shiftClose]
    )
    /// Every action.
    public static let manager = Role(known: "manager", actions: Set(OperatorAction.allCases))

    /// The roles a new store starts with.
    public static let defaults: [Role] = [.cashier, .supervisor, .manager]
}
