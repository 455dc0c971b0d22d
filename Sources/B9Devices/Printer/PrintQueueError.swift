/// Why the print job queue refused or could not do something: a bad job id, a spool folder that
/// cannot be written, an operation on a job in the wrong state. The message says what to do.
public struct PrintQueueError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The kind of failure; compare codes, not messages.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The job id is not 1…64 characters of `A–Z a–z 0–9 - _ .`.
        public static let invalidJobID = Code("invalid-job-id")
        /// A job with this id exists with other bytes.
        public static let conflictingJob = Code("conflicting-job")
        /// No job with this id is known.
        public static let unknownJob = Code("unknown-job")
        /// The job is not in a state that allows the operation (e.g. reprint of a printed job).
        public static let illegalState = Code("illegal-state")
        /// Reading or writing the spool folder failed.
        public static let spoolFailed = Code("spool-failed")
        /// The caller stopped waiting (task cancelled, queue stopped); the job stays in the queue.
        public static let stoppedWaiting = Code("stopped-waiting")
        /// The job has no bytes.
        public static let emptyJob = Code("empty-job")
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    public static func == (lhs: PrintQueueError, rhs: PrintQueueError) -> Bool { lhs.code == rhs.code }
}
