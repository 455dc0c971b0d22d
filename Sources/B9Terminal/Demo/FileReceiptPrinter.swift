import B9Core
import Foundation

/// A receipt printer that appends each receipt (and bill) as text to a file and flushes it to disk before
/// reporting `printed`. The demo's stand-in for paper, and the crash tests' record of what "printed".
struct FileReceiptPrinter: ReceiptPrinting {
    let path: String
    var formatter = ReceiptTextFormatter()
    /// Test hook: write half of the receipt, flush it, then SIGKILL this process (a crash mid-print).
    var dieMidway = false

    func print(_ receipt: Receipt) async -> PrintOutcome {
        // A receipt starts on a fresh line even after one cut short by a crash (as ESC @ resets a printer).
        append("\n=== receipt \(receipt.sale.terminalID) \(receipt.sale.receiptNumber) \(receipt.sale.id)\n" + formatter.format(receipt))
    }

    func printBill(_ bill: GuestBill, shop: Receipt.Shop) async -> PrintOutcome {
        append("\n=== bill \(bill.terminalID) \(bill.tabID) copy \(bill.copy)\n" + GuestBillTextFormatter(columns: formatter.columns).format(bill, shop: shop))
    }

    private func append(_ text: String) -> PrintOutcome {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return .failed(reason: "cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        var offset = 0
        if dieMidway {
            let half = bytes.count / 2
            _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress!, half) }
            fsync(fd)
            CrashPoint.die()
        }
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                // Part of the receipt may be on paper: the outcome cannot be known.
                return offset == 0
                    ? .failed(reason: "write to \(path) failed: \(String(cString: strerror(errno)))")
                    : .unknown(reason: "write to \(path) stopped part-way: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
        guard fsync(fd) == 0 else { return .unknown(reason: "fsync of \(path) failed: \(String(cString: strerror(errno)))") }
        return .printed
    }
}
