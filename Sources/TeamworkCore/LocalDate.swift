/// A calendar day without time or time zone (Europe/Berlin implied): payment dates, deadlines.
///
/// Stored as `2026-05-04` (sorts as text), shown as `04.05.2026`. `ordinal` (yyyymmdd) compares
/// as an integer, for the hot loops of the ledger.
public struct LocalDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var year: Int, month: Int, day: Int

    /// Unchecked; use `isValid` or the parsers for input.
    public init(year: Int, month: Int, day: Int) {
        self.year = year; self.month = month; self.day = day
    }

    /// The day of a date and time.
    public init(_ dateTime: LocalDateTime) {
        self.init(year: dateTime.year, month: dateTime.month, day: dateTime.day)
    }

    /// `20260504`: orders like the date.
    @inline(__always) public var ordinal: Int { year * 10_000 + month * 100 + day }

    /// Storage form `2026-05-04`.
    public var iso: String {
        guard (0...9999).contains(year), (0...99).contains(month), (0...99).contains(day) else {
            func pad(_ v: Int, _ n: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, n - s.count)) + s }
            return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        }
        return LocalDate.digits(year, 4, UInt8(ascii: "-"), month, 2, UInt8(ascii: "-"), day, 2)
    }

    /// German display `04.05.2026`.
    public var german: String {
        guard (0...9999).contains(year), (0...99).contains(month), (0...99).contains(day) else {
            func pad(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
            return "\(pad(day)).\(pad(month)).\(year)"
        }
        // A year below 1000 is written without leading zeros, as before.
        let yearWidth = year >= 1000 ? 4 : (year >= 100 ? 3 : (year >= 10 ? 2 : 1))
        return LocalDate.digits(day, 2, UInt8(ascii: "."), month, 2, UInt8(ascii: "."), year, yearWidth)
    }

    /// Three zero-padded numbers with two separators, as one ASCII string (no interpolation).
    @inline(__always)
    static func digits(_ a: Int, _ aWidth: Int, _ s1: UInt8, _ b: Int, _ bWidth: Int, _ s2: UInt8,
                       _ c: Int, _ cWidth: Int) -> String {
        String(unsafeUninitializedCapacity: aWidth + bWidth + cWidth + 2) { buffer in
            var i = 0
            func put(_ value: Int, _ width: Int) {
                var v = value, p = i + width - 1
                while p >= i { buffer[p] = UInt8(48 + v % 10); v /= 10; p -= 1 }
                i += width
            }
            put(a, aWidth); buffer[i] = s1; i += 1
            put(b, bWidth); buffer[i] = s2; i += 1
            put(c, cWidth)
            return i
        }
    }

    public var description: String { german }

    public var isValid: Bool {
        guard (1...12).contains(month), (1900...9999).contains(year) else { return false }
        return (1...LocalDate.days(inMonth: month, of: year)).contains(day)
    }

    public static func days(inMonth month: Int, of year: Int) -> Int {
        LocalDateTime.daysInMonth(year: year, month: month)
    }

    /// The day `dayNumber` days after 01.01.1970 (negative: before).
    public init(dayNumber: Int) { self.init(LocalDateTime(dayNumber: dayNumber)) }

    /// Days since 01.01.1970.
    public var dayNumber: Int { startOfDay.dayNumber }

    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    /// `months` calendar months later, the day kept or the month's last (see `addingMonths`).
    public func adding(months: Int) -> LocalDate { LocalDate(startOfDay.addingMonths(months)) }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(until other: LocalDate) -> Int { other.dayNumber - dayNumber }

    /// 0 = Monday … 6 = Sunday.
    public var weekdayIndex: Int { ((dayNumber % 7) + 7 + 3) % 7 }

    /// Monday to Sunday of the week `self` lies in.
    public var week: ClosedRange<LocalDate> {
        let monday = adding(days: -weekdayIndex)
        return monday...monday.adding(days: 6)
    }

    /// Midnight at the start of the day.
    public var startOfDay: LocalDateTime { LocalDateTime(year: year, month: month, day: day) }

    /// Exactly `04.05.2026` (the fast path of `parse`); nil otherwise.
    init?(german text: String) {
        var digits = [Int](repeating: 0, count: 8)
        var count = 0, position = 0
        for byte in text.utf8 {
            if position == 2 || position == 5 {
                guard byte == UInt8(ascii: ".") else { return nil }
            } else {
                guard byte >= 48 && byte <= 57, count < 8 else { return nil }
                digits[count] = Int(byte - 48)
                count += 1
            }
            position += 1
        }
        guard position == 10, count == 8 else { return nil }
        self.init(year: digits[4] * 1000 + digits[5] * 100 + digits[6] * 10 + digits[7], month: digits[2] * 10 + digits[3],
                  day: digits[0] * 10 + digits[1])
        guard isValid else { return nil }
    }

    /// Parses the storage form `2026-05-04` (exactly); nil otherwise.
    public init?(iso text: String) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 10, utf8[4] == UInt8(ascii: "-"), utf8[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                let b = utf8[i]
                guard b >= 48 && b <= 57 else { return nil }
                value = value * 10 + Int(b - 48)
            }
            return value
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
        guard isValid else { return nil }
    }

    /// Parses a German date `04.05.2026` (also `4.5.2026`) or the ISO form `2026-05-04`, with a
    /// German reason when it is none: `"31.02.2024" – den 31. gibt es im Monat 02.2024 nicht`.
    public static func parse(_ text: String, field: String = "Datum") throws(Validation.FieldError) -> LocalDate {
        if let fast = LocalDate(german: text) { return fast }
        let value = text.trimmingWhitespace()
        func fail(_ reason: String) -> Validation.FieldError {
            Validation.FieldError(field: field, message: value.isEmpty ? reason : "\"\(value)\" – \(reason)")
        }
        guard !value.isEmpty else { throw fail("fehlt (Format TT.MM.JJJJ, z. B. 04.05.2026)") }
        guard !value.contains(where: { $0 == " " || $0 == "T" || $0 == ":" }) else {
            throw fail("nur ein Datum, ohne Uhrzeit (Format TT.MM.JJJJ, z. B. 04.05.2026)")
        }
        func number(_ s: Substring, maxDigits: Int) -> Int? {
            guard !s.isEmpty, s.count <= maxDigits, s.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int(s)
        }
        var year = 0, month = 0, day = 0
        if value.contains(".") {
            let dmy = value.split(separator: ".", omittingEmptySubsequences: false)
            guard dmy.count == 3, let d = number(dmy[0], maxDigits: 2), let m = number(dmy[1], maxDigits: 2)
            else { throw fail("kein Datum (Format TT.MM.JJJJ, z. B. 04.05.2026)") }
            guard dmy[2].count == 4, let y = number(dmy[2], maxDigits: 4) else {
                throw fail("das Jahr muss vierstellig sein (Format TT.MM.JJJJ, z. B. 04.05.2026)")
            }
            (year, month, day) = (y, m, d)
        } else if value.contains("-") {
            let ymd = value.split(separator: "-", omittingEmptySubsequences: false)
            guard ymd.count == 3, ymd[0].count == 4, let y = number(ymd[0], maxDigits: 4),
                  let m = number(ymd[1], maxDigits: 2), let d = number(ymd[2], maxDigits: 2)
            else { throw fail("kein Datum (Format TT.MM.JJJJ, z. B. 04.05.2026)") }
            (year, month, day) = (y, m, d)
        } else {
            throw fail("kein Datum (Format TT.MM.JJJJ, z. B. 04.05.2026)")
        }
        guard (1...12).contains(month) else { throw fail("Monat \(month) gibt es nicht") }
        guard (1900...9999).contains(year) else { throw fail("Jahr \(year) liegt außerhalb von 1900 bis 9999") }
        let date = LocalDate(year: year, month: month, day: day)
        guard date.isValid else {
            let pad = month < 10 ? "0\(month)" : "\(month)"
            throw fail("den \(day). gibt es im Monat \(pad).\(year) nicht")
        }
        return date
    }

    public static func < (a: LocalDate, b: LocalDate) -> Bool { a.ordinal < b.ordinal }
}
