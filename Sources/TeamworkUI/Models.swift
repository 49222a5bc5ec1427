import TeamworkCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Row models of every pane, built once when the project or its findings change —
/// never per frame.

public struct ListColumn: Sendable {
    public var title: String
    public var width: Int
    public var flexible: Bool
    public var alignRight: Bool
    public init(_ title: String, width: Int, flexible: Bool = false, alignRight: Bool = false) {
        self.title = title; self.width = width; self.flexible = flexible; self.alignRight = alignRight
    }
}

/// The record a list row shows, for editing and deleting it.
public enum RecordRef: Hashable, Sendable {
    case measure(Int64), staffing(Int64), stakeholder(Int64), event(Int64), series(Int64)
    /// A milestone or a progress note (lines of a measure's detail view).
    case milestone(Int64), note(Int64)
    /// A Mittelabruf and a funding term (pane Mittelabruf).
    case drawdown(Int64), term(FundingTermKey)
    /// The Verwendungsnachweis of a phase (its submission date).
    case proof(FundingPhase)
}

/// Where Enter on a findings row leads.
public enum JumpTarget: Hashable, Sendable {
    case planCell(code: String, column: Int)
    /// The list row that shows this record (found by `ListRow.record`, not by its text).
    case record(RecordRef)
}

public struct ListRow: Sendable {
    public var cells: [String]
    public var role: Role
    /// Group headings (in the findings list) are shown but never selected.
    public var selectable: Bool
    /// What the filter searches: the cells joined. `foldedSearchText` is its lower-cased form,
    /// folded once here so a filter keystroke does not lower-case every row again.
    public var searchText: String { didSet { foldedSearchText = TextLayout.fold(searchText) } }
    public private(set) var foldedSearchText: String
    public var target: JumpTarget?
    /// Severity marker for the row (findings and rows that carry findings).
    public var severity: Severity?
    public var record: RecordRef?
    /// A row outside the table's columns: `cells[0]` on the left, `cells[1]` at the right edge
    /// (the funding terms under the drawdowns).
    public var spansColumns: Bool

    public init(cells: [String], role: Role = .body, selectable: Bool = true, target: JumpTarget? = nil,
                severity: Severity? = nil, record: RecordRef? = nil, spansColumns: Bool = false) {
        self.cells = cells; self.role = role; self.selectable = selectable; self.spansColumns = spansColumns
        let searchText = cells.joined(separator: " ")
        self.searchText = searchText; self.foldedSearchText = TextLayout.fold(searchText)
        self.target = target; self.severity = severity
        self.record = record
    }
}

public struct DetailLine: Sendable {
    public var label: String?
    public var text: String
    public var role: Role
    /// The record the line shows, when it can be selected in the detail view (↑↓) to edit or
    /// delete it (milestones and notes of a measure).
    public var item: RecordRef?
    public init(_ label: String?, _ text: String, role: Role = .body, item: RecordRef? = nil) {
        self.label = label; self.text = text; self.role = role; self.item = item
    }
}

public struct ListModel: Sendable {
    public var columns: [ListColumn]
    public var rows: [ListRow]
    public var details: [[DetailLine]]
    public var emptyText: String
}

/// Everything a plan table shows: rows in document order with their tree structure.
public struct GridModel: Sendable {
    public var codes: [String]
    /// Parent code per row (nil at top level), for folding and filter context.
    public var parent: [String: String]
    public var frozenBottom: String?
    public var columnTitles: [String]
}

public struct CellKey: Equatable, Sendable {
    public var code: String
    /// 0..<years.count for a year, years.count for Gesamt.
    public var column: Int
    /// The key of `Models.cellFindings`: a String, whose Hashable conformance the runtime has
    /// already looked up – a key type of its own costs the first frame a conformance scan.
    var id: String { "\(column) \(code)" }
}

public struct Models: Sendable {
    /// Rows of each list pane, from its spec's `buildList` (Änderungen loads its own), built when
    /// a pane first asks: the first frame shows the overview, and building all lists cost more
    /// than the rest of the state.
    let lists: LazyLists
    /// Rows of each plan table, from its spec's `buildGrid`.
    public var grids: PaneMap<GridModel>
    /// Findings by plan cell, most severe first, for highlighting and the footer message.
    private var cellFindings: [String: [Finding]]

