/// iCalendar (RFC 5545) export of the dated events.
///
/// One `VCALENDAR` with a `VTIMEZONE` for Europe/Berlin (CET/CEST, EU rules) and one `VEVENT`
/// per `Event`, in the given order. Times are Berlin wall-clock times
/// (`DTSTART;TZID=Europe/Berlin:20260504T093000`); an event that runs from midnight to a later
/// midnight is written as an all-day event (`DTSTART;VALUE=DATE:20260504`, `DTEND` exclusive).
///
/// `UID`: an imported event keeps the UID it came with (so the calendar it came from updates
/// instead of duplicating); an occurrence of an imported recurring event carries the series'
/// UID and its `RECURRENCE-ID`; all others get `event-<id>@<uidDomain>`, stable across exports.
///
/// `DESCRIPTION` is the event's notes, followed (after a blank line) by format, organiser,
/// measure, stakeholders and series for people to read. For a lossless re-import the fields go
/// into `X-TEAMWORK-*` properties too: `X-TEAMWORK-NOTES` (the notes exactly, also when empty),
/// `X-TEAMWORK-ORGANISER` (text), `X-TEAMWORK-MEASURE` (measure id), `X-TEAMWORK-STAKEHOLDERS`
/// (ids, comma-separated), `X-TEAMWORK-SERIES` (series id). Other programs ignore these.
///
/// Series (`EventSeries`) have no date and are not exported as events; `series` only names the
/// series of an event in its description (`Reihe: Smart-City-Forum (jährlich)`).
/// No control character of the data is written raw (see `ContentLines.inert`).
public enum ICalendar {
    public static let defaultUIDDomain = "teamwork.schwerin.de"
    public static let productID = "-//Smart City Schwerin//teamwork//DE"
    public static let timeZoneID = "Europe/Berlin"

    /// `event-<id>@<uidDomain>`
    public static func uid(eventID: Int64, uidDomain: String = defaultUIDDomain) -> String {
        "event-\(eventID)@\(uidDomain)"
    }

    /// The UID the event is exported with: its own (imported) one, else `uid(eventID:)`.
    public static func uid(of event: Event, uidDomain: String = defaultUIDDomain) -> String {
        event.uid.isEmpty ? uid(eventID: event.id, uidDomain: uidDomain) : event.uid
    }

    /// The calendar as iCalendar text (UTF-8, CRLF, folded at 75 octets).
    /// - Parameters:
    ///   - series: names the series of an event in its description; series themselves are not exported.
    ///   - stakeholderNames, measureTitles: for the description; unknown ids appear as `#<id>`.
    ///   - now: the `DTSTAMP` of every event.
    public static func write(events: [Event], series: [EventSeries]?, stakeholderNames: [Int64: String],
                             measureTitles: [Int64: String], uidDomain: String = defaultUIDDomain,
                             now: UTCDateTime) -> String {
        typealias L = ContentLines
        var out = ""
        out.reserveCapacity(900 + events.count * 500)
        out += L.line("BEGIN", "VCALENDAR")
        out += L.line("VERSION", "2.0")
        out += L.line("PRODID", productID)
        out += L.line("CALSCALE", "GREGORIAN")
        out += timeZone
        let stamp = now.basic
        for event in events {
            out += L.line("BEGIN", "VEVENT")
            out += L.line("UID", uid(of: event, uidDomain: uidDomain))
            out += L.line("DTSTAMP", stamp)
            if !event.recurrenceID.isEmpty {
                let isDate = event.recurrenceID.count == 8
                out += L.line("RECURRENCE-ID", event.recurrenceID, params: isDate ? ";VALUE=DATE" : ";TZID=\(timeZoneID)")
            }
            if EventDate.isAllDay(event) {
                out += L.line("DTSTART", dateValue(event.start), params: ";VALUE=DATE")
                out += L.line("DTEND", dateValue(event.end), params: ";VALUE=DATE")
            } else {
                out += L.line("DTSTART", dateTimeValue(event.start), params: ";TZID=\(timeZoneID)")
                out += L.line("DTEND", dateTimeValue(event.end), params: ";TZID=\(timeZoneID)")
            }
            out += L.text("SUMMARY", event.title)
            if !event.place.isEmpty { out += L.text("LOCATION", event.place) }
            let facts = description(of: event, series: series, stakeholderNames: stakeholderNames,
                                    measureTitles: measureTitles)
            let text = [event.notes, facts].filter { !$0.isEmpty }.joined(separator: "\n\n")
            if !text.isEmpty { out += L.text("DESCRIPTION", text) }
            if !event.format.isEmpty { out += L.text("CATEGORIES", event.format) }
            // Always with a DESCRIPTION, so that a re-import takes the notes, not the facts.
            if !text.isEmpty { out += L.text("X-TEAMWORK-NOTES", event.notes) }
            if !event.organiser.isEmpty { out += L.text("X-TEAMWORK-ORGANISER", event.organiser) }
            if let measure = event.measureID { out += L.line("X-TEAMWORK-MEASURE", String(measure)) }
            if !event.stakeholderIDs.isEmpty {
                out += L.line("X-TEAMWORK-STAKEHOLDERS", event.stakeholderIDs.map(String.init).joined(separator: ","))
            }
            if let s = event.seriesID { out += L.line("X-TEAMWORK-SERIES", String(s)) }
            out += L.line("END", "VEVENT")
        }
        out += L.line("END", "VCALENDAR")
        return out
    }

    /// The description lines: format, organiser, measure, stakeholders, series (those that are set).
    static func description(of event: Event, series: [EventSeries]?, stakeholderNames: [Int64: String],
                            measureTitles: [Int64: String]) -> String {
        var lines: [String] = []
        if !event.format.isEmpty { lines.append("Format: \(event.format)") }
        if !event.organiser.isEmpty { lines.append("Veranstalter: \(event.organiser)") }
        if let m = event.measureID { lines.append("Maßnahme: \(measureTitles[m] ?? "#\(m)")") }
        if !event.stakeholderIDs.isEmpty {
            lines.append("Beteiligte: " + event.stakeholderIDs.map { stakeholderNames[$0] ?? "#\($0)" }
                .joined(separator: ", "))
        }
        if let id = event.seriesID, let s = series?.first(where: { $0.id == id }) {
            lines.append("Reihe: \(s.title)" + (s.cadence.isEmpty ? "" : " (\(s.cadence))"))
        }
        return lines.joined(separator: "\n")
    }

    /// Europe/Berlin with the EU rules since 1996 (RRULE from 1970, as common calendar programs write it).
    static let timeZone: String = [
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Berlin",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "TZNAME:CEST",
        "DTSTART:19700329T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "TZNAME:CET",
        "DTSTART:19701025T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
    ].map { $0 + "\r\n" }.joined()

    static func isAllDay(_ e: Event) -> Bool { EventDate.isAllDay(e) }

    static func dateValue(_ t: LocalDateTime) -> String {
        BerlinClock.pad(t.year, 4) + BerlinClock.pad(t.month, 2) + BerlinClock.pad(t.day, 2)
    }

    static func dateTimeValue(_ t: LocalDateTime) -> String {
        dateValue(t) + "T" + BerlinClock.pad(t.hour, 2) + BerlinClock.pad(t.minute, 2) + "00"
    }
}
