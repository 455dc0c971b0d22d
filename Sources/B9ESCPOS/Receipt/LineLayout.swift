/// Fitting text into print columns: word wrap, padding and column rows, by display width.
public enum LineLayout {
    /// Splits `text` into lines of at most `width` columns, breaking at spaces where possible and inside
    /// words that are longer than a line. Newlines in `text` start new lines.
    public static func wrap(_ text: String, width: Int) -> [String] {
        let width = max(1, width)
        // Fast path: a short line without newlines stays as it is.
        if !text.utf8.contains(0x0A), DisplayWidth.of(text) <= width { return [text] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                var word = Substring(word)
                var wordWidth = DisplayWidth.of(word)
                if lineWidth > 0 && lineWidth + 1 + wordWidth <= width {
                    line += " " + word
                    lineWidth += 1 + wordWidth
                    continue
                }
                if lineWidth > 0 {
                    lines.append(line)
                    line = ""
                    lineWidth = 0
                }
                while wordWidth > width {
                    let (head, headWidth) = prefix(word, width: width)
                    guard !head.isEmpty else { break }
                    lines.append(String(head))
                    word = word.dropFirst(head.count)
                    wordWidth -= headWidth
                }
                line = String(word)
                lineWidth = wordWidth
            }
            lines.append(line)
        }
        return lines
    }

    /// The longest prefix of `text` at most `width` columns wide (at least one character).
    static func prefix(_ text: Substring, width: Int) -> (Substring, Int) {
        var used = 0
        var end = text.startIndex
        for character in text {
            let w = DisplayWidth.of(character)
            if used + w > width && end != text.startIndex { break }
            used += w
            end = text.index(after: end)
            if used >= width { break }
        }
        return (text[text.startIndex..<end], used)
    }

    /// `text` padded with spaces to `width` columns according to `alignment` (text is not cut).
    public static func pad(_ text: String, width: Int, alignment: Justification) -> String {
        let gap = max(0, width - DisplayWidth.of(text))
        switch alignment {
        case .left: return text + String(repeating: " ", count: gap)
        case .right: return String(repeating: " ", count: gap) + text
        case .center:
            let left = gap / 2
            return String(repeating: " ", count: left) + text + String(repeating: " ", count: gap - left)
        }
    }

    /// Lays out one row of columns, one space between them, into as many lines as the tallest column needs.
    /// Trailing spaces are trimmed.
    public static func columns(_ columns: [ReceiptColumn], width: Int) -> [String] {
        guard !columns.isEmpty else { return [] }
        let widths = columnWidths(columns, width: width)
        let cells = columns.enumerated().map { index, column in wrap(column.text, width: widths[index]) }
        let height = cells.map(\.count).max() ?? 0
        var lines: [String] = []
        for row in 0..<height {
            var line = ""
            for (index, column) in columns.enumerated() {
                if index > 0 { line += " " }
                let text = row < cells[index].count ? cells[index][row] : ""
                line += pad(text, width: widths[index], alignment: column.alignment)
            }
            lines.append(trimTrailingSpaces(line))
        }
        return lines
    }

    /// Width in print columns of each column of a row `width` columns wide, one space between columns:
    /// fixed columns as given, fit columns as wide as their text, flexible ones share what is left (at least
    /// one column each); when the fixed ones are too wide they shrink from the left.
    public static func columnWidths(_ columns: [ReceiptColumn], width: Int) -> [Int] {
        guard !columns.isEmpty else { return [] }
        let gaps = columns.count - 1
        var widths = [Int](repeating: 0, count: columns.count)
        var flexible: [Int] = []
        var used = gaps
        for (index, column) in columns.enumerated() {
            switch column.width {
            case .fixed(let w): widths[index] = max(1, w)
            case .fit: widths[index] = max(1, column.text.split(separator: "\n").map { DisplayWidth.of($0) }.max() ?? 1)
            case .flexible: flexible.append(index)
            }
            used += widths[index]
        }
        var remaining = width - used
        if !flexible.isEmpty {
            let share = max(1, remaining / flexible.count)
            for (n, index) in flexible.enumerated() {
                widths[index] = n == flexible.count - 1 ? max(1, remaining - share * (flexible.count - 1)) : share
            }
            remaining = width - (gaps + widths.reduce(0, +))
        }
        var index = 0
        while remaining < 0 && index < widths.count {
            let cut = min(widths[index] - 1, -remaining)
            widths[index] -= cut
            remaining += cut
            index += 1
        }
        return widths
    }

    static func trimTrailingSpaces(_ line: String) -> String {
        var line = line
        while line.last == " " { line.removeLast() }
        return line
    }
}

extension LineLayout {
    /// `columns(_:width:)` for the common case, straight to bytes: every text printable ASCII, no newline,
    /// and every column fitting on one line. Returns `nil` when that does not hold (use `columns`).
    static func singleLineASCII(_ columns: [ReceiptColumn], width: Int) -> [UInt8]? {
        guard !columns.isEmpty else { return nil }
        var widths = [Int](repeating: 0, count: columns.count)
        var textWidths = [Int](repeating: 0, count: columns.count)
        var flexibleCount = 0
        var used = columns.count - 1
        for (index, column) in columns.enumerated() {
            var count = 0
            for byte in column.text.utf8 {
                guard byte >= 0x20 && byte < 0x7F else { return nil }
                count += 1
            }
            textWidths[index] = count
            switch column.width {
            case .fixed(let fixed): widths[index] = max(1, fixed)
            case .fit: widths[index] = max(1, count)
            case .flexible: flexibleCount += 1
            }
            used += widths[index]
        }
        let remaining = width - used
        guard remaining >= flexibleCount else { return nil }
        if flexibleCount > 0 {
            let share = remaining / flexibleCount
            var seen = 0
            for (index, column) in columns.enumerated() where column.width == .flexible {
                seen += 1
                widths[index] = seen == flexibleCount ? max(1, remaining - share * (flexibleCount - 1)) : share
            }
        }
        var line = [UInt8](repeating: 0x20, count: widths.reduce(columns.count - 1, +))
        var position = 0
        for (index, column) in columns.enumerated() {
            let gap = widths[index] - textWidths[index]
            guard gap >= 0 else { return nil }
            if index > 0 { position += 1 }
            let leftGap =
                switch column.alignment {
                case .left: 0
                case .right: gap
                case .center: gap / 2
                }
            var at = position + leftGap
            for byte in column.text.utf8 {
                line[at] = byte
                at += 1
            }
            position += widths[index]
        }
        while line.last == 0x20 { line.removeLast() }
        return line
    }
}
