import GRDB
import TeamworkCore

extension ProjectStore {
    // MARK: Baselines

    /// Name of the baseline frozen from the seeded application (migration "v2-baseline-antrag").
    public static let antragBaselineName = Schema.antragBaselineName

    /// Freezes the current plan (every year value and every stated Gesamt) under `name`, audited.
    /// The name is trimmed; empty or already used names are rejected with `.invalidInput`.
    public func freezeBaseline(name: String, user: String) throws(StoreError) {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else {
            throw StoreError(kind: .invalidInput, message: "Basisplan: der Name darf nicht leer sein",
                             fieldErrors: [Validation.FieldError(field: "Name", message: "darf nicht leer sein")])
        }
        try write("Einfrieren des Basisplans \"\(name)\"", user: user) { db, audit in
            if let row = try Row.fetchOne(db, sql: "SELECT * FROM baseline WHERE name = ?", arguments: [name]) {
                let createdAt: String = row["created_at"]
                let by = Account.author(account: row["account"], user: row["user"])
                throw StoreError(
                    kind: .invalidInput,
                    message: "Basisplan \"\(name)\" gibt es schon (eingefroren von \(by) am "
                        + "\(AuditLog.germanTimestamp(createdAt))); bitte einen anderen Namen wählen",
                    fieldErrors: [Validation.FieldError(field: "Name", message: "\"\(name)\" ist schon vergeben")])
            }
            try Schema.freezeBaseline(db, name: name, at: audit.at, user: audit.user)
            try db.execute(sql: "UPDATE baseline SET account = ? WHERE name = ?", arguments: [audit.account, name])
        }
    }

    /// Every baseline, oldest first: name, creation time (ISO 8601 UTC) and who froze it
    /// (`anna (Anna Schmidt)`, see `Account.author`).
    public func baselines() throws(StoreError) -> [(name: String, createdAt: String, user: String)] {
        try read("Lesen der Basispläne") { db in
            // SELECT *: `account` is missing in a database read before migration "v3-audit-account".
            try Row.fetchAll(db, sql: "SELECT * FROM baseline ORDER BY created_at, name")
                .map { (name: $0["name"], createdAt: $0["created_at"],
                        user: Account.author(account: $0["account"], user: $0["user"])) }
        }
    }

    /// The baseline's plan in the current plan's layout (lines, labels, kinds, order) with the
    /// frozen year values and stated totals. Lines added after freezing show zeros; years are the
    /// baseline's own. `.notFound` for an unknown name.
    /// `layout`: the current plan when the caller has just loaded it (the dashboard at its start),
    /// so that it is not read a second time.
    public func baselinePlan(name: String, layout current: Plan? = nil) throws(StoreError) -> Plan {
        let path = self.path
        return try read("Lesen des Basisplans \"\(name)\"") { db throws -> Plan in
            try Self.readBaseline(db.handle, name: name, layout: current, path: path)
        }
    }

    static func baselineExists(_ db: OpaquePointer, name: String) throws -> Bool {
        try !RawQuery.all(db, table: "baseline", "SELECT 1 FROM baseline WHERE name = ?", texts: [name], { _ in true }).isEmpty
    }

    static func missingBaseline(_ name: String) -> StoreError { .notFound("Basisplan \"\(name)\" gibt es nicht") }

    /// The baseline read over `connection` inside a read transaction.
    /// Through `RawQuery` (RawRows.swift): the dashboard loads "Antrag" at every start.
    static func readBaseline(_ db: OpaquePointer, name: String, layout current: Plan?, path: String) throws -> Plan {
        guard try baselineExists(db, name: name) else { throw missingBaseline(name) }
        let layout = try current ?? Self.fetchPlan(db, path: path)
        let rows = try RawQuery.all(db, table: "baseline_value",
                                    "SELECT line_code, year, value FROM baseline_value WHERE baseline_name = ?",
                                    texts: [name]) { row in
            (code: try row.string(at: 0), year: Int(try row.int64(at: 1)), value: try row.int64(at: 2))
        }
        var years = Array(Set(rows.map(\.year))).sorted()
        if years.isEmpty { years = layout.years }
        let yearIndex = Dictionary(uniqueKeysWithValues: years.enumerated().map { ($1, $0) })
        var values: [String: [Int64]] = [:]
        for row in rows {
            values[row.code, default: Array(repeating: 0, count: years.count)][yearIndex[row.year]!] = row.value
        }
        var totals: [String: Int64] = [:]
        for row in try RawQuery.all(db, table: "baseline_line",
                                    "SELECT line_code, stated_total FROM baseline_line WHERE baseline_name = ?",
                                    texts: [name], { row in (try row.string(at: 0), try row.int64(at: 1)) }) {
            totals[row.0] = row.1
        }
        return Plan(years: years, lines: layout.lines.map { line in
            PlanLine(code: line.code, label: line.label, section: line.section, kind: line.kind, parts: line.parts,
                     values: values[line.code] ?? Array(repeating: 0, count: years.count),
                     statedTotal: totals[line.code] ?? 0)
        })
    }
}
