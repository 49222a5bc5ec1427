/// Recurrence rules (RFC 5545 3.3.10) as calendars write them, expanded into dated occurrences.
///
/// Supported: `FREQ` DAILY, WEEKLY, MONTHLY, YEARLY with `INTERVAL`, `COUNT`, `UNTIL`, `BYDAY`
/// (with ordinals such as `1MO`, `-1FR` for MONTHLY and YEARLY), `BYMONTHDAY` (also negative),
/// `BYMONTH` and `WKST`. Any other part (`BYSETPOS`, `BYWEEKNO`, `BYYEARDAY`, `BYHOUR`, …) or
/// frequency (HOURLY, …) is refused by name rather than expanded wrongly. `DTSTART` is always the
/// first occurrence and counts towards `COUNT`.
public struct RecurrenceRule: Hashable, Sendable {
    public enum Frequency: String, Sendable { case daily = "DAILY", weekly = "WEEKLY", monthly = "MONTHLY", yearly = "YEARLY" }

    public var frequency: Frequency
    public var interval = 1
    public var count: Int?
    /// `UNTIL` as written (a date: that whole day); `untilIsUTC` for a `…Z` value.
    public var until: LocalDateTime?
    public var untilIsDate = false
    public var untilIsUTC = false
    /// (ordinal or nil, weekday 0 = Sunday)
    public var byDay: [(ordinal: Int?, weekday: Int)] = []
    public var byMonthDay: [Int] = []
    public var byMonth: [Int] = []
    public var weekStart = 1
    /// As written.
    public var text: String

    public static func == (a: Self, b: Self) -> Bool { a.text == b.text }
    public func hash(into h: inout Hasher) { h.combine(text) }