    /// The findings of a plan cell, most severe first.
    public func findings(at cell: CellKey) -> [Finding]? { cellFindings[cell.id] }
    /// The receipts ledger against the plan (Soll/Ist, Belegliste), built once per change.
    public var ledger: Ledger
    /// What may be drawn now, next drawdown dates and proof deadlines (pane Mittelabruf, overview, review).
    public var funding: DrawdownStatus

    public var costs: GridModel { grids[.costs]! }
    public var financing: GridModel { grids[.financing]! }

    public init(project: Project, findings: [Finding], today: LocalDateTime?) {
        let plan = project.plan
        var grids = PaneMap<GridModel>()
        for spec in Panes.all {
            if let build = spec.buildGrid { grids[spec.id] = build(plan) }
        }
        lists = LazyLists(project: project, findings: findings, today: today)
        self.grids = grids
        ledger = Ledger(plan: plan, expenses: project.expenses)
        funding = Models.fundingStatus(project, today: today)
        var cells: [String: [Finding]] = [:]
        for finding in findings where plan[finding.line] != nil {
            let column = finding.year.flatMap { plan.yearIndex($0) } ?? plan.years.count
            cells[CellKey(code: finding.line, column: column).id, default: []].append(finding)
        }
        for key in cells.keys { cells[key]!.sort { $0.severity == .error && $1.severity != .error } }
        cellFindings = cells
    }

    static func grid(_ plan: Plan, sections: [PlanSection], frozenBottom: String?) -> GridModel {
        let lines = plan.lines.filter { sections.contains($0.section) && $0.code != frozenBottom }
        var parent: [String: String] = [:]
        for line in plan.lines where line.kind == .group {
            for part in line.parts { parent[part] = line.code }
        }
        return GridModel(codes: lines.map(\.code), parent: parent, frozenBottom: frozenBottom,
                         columnTitles: plan.years.map(String.init) + ["Gesamt"])
    }

    static func staffingList(_ project: Project, findings: [Finding]) -> ListModel {
        let units = project.staffing.inDisplayOrder
        var rows = units.map { u in
            ListRow(cells: [u.unit, Fixed2.format(u.involved), Fixed2.format(u.funded)],
                    severity: findings.first { $0.rule == .staffing && $0.line == u.unit }?.severity, record: .staffing(u.id))
        }
        var details: [[DetailLine]] = units.map { u in
            var lines = [DetailLine(nil, u.unit, role: .title),
                         DetailLine("Stellen beteiligt", Fixed2.format(u.involved)),
                         DetailLine("Stellen gefördert", Fixed2.format(u.funded)),
                         DetailLine("Nicht gefördert", Fixed2.format(u.involved - u.funded))]
            for f in findings where f.rule == .staffing && f.line == u.unit {
                lines.append(DetailLine("Prüfung", f.message, role: .error))
            }
            return lines
        }
        if !units.isEmpty {
            let involved = units.map(\.involved).reduce(0, +), funded = units.map(\.funded).reduce(0, +)
            rows.append(ListRow(cells: ["Summe", Fixed2.format(involved), Fixed2.format(funded)], role: .sumRow))
            details.append([DetailLine(nil, "Summe aller Organisationseinheiten", role: .title),
                            DetailLine("Stellen beteiligt", Fixed2.format(involved)),
                            DetailLine("Stellen gefördert", Fixed2.format(funded))])
        }
        return ListModel(columns: [ListColumn("Organisationseinheit", width: 30, flexible: true),
                                   ListColumn("beteiligt", width: 10, alignRight: true),
                                   ListColumn("gefördert", width: 10, alignRight: true)],
                         rows: rows, details: details, emptyText: "Keine Organisationseinheiten erfasst.")
    }

