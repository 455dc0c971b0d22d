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

    /// The tab stops to set and where they are, or `nil` when tabs would not make the receipt shorter.
    struct Plan {
        let stops: [Int]
        let table: StopTable
    }

    /// Chooses the stops: the up to `maximumStops` columns where the most padding ends.
    static func plan(runs: [Run]) -> Plan? {
        // Columns 0..<limit hold every run (a run ends at column 255 at most): a receipt line is 32–64
        // columns, so the tables below cover that, not all 256 columns.
        var limit = 1
        for run in runs where run.end >= limit { limit = run.end + 1 }
        var stops: [Int] = []
        stops.reserveCapacity(maximumStops)
        let stopsUpTo = withUnsafeTemporaryAllocation(of: Int.self, capacity: limit) { saving in
            saving.initialize(repeating: 0)
            for run in runs { saving[run.end] += run.end - run.start - 1 }
            for column in 1..<limit where saving[column] > 0 { stops.append(column) }
            if stops.count > maximumStops {
                stops = stops.sorted { saving[$0] != saving[$1] ? saving[$0] > saving[$1] : $0 < $1 }
                    .prefix(maximumStops).sorted()
            }
            // stopsUpTo[c]: how many stops are at or before column c (at most 32).
            var stopsUpTo = [UInt8](repeating: 0, count: limit)
            for stop in stops { stopsUpTo[stop] = 1 }
            for column in 1..<limit { stopsUpTo[column] &+= stopsUpTo[column - 1] }
            return stopsUpTo
        }
        let table = StopTable(stopsUpTo: stopsUpTo)
        var total = 0
        for run in runs {
            if let count = table.tabs(run) { total += run.end - run.start - count }
        }
        return total > stops.count + 3 ? Plan(stops: stops, table: table) : nil
    }

    /// The commands with the padding of `lines` turned into tabs and `ESC D` after the first `ESC @`.
    static func compress(_ buffer: CommandBuffer, lines: [Line], runs: [Run]) -> CommandBuffer {
        guard !lines.isEmpty, let initialize = buffer.firstInitialize, let plan = plan(runs: runs) else {
            return buffer
        }
        let pieces = buffer.pieces
        var out = PieceOutput()
        out.pieces.reserveCapacity(pieces.count + 2 * runs.count + 1)
        out.pieces += pieces[...initialize]
        out.pieces.append(.command(.tabPositions(plan.stops.map { UInt8($0) })))
        var index = initialize + 1
        for line in lines where line.first > initialize {
            out.pieces += pieces[index..<line.first]
            var walker = LineWalker(runs: runs[line.firstRun..<line.endRun], table: plan.table)
            for piece in pieces[line.first..<line.end] {
                guard case .text(let start, let end) = piece else {
                    out.pieces.append(piece)
                    continue
                }
                walker.text(start: start, end: end, into: &out)
            }
            index = line.end
        }
        out.pieces += pieces[index...]
        return CommandBuffer(pieces: out.pieces, text: buffer.text)
    }

    /// The bytes of `sink` with the padding of `lines` turned into tabs and `ESC D` after the first `ESC @`,
    /// copied once into an array allocated at its final bound (tabs only ever shorten a line); `sink.text`
    /// itself when tabs do not pay off.
    static func write(_ sink: ByteSink, lines: [Line], runs: [Run]) -> [UInt8] {
        guard !lines.isEmpty, let afterInitialize = sink.afterInitialize, let plan = plan(runs: runs) else {
            return sink.text
        }
        let header = plan.stops.count + 3
        return sink.text.withUnsafeBufferPointer { bytes in
            [UInt8](unsafeUninitializedCapacity: bytes.count + header) { buffer, written in
                var out = ByteOutput(bytes: bytes, out: buffer)
                out.keep(0, afterInitialize)
                out.put(ControlByte.esc)
                out.put(0x44)
                for stop in plan.stops { out.put(UInt8(stop)) }
                out.put(ControlByte.nul)
                var index = afterInitialize
                for line in lines where sink.segments[line.first].start >= afterInitialize {
                    var walker = LineWalker(runs: runs[line.firstRun..<line.endRun], table: plan.table)
                    for segment in sink.segments[line.first..<line.end] {
                        // Commands inside the line (a code table switch) are the bytes between its text segments.
                        out.keep(index, segment.start)
                        walker.text(start: segment.start, end: segment.end, into: &out)
                        index = segment.end
                    }
                }
                out.keep(index, bytes.count)
                written = out.count
            }
        }
    }

    /// Where the chosen tab stops are.
    struct StopTable {
        /// How many stops are at or before each column, up to the last column a run ends at.
        let stopsUpTo: [UInt8]

        /// How many `HT` replace `run`, or `nil` when it does not end on a stop or tabs would not be shorter.
        func tabs(_ run: Run) -> Int? {
            let upToEnd = Int(stopsUpTo[run.end])
            guard upToEnd != Int(stopsUpTo[run.end - 1]) else { return nil }  // no stop at the end
            let count = upToEnd - Int(stopsUpTo[run.start])
            return count < run.end - run.start ? count : nil
        }
    }

    /// Where `LineWalker` puts what it keeps of a line and the tabs it puts instead of padding.
    protocol Output {
        /// Keeps the text bytes `start..<end`.
        mutating func keep(_ start: Int, _ end: Int)
        mutating func tabs(_ count: Int)
    }

    /// Output as command values.
    struct PieceOutput: Output {
        var pieces: [CommandBuffer.Piece] = []
        mutating func keep(_ start: Int, _ end: Int) { pieces.append(.text(start: start, end: end)) }
        mutating func tabs(_ count: Int) {
            for _ in 0..<count { pieces.append(.command(.horizontalTab)) }
        }
    }

    /// Output as bytes, copied from `bytes` into `out`, which has room for all of them and the `ESC D` header.
    struct ByteOutput: Output {
        let bytes: UnsafeBufferPointer<UInt8>
        let out: UnsafeMutableBufferPointer<UInt8>
        /// Bytes written to `out` so far (initialized from its start).
        private(set) var count = 0

        init(bytes: UnsafeBufferPointer<UInt8>, out: UnsafeMutableBufferPointer<UInt8>) {
            self.bytes = bytes
            self.out = out
        }

        mutating func put(_ byte: UInt8) {
            precondition(count < out.count, "tab compression wrote past its bound")
            out.initializeElement(at: count, to: byte)
            count += 1
        }
        mutating func keep(_ start: Int, _ end: Int) {
            guard start < end else { return }
            precondition(count + end - start <= out.count, "tab compression wrote past its bound")
            _ = UnsafeMutableBufferPointer(rebasing: out[count..<count + end - start])
                .initialize(fromContentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
            count += end - start
        }
        mutating func tabs(_ count: Int) {
            precondition(self.count + count <= out.count, "tab compression wrote past its bound")
            UnsafeMutableBufferPointer(rebasing: out[self.count..<self.count + count]).initialize(repeating: ControlByte.ht)
            self.count += count
        }
    }

    /// Walks the text commands of one line in order, replacing its runs that pay off by tabs: for each text
    /// command it gives the ranges of text to keep and the tabs between them. Works run by run, not byte
    /// by byte.
    struct LineWalker {
        let runs: ArraySlice<Run>
        let table: StopTable
        var next: Int
        /// The column the next text command starts at.
        var column = 0
        var skipUntil = 0

        init(runs: ArraySlice<Run>, table: StopTable) {
            self.runs = runs
            self.table = table
            self.next = runs.startIndex
        }

        /// One text command, the bytes `start..<end` of the text.
        mutating func text(start: Int, end: Int, into out: inout some Output) {
            // This command prints columns column..<pieceEnd; its byte for column c is at c + shift.
            let pieceEnd = column + (end - start)
            let shift = start - column
            var position = max(column, skipUntil)
            while next < runs.endIndex && runs[next].start < pieceEnd {
                let run = runs[next]
                next += 1
                guard run.start >= position, let count = table.tabs(run) else { continue }
                if run.start > position { out.keep(position + shift, run.start + shift) }
                out.tabs(count)
                skipUntil = run.end
                position = run.end
            }
            if position < pieceEnd { out.keep(position + shift, pieceEnd + shift) }
            column = pieceEnd
        }
    }
}