    static let weekdayNames = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]
    static let germanWeekdays = ["So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"]

    /// Parses `FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20271231T230000Z`; the error is German, without line.
    public init(_ text: String) throws(RecurrenceError) {
        self.text = text
        var frequency: Frequency?
        for part in text.split(separator: ";") where !part.isEmpty {
            let pieces = part.split(separator: "=", maxSplits: 1).map { String($0).contentTrimmed.uppercased() }
            guard pieces.count == 2 else { throw RecurrenceError("\"\(part)\" ist kein Teil einer RRULE (NAME=WERT)") }
            let (name, value) = (pieces[0], pieces[1])
            func int(_ s: String, _ range: ClosedRange<Int>) throws(RecurrenceError) -> Int {
                guard let n = Int(s), range.contains(n) else { throw RecurrenceError("\(name)=\(value) ist ungültig") }
                return n
            }
            switch name {
            case "FREQ":
                guard let f = Frequency(rawValue: value) else {
                    throw RecurrenceError("Wiederholung FREQ=\(value) wird nicht unterstützt (nur DAILY, WEEKLY, MONTHLY, YEARLY)")
                }
                frequency = f
            case "INTERVAL": interval = try int(value, 1...1000)
            case "COUNT": count = try int(value, 1...100_000)
            case "UNTIL":
                let digits = value.filter { $0.isNumber }
                let n = Array(digits.utf8).map { Int($0) - 48 }
                func num(_ a: Int, _ b: Int) -> Int { n[a..<b].reduce(0) { $0 * 10 + $1 } }
                guard n.count == 8 || n.count == 14 else { throw RecurrenceError("UNTIL=\(value) ist kein Datum") }
                let date = LocalDateTime(year: num(0, 4), month: num(4, 6), day: num(6, 8))
                guard date.isValid else { throw RecurrenceError("UNTIL=\(value) ist kein Datum") }
                if n.count == 8 {
                    until = date; untilIsDate = true
                } else {
                    let local = LocalDateTime(year: date.year, month: date.month, day: date.day, hour: num(8, 10),
                                              minute: num(10, 12))
                    until = local
                    untilIsUTC = value.hasSuffix("Z")
                }
            case "BYDAY":
                for item in value.split(separator: ",") {
                    let s = String(item).contentTrimmed
                    guard s.count >= 2, let w = Self.weekdayNames.firstIndex(of: String(s.suffix(2))) else {
                        throw RecurrenceError("BYDAY=\(value): \"\(s)\" ist kein Wochentag")
                    }
                    let prefix = String(s.dropLast(2))
                    var ordinal: Int?
                    if !prefix.isEmpty {
                        guard let o = Int(prefix), o != 0, (-53...53).contains(o) else {
                            throw RecurrenceError("BYDAY=\(value): \"\(s)\" ist ungültig")
                        }
                        ordinal = o
                    }
                    byDay.append((ordinal, w))
                }
            case "BYMONTHDAY":
                byMonthDay = try value.split(separator: ",").map { (s) throws(RecurrenceError) in
                    let n = try int(String(s), -31...31)
                    guard n != 0 else { throw RecurrenceError("BYMONTHDAY=0 ist ungültig") }
                    return n
                }
            case "BYMONTH": byMonth = try value.split(separator: ",").map { (s) throws(RecurrenceError) in try int(String(s), 1...12) }
            case "WKST":
                guard let w = Self.weekdayNames.firstIndex(of: value) else { throw RecurrenceError("WKST=\(value) ist kein Wochentag") }
                weekStart = w
            default:
                throw RecurrenceError("Wiederholungsregel mit \(name) wird nicht unterstützt "
                    + "(möglich: FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY, BYMONTH, WKST)")
            }
        }
        guard let frequency else { throw RecurrenceError("FREQ fehlt in der Wiederholungsregel \"\(text)\"") }
        if count != nil && until != nil { throw RecurrenceError("COUNT und UNTIL zugleich sind nicht erlaubt") }
        if frequency == .daily || frequency == .weekly, byDay.contains(where: { $0.ordinal != nil }) {
            throw RecurrenceError("BYDAY mit Zahl (z. B. 1MO) gibt es nur bei MONTHLY und YEARLY")
        }
        self.frequency = frequency
    }

    /// German, for the series' cadence: `wöchentlich (Mo, Mi)`, `alle 2 Wochen`, `monatlich (1. Mo)`.
    public var germanCadence: String {
        let unit: (one: String, many: String)
        switch frequency {
        case .daily: unit = ("täglich", "Tage")
        case .weekly: unit = ("wöchentlich", "Wochen")
        case .monthly: unit = ("monatlich", "Monate")
        case .yearly: unit = ("jährlich", "Jahre")
        }
        var text = interval == 1 ? unit.one : "alle \(interval) \(unit.many)"
        var details = byDay.map { ($0.ordinal.map { $0 > 0 ? "\($0). " : "\($0). " } ?? "") + Self.germanWeekdays[$0.weekday] }
        details += byMonthDay.map { "\($0)." }
        if !details.isEmpty { text += " (" + details.joined(separator: ", ") + ")" }
        return text
    }

    /// Occurrence starts in the rule's own clock (the wall-clock of `start`), from `start` up to
    /// `limit` (inclusive, compared in that clock), at most `maximum`. `complete` is false when
    /// the rule would go on after `limit` or `maximum`.
    /// `inUTC`: `start` and `limit` are UTC wall-clock values (a `DTSTART` in UTC), else Berlin time.
    public func occurrences(from start: LocalDateTime, limit: LocalDateTime, inUTC: Bool = false, maximum: Int = 5000)
        -> (starts: [LocalDateTime], complete: Bool) {
        // UNTIL in the clock of DTSTART.
        var until = self.until
        if let u = until, !untilIsDate, untilIsUTC != inUTC {
            until = untilIsUTC
                ? UTCDateTime(year: u.year, month: u.month, day: u.day, hour: u.hour, minute: u.minute).berlin
                : UTCDateTime(berlin: u).wall
        }
        let first = BerlinClock.days(start.year, start.month, start.day)
        let last = BerlinClock.days(limit.year, limit.month, limit.day)
        var result: [LocalDateTime] = []
        var d = first
        while d <= last + 1 {
            let (y, m, day) = BerlinClock.civil(d)
            let candidate = LocalDateTime(year: y, month: m, day: day, hour: start.hour, minute: start.minute)
            if d == first || matches(day: d, year: y, month: m, dayOfMonth: day, start: start, first: first) {
                if let until {
                    let beyond = untilIsDate
                        ? (y, m, day) > (until.year, until.month, until.day)
                        : candidate > until
                    if beyond { return (result, true) }
                }
                if let count, result.count >= count { return (result, true) }
                if candidate > limit || result.count >= maximum { return (result, false) }
                result.append(candidate)
            }
            d += 1
        }
        return (result, count.map { result.count >= $0 } ?? (until.map { $0 <= limit } ?? false))
    }

    private func matches(day d: Int, year y: Int, month m: Int, dayOfMonth dd: Int, start: LocalDateTime,
                         first: Int) -> Bool {
        let weekday = BerlinClock.weekday(d)
        switch frequency {
        case .daily: guard (d - first) % interval == 0 else { return false }
        case .weekly:
            let week = { (x: Int) in BerlinClock.floorDiv(x + 4 - weekStart, 7) }
            guard (week(d) - week(first)) % interval == 0 else { return false }
        case .monthly: guard ((y * 12 + m) - (start.year * 12 + start.month)) % interval == 0 else { return false }
        case .yearly: guard (y - start.year) % interval == 0 else { return false }
        }
        if !byMonth.isEmpty && !byMonth.contains(m) { return false }
        let daysInMonth = BerlinClock.days(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - BerlinClock.days(y, m, 1)
        if !byMonthDay.isEmpty
            && !byMonthDay.contains(where: { ($0 > 0 ? $0 : daysInMonth + 1 + $0) == dd }) { return false }
        if !byDay.isEmpty {
            let yearly = frequency == .yearly && byMonth.isEmpty
            let dayOfYear = d - BerlinClock.days(y, 1, 1) + 1
            let daysInYear = BerlinClock.days(y + 1, 1, 1) - BerlinClock.days(y, 1, 1)
            let ok = byDay.contains { rule in
                guard rule.weekday == weekday else { return false }
                guard let n = rule.ordinal else { return true }
                if yearly { return n > 0 ? (dayOfYear - 1) / 7 + 1 == n : (daysInYear - dayOfYear) / 7 + 1 == -n }
                return n > 0 ? (dd - 1) / 7 + 1 == n : (daysInMonth - dd) / 7 + 1 == -n
            }
            if !ok { return false }
        }
        if byDay.isEmpty && byMonthDay.isEmpty {
            switch frequency {
            case .daily: break
            case .weekly: if weekday != BerlinClock.weekday(first) { return false }
            case .monthly: if dd != start.day { return false }
            case .yearly: if dd != start.day || (byMonth.isEmpty && m != start.month) { return false }
            }
        }
        return true
    }
}

public struct RecurrenceError: Error, Equatable, Sendable {
    public let reason: String
    init(_ reason: String) { self.reason = reason }
}
