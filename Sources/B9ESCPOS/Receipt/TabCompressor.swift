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

        // 2. Choose stops: columns where the most padding ends.
        var saving: [Int: Int] = [:]
        for run in candidates { saving[run.end, default: 0] += run.end - run.start - 1 }
        let stops = saving.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(maximumStops).map(\.key).sorted()
        let stopSet = Set(stops)
        func tabs(_ run: Run) -> Int? {
            guard stopSet.contains(run.end) else { return nil }
            let count = stops.filter { $0 > run.start && $0 <= run.end }.count
            return count < run.end - run.start ? count : nil
        }
        let total = candidates.reduce(0) { sum, run in sum + (tabs(run).map { run.end - run.start - $0 } ?? 0) }
        guard total > stops.count + 3 else { return commands }
        var replace: [Int: [Int: Run]] = [:]  // line → start column → run
        for run in candidates where tabs(run) != nil { replace[run.line, default: [:]][run.start] = run }

        // 3. Rewrite the text of eligible lines.
        var out = Array(commands[...initialize])
        out.append(.tabPositions(stops.map { UInt8($0) }))
        line = 0
        column = 0
        var skipUntil = -1
        for command in commands[(initialize + 1)...] {
            switch command {
            case .text(let bytes) where replace[line] != nil:
                let lineRuns = replace[line] ?? [:]
                var pending: [UInt8] = []
                for byte in bytes {
                    defer { column += 1 }
                    if column < skipUntil { continue }
                    if let run = lineRuns[column], let count = tabs(run) {
                        if !pending.isEmpty { out.append(.text(pending)) }
                        pending.removeAll()
                        for _ in 0..<count { out.append(.horizontalTab) }
                        skipUntil = run.end
                        continue
                    }
                    pending.append(byte)
                }
                if !pending.isEmpty { out.append(.text(pending)) }
            case .text(let bytes):
                column += bytes.count
                out.append(command)
            case .lineFeed:
                line += 1
                column = 0
                skipUntil = -1
                out.append(command)
            default:
                out.append(command)
            }
        }
        return out
    }
}
