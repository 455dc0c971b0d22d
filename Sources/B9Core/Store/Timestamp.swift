public import Foundation

/// UTC timestamps as the store, the journal and events write them: `2026-11-25T22:39:05.123Z`.
///
/// Formatted by hand from the calendar fields so that the text (which is hashed into the journal)
/// never depends on locale or formatter behaviour.
public enum Timestamp {
    /// Formats `date` in UTC with millisecond precision.
    public static func format(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(milliseconds.quotientAndRemainder(dividingBy: 1000).quotient)
        var fraction = milliseconds % 1000
        if fraction < 0 {
            fraction += 1000
            seconds -= 1
        }
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
            Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), Int(fraction)
        )
    }
}
