import Foundation

/// One reading of a process's open file descriptors (`/proc/PID/fd`) and resident memory
/// (`VmRSS` of `/proc/PID/status`), at `seconds` since the soak began.
struct ProcessResourceSample: Sendable {
    let seconds: Double
    let descriptors: Int
    let rssKiB: Int

    /// Reads the process now; nil once it is gone.
    static func read(pid: pid_t, at seconds: Double) -> ProcessResourceSample? {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd"),
              let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kib = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { return nil }
        return ProcessResourceSample(seconds: seconds, descriptors: entries.count, rssKiB: kib)
    }
}

/// What the samples of a run say about growth: medians of windows and the least-squares slope.
struct ResourceTrend: Sendable {
    let samples: [ProcessResourceSample]

    /// The samples taken between the fractions `from` and `to` of `duration`.
    func window(_ from: Double, _ to: Double, of duration: Double) -> [ProcessResourceSample] {
        samples.filter { $0.seconds >= from * duration && $0.seconds <= to * duration }
    }

    static func median(_ values: [Int]) -> Int? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }

    /// RSS growth in KiB per hour fitted over `part` (least squares); nil with fewer than 3 samples.
    static func rssSlopePerHour(_ part: [ProcessResourceSample]) -> Double? {
        guard part.count >= 3 else { return nil }
        let n = Double(part.count)
        let meanX = part.map(\.seconds).reduce(0, +) / n
        let meanY = part.map { Double($0.rssKiB) }.reduce(0, +) / n
        let covariance = part.map { ($0.seconds - meanX) * (Double($0.rssKiB) - meanY) }.reduce(0, +)
        let variance = part.map { ($0.seconds - meanX) * ($0.seconds - meanX) }.reduce(0, +)
        guard variance > 0 else { return nil }
        return covariance / variance * 3600
    }
}
