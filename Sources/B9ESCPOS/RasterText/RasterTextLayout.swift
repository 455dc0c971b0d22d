/// Lays out receipt text for a `TextRasterizer`: word wrap by measured dots, and column rows on the same
/// column grid as native text, so a right-aligned amount ends on the same dot as on native lines.
public enum RasterTextLayout {
    /// Dots one print column takes in `style` on `profile` (12 for font A, 9 for font B on 180/203 dpi
    /// models; twice that at double width).
    public static func dotsPerColumn(_ profile: PrinterProfile, style: TextStyle) -> Int {
        max(1, profile.dotsPerLine / max(1, profile.columns(for: style.font))) * style.size.width
    }

    /// Lines of a `.text` element: `text` wrapped to the paper width, each line aligned as asked.
    public static func textLines(
        _ text: String, style: TextStyle, alignment: Justification, profile: PrinterProfile,
        rasterizer: some TextRasterizer
    ) throws(ESCPOSError) -> [RasterTextLine] {
        let width = profile.dotsPerLine
        return try wrap(text, width: width, style: style, rasterizer: rasterizer).map { line in
            RasterTextLine(cells: [RasterTextCell(line, x: 0, width: width, alignment: alignment)], style: style)
        }
    }

    /// Lines of a column row. Column widths come from `LineLayout.columnWidths` on the native grid, with a
    /// `.fit` column widened to whole columns when its drawn text is wider than its characters.
    public static func columnLines(
        _ columns: [ReceiptColumn], style: TextStyle, profile: PrinterProfile, rasterizer: some TextRasterizer
    ) throws(ESCPOSError) -> [RasterTextLine] {
        let columnDots = dotsPerColumn(profile, style: style)
        let lineColumns = max(1, profile.columns(for: style.font) / style.size.width)
        var grid = columns
        for (index, column) in columns.enumerated() where column.width == .fit {
            var widest = 0
            for part in column.text.split(separator: "\n") {
                widest = max(widest, try rasterizer.width(of: String(part), style: style))
            }
            let needed = (widest + columnDots - 1) / columnDots
            let characters = column.text.split(separator: "\n").map { DisplayWidth.of($0) }.max() ?? 1
            grid[index].width = .fixed(max(1, needed, characters))
        }
        let widths = LineLayout.columnWidths(grid, width: lineColumns)
        var cells: [[String]] = []
        var spans: [(x: Int, width: Int)] = []
        var column = 0
        for (index, item) in columns.enumerated() {
            let span = (x: column * columnDots, width: widths[index] * columnDots)
            spans.append(span)
            cells.append(try wrap(item.text, width: span.width, style: style, rasterizer: rasterizer))
            column += widths[index] + 1
        }
        let height = cells.map(\.count).max() ?? 0
        return (0..<height).map { row in
            var line: [RasterTextCell] = []
            for (index, item) in columns.enumerated() where row < cells[index].count && !cells[index][row].isEmpty {
                line.append(
                    RasterTextCell(cells[index][row], x: spans[index].x, width: spans[index].width, alignment: item.alignment))
            }
            return RasterTextLine(cells: line, style: style)
        }
    }

    /// Splits `text` into lines no wider than `width` dots, breaking at spaces where possible and between
    /// characters (grapheme clusters, so a conjunct is never split) inside words longer than a line.
    public static func wrap(
        _ text: String, width: Int, style: TextStyle, rasterizer: some TextRasterizer
    ) throws(ESCPOSError) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if try rasterizer.width(of: String(paragraph), style: style) <= width {
                lines.append(String(paragraph))
                continue
            }
            var line = ""
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                let candidate = line.isEmpty ? String(word) : line + " " + word
                if try rasterizer.width(of: candidate, style: style) <= width {
                    line = candidate
                    continue
                }
                if !line.isEmpty { lines.append(line) }
                line = ""
                var rest = Substring(word)
                while try rasterizer.width(of: String(rest), style: style) > width {
                    let head = try longestPrefix(rest, width: width, style: style, rasterizer: rasterizer)
                    lines.append(String(head))
                    rest = rest.dropFirst(head.count)
                }
                line = String(rest)
            }
            lines.append(line)
        }
        return lines
    }

    /// The longest prefix of `word` at most `width` dots wide, at least one character.
    static func longestPrefix(
        _ word: Substring, width: Int, style: TextStyle, rasterizer: some TextRasterizer
    ) throws(ESCPOSError) -> Substring {
        var low = 1
        var high = word.count
        while low < high {
            let middle = (low + high + 1) / 2
            if try rasterizer.width(of: String(word.prefix(middle)), style: style) <= width {
                low = middle
            } else {
                high = middle - 1
            }
        }
        return word.prefix(low)
    }
}
