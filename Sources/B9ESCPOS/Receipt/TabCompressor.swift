/// Replaces long runs of padding spaces by horizontal tabs, which is what makes column receipts small.
///
/// After laying out, item and total lines are mostly spaces between a name and right-aligned amounts. The
/// encoder records, for left-aligned lines printed in font A at normal size (tab positions count character
/// widths as set at `ESC D` time; Epson ESC/POS Command Reference, ESC D and HT), where the runs of spaces
/// are. This pass picks the up to 32 columns where padding ends most profitably, sets them once with
/// `ESC D`, and replaces each run that ends on a tab position by one `HT` per tab position it passes — only
/// where that is shorter. Printed output is unchanged.
enum TabCompressor {
    static let maximumStops = 32

    /// A run of at least two spaces: from column `start` up to the printed character at column `end`.
    struct Run {
        let start: Int
        let end: Int
    }

    /// One printed line whose padding may become tabs: its text commands are `commands[first..<end]`.
    struct Line {
        let first: Int
        let end: Int
        let runs: [Run]
    }

    /// The runs of two or more spaces in a line of single-column characters.
    static func runs(in line: [UInt8]) -> [Run] {
        var runs: [Run] = []
        var start = -1
        for (column, byte) in line.enumerated() {
            if byte == 0x20 {
                if start < 0 { start = column }
            } else {
                if start >= 0, column - start >= 2, column <= 255 { runs.append(Run(start: start, end: column)) }
                start = -1
            }
        }
        return runs
    }

    static func compress(_ commands: [ESCPOSCommand], lines: [Line]) -> [ESCPOSCommand] {
        guard !lines.isEmpty, let initialize = commands.firstIndex(of: .initialize) else { return commands }
        // Choose stops: the columns where the most padding ends.
        var saving = [Int](repeating: 0, count: 256)
        for line in lines {
            for run in line.runs { saving[run.end] += run.end - run.start - 1 }
        }
        let stops = (1..<256).filter { saving[$0] > 0 }
            .sorted { saving[$0] != saving[$1] ? saving[$0] > saving[$1] : $0 < $1 }
            .prefix(maximumStops).sorted()
        var isStop = [Bool](repeating: false, count: 256)
        for stop in stops { isStop[stop] = true }
        // stopsUpTo[c]: how many stops are at or before column c.
        var stopsUpTo = [Int](repeating: 0, count: 256)
        for column in 1..<256 { stopsUpTo[column] = stopsUpTo[column - 1] + (isStop[column] ? 1 : 0) }
        func tabs(_ run: Run) -> Int? {
            guard isStop[run.end] else { return nil }
            let count = stopsUpTo[run.end] - stopsUpTo[run.start]
            return count < run.end - run.start ? count : nil
        }
        var total = 0
        for line in lines {
            for run in line.runs {
                if let count = tabs(run) { total += run.end - run.start - count }
            }
        }
        guard total > stops.count + 3 else { return commands }

        var out: [ESCPOSCommand] = []
        out.reserveCapacity(commands.count + 2 * lines.count + 1)
        out += commands[...initialize]
        out.append(.tabPositions(stops.map { UInt8($0) }))
        var index = initialize + 1
        for line in lines where line.first > initialize {
            out += commands[index..<line.first]
            rewrite(commands[line.first..<line.end], runs: line.runs, tabs: tabs, into: &out)
            index = line.end
        }
        out += commands[index...]
        return out
    }

    /// Copies one line's commands, replacing its runs that pay off by tabs.
    private static func rewrite(
        _ lineCommands: ArraySlice<ESCPOSCommand>, runs: [Run], tabs: (Run) -> Int?, into out: inout [ESCPOSCommand]
    ) {
        var column = 0
        var skipUntil = 0
        var next = 0
        for command in lineCommands {
            guard case .text(let bytes) = command else {
                out.append(command)
                continue
            }
            var pending: [UInt8] = []
            for byte in bytes {
                defer { column += 1 }
                if column < skipUntil { continue }
                while next < runs.count && runs[next].start < column { next += 1 }
                if next < runs.count, runs[next].start == column, let count = tabs(runs[next]) {
                    if !pending.isEmpty { out.append(.text(pending)) }
                    pending.removeAll()
                    for _ in 0..<count { out.append(.horizontalTab) }
                    skipUntil = runs[next].end
                    next += 1
                    continue
                }
                pending.append(byte)
            }
            if !pending.isEmpty { out.append(.text(pending)) }
        }
    }
}
