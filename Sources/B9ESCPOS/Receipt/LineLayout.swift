/// Fitting text into print columns: word wrap, padding and column rows, by display width.
public enum LineLayout {
    /// Splits `text` into lines of at most `width` columns, breaking at spaces where possible and inside
    /// words that are longer than a line. Newlines in `text` start new lines.
    public static func wrap(_ text: String, width: Int) -> [String] {
        let width = max(1, width)
        // Fast path: a short line without newlines stays as it is.
        if isOneLine(text, width: width) { return [text] }
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

    /// Whether `wrap` leaves `text` as it is: no newline, and at most `width` columns.
    static func isOneLine(_ text: String, width: Int) -> Bool {
        text.allUTF8 { $0 != 0x0A } && DisplayWidth.of(text) <= max(1, width)
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
        if line.scalarsAreCharacters {
            // Each space byte is a character of its own here.
            guard let last = line.utf8.lastIndex(where: { $0 != 0x20 }) else { return "" }
            return String(line[...last])
        }
        var line = line
        while line.last == " " { line.removeLast() }
        return line
    }
}

extension LineLayout {
    /// `columns(_:width:)` for the common case, straight to bytes: every text printable ASCII, no newline,
    /// and every column fitting on one line. Appends the line (trailing spaces trimmed) to `out` and returns
    /// `true`; returns `false` without touching `out` when that does not hold (use `columns`).
    static func singleLineASCII(_ columns: [ReceiptColumn], width: Int, into out: inout [UInt8]) -> Bool {
        var runs = RunCollectorDiscard()
        return columns.withUnsafeBufferPointer { singleLineASCII($0, width: width, into: &out, runs: &runs) }
    }

    /// `singleLineASCII(_:width:into:)` that also appends the line's runs of two or more spaces to `runs`, the
    /// runs `TabCompressor.appendRuns` finds in the line, from where the layout puts each text: the padding
    /// between texts is spaces, so only the texts' own bytes are looked at.
    static func singleLineASCII(
        _ columns: UnsafeBufferPointer<ReceiptColumn>, width: Int, into out: inout [UInt8],
        runs: inout some RunCollector
    ) -> Bool {
        let count = columns.count
        guard count > 0 else { return false }
        // Each column's text length and width, found once: `lengths[i]` and `widths[i]` (0 for a flexible
        // column until the flexible share is known).
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * count) { table in
            let lengths = UnsafeMutableBufferPointer(rebasing: table[0..<count])
            let widths = UnsafeMutableBufferPointer(rebasing: table[count...])
            // First pass: check the texts and add up what the fixed and fit columns take.
            var flexibleCount = 0
            var used = count - 1
            for (index, column) in zip(0..., columns) {
                let utf8 = column.text.utf8
                let printable =
                    utf8.withContiguousStorageIfAvailable { $0.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }
                    ?? utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
                guard printable else { return false }
                let length = utf8.count
                lengths[index] = length
                switch column.width {
                case .fixed(let fixed):
                    guard length <= max(1, fixed) else { return false }
                    widths[index] = max(1, fixed)
                case .fit: widths[index] = max(1, length)
                case .flexible:
                    flexibleCount += 1
                    widths[index] = 0
                }
                used += widths[index]
            }
            let remaining = width - used
            guard remaining >= flexibleCount else { return false }
            if flexibleCount > 0 {
                // Flexible columns share what is left; the last takes the remainder, and each must hold its text.
                let share = remaining / flexibleCount
                let lastShare = max(1, remaining - share * (flexibleCount - 1))
                var seen = 0
                for (index, column) in zip(0..., columns) where column.width.isFlexible {
                    seen += 1
                    widths[index] = seen == flexibleCount ? lastShare : share
                    guard lengths[index] <= widths[index] else { return false }
                }
            }
            // Second pass: spaces for the whole line, then each text at its place.
            let start = out.count
            let total = widths.reduce(count - 1, +)
            out.append(repeating: 0x20, count: total)
            let kept = out.withUnsafeMutableBufferPointer { whole in
                let line = UnsafeMutableBufferPointer(rebasing: whole[start...])
                var position = 0
                var finder = RunFinder()
                // The line's column just after the last text written; from there to the next text are spaces.
                var written = 0
                for (index, column) in zip(0..., columns) {
                    if index > 0 { position += 1 }
                    let length = lengths[index]
                    let gap = widths[index] - length
                    let at =
                        switch column.alignment {
                        case .left: position
                        case .right: position + gap
                        case .center: position + gap / 2
                        }
                    position += widths[index]
                    guard length > 0 else { continue }
                    if at > written { finder.space(at: written) }
                    written = at + length
                    let target = UnsafeMutableBufferPointer(rebasing: line[at..<at + length])
                    let utf8 = column.text.utf8
                    let copied: Void? = utf8.withContiguousStorageIfAvailable { source in
                        _ = target.initialize(from: source)
                        if runs.isCollecting { finder.add(source, from: at, to: &runs) }
                    }
                    if copied == nil {
                        _ = target.initialize(from: utf8)
                        if runs.isCollecting { finder.add(UnsafeBufferPointer(target), from: at, to: &runs) }
                    }
                }
                // Trailing spaces are not sent.
                var end = line.count
                while end > 0, line[end - 1] == 0x20 { end -= 1 }
                return end
            }
            out.removeLast(total - kept)
            return true
        }
    }
}

/// Where `LineLayout.singleLineASCII` puts the runs of spaces it finds: the encoder's run list, or nowhere.
protocol RunCollector {
    /// Whether runs are wanted at all (if not, the texts are not looked at).
    var isCollecting: Bool { get }
    mutating func append(_ run: TabCompressor.Run)
}

