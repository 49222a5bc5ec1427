import TeamworkCore

/// What `x` writes for each pane, in the format its users open it with: the plan as CSV for
/// Excel, events as an iCalendar file, stakeholders as vCards, the overview as the Markdown
/// status report, lists as CSV.
public enum PaneExport {
    public struct File: Equatable, Sendable {
        /// Suggested file name, e.g. `teamwork-kosten-2026-11-26.csv`.
        public var name: String
        public var contents: String
        /// German description of the format, for the status line.
        public var format: String
    }

    public static func file(for state: AppState, now: UTCDateTime) -> File {
        let project = state.project
        let date = state.today.map { String($0.iso.prefix(10)) } ?? "export"
        func named(_ stem: String, _ ext: String) -> String { "teamwork-\(stem)-\(date).\(ext)" }
        switch state.pane {
        case .overview:
            return File(name: named("statusbericht", "md"), contents: StatusReport.render(state, since: state.lastReview, format: .md),
                        format: "Statusbericht (Markdown)")
        case .costs, .financing:
            return File(name: named("plan", "csv"), contents: PlanCSV.write(project.plan), format: "Kosten- und Finanzierungsplan (CSV)")
        case .events:
            let stakeholders = Dictionary(project.stakeholders.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            let measures = Dictionary(project.measures.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
            return File(name: named("termine", "ics"),
                        contents: ICalendar.write(events: project.events, series: project.series, stakeholderNames: stakeholders,
                                                  measureTitles: measures, now: now),
                        format: "Kalender (iCalendar, \(project.events.count) Termine mit Datum)")
        case .stakeholders:
            return File(name: named("akteure", "vcf"), contents: VCard.write(project.stakeholders),
                        format: "Adressbuch (vCard 4.0, \(project.stakeholders.count) Karten)")
        case .measures, .staffing, .findings, .changes:
            let model = state.listModel(state.pane)
            var text = PlanCSV.row(model.columns.map(\.title))
            for row in model.rows where row.selectable || row.role == .sumRow { text += PlanCSV.row(row.cells) }
            let stem = ["measures": "massnahmen", "staffing": "personal", "findings": "pruefung", "changes": "aenderungen"]["\(state.pane)"] ?? "liste"
            return File(name: named(stem, "csv"), contents: text, format: "\(state.pane.title) (CSV)")
        }
    }
}
