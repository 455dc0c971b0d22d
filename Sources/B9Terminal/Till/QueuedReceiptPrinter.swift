import B9Core
import B9Devices
import B9ESCPOS
import Logging

/// The till's receipt printer: each receipt is a job of the durable ``PrintJobQueue`` (stored
/// before it is sent, printed at most once, confirmed by the printer's status after it drained).
///
/// Checkout waits for the printer's answer. When the printer reports why it cannot print (paper end,
/// cover open, a printer error), or does not confirm within ``answerWait`` (offline, unplugged, no
/// status answer), checkout gets `failed` with the reason and goes on; the job stays queued, prints when the printer is ready, and its final outcome is then
/// recorded for the sale, which confirms the receipt.
actor QueuedReceiptPrinter: ReceiptPrinting {
    let queue: PrintJobQueue
    let store: BillingStore
    let answerWait: Duration
    private let encoder: StationTicketEncoder
    private let columns: Int
    private let logger: Logger
    /// Final outcomes that arrived while checkout still waited.
    private var results: [String: JobOutcome] = [:]
    /// Jobs the queue holds, with the status code and the reason.
    private var held: [String: (code: String, reason: String)] = [:]
    /// Why the printer holds jobs at the moment (a job queued behind a held one is held for the same reason).
    private var blocked: (code: String, reason: String)?
    /// Jobs checkout stopped waiting for, with their sale (nil for a bill): the outcome is recorded when it comes.
    private var late: [String: String?] = [:]

    init(queue: PrintJobQueue, store: BillingStore, profile: PrinterProfile, answerWait: Duration = .seconds(15), logger: Logger) {
        self.queue = queue
        self.store = store
        self.answerWait = answerWait
        self.columns = profile.columnsFontA
        self.logger = logger
        encoder = StationTicketEncoder(profile: profile, purpose: "receipts", logger: logger)
    }

    func print(_ receipt: Receipt) async -> PrintOutcome {
        let bytes: [UInt8]
        do {
            bytes = try encoder.encode(ReceiptLayout.document(receipt, columns: columns))
        } catch {
            return .failed(reason: "the receipt could not be laid out for the printer: \(error)")
        }
        // One job per sale, so a sale's receipt is printed once; each duplicate is a job of its own.
        let jobID = receipt.isDuplicate ? "copy-\(receipt.sale.id)-\(UInt32.random(in: 0...UInt32.max))" : "sale-\(receipt.sale.id)"
        return await submit(jobID, bytes: bytes, saleID: receipt.sale.id)
    }

    /// A table's bill: a job of its own per copy (`bill-TAB-COPY`), so each print is printed once. It is
    /// not a receipt: a late outcome is logged, not recorded for a sale.
    func printBill(_ bill: GuestBill, shop: Receipt.Shop) async -> PrintOutcome {
        let bytes: [UInt8]
        do {
            bytes = try encoder.encode(ReceiptLayout.document(bill, shop: shop, columns: columns))
        } catch {
            return .failed(reason: "the bill could not be laid out for the printer: \(error)")
        }
        return await submit("bill-\(bill.tabID)-\(bill.copy)", bytes: bytes, saleID: nil)
    }

    /// Queues a job and waits for its outcome as long as the printer may still print it soon.
    /// - Parameter saleID: the sale whose receipt it is, whose late outcome is recorded; nil for a bill.
    private func submit(_ jobID: String, bytes: [UInt8], saleID: String?) async -> PrintOutcome {
        let queue = queue
        Task {
            let outcome: JobOutcome
            do {
                outcome = try await queue.submit(jobID: jobID, bytes: bytes)
            } catch {
                outcome = .failed("\(error)")
            }
            await self.finished(jobID, saleID: saleID, outcome: outcome)
        }
        let deadline = ContinuousClock.now + answerWait
        while true {
            if let outcome = results.removeValue(forKey: jobID) { return Self.outcome(outcome) }
            // A printer that says what is wrong will not print soon; one that does not answer may
            // only be slow (a busy machine), so it gets until the deadline.
            let hold = held[jobID] ?? blocked
            if let hold, hold.code != ReceiptPrinterDriver.offline.description {
                late.updateValue(saleID, forKey: jobID)
                return .failed(reason: "held: \(hold.code): \(hold.reason); it prints once the printer is ready")
            }
            if ContinuousClock.now >= deadline {
                late.updateValue(saleID, forKey: jobID)
                if let hold { return .failed(reason: "held: \(hold.code): \(hold.reason); it prints once the printer is ready") }
                return .failed(reason: "the printer did not confirm within \(answerWait); the job stays queued")
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Notes a job the queue holds (from its events): `code` is the printer status code (`paper-end`, …).
    func noteHeld(_ jobID: String, code: String, reason: String) {
        held[jobID] = (code, reason)
        blocked = (code, reason)
    }

    /// Notes that the printer prints again (a job printed, or it reported ready).
    func noteReady() {
        blocked = nil
    }

    /// Records outcomes of receipts left in the spool by an earlier run once they are final.
    func followSpooledJobs() async {
        for jobID in await queue.pendingJobs() where jobID.hasPrefix("sale-") {
            let saleID = String(jobID.dropFirst("sale-".count))
            late[jobID] = saleID
            let queue = queue
            Task {
                guard let outcome = try? await queue.awaitOutcome(of: jobID) else { return }
                await self.finished(jobID, saleID: saleID, outcome: outcome)
            }
        }
    }

    private func finished(_ jobID: String, saleID: String?, outcome: JobOutcome) async {
        held[jobID] = nil
        guard late.removeValue(forKey: jobID) != nil else {
            results[jobID] = outcome
            return
        }
        guard let saleID else {
            logger.info("held bill finished", metadata: ["print.job": "\(jobID)", "print": "\(outcome)"])
            return
        }
        do {
            try await store.recordPrintOutcome(saleID: saleID, outcome: Self.outcome(outcome))
            logger.info("held receipt finished", metadata: ["sale.id": "\(saleID)", "print": "\(outcome)"])
        } catch {
            logger.error("could not record a receipt's print outcome", metadata: ["sale.id": "\(saleID)", "error": "\(error)"])
        }
    }

    static func outcome(_ outcome: JobOutcome) -> PrintOutcome {
        switch outcome {
        case .printed: .printed
        case .failed(let reason): .failed(reason: reason)
        case .unknown(let reason): .unknown(reason: reason)
        }
    }
}
