/// How an event's date is shown: whole days without times, ranges compact.
///
/// An event is a whole-day event when it runs from midnight to a later midnight (that is how an
/// iCalendar `VALUE=DATE` event is stored: the end is the exclusive next day at 00:00).
///
///     01.06.2027                      one whole day
///     11.10.–13.10.2027               whole days, same year (last day inclusive)
///     30.12.2027–02.01.2028           whole days across a year
///     04.05.2026 09:30–12:00          times on one day
///     04.05.2026 09:30                no length
///     04.05.2026 18:00 – 05.05.2026 02:00
public enum EventDate {
    public static func isAllDay(start: LocalDateTime, end: LocalDateTime) -> Bool {
        start.hour == 0 && start.minute == 0 && end.hour == 0 && end.minute == 0 && start < end
    }

    public static func isAllDay(_ e: Event) -> Bool { isAllDay(start: e.start, end: e.end) }

    /// The last day of a whole-day event (the day before its exclusive end).
    public static func lastDay(_ end: LocalDateTime) -> LocalDateTime {
        BerlinClock.adding(-1440, to: end)
    }

    /// The whole span, as in the examples above.
    public static func display(start: LocalDateTime, end: LocalDateTime) -> String {
        if isAllDay(start: start, end: end) {
            let last = lastDay(end)
            if last.year == start.year && last.month == start.month && last.day == start.day { return start.germanDate }
            if last.year == start.year { return dayMonth(start) + "–" + last.germanDate }
            return start.germanDate + "–" + last.germanDate
        }
        if start == end { return start.german }
        if start.year == end.year && start.month == end.month && start.day == end.day {
            return start.german + "–" + time(end)
        }
        return start.german + " – " + end.german
    }

    public static func display(_ e: Event) -> String { display(start: e.start, end: e.end) }

    /// For a list column "Beginn": the whole-day span (no times), else the start as before.
    public static func startColumn(_ e: Event) -> String { isAllDay(e) ? display(e) : e.start.german }

    /// For a list column "Ende": "ganztägig" for whole days, else the end.
    public static func endColumn(_ e: Event) -> String { isAllDay(e) ? "ganztägig" : e.end.german }

    /// For a detail view: `Beginn`/`Ende` with times, or one `Datum` line for whole days.
    public static func detailFields(_ e: Event) -> [(label: String, text: String)] {
        isAllDay(e) ? [("Datum", display(e) + " (ganztägig)")] : [("Beginn", e.start.german), ("Ende", e.end.german)]
    }

    static func dayMonth(_ t: LocalDateTime) -> String {
        BerlinClock.pad(t.day, 2) + "." + BerlinClock.pad(t.month, 2) + "."
    }

    static func time(_ t: LocalDateTime) -> String { BerlinClock.pad(t.hour, 2) + ":" + BerlinClock.pad(t.minute, 2) }
}
