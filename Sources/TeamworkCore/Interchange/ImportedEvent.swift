/// One `VEVENT` as read from a file.
public struct ImportedEvent: Hashable, Sendable {
    public struct Attendee: Hashable, Sendable {
        /// `CN` (may be empty).
        public var name: String
        /// The address without `mailto:` (may be empty).
        public var email: String

        public init(name: String, email: String) { self.name = name; self.email = email }

        /// `Anna Müller <anna@example.org>`
        public var display: String {
            if name.isEmpty { return email }
            return email.isEmpty ? name : "\(name) <\(email)>"
        }
    }

    public var uid: String
    /// `SUMMARY` (empty if missing).
    public var title: String
    /// `CATEGORIES`, several joined with `, `.
    public var format: String
    /// Berlin local time.
    public var start: LocalDateTime
    /// Berlin local time; for all-day events the (exclusive) next day at 00:00.
    public var end: LocalDateTime
    /// `DTSTART` was a date without time.
    public var allDay: Bool
    /// `LOCATION`
    public var place: String
    /// `DESCRIPTION` as written.
    public var description: String
    /// The event's notes: `X-TEAMWORK-NOTES` (our own exports), else `DESCRIPTION`.
    public var notes: String
    /// `ATTENDEE`s in file order.
    public var attendees: [Attendee]
    /// `X-TEAMWORK-ORGANISER`, else the `CN` (or address) of `ORGANIZER`, else empty.
    public var organiser: String
    /// From `X-TEAMWORK-MEASURE`, `X-TEAMWORK-STAKEHOLDERS`, `X-TEAMWORK-SERIES` (our own exports).
    public var measureID: Int64?
    public var stakeholderIDs: [Int64]
    public var seriesID: Int64?
    /// `RRULE` as written, if the event recurs.
    public var recurrenceRule: String?
    /// The parsed `RRULE`.
    public var recurrence: RecurrenceRule?
    /// `DTSTART` in the clock the rule runs in (UTC for `…Z`, else Berlin), for the expansion.
    public var ruleStart: LocalDateTime
    public var ruleInUTC: Bool
    /// `EXDATE`s in Berlin time.
    public var exceptionDates: [LocalDateTime]
    /// `EXDATE;VALUE=DATE` days (`20270104`): every occurrence on that day is left out.
    public var exceptionDays: Set<String> = []
    /// `RECURRENCE-ID` of this VEVENT (Berlin, `20270104T090000` or `20270104`), empty if none.
    public var recurrenceID: String
    /// VEVENTs of the same UID with a `RECURRENCE-ID` (changed occurrences), merged into the master.
    public var overrides: [ImportedEvent]
    /// Line of `BEGIN:VEVENT`.
    public var line: Int

    public init(uid: String, title: String, format: String = "", start: LocalDateTime, end: LocalDateTime,
                allDay: Bool = false, place: String = "", description: String = "", notes: String? = nil,
                attendees: [Attendee] = [], organiser: String = "",
                measureID: Int64? = nil, stakeholderIDs: [Int64] = [], seriesID: Int64? = nil,
                recurrenceRule: String? = nil, recurrence: RecurrenceRule? = nil, ruleStart: LocalDateTime? = nil,
                ruleInUTC: Bool = false, exceptionDates: [LocalDateTime] = [], recurrenceID: String = "",
                line: Int = 0) {
        self.uid = uid; self.title = title; self.format = format; self.start = start; self.end = end
        self.allDay = allDay; self.place = place; self.description = description; self.notes = notes ?? description
        self.attendees = attendees; self.organiser = organiser
        self.measureID = measureID; self.stakeholderIDs = stakeholderIDs; self.seriesID = seriesID
        self.recurrenceRule = recurrenceRule; self.recurrence = recurrence; self.ruleStart = ruleStart ?? start
        self.ruleInUTC = ruleInUTC; self.exceptionDates = exceptionDates; self.recurrenceID = recurrenceID
        self.overrides = []; self.line = line
    }

    /// The event id if the UID is one of ours (`event-<id>@<uidDomain>`), else nil.
    public func eventID(uidDomain: String = ICalendar.defaultUIDDomain) -> Int64? {
        let prefix = "event-", suffix = "@" + uidDomain
        guard uid.hasPrefix(prefix), uid.hasSuffix(suffix), uid.count > prefix.count + suffix.count else { return nil }
        return Int64(uid.dropFirst(prefix.count).dropLast(suffix.count))
    }

    /// As a project event. Exporting it again gives the same `VEVENT` as the file it came from,
    /// if that was our own export (same id, names and `now`). A foreign UID is kept.
    public func event(id: Int64, version: Int64 = 1) -> Event {
        Event(id: id, seriesID: seriesID, title: title, format: format, start: start, end: end, place: place,
              organiser: organiser, measureID: measureID, stakeholderIDs: stakeholderIDs, notes: notes,
              uid: eventID() == nil ? uid : "", recurrenceID: recurrenceID, version: version)
    }

    /// `RECURRENCE-ID` form of a Berlin start: `20270104T090000`, or `20270104` for a whole day.
    public static func recurrenceKey(_ t: LocalDateTime, allDay: Bool) -> String {
        allDay ? ICalendar.dateValue(t) : ICalendar.dateTimeValue(t)
    }

    /// The dated occurrences of a recurring event up to `limit` (Berlin time, inclusive): the
    /// rule expanded, `EXDATE`s removed, changed occurrences (`overrides`) put in place; each
    /// with its `recurrenceID`, no rule. `complete` is false when the rule goes on after `limit`.
    /// A single event gives itself.
    public func occurrences(limit: LocalDateTime) -> (events: [ImportedEvent], complete: Bool) {
        guard let rule = recurrence else { return ([self], true) }
        let length = BerlinClock.minutes(end) - BerlinClock.minutes(start)
        let clockLimit = ruleInUTC ? UTCDateTime(berlin: limit).wall : limit
        let (starts, complete) = rule.occurrences(from: ruleStart, limit: clockLimit, inUTC: ruleInUTC)
        let excluded = Set(exceptionDates.map { Self.recurrenceKey($0, allDay: allDay) })
        var byKey: [String: ImportedEvent] = [:]
        for o in overrides { byKey[o.recurrenceID] = o }
        var result: [ImportedEvent] = []
        var used = Set<String>()
        for wall in starts {
            let berlin = ruleInUTC
                ? UTCDateTime(year: wall.year, month: wall.month, day: wall.day, hour: wall.hour, minute: wall.minute).berlin
                : wall
            let key = Self.recurrenceKey(berlin, allDay: allDay)
            if excluded.contains(key) || exceptionDays.contains(ICalendar.dateValue(berlin)) { continue }
            var occurrence = byKey[key] ?? self
            if byKey[key] == nil {
                occurrence.start = berlin
                occurrence.end = BerlinClock.adding(length, to: berlin)
            }
            occurrence.recurrenceID = key
            occurrence.recurrence = nil; occurrence.recurrenceRule = nil; occurrence.overrides = []
            used.insert(key)
            result.append(occurrence)
        }
        // Changed occurrences the rule no longer produces (moved out of the pattern) stay.
        for o in overrides where !used.contains(o.recurrenceID) && o.start <= limit {
            var occurrence = o
            occurrence.recurrence = nil; occurrence.recurrenceRule = nil
            result.append(occurrence)
        }
        result.sort { $0.start < $1.start }
        return (result, complete)
    }
}

extension UTCDateTime {
    /// The same date and time fields as a wall-clock value (no conversion).
    var wall: LocalDateTime { LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute) }
}
