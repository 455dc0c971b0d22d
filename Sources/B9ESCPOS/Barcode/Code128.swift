/// CODE128 data for `GS k 73 n d…`: code sets chosen for the fewest bytes.
///
/// Epson ESC/POS Command Reference, GS k (CODE128): the data starts with a code set selection `{A`, `{B` or
/// `{C` (0x7B 0x41/0x42/0x43); `{S` shifts one character between A and B; `{{` is a literal `{`. In code set A
/// each byte is 0x00–0x5F, in B 0x20–0x7F, in C one byte 0–99 stands for two digits. The printer adds the
/// start, check and stop characters.
enum Code128 {
    enum CodeSet: Int, CaseIterable {
        case a = 0, b = 1, c = 2
        var selector: UInt8 { [0x41, 0x42, 0x43][rawValue] }
    }

    private static let brace: UInt8 = 0x7B

    static func inA(_ byte: UInt8) -> Bool { byte < 0x60 }
    static func inB(_ byte: UInt8) -> Bool { (0x20...0x7F).contains(byte) }
    static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
    static func literalCost(_ byte: UInt8) -> Int { byte == brace ? 2 : 1 }

    private enum Step {
        case literal  // one character in the current set
        case shifted  // {S then one character of the other set
        case pair  // two digits in set C
    }

    /// Encodes ASCII bytes (< 0x80); the caller checks that.
    static func encode(_ data: [UInt8]) -> [UInt8] {
        let n = data.count
        let infinity = Int.max / 4
        // stay[i][s]: fewest bytes for data[i...] when set s is active and the next character is coded in s.
        // best[i][s]: the same but allowing a switch first.
        var stay = Array(repeating: [infinity, infinity, infinity], count: n + 1)
        var best = Array(repeating: [infinity, infinity, infinity], count: n + 1)
        var stayStep = Array(repeating: [Step.literal, .literal, .literal], count: n + 1)
        var bestSet = Array(repeating: [0, 1, 2], count: n + 1)
        best[n] = [0, 0, 0]
        stay[n] = [0, 0, 0]
        if n > 0 {
            for i in stride(from: n - 1, through: 0, by: -1) {
                let byte = data[i]
                // Set A
                if inA(byte) {
                    stay[i][0] = 1 + best[i + 1][0]
                    stayStep[i][0] = .literal
                } else if inB(byte) && byte != brace {
                    // A brace is never shifted ({S{{ is not in the reference); switch to B for it.
                    stay[i][0] = 3 + best[i + 1][0]
                    stayStep[i][0] = .shifted
                }
                // Set B
                if inB(byte) {
                    stay[i][1] = literalCost(byte) + best[i + 1][1]
                    stayStep[i][1] = .literal
                } else if inA(byte) {
                    stay[i][1] = 3 + best[i + 1][1]
                    stayStep[i][1] = .shifted
                }
                // Set C
                if i + 1 < n, isDigit(byte), isDigit(data[i + 1]) {
                    stay[i][2] = 1 + best[i + 2][2]
                    stayStep[i][2] = .pair
                }
                for s in 0..<3 {
                    best[i][s] = stay[i][s]
                    bestSet[i][s] = s
                    for t in 0..<3 where t != s && 2 + stay[i][t] < best[i][s] {
                        best[i][s] = 2 + stay[i][t]
                        bestSet[i][s] = t
                    }
                }
            }
        }
        // Start: pick the set whose first character is cheapest.
        var current = 0
        for s in 1..<3 where stay[0][s] < stay[0][current] { current = s }
        var out: [UInt8] = [brace, CodeSet.allCases[current].selector]
        var i = 0
        while i < n {
            let next = bestSet[i][current]
            if next != current {
                current = next
                out += [brace, CodeSet.allCases[current].selector]
            }
            switch stayStep[i][current] {
            case .literal:
                if data[i] == brace { out.append(brace) }
                out.append(data[i])
                i += 1
            case .shifted:
                out += [brace, 0x53]
                out.append(data[i])
                i += 1
            case .pair:
                out.append((data[i] - 0x30) * 10 + (data[i + 1] - 0x30))
                i += 2
            }
        }
        return out
    }

    /// The human-readable content of CODE128 data bytes (code-set commands removed; FNC1–4 dropped).
    static func decode(_ payload: [UInt8]) -> String {
        var text: [UInt8] = []
        var set = CodeSet.b
        var shiftNext = false
        var i = 0
        while i < payload.count {
            let byte = payload[i]
            if byte == brace, i + 1 < payload.count {
                let command = payload[i + 1]
                i += 2
                switch command {
                case 0x41: set = .a
                case 0x42: set = .b
                case 0x43: set = .c
                case 0x53: shiftNext = true
                case brace:
                    text.append(brace)
                    shiftNext = false
                default: break  // FNC1…FNC4
                }
                continue
            }
            if set == .c && !shiftNext {
                if byte < 100 {
                    text += [0x30 + byte / 10, 0x30 + byte % 10]
                }
            } else {
                text.append(byte)
            }
            shiftNext = false
            i += 1
        }
        return String(decoding: text, as: UTF8.self)
    }
}
