/// What a customer display shows, laid out on 2×20 characters. Amounts arrive already formatted
/// (the billing side owns money and its formatting; no floating point here).
public enum DisplayLayout: Hashable, Sendable {
    /// Item name on the upper line, its price right-aligned on the lower line.
    case itemAndPrice(item: String, price: String)
    /// `TOTAL` and the amount due.
    case total(String)
    /// `CHANGE` and the change to give.
    case change(String)
    /// A welcome or closed message, centred over both lines.
    case idle(String)
    /// Two lines as given.
    case lines(String, String)

    /// The two 20-column lines.
    public var lines: (String, String) {
        switch self {
        case .itemAndPrice(let item, let price):
            return (Self.left(item), Self.right(price))
        case .total(let amount):
            return (Self.left("TOTAL"), Self.right(amount))
        case .change(let amount):
            return (Self.left("CHANGE"), Self.right(amount))
        case .idle(let message):
            let words = message.split(separator: " ")
            var upper = ""
            var index = 0
            while index < words.count, upper.count + words[index].count + (upper.isEmpty ? 0 : 1) <= 20 {
                upper += (upper.isEmpty ? "" : " ") + words[index]
                index += 1
            }
            let lower = words[index...].joined(separator: " ")
            return (Self.center(upper.isEmpty ? message : upper), Self.center(upper.isEmpty ? "" : lower))
        case .lines(let upper, let lower):
            return (Self.left(upper), Self.left(lower))
        }
    }

    static func left(_ text: String) -> String {
        let cut = String(text.prefix(20))
        return cut + String(repeating: " ", count: 20 - cut.count)
    }

    static func right(_ text: String) -> String {
        let cut = String(text.suffix(20))
        return String(repeating: " ", count: 20 - cut.count) + cut
    }

    static func center(_ text: String) -> String {
        let cut = String(text.prefix(20))
        let pad = (20 - cut.count) / 2
        return left(String(repeating: " ", count: pad) + cut)
    }
}
