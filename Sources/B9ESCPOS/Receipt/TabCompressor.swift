/// Replaces long runs of padding spaces by horizontal tabs, which is what makes column receipts small.
///
/// After laying out, item and total lines are mostly spaces between a name and right-aligned amounts. This
/// pass looks at left-aligned lines printed in font A at normal size (tab positions count character widths
/// as set at `ESC D` time, Epson ESC/POS Command Reference, ESC D / HT), picks the up to 32 columns where
/// padding ends most profitably, sets them once with `ESC D`, and replaces each run of spaces that ends on a
/// tab position by one `HT` per tab position it passes — only where that is shorter. Printed output is
/// unchanged.
enum TabCompressor {
    static let maximumStops = 32

    struct Run {
        let line: Int
        let start: Int  // column where the spaces start
        let end: Int  // column of the next printed character
    }

    static func compress(_ commands: [ESCPOSCommand]) -> [ESCPOSCommand] {
        guard let initialize = commands.firstIndex(of: .initialize) else { return commands }
        // 1. Find eligible lines and their space runs.
        var runs: [Run] = []
        var sizeNormal = true
        var fontA = true
        var left = true
        var eligible = true
        var column = 0
        var spaceStart: Int?
        var line = 0
        var lineEligible: [Bool] = []
        /// A setting changed: at the start of a line it decides the line; in the middle it spoils it.
        func changed() {
            eligible = column == 0 ? (sizeNormal && fontA && left) : false
        }
        for command in commands[(initialize + 1)...] {
            switch command {
            case .text(let bytes):
                for byte in bytes {
                    if byte == 0x20 {
                        if spaceStart == nil { spaceStart = column }
                    } else {
                        if let start = spaceStart, column - start >= 2 {
                            runs.append(Run(line: line, start: start, end: column))
                        }
                        spaceStart = nil
                    }
                    column += 1
                }
            case .lineFeed:
                lineEligible.append(eligible)
                line += 1
                column = 0
                spaceStart = nil
                eligible = sizeNormal && fontA && left
            case .characterSize(let size):
                sizeNormal = size == .normal
                changed()
            case .font(let font):
                fontA = font == .a
                changed()
            case .justification(let justification):
                left = justification == .left
                changed()
            case .emphasis, .underline, .reverse, .selectCodeTable:
                break
            default:
                eligible = false
            }
        }
        lineEligible.append(eligible)
        let candidates = runs.filter { lineEligible[$0.line] && $0.end <= 255 }
        guard !candidates.isEmpty else { return commands }

        // 2. Choose stops: the columns where the most padding ends.
        var saving = [Int](repeating: 0, count: 256)
        for run in candidates { saving[run.end] += run.end - run.start - 1 }
        let stops = (1..<256).filter { saving[$0] > 0 }
            .sorted { saving[$0] != saving[$1] ? saving[$0] > saving[$1] : $0 < $1 }
            .prefix(maximumStops).sorted()
        // stopsUpTo[c]: how many stops are at or before column c.
        var stopsUpTo = [Int](repeating: 0, count: 257)
        var isStop = [Bool](repeating: false, count: 256)
        for stop in stops { isStop[stop] = true }
        for column in 1..<256 { stopsUpTo[column] = stopsUpTo[column - 1] + (isStop[column] ? 1 : 0) }
        // Runs worth replacing, in stream order, with their number of tabs.
        var replacements: [(run: Run, tabs: Int)] = []
        var total = 0
        for run in candidates where isStop[run.end] {
            let tabs = stopsUpTo[run.end] - stopsUpTo[run.start]
            if tabs < run.end - run.start {
                replacements.append((run, tabs))
                total += run.end - run.start - tabs
            }
        }
        guard total > stops.count + 3 else { return commands }

        // 3. Rewrite the text of the lines with replacements.
        var out = Array(commands[...initialize])
        out.reserveCapacity(commands.count + replacements.count * 2 + 1)
        out.append(.tabPositions(stops.map { UInt8($0) }))
        line = 0
        column = 0
        var next = 0  // index into replacements
        var skipUntil = 0  // column up to which spaces were replaced (a run may span text commands)
        for command in commands[(initialize + 1)...] {
            switch command {
            case .text(let bytes):
                let end = column + bytes.count
                guard skipUntil > column
                    || (next < replacements.count && replacements[next].run.line == line
                        && replacements[next].run.start < end)
                else {
                    column = end
                    out.append(command)
                    continue
                }
                var pending: [UInt8] = []
                var index = 0
                while index < bytes.count {
                    let at = column + index
                    if at < skipUntil {
                        index += 1
                        continue
                    }
                    if next < replacements.count, replacements[next].run.line == line,
                        replacements[next].run.start == at
                    {
                        let (run, tabs) = replacements[next]
                        next += 1
                        if !pending.isEmpty { out.append(.text(pending)) }
                        pending.removeAll()
                        for _ in 0..<tabs { out.append(.horizontalTab) }
                        skipUntil = run.end
                        continue
                    }
                    pending.append(bytes[index])
                    index += 1
                }
                if !pending.isEmpty { out.append(.text(pending)) }
                column = end
            case .lineFeed:
                line += 1
                column = 0
                skipUntil = 0
                out.append(command)
            default:
                out.append(command)
            }
        }
        return out
    }
}
