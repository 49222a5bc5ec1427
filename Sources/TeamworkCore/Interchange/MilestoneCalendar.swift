/// Milestones in the .ics export: all-day `VEVENT`s with their own stable UIDs
/// (`milestone-<id>@…`), spliced into a calendar `ICalendar.write` produced. Kept apart from the
/// writer so the export adds them in one call.
extension ICalendar {
    /// `calendar` with one all-day event per milestone before its `END:VCALENDAR`.
    public static func adding(milestones: [MilestoneEvent], to calendar: String, now: UTCDateTime) -> String {
        let closing = "END:VCALENDAR\r\n"
        guard !milestones.isEmpty, calendar.hasSuffix(closing) else { return calendar }
        typealias L = ContentLines
        var out = ""
        for item in milestones {
            let e = item.event
            out += L.line("BEGIN", "VEVENT")
            out += L.line("UID", item.uid)
            out += L.line("DTSTAMP", now.basic)
            out += L.line("DTSTART", dateValue(e.start), params: ";VALUE=DATE")
            out += L.line("DTEND", dateValue(e.end), params: ";VALUE=DATE")
            out += L.text("SUMMARY", e.title)
            if !e.organiser.isEmpty { out += L.text("DESCRIPTION", "Verantwortlich: \(e.organiser)") }
            out += L.text("CATEGORIES", e.format)
            if let measure = e.measureID { out += L.line("X-TEAMWORK-MEASURE", String(measure)) }
            out += L.line("END", "VEVENT")
        }
        return String(calendar.dropLast(closing.count)) + out + closing
    }
}

extension ICalendar {
    /// The project's calendar as every export writes it (CLI, store, `x`): the dated events and,
    /// as all-day events, the measures' milestones. Series are not exported as events.
    public static func write(project: Project, now: UTCDateTime) -> String {
        let calendar = write(events: project.events, series: project.series,
                             stakeholderNames: Dictionary(project.stakeholders.map { ($0.id, $0.name) },
                                                          uniquingKeysWith: { a, _ in a }),
                             measureTitles: Dictionary(project.measures.map { ($0.id, $0.title) },
                                                       uniquingKeysWith: { a, _ in a }),
                             now: now)
        return adding(milestones: milestones(of: project), to: calendar, now: now)
    }

    static func milestones(of project: Project) -> [MilestoneEvent] {
        MeasureCalendar.events(measures: project.measures, controlling: project.controlling, staffing: project.staffing)
    }

    /// How many milestones `write(project:now:)` adds (for the export's report).
    public static func milestoneCount(of project: Project) -> Int { milestones(of: project).count }
}
