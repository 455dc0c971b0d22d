import _CryptoExtras
import Crypto
import Dispatch

/// Derives the stored form of an operator's PIN: PBKDF2-HMAC-SHA256 with a per-operator random salt.
///
/// A PIN is short, so the stored hash must be slow to test guesses against: 210 000 rounds
/// (OWASP Password Storage Cheat Sheet's figure for PBKDF2-HMAC-SHA256, and the minimum swift-crypto's
/// `KDF.Insecure.PBKDF2` accepts), a 16-byte salt and a 32-byte output. The PIN itself is never stored.
public enum PINHasher {
    public static let rounds = 210_000
    public static let saltByteCount = 16
    public static let outputByteCount = 32

    /// Checks the PIN's form: 4 to 12 digits.
    public static func validate(_ pin: String) throws(CoreError) {
        guard (4...12).contains(pin.utf8.count), pin.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            throw CoreError(.invalidPIN, "a PIN is 4 to 12 digits")
        }
    }

    /// A fresh random salt.
    public static func makeSalt() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<saltByteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// PBKDF2-HMAC-SHA256(pin, salt, rounds) as bytes.
    public static func hash(pin: String, salt: [UInt8], rounds: Int = PINHasher.rounds) throws(CoreError) -> [UInt8] {
        do {
            let key = try KDF.Insecure.PBKDF2.deriveKey(
                from: Array(pin.utf8), salt: salt, using: .sha256, outputByteCount: outputByteCount, rounds: rounds
            )
            return key.withUnsafeBytes { Array($0) }
        } catch {
            throw CoreError(.invalidConfiguration, "could not derive the PIN hash (rounds \(rounds))", underlying: error)
        }
    }

    /// ``hash(pin:salt:rounds:)`` on a queue of its own. The rounds take about a tenth of a second
    /// of CPU by design; on the cooperative pool (one thread per core) they would hold back device
    /// events and sales for as long, so sign-ins and new operators wait here instead.
    public static func derive(pin: String, salt: [UInt8], rounds: Int = PINHasher.rounds) async throws(CoreError) -> [UInt8] {
        let result: Result<[UInt8], CoreError> = await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(returning: Result { () throws(CoreError) in try hash(pin: pin, salt: salt, rounds: rounds) })
            }
        }
        return try result.get()
    }

    /// Where ``derive(pin:salt:rounds:)`` runs: a serial queue, which has a thread outside the pool.
    private static let queue = DispatchQueue(label: "b9.pin-hasher")

    /// Compares two hashes in time that does not depend on where they differ.
    public static func matches(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
