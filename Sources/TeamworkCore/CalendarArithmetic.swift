/// Calendar arithmetic on the date part of `LocalDateTime` (and so of `LocalDate`): the one place
/// that knows how long a month is, for deadlines, drawdown intervals, due dates and recurrences.
///
/// Pure integer arithmetic on the proleptic Gregorian calendar (no Foundation `Calendar`, no time
/// zone): a deadline is a calendar day in Schwerin, not an instant.
///
/// Adding months keeps the day of the month; when that day does not exist in the target month,
/// the result is the LAST day of that month: 31.08.2021 + 30 months = 29.02.2024 (leap year),
/// 31.08.2022 + 30 months = 28.02.2025, 30.04. + 1 month = 30.05., 31.05. + 1 month = 30.06.
/// This is the reading of § 188 Abs. 3 BGB ("fehlt bei einer nach Monaten bestimmten Frist in dem
/// letzten Monat der für ihren Ablauf maßgebende Tag, so endet die Frist mit dem Ablauf des letzten
/// Tages dieses Monats").
extension LocalDateTime {
    /// Whether `year` is a Gregorian leap year.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// Number of days of `month` (1–12) in `year`.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The same moment with the time of day dropped (00:00).
    public var dateOnly: LocalDateTime { LocalDateTime(year: year, month: month, day: day) }

    /// `months` calendar months later (earlier when negative); the day is kept, or becomes the last
    /// day of the target month when that month is shorter. The time of day is kept.
    public func addingMonths(_ months: Int) -> LocalDateTime {
        let index = year * 12 + (month - 1) + months
        let newYear = index >= 0 ? index / 12 : (index - 11) / 12
        let newMonth = index - newYear * 12 + 1
        let newDay = Swift.min(day, Self.daysInMonth(year: newYear, month: newMonth))
        return LocalDateTime(year: newYear, month: newMonth, day: newDay, hour: hour, minute: minute)
    }

    /// Days since 1970-01-01 of the date part (negative before), after H. Hinnant's days_from_civil.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date `dayNumber` days after 1970-01-01 (00:00).
    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    /// `days` calendar days later (earlier when negative), at 00:00.
    public func addingDays(_ days: Int) -> LocalDateTime { LocalDateTime(dayNumber: dayNumber + days) }

    /// The same time of day `days` calendar days later (earlier when negative).
    public func adding(days: Int) -> LocalDateTime {
        let date = LocalDateTime(dayNumber: dayNumber + days)
        return LocalDateTime(year: date.year, month: date.month, day: date.day, hour: hour, minute: minute)
    }

    /// Whole calendar days from this date to `other` (negative when `other` lies before).
    public func days(until other: LocalDateTime) -> Int { other.dayNumber - dayNumber }

    /// Storage form of the date alone: `2026-05-04`.
    public var isoDate: String { String(iso.prefix(10)) }
}
