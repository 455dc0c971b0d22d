/// A programmable weight sequence for `ScaleSimulator`: what the simulated scale answers to each weigh
/// request (or sends on each tick of a continuous protocol). The last step repeats forever.
///
/// Text form, one step per line (`#` starts a comment), each optionally followed by `xN` to repeat it:
///
///     motion 0.512 kg x3      # settling: moving readings
///     stable 1.234 kg x2      # then stable
///     overload
///     under-zero
///     zero
///     error
///     unconfirmed 1.0 kg      # a weight without stability indication
///     garbage 41 42 FF        # these bytes (hex) instead of an answer
///     silence                 # no answer at all
public struct ScaleScript: Sendable, Hashable {
    /// One answer.
    public enum Step: Sendable, Hashable {
        /// Answer with this reading.
        case reading(ScaleReading)
        /// Answer with these bytes (line noise, a wrong protocol, a cut frame).
        case garbage([UInt8])
        /// Do not answer.
        case silence
    }

    public var steps: [Step]

    /// - Throws: `ScaleError.invalidScript` when `steps` is empty.
    public init(_ steps: [Step]) throws(ScaleError) {
        guard !steps.isEmpty else { throw ScaleError(.invalidScript, "A scale script needs at least one step.") }
        self.steps = steps
    }

    /// A scale with a constant stable weight.
    public static func constant(_ weight: Weight) -> ScaleScript {
        ScaleScript(unchecked: [.reading(ScaleReading(weight: weight, status: .stable))])
    }

    init(unchecked steps: [Step]) { self.steps = steps }

    /// Parses the text form.
    /// - Throws: `ScaleError.invalidScript` naming the line that is wrong.
    public init(parsing text: String) throws(ScaleError) {
        var steps: [Step] = []
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            var words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            guard !words.isEmpty else { continue }
            var repeatCount = 1
            if let last = words.last, last.hasPrefix("x"), let count = Int(last.dropFirst()), words.count > 1 {
                guard (1...100_000).contains(count) else {
                    throw ScaleError(.invalidScript, "Line \(number + 1): repeat count must be 1 to 100000.")
                }
                repeatCount = count
                words.removeLast()
            }
            let step = try Self.step(words, line: number + 1)
            steps.append(contentsOf: repeatElement(step, count: repeatCount))
        }
        try self.init(steps)
    }

    private static func step(_ words: [String], line: Int) throws(ScaleError) -> Step {
        func weight(_ index: Int) throws(ScaleError) -> Weight {
            guard words.count == index + 2, let unit = WeightUnit(symbol: words[index + 1]),
                let amount = try? ExactDecimal(parsing: words[index])
            else {
                throw ScaleError(.invalidScript, "Line \(line): expected a weight such as \"1.234 kg\" after \(words[0]).")
            }
            return Weight(amount, unit)
        }
        switch words[0] {
        case "stable": return .reading(ScaleReading(weight: try weight(1), status: .stable))
        case "motion": return .reading(ScaleReading(weight: try weight(1), status: .motion))
        case "unconfirmed": return .reading(ScaleReading(weight: try weight(1), status: .unconfirmed))
        case "overload": return .reading(ScaleReading(weight: nil, status: .overload))
        case "under-zero": return .reading(ScaleReading(weight: nil, status: .underZero))
        case "error": return .reading(ScaleReading(weight: nil, status: .error))
        case "zero":
            return .reading(ScaleReading(weight: Weight(ExactDecimal(unchecked: 0, decimals: 3), .kilogram), status: .zero))
        case "silence": return .silence
        case "garbage":
            var bytes: [UInt8] = []
            for word in words.dropFirst() {
                guard let byte = UInt8(word, radix: 16) else {
                    throw ScaleError(.invalidScript, "Line \(line): \"\(word)\" is not a hex byte.")
                }
                bytes.append(byte)
            }
            guard !bytes.isEmpty else { throw ScaleError(.invalidScript, "Line \(line): garbage needs hex bytes.") }
            return .garbage(bytes)
        default:
            throw ScaleError(
                .invalidScript,
                "Line \(line): unknown step \"\(words[0])\"; use stable, motion, unconfirmed, overload, under-zero, zero, error, garbage or silence.")
        }
    }
}