    static func stakeholderList(_ project: Project) -> ListModel {
        let list = project.stakeholders.inDisplayOrder
        let rows = list.map { s in ListRow(cells: [s.name, s.kind.title, s.role], record: .stakeholder(s.id)) }
        let details: [[DetailLine]] = list.map { s in
            func orEmpty(_ v: String) -> String { v.isEmpty ? "— (im Antrag nicht angegeben)" : v }
            var lines = [DetailLine(nil, s.name, role: .title), DetailLine("Art", s.kind.title),
                         DetailLine("Rolle", s.role), DetailLine("Ansprechperson", orEmpty(s.contactPerson)),
                         DetailLine("E-Mail", orEmpty(s.email)), DetailLine("Telefon", orEmpty(s.phone)),
                         DetailLine("Anschrift", orEmpty(s.address))]
            if !s.organisation.isEmpty { lines.append(DetailLine("Organisation", s.organisation)) }
            if !s.moreEmails.isEmpty { lines.append(DetailLine("Weitere E-Mail", s.moreEmails.joined(separator: ", "))) }
            if !s.morePhones.isEmpty { lines.append(DetailLine("Weitere Tel.", s.morePhones.joined(separator: ", "))) }
            if !s.link.isEmpty { lines.append(DetailLine("Link", s.link)) }
            if !s.notes.isEmpty { lines.append(DetailLine("Notizen", s.notes)) }
            return lines
        }
        return ListModel(columns: [ListColumn("Name", width: 28), ListColumn("Art", width: 18),
                                   ListColumn("Rolle im Projekt", width: 20, flexible: true)],
                         rows: rows, details: details, emptyText: "Keine Akteure erfasst.")
    }

