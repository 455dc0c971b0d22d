import Crypto

/// The canonical encoding and hash of a journal entry (format `B9J1`, documented in `docs/journal.md`).
///
/// ```
/// hash = SHA-256( "B9J1"
///                 ‖ previous_hash (32 bytes)
///                 ‖ sequence (8 bytes, big-endian)
///                 ‖ field(terminal_id) ‖ field(kind) ‖ field(created_at) ‖ field(payload) )
/// field(x) = length of UTF-8 x (4 bytes, big-endian) ‖ UTF-8 x
/// ```
/// Length prefixes make the encoding unambiguous: no two different entries encode the same bytes.
public enum JournalHasher {
    /// The previous hash of the first entry.
    public static let genesisHash = [UInt8](repeating: 0, count: 32)
    static let magic = Array("B9J1".utf8)

    /// The bytes that are hashed for an entry.
    public static func canonicalEncoding(
        sequence: Int64, terminalID: String, kind: String, createdAt: String, payload: String, previousHash: [UInt8]
    ) -> [UInt8] {
        var bytes = magic
        bytes.reserveCapacity(64 + payload.utf8.count)
        bytes += previousHash
        withUnsafeBytes(of: UInt64(bitPattern: sequence).bigEndian) { bytes += $0 }
        for field in [terminalID, kind, createdAt, payload] {
            let utf8 = Array(field.utf8)
            withUnsafeBytes(of: UInt32(truncatingIfNeeded: utf8.count).bigEndian) { bytes += $0 }
            bytes += utf8
        }
        return bytes
    }

    /// SHA-256 of ``canonicalEncoding(sequence:terminalID:kind:createdAt:payload:previousHash:)``.
    public static func hash(
        sequence: Int64, terminalID: String, kind: String, createdAt: String, payload: String, previousHash: [UInt8]
    ) -> [UInt8] {
        Array(SHA256.hash(data: canonicalEncoding(
            sequence: sequence, terminalID: terminalID, kind: kind, createdAt: createdAt, payload: payload, previousHash: previousHash
        )))
    }

    /// Lower-case hex, as `journal show` prints hashes.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