extension [TabCompressor.Run]: RunCollector {
    var isCollecting: Bool { true }
}

/// A `RunCollector` that wants no runs.
struct RunCollectorDiscard: RunCollector {
    var isCollecting: Bool { false }
    func append(_ run: TabCompressor.Run) {}
}

/// Finds runs of two or more spaces column by column, exactly as `TabCompressor.appendRuns` does over a
/// whole line, but told about spaces wholesale (`space(at:)`) where the layout put padding.
struct RunFinder {
    /// The column where the current run of spaces started, or -1.
    private var start = -1

    /// A space at `column` (the first of the padding starting there).
    mutating func space(at column: Int) {
        if start < 0 { start = column }
    }

    /// A printed character at `column`: ends the current run, which is kept when two or more spaces long.
    mutating func character(at column: Int, to runs: inout some RunCollector) {
        if start >= 0, column - start >= 2, column <= 255 { runs.append(TabCompressor.Run(start: start, end: column)) }
        start = -1
    }

    /// The bytes of a text printed from `column` on, in one pass that only stops at spaces.
    ///
    /// Leading spaces join the run before the text and trailing ones start the run after it; between its
    /// first and last printed character a run always ends on a character, so it is added at once.
    mutating func add(_ text: UnsafeBufferPointer<UInt8>, from column: Int, to runs: inout some RunCollector) {
        var lead = 0
        while lead < text.count, text[lead] == 0x20 { lead += 1 }
        if lead > 0 { space(at: column) }
        guard lead < text.count else { return }
        var last = text.count - 1
        while text[last] == 0x20 { last -= 1 }
        character(at: column + lead, to: &runs)
        var index = lead + 1
        while index < last {
            guard text[index] == 0x20 else {
                index += 1
                continue
            }
            let runStart = index
            // Stops at `last` at the latest: it is not a space.
            repeat { index += 1 } while text[index] == 0x20
            if index - runStart >= 2, column + index <= 255 {
                runs.append(TabCompressor.Run(start: column + runStart, end: column + index))
            }
        }
        if last > lead { character(at: column + last, to: &runs) }
        if last < text.count - 1 { space(at: column + last + 1) }
    }
}

extension ReceiptColumn.Width {
    var isFlexible: Bool { if case .flexible = self { true } else { false } }
}

extension LineLayout {
    /// `columns(_:width:)` for a row of Latin text that fits on one line: every character one scalar and one
    /// column (printable, below U+0300, no soft hyphen or C1 control). The same line `columns` gives,
    /// without grapheme breaking; `nil` when that does not hold.
    static func singleLineLatin(_ columns: some RandomAccessCollection<ReceiptColumn>, width: Int) -> String? {
        guard !columns.isEmpty else { return nil }
        var counts: [Int] = []
        counts.reserveCapacity(columns.count)
        var flexibleCount = 0
        var used = columns.count - 1
        for column in columns {
            guard let count = oneColumnScalarCount(column.text) else { return nil }
            counts.append(count)
            switch column.width {
            case .fixed(let fixed):
                guard count <= max(1, fixed) else { return nil }
                used += max(1, fixed)
            case .fit: used += max(1, count)
            case .flexible: flexibleCount += 1
            }
        }
        let remaining = width - used
        guard remaining >= flexibleCount else { return nil }
        let share = flexibleCount > 0 ? remaining / flexibleCount : 0
        // Each column is its text and its padding (one byte per space); one space between columns.
        var widths: [Int] = []
        widths.reserveCapacity(columns.count)
        var byteCount = columns.count - 1
        var seen = 0
        for (index, column) in columns.enumerated() {
            let columnWidth: Int
            switch column.width {
            case .fixed(let fixed): columnWidth = max(1, fixed)
            case .fit: columnWidth = max(1, counts[index])
            case .flexible:
                seen += 1
                columnWidth = seen == flexibleCount ? max(1, remaining - share * (flexibleCount - 1)) : share
            }
            guard columnWidth >= counts[index] else { return nil }
            widths.append(columnWidth)
            byteCount += column.text.utf8.count + columnWidth - counts[index]
        }
        return String(unsafeUninitializedCapacity: byteCount) { line in
            var at = 0
            func spaces(_ count: Int) {
                for _ in 0..<count {
                    line[at] = 0x20
                    at += 1
                }
            }
            for (index, column) in columns.enumerated() {
                let gap = widths[index] - counts[index]
                let left =
                    switch column.alignment {
                    case .left: 0
                    case .right: gap
                    case .center: gap / 2
                    }
                if index > 0 { spaces(1) }
                spaces(left)
                for byte in column.text.utf8 {
                    line[at] = byte
                    at += 1
                }
                spaces(gap - left)
            }
            // Trailing spaces trimmed: in UTF-8 a 0x20 byte is always a space of its own.
            while at > 0 && line[at - 1] == 0x20 { at -= 1 }
            return at
        }
    }

    /// The number of scalars of `text` when each is a character one column wide below U+0300 (printable
    /// ASCII or U+00A0…U+02FF except the soft hyphen U+00AD); `nil` otherwise.
    static func oneColumnScalarCount(_ text: String) -> Int? {
        var count = 0
        var afterC2 = false
        for byte in text.utf8 {
            if afterC2 {
                // U+0080…U+009F are C1 controls, U+00AD the soft hyphen (zero width).
                guard byte >= 0xA0, byte != 0xAD else { return nil }
                afterC2 = false
                continue
            }
            switch byte {
            case 0x20..<0x7F: count += 1
            case 0x80..<0xC0: continue  // continuation byte of a scalar already counted
            case 0xC2:
                afterC2 = true
                count += 1
            case 0xC3..<0xCC: count += 1  // U+00C0…U+02FF
            default: return nil
            }
        }
        return count
    }
}
