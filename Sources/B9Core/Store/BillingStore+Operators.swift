import Foundation
import GRDB

extension BillingStore {
    /// Failed PIN entries in a row that lock an operator out.
    public static let maximumFailedPINAttempts = 5
    /// How long a lock-out lasts, in seconds.
    public static let lockoutSeconds: Int64 = 300

    /// Adds (or replaces) an operator with `role` and `pin`. The role is stored (replacing one of
    /// the same name); the PIN is stored only as a salted PBKDF2 hash (see ``PINHasher``).
    public func addOperator(id: String, name: String, role: Role, pin: String) async throws(CoreError) {
        guard !id.trimmingASCIIWhitespace().isEmpty else { throw CoreError(.invalidConfiguration, "an operator needs an id") }
        try PINHasher.validate(pin)
        let salt = PINHasher.makeSalt()
        let hash = try await PINHasher.derive(pin: pin, salt: salt)
        let actions = try CanonicalJSON.encode(role.actions.sorted())
        _ = try await transaction("add an operator") { db in
            try db.execute(
                sql: "INSERT INTO role (name, actions_json) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET actions_json = excluded.actions_json",
                arguments: [role.name, actions]
            )
            try db.execute(
                sql: """
                    INSERT INTO operator (id, name, role, pin_salt, pin_hash, pin_rounds, failed_attempts, locked_until_ms)
                    VALUES (?, ?, ?, ?, ?, ?, 0, NULL)
                    ON CONFLICT(id) DO UPDATE SET name = excluded.name, role = excluded.role, pin_salt = excluded.pin_salt,
                        pin_hash = excluded.pin_hash, pin_rounds = excluded.pin_rounds, failed_attempts = 0, locked_until_ms = NULL
                    """,
                arguments: [id, name, role.name, Data(salt), Data(hash), PINHasher.rounds]
            )
            return true
        }
    }

