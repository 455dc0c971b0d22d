/// An operator signed in at this terminal. Obtained from ``BillingStore/signIn(operatorID:pin:)``;
/// the store checks the session is still open whenever it is used.
public struct OperatorSession: Sendable, Hashable, Codable {
    public let token: String
    public let operatorID: String
    public let role: String
}

/// A supervisor's approval of one action: bound to the action, its subject and its amount, valid once
/// and only until it expires. Obtained from ``BillingStore/approve(_:subject:amount:requester:supervisorID:supervisorPIN:validForSeconds:)``.
public struct ApprovalToken: Sendable, Hashable, Codable {
    public let token: String
    public let action: OperatorAction
    /// What the approval is for: a sale id, a line, an account; "" when the action has no subject.
    public let subject: String
    /// The amount approved, in minor units, or `nil` when the action has none.
    public let amount: Int64?
    public let requester: String
    public let approver: String
    public let expiresAt: String
}

/// Who did an action and, when their role did not allow it, who approved it. Written into the
/// journal entry of the action.
public struct Authorization: Sendable, Hashable, Codable {
    public let action: OperatorAction
    public let operatorID: String
    public let role: String
    /// The supervisor who approved it, or `nil` when the operator's own role allows the action.
    public let approvedBy: String?
}

/// An operator as the store keeps them (without the PIN hash).
public struct OperatorInfo: Sendable, Hashable, Codable {
    public let id: String
    public let name: String
    public let role: String
    public let failedAttempts: Int
    /// When a lock-out ends (UTC timestamp), or `nil`.
    public let lockedUntil: String?
}
