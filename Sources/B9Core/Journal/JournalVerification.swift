/// The result of checking a journal: how much was checked and the first entry that is wrong.
public struct JournalVerification: Sendable, Hashable, Codable {
    /// A problem found, with the entry it was found at.
    public struct Problem: Sendable, Hashable, Codable, CustomStringConvertible {
        /// The journal sequence number of the first bad entry (for a missing tail: the first missing one).
        public let sequence: Int64
        public let reason: String
        public var description: String { "entry \(sequence): \(reason)" }
    }

    public let entriesChecked: Int
    public let salesChecked: Int
    /// The last good entry's hash, hex (the value to anchor off the device).
    public let headHash: String
    /// `nil` when the journal verifies.
    public let firstProblem: Problem?

    public var isValid: Bool { firstProblem == nil }
}
