/// What the status table, the overview, the review and the weekly report show of the
/// Maßnahmen-Controlling, as plain values computed from the measures and their controlling data.

/// A milestone together with its measure.
public struct MilestoneItem: Hashable, Sendable {
    public var measure: Measure
    public var milestone: Milestone

    public init(measure: Measure, milestone: Milestone) {
        self.measure = measure; self.milestone = milestone
    }
}

/// How many measures have a status.
public struct StatusCount: Hashable, Sendable {
    public var status: MeasureStatus
    public var count: Int

    public init(status: MeasureStatus, count: Int) {
        self.status = status; self.count = count
    }
}

/// One row of the status table (`teamwork measures`, the measures pane).
public struct MeasureStatusRow: Hashable, Sendable {
    public var measure: Measure
    public var state: MeasureState
    /// Name of the responsible unit, with the stakeholder after a "/" when one is set; nil: nobody.
    public var responsible: String?
    /// The open milestone due first.
    public var next: Milestone?
    /// `next` is overdue today.
    public var nextIsOverdue: Bool

    public init(measure: Measure, state: MeasureState, responsible: String?, next: Milestone?, nextIsOverdue: Bool) {
        self.measure = measure; self.state = state; self.responsible = responsible; self.next = next
        self.nextIsOverdue = nextIsOverdue
    }

    /// `31.03.2027 Konzept` (`!` in front when overdue), "—" without an open milestone.
    public var nextText: String {
        guard let next else { return "—" }
        return (nextIsOverdue ? "! " : "") + "\(next.due.german) \(next.title)"
    }
}

/// The milestones of a week (or any span) for the weekly report.
public struct MilestonesInSpan: Hashable, Sendable {
    /// Done within the span, by done day.
    public var done: [MilestoneItem]
    /// Open and due within the span, by due day.
    public var due: [MilestoneItem]

    public init(done: [MilestoneItem], due: [MilestoneItem]) {
        self.done = done; self.due = due
    }
}

public enum MeasureOverview {
    /// Rows in application order (I.6, IV.1, IV.2).
    public static func rows(measures: [Measure], controlling: MeasureControlling, staffing: [StaffingUnit],
                            stakeholders: [Stakeholder], today: LocalDate) -> [MeasureStatusRow] {
        let units = Dictionary(staffing.map { ($0.id, $0.unit) }, uniquingKeysWith: { a, _ in a })
        let people = Dictionary(stakeholders.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        return MeasureChecks.applicationOrder(measures).map { m in
            let state = controlling.state(of: m)
            let names = [state.responsibleUnitID.flatMap { units[$0] }, state.stakeholderID.flatMap { people[$0] }]
                .compactMap { $0 }
            let next = controlling.nextMilestone(of: m.id)
            return MeasureStatusRow(measure: m, state: state, responsible: names.isEmpty ? nil : names.joined(separator: " / "),
                                    next: next, nextIsOverdue: next?.isOverdue(today: today) ?? false)
        }
    }

    /// Every status in order (geplant … gestoppt) with its number of measures, zeros included.
    public static func countByStatus(measures: [Measure], controlling: MeasureControlling) -> [StatusCount] {
        var counts = Array(repeating: 0, count: MeasureStatus.allCases.count)
        for m in measures { counts[MeasureStatus.allCases.firstIndex(of: controlling.state(of: m).status)!] += 1 }
        return MeasureStatus.allCases.enumerated().map { StatusCount(status: $1, count: counts[$0]) }
    }

    /// Open milestones due before `today`, oldest due first.
    public static func overdueMilestones(measures: [Measure], controlling: MeasureControlling,
                                         today: LocalDate) -> [MilestoneItem] {
        items(measures, controlling) { $0.isOverdue(today: today) }.sorted(by: byDue)
    }

    /// Open milestones due from `today` on, within `days` days: `today ≤ due < today + days`
    /// (14 days: today and the 13 days after it). By due day.
    public static func milestonesDue(measures: [Measure], controlling: MeasureControlling, today: LocalDate,
                                     days: Int = 14) -> [MilestoneItem] {
        let end = today.adding(days: days)
        return items(measures, controlling) { !$0.isDone && $0.due >= today && $0.due < end }.sorted(by: byDue)
    }

    /// Milestones done within `span` and open ones due within it; for the weekly report pass
    /// `today.week` (Monday to Sunday).
    public static func milestones(in span: ClosedRange<LocalDate>, measures: [Measure],
                                  controlling: MeasureControlling) -> MilestonesInSpan {
        let done = items(measures, controlling) { $0.done.map(span.contains) ?? false }
            .sorted { ($0.milestone.done!, $0.milestone.title) < ($1.milestone.done!, $1.milestone.title) }
        let due = items(measures, controlling) { !$0.isDone && span.contains($0.due) }.sorted(by: byDue)
        return MilestonesInSpan(done: done, due: due)
    }

    static func items(_ measures: [Measure], _ c: MeasureControlling, _ keep: (Milestone) -> Bool) -> [MilestoneItem] {
        // A search, not a dictionary by id: a project has dozens of measures, and the dictionary's
        // metadata cost the first frame a scan of the runtime's conformance tables.
        c.milestones.filter(keep).compactMap { ms in
            measures.first { $0.id == ms.measureID }.map { MilestoneItem(measure: $0, milestone: ms) }
        }
    }

    static func byDue(_ a: MilestoneItem, _ b: MilestoneItem) -> Bool {
        (a.milestone.due, a.measure.reference, a.milestone.title) < (b.milestone.due, b.measure.reference, b.milestone.title)
    }
}

/// A milestone as a calendar entry: the `Event` value the .ics export takes, and the stable UID
/// it must carry (distinct from the events' `event-<id>@…`).
public struct MilestoneEvent: Hashable, Sendable {
    public var uid: String
    public var event: Event

    public init(uid: String, event: Event) {
        self.uid = uid; self.event = event
    }
}

public enum MeasureCalendar {
    /// `milestone-7@teamwork.schwerin.de`: stable across exports.
    public static func uid(milestoneID: Int64, uidDomain: String = "teamwork.schwerin.de") -> String {
        "milestone-\(milestoneID)@\(uidDomain)"
    }

    /// Every milestone as an all-day event on its due day (midnight to the next midnight, which
    /// the exporter writes as `DTSTART;VALUE=DATE`), in due order. Title
    /// `Meilenstein IV.2-1: Konzept` (done ones end in ` (erledigt 12.03.2027)`), format
    /// "Meilenstein", organiser the responsible unit, linked to the measure. The event id is 0:
    /// use `uid`, not the id, to identify it.
    public static func events(measures: [Measure], controlling: MeasureControlling, staffing: [StaffingUnit],
                              uidDomain: String = "teamwork.schwerin.de") -> [MilestoneEvent] {
        let units = Dictionary(staffing.map { ($0.id, $0.unit) }, uniquingKeysWith: { a, _ in a })
        return MeasureOverview.items(measures, controlling) { _ in true }.sorted(by: MeasureOverview.byDue).map { item in
            let ms = item.milestone
            let done = ms.done.map { " (erledigt \($0.german))" } ?? ""
            let unit = controlling.state(of: item.measure).responsibleUnitID.flatMap { units[$0] } ?? ""
            return MilestoneEvent(
                uid: uid(milestoneID: ms.id, uidDomain: uidDomain),
                event: Event(title: "Meilenstein \(item.measure.reference): \(ms.title)\(done)", format: "Meilenstein",
                             start: ms.due.startOfDay, end: ms.due.adding(days: 1).startOfDay, organiser: unit,
                             measureID: item.measure.id))
        }
    }
}
