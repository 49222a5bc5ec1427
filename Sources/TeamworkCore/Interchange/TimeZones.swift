/// Time in UTC and Berlin wall-clock time: the Europe/Berlin offset (EU rules, applied to every
/// year, also before 1996 when they were different) and the zone names taken as Berlin or UTC.

/// A point in time in UTC, to the second.
public struct UTCDateTime: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year; self.month = month; self.day = day
        self.hour = hour; self.minute = minute; self.second = second
    }

    /// From seconds since 1970-01-01 00:00:00 UTC (e.g. `Int64(Date().timeIntervalSince1970)`).
    public init(unixTime: Int64) {
        let t = Int(unixTime)
        let days = BerlinClock.floorDiv(t, 86_400)
        let rest = t - days * 86_400
        let (y, m, d) = BerlinClock.civil(days)
        self.init(year: y, month: m, day: d, hour: rest / 3600, minute: rest / 60 % 60, second: rest % 60)
    }

    /// The UTC instant at which Berlin's clocks show `berlin`. A time in the spring gap is taken
    /// as CET (02:30 → 01:30 UTC); a time that occurs twice in autumn as the first, CEST one.
    public init(berlin: LocalDateTime) {
        let local = BerlinClock.minutes(berlin)
        var utc = local - 120
        if BerlinClock.offset(utcMinutes: utc) != 120 { utc = local - 60 }
        self.init(unixTime: Int64(utc) * 60)
    }

    /// Seconds since 1970-01-01 00:00:00 UTC.
    public var unixTime: Int64 {
        Int64(BerlinClock.days(year, month, day)) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// iCalendar form `20260504T073000Z`.
    public var basic: String {
        BerlinClock.pad(year, 4) + BerlinClock.pad(month, 2) + BerlinClock.pad(day, 2) + "T"
            + BerlinClock.pad(hour, 2) + BerlinClock.pad(minute, 2) + BerlinClock.pad(second, 2) + "Z"
    }

    public var description: String { basic }

    /// The same instant on Berlin's wall clock (CET +01:00 or CEST +02:00), seconds dropped.
    public var berlin: LocalDateTime {
        let utc = BerlinClock.days(year, month, day) * 1440 + hour * 60 + minute
        return BerlinClock.local(utc + BerlinClock.offset(utcMinutes: utc))
    }

    public var isValid: Bool {
        LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute).isValid && (0...60).contains(second)
    }

    public static func < (a: UTCDateTime, b: UTCDateTime) -> Bool {
        (a.year, a.month, a.day, a.hour, a.minute, a.second) < (b.year, b.month, b.day, b.hour, b.minute, b.second)
    }
}

/// Calendar arithmetic and the Europe/Berlin offset (EU rules).
enum BerlinClock {
    enum Zone { case berlin, utc }

    /// Zone names with Berlin's rules (since 1996), and names for UTC.
    static func zone(_ tzid: String) -> Zone? {
        var id = tzid.contentTrimmed
        // Globally unique ids such as "/mozilla.org/20050126_1/Europe/Berlin".
        if id.hasPrefix("/") {
            let parts = id.split(separator: "/")
            id = parts.suffix(2).joined(separator: "/")
        }
        if utcNames.contains(id.lowercased()) { return .utc }
        if cetNames.contains(id.lowercased()) { return .berlin }
        return nil
    }

    private static let utcNames: Set<String> = ["utc", "etc/utc", "gmt", "etc/gmt", "uct", "etc/uct", "universal",
                                                 "etc/universal", "zulu", "etc/zulu", "z", "coordinated universal time"]
    private static let cetNames: Set<String> = Set([
        "Europe/Berlin", "Europe/Busingen", "Europe/Amsterdam", "Europe/Andorra", "Europe/Belgrade", "Europe/Bratislava",
        "Europe/Brussels", "Europe/Budapest", "Europe/Copenhagen", "Europe/Gibraltar", "Europe/Ljubljana",
        "Europe/Luxembourg", "Europe/Madrid", "Europe/Malta", "Europe/Monaco", "Europe/Oslo", "Europe/Paris",
        "Europe/Podgorica", "Europe/Prague", "Europe/Rome", "Europe/San_Marino", "Europe/Sarajevo", "Europe/Skopje",
        "Europe/Stockholm", "Europe/Tirane", "Europe/Vaduz", "Europe/Vatican", "Europe/Vienna", "Europe/Warsaw",
        "Europe/Zagreb", "Europe/Zurich", "Arctic/Longyearbyen", "CET", "MET",
        "W. Europe Standard Time", "Central Europe Standard Time", "Central European Standard Time",
        "Romance Standard Time",
    ].map { $0.lowercased() })

    static func floorDiv(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// Days since 1970-01-01 (proleptic Gregorian).
    static func days(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// 0 = Sunday.
    static func weekday(_ days: Int) -> Int { ((days % 7) + 7 + 4) % 7 }

    /// Days (since 1970) of the last Sunday of the month.
    static func lastSunday(_ year: Int, _ month: Int) -> Int {
        let last = month == 12 ? days(year + 1, 1, 1) - 1 : days(year, month + 1, 1) - 1
        return last - weekday(last)
    }

    /// Minutes Berlin is ahead of UTC at that instant (minutes since 1970 UTC): 120 in summer time, else 60.
    static func offset(utcMinutes t: Int) -> Int {
        let year = civil(floorDiv(t, 1440)).year
        let begin = lastSunday(year, 3) * 1440 + 60
        let end = lastSunday(year, 10) * 1440 + 60
        return t >= begin && t < end ? 120 : 60
    }

    /// A wall-clock time as minutes since 1970 (as if it were UTC).
    static func minutes(_ t: LocalDateTime) -> Int { days(t.year, t.month, t.day) * 1440 + t.hour * 60 + t.minute }

    static func local(_ minutes: Int) -> LocalDateTime {
        let d = floorDiv(minutes, 1440)
        let rest = minutes - d * 1440
        let (y, m, day) = civil(d)
        return LocalDateTime(year: y, month: m, day: day, hour: rest / 60, minute: rest % 60)
    }

    static func adding(_ minutes: Int, to t: LocalDateTime) -> LocalDateTime { local(self.minutes(t) + minutes) }

    static func pad(_ v: Int, _ n: Int) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, n - s.count)) + s
    }
}