    /// The operator with this id, without their PIN hash.
    public func operatorInfo(id: String) async throws(CoreError) -> OperatorInfo {
        let found: OperatorInfo? = try await read("read an operator") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM operator WHERE id = ?", arguments: [id]).map { row in
                OperatorInfo(
                    id: row["id"], name: row["name"], role: row["role"], failedAttempts: row["failed_attempts"],
                    lockedUntil: (row["locked_until_ms"] as Int64?).map { Timestamp.format(Date(timeIntervalSince1970: TimeInterval($0) / 1000)) }
                )
            }
        }
        guard let found else { throw CoreError(.operatorNotFound, "there is no operator '\(id)'") }
        return found
    }

    /// Signs an operator in with their PIN.
    ///
    /// After ``maximumFailedPINAttempts`` wrong PINs in a row the operator is locked out for
    /// ``lockoutSeconds``; while locked out the PIN is not even checked.
    /// - Throws: ``CoreError/Code/wrongPIN``, ``CoreError/Code/operatorLockedOut``, ``CoreError/Code/operatorNotFound``.
    public func signIn(operatorID: String, pin: String) async throws(CoreError) -> OperatorSession {
        try await checkPIN(operatorID: operatorID, pin: pin)
        let token = Self.randomToken()
        let at = Timestamp.format(now())
        return try await transaction("sign an operator in") { db in
            let role = try String.fetchOne(db, sql: "SELECT role FROM operator WHERE id = ?", arguments: [operatorID]) ?? ""
            try db.execute(
                sql: "INSERT INTO operator_session (token, operator_id, started_at) VALUES (?, ?, ?)", arguments: [token, operatorID, at]
            )
            return OperatorSession(token: token, operatorID: operatorID, role: role)
        }
    }

    /// The open session with this token: a client that signed in hands the token back with each action.
    /// - Throws: ``CoreError/Code/notSignedIn`` for an unknown or ended session.
    public func operatorSession(token: String) async throws(CoreError) -> OperatorSession {
        let found: OperatorSession? = try await read("read an operator session") { db in
            guard let row = try Row.fetchOne(
                db, sql: """
                    SELECT s.operator_id, o.role FROM operator_session s JOIN operator o ON o.id = s.operator_id
                    WHERE s.token = ? AND s.ended_at IS NULL
                    """, arguments: [token]
            ) else { return nil }
            return OperatorSession(token: token, operatorID: row["operator_id"], role: row["role"])
        }
        guard let found else { throw CoreError(.notSignedIn, "this operator session is unknown or ended; sign in with your PIN") }
        return found
    }

    /// Ends a session; later use of it is refused.
    public func signOut(_ session: OperatorSession) async throws(CoreError) {
        let at = Timestamp.format(now())
        _ = try await transaction("sign an operator out") { db in
            try db.execute(sql: "UPDATE operator_session SET ended_at = ? WHERE token = ? AND ended_at IS NULL", arguments: [at, session.token])
            return true
        }
    }

    /// A supervisor approves one `action` on `subject` for `amount`, requested by `requester`:
    /// the supervisor types their PIN at the till, and their role must allow the action itself.
    ///
    /// The token is valid once, for that action, subject and amount only, until `validForSeconds` pass.
    /// Using it writes requester and approver into the journal entry of the action.
    public func approve(
        _ action: OperatorAction, subject: String = "", amount: Int64? = nil, requester: OperatorSession,
        supervisorID: String, supervisorPIN: String, validForSeconds: Int64 = 120
    ) async throws(CoreError) -> ApprovalToken {
        guard supervisorID != requester.operatorID else {
            throw CoreError(.notPermitted, "an operator cannot approve their own request; call another supervisor")
        }
        try await checkPIN(operatorID: supervisorID, pin: supervisorPIN)
        let token = Self.randomToken()
        let nowMS = Self.milliseconds(now())
        let expiresMS = nowMS + max(1, validForSeconds) * 1000
        return try await transaction("record an approval") { db in
            _ = try Self.openSession(db, requester)
            let role = try Self.role(db, operatorID: supervisorID)
            guard role.allows(action) else {
                throw CoreError(.notPermitted, "\(supervisorID) (\(role.name)) may not approve \(action.rawValue); ask a manager")
            }
            try db.execute(
                sql: """
                    INSERT INTO approval (token, action, subject, amount_minor, requester, approver, expires_at_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [token, action.rawValue, subject, amount, requester.operatorID, supervisorID, expiresMS]
            )
            return ApprovalToken(
                token: token, action: action, subject: subject, amount: amount, requester: requester.operatorID, approver: supervisorID,
                expiresAt: Timestamp.format(Date(timeIntervalSince1970: TimeInterval(expiresMS) / 1000))
            )
        }
    }

    /// Whether `session`'s own role allows `action` (no approval needed).
    public func isAllowed(_ action: OperatorAction, for session: OperatorSession) async throws(CoreError) -> Bool {
        try await read("read a role") { db in
            try Self.role(db, operatorID: try Self.openSession(db, session)).allows(action)
        }
    }

    /// Authorizes an action that has no record of its own (a discount above the limit, a price override,
    /// a no-sale drawer opening, a reprint, a line void) and journals it as `action.authorized`, with
    /// requester and approver.
    /// - Throws: ``CoreError/Code/notPermitted`` when the role does not allow it and no valid approval is given;
    ///   ``CoreError/Code/approvalInvalid`` for an approval that is used, expired or for something else.
    public func authorize(
        _ action: OperatorAction, subject: String = "", amount: Int64? = nil, session: OperatorSession, approval: ApprovalToken? = nil
    ) async throws(CoreError) -> Authorization {
        let createdAt = Timestamp.format(now())
        let nowMS = Self.milliseconds(now())
        let terminalID = terminalID
        return try await transaction("authorize \(action.rawValue)") { db in
            let authorization = try Self.authorize(db, action, subject: subject, amount: amount, session: session, approval: approval, nowMS: nowMS)
            let record = AuthorizedAction(authorization: authorization, subject: subject, amount: amount)
            let entry = try JournalWriter.append(
                db, terminalID: terminalID, kind: JournalEntry.Kind.actionAuthorized, createdAt: createdAt, payload: try CanonicalJSON.encode(record)
            )
            try Self.markApprovalUsed(db, approval, authorization, at: createdAt, journalSequence: entry.sequence)
            return authorization
        }
    }

    // MARK: - Inside transactions

    /// Checks the session and either the role or the approval. Does not mark the approval used:
    /// call ``markApprovalUsed(_:_:_:at:journalSequence:)`` once the action's journal entry is written.
    static func authorize(
        _ db: Database, _ action: OperatorAction, subject: String, amount: Int64?, session: OperatorSession, approval: ApprovalToken?,
        nowMS: Int64
    ) throws -> Authorization {
        let operatorID = try openSession(db, session)
        let role = try role(db, operatorID: operatorID)
        if role.allows(action) {
            return Authorization(action: action, operatorID: operatorID, role: role.name, approvedBy: nil)
        }
        guard let approval else {
            throw CoreError(.notPermitted, "\(operatorID) (\(role.name)) may not \(action.rawValue) alone; a supervisor must approve it")
        }
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM approval WHERE token = ?", arguments: [approval.token]) else {
            throw CoreError(.approvalInvalid, "this approval is unknown; ask the supervisor again")
        }
        guard (row["used_at"] as String?) == nil else {
            throw CoreError(.approvalInvalid, "this approval was already used; each approval is good for one action")
        }
        guard (row["expires_at_ms"] as Int64) > nowMS else {
            throw CoreError(.approvalInvalid, "this approval has expired; ask the supervisor again")
        }
        guard (row["action"] as String) == action.rawValue, (row["subject"] as String) == subject,
            (row["amount_minor"] as Int64?) == amount, (row["requester"] as String) == operatorID
        else {
            throw CoreError(.approvalInvalid, "this approval was given for another action, item, amount or operator; ask the supervisor again")
        }
        return Authorization(action: action, operatorID: operatorID, role: role.name, approvedBy: row["approver"])
    }

    /// Marks an approval used by the journal entry `journalSequence` (no-op without an approval or when the role allowed it).
    static func markApprovalUsed(_ db: Database, _ approval: ApprovalToken?, _ authorization: Authorization, at: String, journalSequence: Int64) throws {
        guard let approval, authorization.approvedBy != nil else { return }
        try db.execute(
            sql: "UPDATE approval SET used_at = ?, used_journal_seq = ? WHERE token = ? AND used_at IS NULL",
            arguments: [at, journalSequence, approval.token]
        )
        guard db.changesCount == 1 else {
            throw CoreError(.approvalInvalid, "this approval was already used; each approval is good for one action")
        }
    }

    /// The operator of an open session.
    static func openSession(_ db: Database, _ session: OperatorSession) throws -> String {
        guard let row = try Row.fetchOne(db, sql: "SELECT operator_id, ended_at FROM operator_session WHERE token = ?", arguments: [session.token]),
            (row["ended_at"] as String?) == nil, (row["operator_id"] as String) == session.operatorID
        else {
            throw CoreError(.notSignedIn, "\(session.operatorID) is not signed in at this till; sign in with your PIN")
        }
        return session.operatorID
    }

    static func role(_ db: Database, operatorID: String) throws -> Role {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT role.name, role.actions_json FROM operator JOIN role ON role.name = operator.role WHERE operator.id = ?",
            arguments: [operatorID]
        ) else {
            throw CoreError(.operatorNotFound, "there is no operator '\(operatorID)'")
        }
        return try Role(name: row["name"], actions: Set(try CanonicalJSON.decode([OperatorAction].self, from: row["actions_json"])))
    }

    // MARK: - PIN checking

    private enum PINOutcome: Sendable { case ok, wrong(lockedNow: Bool) }

    /// Checks `pin`, counting failures and locking out; throws unless it matches.
    private func checkPIN(operatorID: String, pin: String) async throws(CoreError) {
        let nowMS = Self.milliseconds(now())
        let stored: (salt: [UInt8], hash: [UInt8], rounds: Int) = try await read("read an operator") { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM operator WHERE id = ?", arguments: [operatorID]) else {
                throw CoreError(.operatorNotFound, "there is no operator '\(operatorID)'")
            }
            if let lockedUntil = row["locked_until_ms"] as Int64?, lockedUntil > nowMS {
                let minutes = (lockedUntil - nowMS + 59_999) / 60_000
                throw CoreError(.operatorLockedOut, "\(operatorID) is locked out after \(Self.maximumFailedPINAttempts) wrong PINs; try again in \(minutes) min or ask a manager")
            }
            return (Array(row["pin_salt"] as Data), Array(row["pin_hash"] as Data), row["pin_rounds"])
        }
        let matches: Bool
        do {
            try PINHasher.validate(pin)
            matches = PINHasher.matches(try await PINHasher.derive(pin: pin, salt: stored.salt, rounds: stored.rounds), stored.hash)
        } catch {
            matches = false
        }
        let limit = Int64(Self.maximumFailedPINAttempts)
        let lockout = Self.lockoutSeconds * 1000
        let outcome: PINOutcome = try await transaction("record a sign-in attempt") { db in
            if matches {
                try db.execute(sql: "UPDATE operator SET failed_attempts = 0, locked_until_ms = NULL WHERE id = ?", arguments: [operatorID])
                return .ok
            }
            let failures = (try Int64.fetchOne(db, sql: "SELECT failed_attempts FROM operator WHERE id = ?", arguments: [operatorID]) ?? 0) + 1
            if failures >= limit {
                try db.execute(
                    sql: "UPDATE operator SET failed_attempts = 0, locked_until_ms = ? WHERE id = ?", arguments: [nowMS + lockout, operatorID]
                )
                return .wrong(lockedNow: true)
            }
            try db.execute(sql: "UPDATE operator SET failed_attempts = ? WHERE id = ?", arguments: [failures, operatorID])
            return .wrong(lockedNow: false)
        }
        switch outcome {
        case .ok:
            return
        case .wrong(let lockedNow):
            if lockedNow {
                throw CoreError(.operatorLockedOut, "wrong PIN; \(operatorID) is now locked out for \(Self.lockoutSeconds / 60) min")
            }
            throw CoreError(.wrongPIN, "wrong PIN for \(operatorID); try again")
        }
    }

    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return JournalHasher.hex((0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }
}

/// The payload of an `action.authorized` journal entry.
public struct AuthorizedAction: Sendable, Hashable, Codable {
    public let authorization: Authorization
    public let subject: String
    public let amount: Int64?
}
