import TeamworkCore

/// What `x` writes for each pane, in the format its users open it with: the plan as CSV for
/// Excel, events as an iCalendar file, stakeholders as vCards, the overview as the Markdown
/// status report, lists as CSV. Each pane's spec names its builder (`PaneSpec.export`); the
/// file travels to the disk as the payload of `Effect.export`.
public enum PaneExport {
    public struct File: Hashable, Sendable {
        /// Suggested file name, e.g. `teamwork-kosten-2026-11-26.csv`.
        public var name: String
        public var contents: String
        /// German description of the format, for the status line.
        public var format: String

        public init(name: String, contents: String, format: String) {
            self.name = name; self.contents = contents; self.format = format
        }
    }

    public static func file(for state: AppState, now: UTCDateTime) -> File {
        Panes.spec(state.pane).export(state, now)
    }

    /// `teamwork-<stem>-<date>.<ext>`, dated by the dashboard's today.
    static func named(_ state: AppState, _ stem: String, _ ext: String) -> String {
        "teamwork-\(stem)-\(state.today.map { String($0.iso.prefix(10)) } ?? "export").\(ext)"
    }

    static func statusReport(_ state: AppState, now: UTCDateTime) -> File {
        File(name: named(state, "statusbericht", "md"),
             contents: StatusReport.render(project: state.project, changes: state.changes, since: state.lastReview,
                                           today: state.today, format: .md),
             format: "Statusbericht (Markdown)")
    }

    static func planCSV(_ state: AppState, now: UTCDateTime) -> File {
        File(name: named(state, "plan", "csv"), contents: PlanCSV.write(state.project.plan),
             format: "Kosten- und Finanzierungsplan (CSV)")
    }

    static func calendar(_ state: AppState, now: UTCDateTime) -> File {
        let project = state.project
        return File(name: named(state, "termine", "ics"),
                    contents: ICalendar.write(project: project, now: now),
                    format: "Kalender (iCalendar, \(project.events.count) Termine mit Datum)")
    }

    static func vCards(_ state: AppState, now: UTCDateTime) -> File {
        File(name: named(state, "akteure", "vcf"), contents: VCard.write(state.project.stakeholders),
             format: "Adressbuch (vCard 4.0, \(state.project.stakeholders.count) Karten)")
    }

    /// A list pane as CSV: its columns and its record and sum rows (no headings).
    static func listCSV(_ state: AppState, pane: PaneID, stem: String) -> File {
        let model = state.listModel(pane)
        var rows = [model.columns.map(\.title)]
        for row in model.rows where row.selectable || row.role == .sumRow { rows.append(row.cells) }
        return File(name: named(state, stem, "csv"), contents: excelCSV(rows), format: "\(Panes.spec(pane).title) (CSV)")
    }

    /// Rows as German Excel opens them: UTF-8 with BOM, `;`, CRLF, every cell inert and
    /// formula-safe (`ProofRender.csvField`: a leading `=`, `+`, `-`, `@` gets a `'`).
    static func excelCSV(_ rows: [[String]]) -> String {
        "\u{FEFF}" + rows.map { $0.map(ProofRender.csvField).joined(separator: ";") + "\r\n" }.joined()
    }
}
