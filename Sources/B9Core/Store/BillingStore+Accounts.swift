import GRDB

/// A customer who may buy on account, up to a credit limit.
public struct CustomerAccount: Sendable, Hashable, Codable {
    public let id: String
    public let name: String
    public let creditLimit: Int64
    /// What the customer owes, in minor units.
    public let balance: Int64
    /// Credit still available.
    public var available: Int64 { creditLimit - balance }
}

extension BillingStore {
    /// Opens a customer account with a credit limit (minor units).
    public func openAccount(id: String, name: String, creditLimit: Int64) async throws(CoreError) {
        guard !id.isEmpty, creditLimit >= 0 else {
            throw CoreError(.invalidAmount, "an account needs an id and a non-negative credit limit")
        }
        _ = try await transaction("open a customer account") { db in
            try db.execute(
                sql: "INSERT INTO customer_account (id, name, credit_limit_minor, balance_minor) VALUES (?, ?, ?, 0)",
                arguments: [id, name, creditLimit]
            )
            return true
        }
    }

    /// The account with this id.
    /// - Throws: ``CoreError/Code/accountNotFound``.
    public func account(id: String) async throws(CoreError) -> CustomerAccount {
        let found: CustomerAccount? = try await read("read a customer account") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM customer_account WHERE id = ?", arguments: [id]).map {
                CustomerAccount(id: $0["id"], name: $0["name"], creditLimit: $0["credit_limit_minor"], balance: $0["balance_minor"])
            }
        }
        guard let found else { throw CoreError(.accountNotFound, "there is no customer account '\(id)'") }
        return found
    }
}
