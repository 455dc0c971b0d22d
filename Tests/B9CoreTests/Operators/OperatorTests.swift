import B9Core
import Foundation
import GRDB
import Testing

@Suite("Operators and PINs")
struct OperatorTests {
    @Test func thePINIsStoredOnlyAsASaltedSlowHash() async throws {
        let clock = TestClock()
        let (store, folder) = try makeStore(clock: clock)
        defer { try? FileManager.default.removeItem(at: folder) }
        try await store.addOperator(id: "a", name: "A", role: .cashier, pin: "482913")
        try await store.addOperator(id: "b", name: "B", role: .cashier, pin: "482913")
        let raw = try DatabaseQueue(path: folder.appendingPathComponent("store.sqlite").path)
        let rows = try await raw.read { db in try Row.fetchAll(db, sql: "SELECT pin_salt, pin_hash, pin_rounds FROM operator ORDER BY id") }
        #expect(rows.count == 2)
        for row in rows {
            #expect((row["pin_rounds"] as Int) >= 100_000)
            #expect((row["pin_salt"] as Data).count == 16)
            #expect((row["pin_hash"] as Data).count == 32)
            // The PIN's digits appear nowhere in the row.
            #expect((row["pin_hash"] as Data).range(of: Data("482913".utf8)) == nil)
        }
        // Same PIN, different salts: different hashes.
        #expect((rows[0]["pin_salt"] as Data) != (rows[1]["pin_salt"] as Data))
        #expect((rows[0]["pin_hash"] as Data) != (rows[1]["pin_hash"] as Data))
        // And the stored hash is PBKDF2-HMAC-SHA256 of the PIN with that salt.
        let expected = try PINHasher.hash(pin: "482913", salt: Array(rows[0]["pin_salt"] as Data), rounds: rows[0]["pin_rounds"])
        #expect(expected == Array(rows[0]["pin_hash"] as Data))
    }

    @Test func fewerRoundsThanTheMinimumAreRefused() {
        #expect(throws: CoreError.self) { try PINHasher.hash(pin: "1234", salt: [1, 2, 3], rounds: 1) }
    }

    @Test(arguments: ["", "123", "12a4", "1234567890123", "12 34"])
    func malformedPINsAreRefused(_ pin: String) {
        #expect(throws: CoreError.self) { try PINHasher.validate(pin) }
    }

    @Test func fiveWrongPINsLockOutForFiveMinutes() async throws {
        let clock = TestClock()
        let (store, folder) = try makeStore(clock: clock)
        defer { try? FileManager.default.removeItem(at: folder) }
        try await store.addOperator(id: "cas", name: "Rina", role: .cashier, pin: "1111")
        for attempt in 1...4 {
            let error = await #expect(throws: CoreError.self) { try await store.signIn(operatorID: "cas", pin: "9999") }
            #expect(error?.code == .wrongPIN, "attempt \(attempt)")
        }
        let fifth = await #expect(throws: CoreError.self) { try await store.signIn(operatorID: "cas", pin: "9999") }
        #expect(fifth?.code == .operatorLockedOut)
        // Even the right PIN is refused while locked out.
        clock.advance(seconds: 299)
        let locked = await #expect(throws: CoreError.self) { try await store.signIn(operatorID: "cas", pin: "1111") }
        #expect(locked?.code == .operatorLockedOut)
        clock.advance(seconds: 1)
        let session = try await store.signIn(operatorID: "cas", pin: "1111")
        #expect(session.operatorID == "cas" && session.role == "cashier")
        #expect(try await store.operatorInfo(id: "cas").failedAttempts == 0)
    }

    @Test func aRightPINResetsTheFailureCount() async throws {
        let clock = TestClock()
        let (store, folder) = try makeStore(clock: clock)
        defer { try? FileManager.default.removeItem(at: folder) }
        try await store.addOperator(id: "cas", name: "Rina", role: .cashier, pin: "1111")
        for _ in 1...4 { _ = try? await store.signIn(operatorID: "cas", pin: "0000") }
        #expect(try await store.operatorInfo(id: "cas").failedAttempts == 4)
        _ = try await store.signIn(operatorID: "cas", pin: "1111")
        for _ in 1...4 { _ = try? await store.signIn(operatorID: "cas", pin: "0000") }
        // Four more failures after a success do not lock: the count started again.
        #expect(try await store.operatorInfo(id: "cas").lockedUntil == nil)
    }

    @Test func aSignedOutSessionIsRefused() async throws {
        let till = try await Till.make()
        defer { till.remove() }
        try await till.store.signOut(till.manager)
        let error = await #expect(throws: CoreError.self) { try await till.store.authorize(.reprint, session: till.manager) }
        #expect(error?.code == .notSignedIn)
    }
}
