public import Foundation

/// When a promotion applies: an optional date range, optional weekdays and an optional daily time
/// window (happy hour). All in the shop's local time; every part that is set must hold.
public struct PromotionWindow: Sendable, Hashable, Codable {
    /// First day, `YYYY-MM-DD`, inclusive.
    public let from: String?
    /// Last day, `YYYY-MM-DD`, inclusive.
    public let until: String?
    /// ISO weekdays 1 (Monday) … 7 (Sunday); `nil` is every day.
    public let weekdays: [Int]?
    /// Daily start, minutes after midnight, inclusive.
    public let startMinute: Int?
    /// Daily end, minutes after midnight, exclusive; an end before the start runs past midnight.
    public let endMinute: Int?

    public init(from: String? = nil, until: String? = nil, weekdays: [Int]? = nil, startMinute: Int? = nil, endMinute: Int? = nil) {
        self.from = from
        self.until = until
        self.weekdays = weekdays
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    func validate(promotionID: String) throws(CoreError) {
        func fail(_ what: String) -> CoreError { CoreError(.invalidConfiguration, "promotion '\(promotionID)': window \(what)") }
        for day in [from, until].compactMap({ $0 }) where !ShopLocalTime.isDate(day) {
            throw fail("dates are YYYY-MM-DD (got '\(day)')")
        }
        if let weekdays, weekdays.isEmpty || !weekdays.allSatisfy({ (1...7).contains($0) }) {
            throw fail("weekdays are 1 (Monday) to 7 (Sunday)")
        }
        guard (startMinute == nil) == (endMinute == nil) else { throw fail("needs both startMinute and endMinute") }
        if let startMinute, let endMinute {
            guard (0..<1_440).contains(startMinute), (0...1_440).contains(endMinute), startMinute != endMinute else {
                throw fail("minutes are 0 to 1440 and start differs from end")
            }
        }
    }

    /// Whether the window holds at `time`.
    public func contains(_ time: ShopLocalTime) -> Bool {
        if let from, time.date < from { return false }
        if let until, time.date > until { return false }
        if let weekdays, !weekdays.contains(time.weekday) { return false }
        if let start = startMinute, let end = endMinute {
            let minute = time.minuteOfDay
            return start < end ? (minute >= start && minute < end) : (minute >= start || minute < end)
        }
        return true
    }
}

/// A moment in the shop's local time, as promotion windows see it.
public struct ShopLocalTime: Sendable, Hashable, Codable {
    /// `YYYY-MM-DD`.
    public let date: String
    /// ISO weekday: 1 Monday … 7 Sunday.
    public let weekday: Int
    /// Minutes after local midnight.
    public let minuteOfDay: Int

    public init(date: String, weekday: Int, minuteOfDay: Int) {
        self.date = date
        self.weekday = weekday
        self.minuteOfDay = minuteOfDay
    }

    /// `instant` in `timeZone` (the shop's zone, e.g. Asia/Dhaka).
    public init(_ instant: Date, timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: instant)
        self.date = String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
        // Calendar weekdays are 1 = Sunday … 7 = Saturday.
        self.weekday = ((parts.weekday ?? 1) + 5) % 7 + 1
        self.minuteOfDay = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
    }

    static func isDate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return false }
        return bytes.enumerated().allSatisfy { index, byte in index == 4 || index == 7 || (byte >= 48 && byte <= 57) }
    }
}
