/// Calendar arithmetic on local dates (proleptic Gregorian, no time zone): the one place that
/// knows how long a month is.
extension LocalDateTime {
    public static func isLeapYear(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    /// Days of `month` (1–12) in `year`.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }

    /// The same time `days` later (days ≥ 0).
    public func adding(days: Int) -> LocalDateTime {
        var (y, m, d) = (year, month, day)
        var remaining = days
        while remaining > 0 {
            let left = LocalDateTime.daysInMonth(year: y, month: m) - d
            if remaining <= left { d += remaining; remaining = 0 } else {
                remaining -= left + 1
                d = 1
                if m == 12 { m = 1; y += 1 } else { m += 1 }
            }
        }
        return LocalDateTime(year: y, month: m, day: d, hour: hour, minute: minute)
    }
}
