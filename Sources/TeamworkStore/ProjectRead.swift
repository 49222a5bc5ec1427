import GRDBSQLite
import TeamworkCore

// Reading the whole project over one SQLite connection, inside a read transaction the caller
// holds: `loadProject` through GRDB's pool, the dashboard's start over its data-version
// connection (`StartupRead.swift`).

extension ProjectStore {
    /// The project read over `connection` inside a read transaction (also the dashboard's start,
    /// `StartupRead.swift`). Rows go through `RawQuery` (RawRows.swift), not GRDB's generic
    /// records: at start-up the latter's metadata and conformance look-ups cost more than the rows.
    static func readProject(_ connection: OpaquePointer, path: String) throws -> Project {
        let db = connection
        let name = try RawQuery.all(db, table: "project", "SELECT * FROM project LIMIT 1",
                                    ProjectRecord.init(raw:)).first?.name ?? ""
        let plan = try Self.fetchPlan(db, path: path)
        guard let terms = try RawQuery.all(db, table: "funding_terms", "SELECT * FROM funding_terms LIMIT 1",
                                           FundingTermsRecord.init(raw:)).first?.core else {
            throw StoreError.invalidData(path, "Förderbedingungen fehlen")
        }
        let measures = MeasureChecks.applicationOrder(
            try RawQuery.all(db, table: "measure", "SELECT * FROM measure", MeasureRecord.init(raw:))
                .map { r throws(StoreError) in try r.core() })
        let staffing = try RawQuery.all(db, table: "staffing_unit", "SELECT * FROM staffing_unit ORDER BY position, id",
                                        StaffingUnitRecord.init(raw:)).map(\.core)
        let stakeholders = try RawQuery.all(db, table: "stakeholder", "SELECT * FROM stakeholder ORDER BY id",
                                            StakeholderRecord.init(raw:))
            .map { r throws(StoreError) in try r.core() }
        let series = try RawQuery.all(db, table: "event_series", "SELECT * FROM event_series ORDER BY id",
                                      EventSeriesRecord.init(raw:)).map(\.core)
        var links: [Int64: [Int64]] = [:]
        for link in try RawQuery.all(db, table: "event_stakeholder",
                                     "SELECT * FROM event_stakeholder ORDER BY event_id, stakeholder_id",
                                     EventStakeholderRecord.init(raw:)) {
            links[link.eventID, default: []].append(link.stakeholderID)
        }
        let events = try RawQuery.all(db, table: "event", "SELECT * FROM event ORDER BY start, id", EventRecord.init(raw:))
            .map { r throws(StoreError) in try r.core(stakeholderIDs: links[r.id ?? 0] ?? []) }
        return Project(name: name, plan: plan, terms: terms, measures: measures, staffing: staffing,
                       stakeholders: stakeholders, series: series, events: events,
                       expenses: try Self.fetchExpenses(db), controlling: try Self.fetchControlling(db),
                       drawdowns: try Self.fetchDrawdownRegister(db))
    }

    static func fetchPlan(_ db: OpaquePointer, path: String) throws -> Plan {
        let lines = try RawQuery.all(db, table: "plan_line", "SELECT * FROM plan_line ORDER BY position",
                                     PlanLineRecord.init(raw:))
        let values = try RawQuery.all(db, table: "plan_value", "SELECT * FROM plan_value ORDER BY line_code, year",
                                      PlanValueRecord.init(raw:))
        // The distinct years by sorting, and each year's column by search: a plan has about eight,
        // and a Set or Dictionary of Int here cost every start a scan of the conformance tables.
        var years: [Int] = []
        for v in values where !years.contains(v.year) { years.append(v.year) }
        years.sort()
        if years.isEmpty { years = KfW436.years }
        var byLine: [String: [Int64]] = [:]
        for v in values {
            byLine[v.lineCode, default: Array(repeating: 0, count: years.count)][years.firstIndex(of: v.year)!] = v.value
        }
        let planLines = try lines.map { r throws(StoreError) -> PlanLine in
            guard let section = PlanSection(rawValue: r.section), let kind = LineKind(rawValue: r.kind) else {
                throw StoreError.invalidData(path, "Planzeile \(r.code) hat unbekannten Abschnitt/Typ")
            }
            let parts = r.parts.split(separator: ",").map { String($0).trimmingWhitespace() }
            return PlanLine(code: r.code, label: r.label, section: section, kind: kind, parts: parts,
                            values: byLine[r.code] ?? Array(repeating: 0, count: years.count),
                            statedTotal: r.statedTotal)
        }
        return Plan(years: years, lines: planLines)
    }
}
