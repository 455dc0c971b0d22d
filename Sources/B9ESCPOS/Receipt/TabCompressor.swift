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

    /// One printed line whose padding may become tabs: its text commands are `pieces[first..<end]` and its
    /// runs `runs[firstRun..<endRun]` of the encoder's run list.
    struct Line {
        let first: Int
        let end: Int
        let firstRun: Int
        let endRun: Int
    }

    /// Appends the runs of two or more spaces in a line of single-column characters to `runs`.
    static func appendRuns(in line: some Sequence<UInt8>, to runs: inout [Run]) {
        var start = -1
        var column = 0
        for byte in line {
            if byte == 0x20 {
                if start < 0 { start = column }
            } else {
                if start >= 0, column - start >= 2, column <= 255 { runs.append(Run(start: start, end: column)) }
                start = -1
            }
            column += 1
        }
    }

    static func compress(_ buffer: CommandBuffer, lines: [Line], runs: [Run]) -> CommandBuffer {
        guard !lines.isEmpty, let initialize = buffer.firstInitialize else { return buffer }
        // Choose stops: the columns where the most padding ends.
        var saving = [Int](repeating: 0, count: 256)
        for run in runs { saving[run.end] += run.end - run.start - 1 }
        let stops = (1..<256).filter { saving[$0] > 0 }
            .sorted { saving[$0] != saving[$1] ? saving[$0] > saving[$1] : $0 < $1 }
            .prefix(maximumStops).sorted()
        // stopsUpTo[c]: how many stops are at or before column c; isStop[c] whether c is one.
        var isStop = [Bool](repeating: false, count: 256)
        for stop in stops { isStop[stop] = true }
        var stopsUpTo = [Int](repeating: 0, count: 256)
        for column in 1..<256 { stopsUpTo[column] = stopsUpTo[column - 1] + (isStop[column] ? 1 : 0) }
        let table = StopTable(isStop: isStop, stopsUpTo: stopsUpTo)
        var total = 0
        for run in runs {
            if let count = table.tabs(run) { total += run.end - run.start - count }
        }
        guard total > stops.count + 3 else { return buffer }

        let pieces = buffer.pieces
        var out: [CommandBuffer.Piece] = []
        out.reserveCapacity(pieces.count + 2 * runs.count + 1)
        out += pieces[...initialize]
        out.append(.command(.tabPositions(stops.map { UInt8($0) })))
        var index = initialize + 1
        for line in lines where line.first > initialize {
            out += pieces[index..<line.first]
            rewrite(
                pieces[line.first..<line.end], runs: runs[line.firstRun..<line.endRun],
                table: table, into: &out)
            index = line.end
        }
        out += pieces[index...]
        return CommandBuffer(pieces: out, text: buffer.text)
    }

    /// Where the chosen tab stops are.
    struct StopTable {
        let isStop: [Bool]
        let stopsUpTo: [Int]

        /// How many `HT` replace `run`, or `nil` when it does not end on a stop or tabs would not be shorter.
        func tabs(_ run: Run) -> Int? {
            guard isStop[run.end] else { return nil }
            let count = stopsUpTo[run.end] - stopsUpTo[run.start]
            return count < run.end - run.start ? count : nil
        }
    }

    /// Copies one line's commands, replacing its runs that pay off by tabs. Text stays in the shared buffer:
    /// the pieces around a tab are ranges of the original text piece. Works run by run, not byte by byte.
    private static func rewrite(
        _ lineCommands: ArraySlice<CommandBuffer.Piece>, runs: ArraySlice<Run>, table: StopTable,
        into out: inout [CommandBuffer.Piece]
    ) {
        var column = 0
        var skipUntil = 0
        var next = runs.startIndex
        for piece in lineCommands {
            guard case .text(let start, let end) = piece else {
                out.append(piece)
                continue
            }
            // This piece prints columns column..<pieceEnd; its byte for column c is at c + shift.
            let pieceEnd = column + (end - start)
            let shift = start - column
            var position = max(column, skipUntil)
            while next < runs.endIndex && runs[next].start < pieceEnd {
                let run = runs[next]
                next += 1
                guard run.start >= position, let count = table.tabs(run) else { continue }
                if run.start > position { out.append(.text(start: position + shift, end: run.start + shift)) }
                for _ in 0..<count { out.append(.command(.horizontalTab)) }
                skipUntil = run.end
                position = run.end
            }
            if position < pieceEnd { out.append(.text(start: position + shift, end: pieceEnd + shift)) }
            column = pieceEnd
        }
    }
}