    static func eventList(_ project: Project, today: LocalDateTime?) -> ListModel {
        let measureTitle = Dictionary(project.measures.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        let stakeholderName = Dictionary(project.stakeholders.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var rows: [ListRow] = []
        var details: [[DetailLine]] = []
        for e in project.events.inDisplayOrder {
            let past = today.map { e.end < $0 } ?? false
            rows.append(ListRow(cells: [EventDate.startColumn(e), e.title, e.format, e.place], role: past ? .dim : .body, record: .event(e.id)))
            var lines = [DetailLine(nil, e.title, role: .title), DetailLine("Format", e.format)]
                + EventDate.detailFields(e).map { DetailLine($0.label, $0.text) }
            if !e.place.isEmpty { lines.append(DetailLine("Ort", e.place)) }
            if !e.organiser.isEmpty { lines.append(DetailLine("Veranstalter", e.organiser)) }
            if let m = e.measureID, let title = measureTitle[m] { lines.append(DetailLine("Maßnahme", title)) }
            let names = e.stakeholderIDs.compactMap { stakeholderName[$0] }
            if !names.isEmpty { lines.append(DetailLine("Beteiligte", names.joined(separator: ", "))) }
            if !e.notes.isEmpty { lines.append(DetailLine("Notizen", e.notes)) }
            details.append(lines)
        }
        for s in project.series.inDisplayOrder {
            // A series someone has dated shows its next date instead of "Termin offen".
            let next = project.events.filter { e in e.seriesID == s.id && (today.map { e.end >= $0 } ?? true) }
                .min { $0.start < $1.start }
            let when = next.map { "→ \($0.start.germanDate)" } ?? "Termin offen"
            rows.append(ListRow(cells: [when, s.title, s.format, s.cadence.isEmpty ? "—" : s.cadence], record: .series(s.id)))
            var lines = [DetailLine(nil, s.title, role: .title),
                         DetailLine("Termin", next.map { "nächster am \($0.start.german)" } ?? "offen – noch kein Datum festgelegt"),
                         DetailLine("Format", s.format),
                         DetailLine("Rhythmus", s.cadence.isEmpty ? "im Antrag nicht angegeben" : s.cadence)]
            if !s.organiser.isEmpty { lines.append(DetailLine("Veranstalter", s.organiser)) }
            if let m = s.measureID, let title = measureTitle[m] { lines.append(DetailLine("Maßnahme", title)) }
            if !s.description.isEmpty { lines.append(DetailLine("Beschreibung", s.description)) }
            if !s.source.isEmpty { lines.append(DetailLine("Quelle im Antrag", s.source)) }
            details.append(lines)
        }
        return ListModel(columns: [ListColumn("Datum", width: 17), ListColumn("Titel", width: 24, flexible: true),
                                   ListColumn("Format", width: 16), ListColumn("Ort / Rhythmus", width: 16)],
                         rows: rows, details: details, emptyText: "Keine Termine erfasst.")
    }

    static func findingList(_ findings: [Finding], project: Project) -> ListModel {
        let plan = project.plan
        var rows: [ListRow] = []
        var details: [[DetailLine]] = []
        for severity in [Severity.error, .warning] {
            let group = findings.filter { $0.severity == severity }
            guard !group.isEmpty else { continue }
            let heading = severity == .error ? "Fehler (\(group.count))" : "Warnungen (\(group.count))"
            rows.append(ListRow(cells: [heading, "", "", ""], role: .groupRow, selectable: false))
            details.append([])
            for f in group {
                let target: JumpTarget?
                if plan[f.line] != nil {
                    target = .planCell(code: f.line, column: f.year.flatMap { plan.yearIndex($0) } ?? plan.years.count)
                } else if f.rule == .phaseCap, let first = plan.lines.first(where: { $0.code.hasPrefix(f.line + ".") }) {
                    // A phase ("1", "2") is no plan line: jump to its first group.
                    target = .planCell(code: first.code, column: plan.years.count)
                } else if f.rule == .staffing, let unit = project.staffing.first(where: { $0.unit == f.line }) {
                    target = .record(.staffing(unit.id))
                } else if let measure = project.measures.first(where: { $0.title == f.line }) {
                    target = .record(.measure(measure.id))
                } else {
                    target = nil
                }
                // The message column leaves out "1.1.5 2022: " (the Zeile and Jahr columns say it);
                // the preview under the list shows the whole message.
                let year = f.year.map(String.init) ?? "Gesamt"
                var short = f.message
                if let colon = short.firstRange(of: ": "), short[..<colon.lowerBound].hasSuffix(year) {
                    short = String(short[colon.upperBound...])
                }
                rows.append(ListRow(cells: [f.rule.rawValue, f.line, year, short],
                                    role: severity == .error ? .error : .warning, target: target, severity: severity))
                details.append([DetailLine(nil, f.message, role: .title), DetailLine("Regel", f.rule.rawValue),
                                DetailLine("Zeile", f.line), DetailLine("Jahr", f.year.map(String.init) ?? "Gesamter Zeitraum"),
                                DetailLine("Soll", f.expected), DetailLine("Ist", f.actual)])
            }
        }
        return ListModel(columns: [ListColumn("Regel", width: 15), ListColumn("Zeile", width: 9),
                                   ListColumn("Jahr", width: 6), ListColumn("Meldung", width: 20, flexible: true)],
                         rows: rows, details: details,
                         emptyText: "Keine Befunde: der Plan hält alle Regeln ein.")
    }
}

extension Models {
    static func changeList(_ rows: [ChangeRow]) -> ListModel {
        ListModel(
            columns: [ListColumn("Zeit", width: 16), ListColumn("Wer", width: 10), ListColumn("Was", width: 11),
                      ListColumn("Änderung", width: 20, flexible: true)],
            rows: rows.map { r in
                ListRow(cells: [r.localMinute, r.user, r.entity,
                                r.summary.isEmpty ? "\(r.field): \(r.old) → \(r.new)" : r.summary])
            },
            details: rows.map { r in
                [DetailLine(nil, r.summary.isEmpty ? "Änderung" : r.summary, role: .title), DetailLine("Zeit", r.local),
                 DetailLine("Wer", r.user), DetailLine("Bereich", r.entity), DetailLine("Datensatz", r.entityID),
                 DetailLine("Feld", r.field), DetailLine("Vorher", r.old.isEmpty ? "—" : r.old),
                 DetailLine("Nachher", r.new.isEmpty ? "—" : r.new)]
            },
            emptyText: "Noch keine Änderungen gespeichert.")
    }
}

extension StakeholderKind {
    /// The order of the enum: administration first, funders and platforms last.
    var order: Int { StakeholderKind.allCases.firstIndex(of: self) ?? 0 }
}

extension MeasureStage {
    var order: Int {
        switch self {
        case .implemented: 0
        case .strategy: 1
        case .implementation: 2
        }
    }
}

// `Measure.reference` ("I.6-1", "IV.2-3") lives in TeamworkCore (MeasureControlling.swift).

/// The list models of one project state, each built on first use and then kept. Shared by the
/// copies of a `Models` value: what it holds only depends on the inputs it was made with.
final class LazyLists: @unchecked Sendable {
    private let project: Project
    private let findings: [Finding]
    private let today: LocalDateTime?
    private var built = PaneMap<ListModel>()
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    init(project: Project, findings: [Finding], today: LocalDateTime?) {
        self.project = project
        self.findings = findings
        self.today = today
        pthread_mutex_init(lock, nil)
    }

    deinit {
        pthread_mutex_destroy(lock)
        lock.deallocate()
    }

    func model(_ pane: PaneID) -> ListModel? {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        if let model = built[pane] { return model }
        guard let build = Panes.spec(pane).buildList else { return nil }
        let model = build(project, findings, today)
        built[pane] = model
        return model
    }
}
