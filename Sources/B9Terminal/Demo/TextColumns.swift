/// Monospaced text laid out at a fixed width: centred lines, label–amount pairs and rules, as
/// receipts and bills print them.
struct TextColumns {
    var width = 42

    func center(_ text: String) -> String {
        let padding = max(0, (width - text.count) / 2)
        return String(repeating: " ", count: padding) + text
    }

    /// `left` and `right` on one line, `right` flush with the edge.
    func pair(_ left: String, _ right: String) -> String {
        let space = max(1, width - left.count - right.count)
        return left + String(repeating: " ", count: space) + right
    }

    var rule: String { String(repeating: "-", count: width) }
}
