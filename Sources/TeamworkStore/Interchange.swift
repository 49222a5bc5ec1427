import Foundation
import GRDB
import TeamworkCore

// Import and export of the project: the plan from the finance department's CSV (here), events
// as iCalendar (CalendarImport.swift), stakeholders as vCard (ContactImport.swift). Every import
// is ONE write transaction together with its audit rows: it applies completely or not at all.

/// One value of the CSV that is derived (a subtotal, total, control sum, share or a Gesamt)
/// and differs from what teamwork computes from the item rows. Derived values are never read
/// from a file; this is only reported.
public struct PlanImportNote: Sendable, Hashable {
    public let code: String
    /// nil for the Gesamt column.
    public let yearIndex: Int?
    public let year: Int?
    /// As stated in the file.
    public let stated: Int64
    /// As computed (and stored) by teamwork.
    public let computed: Int64
    public let isShare: Bool

    /// `1.1 / 2021: in der Datei 100,00, berechnet 120,00`
    public var summary: String {
        let unit = isShare ? " %" : ""
        return "\(code) / \(year.map(String.init) ?? "Gesamt"): in der Datei \(Fixed2.format(stated))\(unit), "
            + "berechnet \(Fixed2.format(computed))\(unit)"
    }
}

/// What importing a plan changes (or changed).
public struct PlanImport: Sendable, Hashable {
    /// Changed item cells (entered by hand), in plan order; `yearIndex` and `year` are set.
    public var items: [PlanCellChange]
    /// Derived year values and Gesamt values (item lines included) that follow, in plan order.
    public var derived: [PlanCellChange]
    /// Derived values of the file that differ from the recomputed ones (not imported).
    public var notes: [PlanImportNote]
    /// The plan as it is (or would be) stored after the import.
    public var plan: Plan
    /// Planned measures whose cost follows a changed Gesamt.
    public var measureIDs: [Int64]
    /// Ids of the audit rows written (one per changed item cell); empty for a preview.
    public var auditIDs: [Int64]

    /// Nothing to write.
    public var isEmpty: Bool { items.isEmpty }
}

extension ProjectStore {
    // MARK: Plan

    /// Compares an imported plan with `current`: which item cells change, what follows, and where
    /// the file's derived values differ from the recomputed ones. Only item cells are taken from
    /// `imported`; derived rows and the Gesamt of changed lines are recomputed exactly as
    /// `updatePlanValue` does. Throws `.invalidInput` when the file does not fit the database
    /// (other years, an item line the database does not have or has as a derived line).
    public static func planImport(current old: Plan, imported: Plan) throws(StoreError) -> PlanImport {
        guard imported.years == old.years else {
            throw .invalidInput("Die Datei hat die Jahre \(yearsText(imported.years)), der gespeicherte Plan "
                                + "\(yearsText(old.years)); eingelesen werden kann nur ein Plan mit denselben Jahren")
        }
        var new = old
        var items: [PlanCellChange] = []
        for line in imported.lines where line.kind == .item {
            guard let index = old.index(of: line.code) else {
                throw .invalidInput("Planzeile \(line.code) gibt es im gespeicherten Plan nicht")
            }
            let stored = old.lines[index]
            guard stored.kind == .item else {
                throw .invalidInput("Planzeile \(line.code) ist im gespeicherten Plan eine berechnete Zeile")
            }
            guard line.values.count == old.years.count else {
                throw .invalidInput("Planzeile \(line.code) hat \(line.values.count) Jahreswerte statt \(old.years.count)")
            }
            var changed = false
            for y in old.years.indices where line.values[y] != stored.values[y] {
                guard line.values[y].magnitude <= Fixed2.maxMagnitude.magnitude else {
                    throw .invalidInput("Planzeile \(line.code) / \(old.years[y]): Betrag \(Fixed2.format(line.values[y])) ist zu groß")
                }
                items.append(PlanCellChange(code: stored.code, label: stored.label, yearIndex: y, year: old.years[y],
                                            old: stored.values[y], new: line.values[y]))
                new.lines[index].values[y] = line.values[y]
                changed = true
            }
            if changed { new.lines[index].statedTotal = new.lines[index].computedTotal }
        }
        if !items.isEmpty { new.recomputeDerived() }

        let derived = derivedChanges(from: old, to: new)

        var notes: [PlanImportNote] = []
        for line in imported.lines {
            guard let result = new[line.code] else { continue }
            let isShare = result.kind == .share
            if result.kind != .item {
                for (y, year) in new.years.enumerated() where y < line.values.count && line.values[y] != result.values[y] {
                    notes.append(PlanImportNote(code: line.code, yearIndex: y, year: year, stated: line.values[y],
                                                computed: result.values[y], isShare: isShare))
                }
            }
            if line.statedTotal != result.statedTotal {
                notes.append(PlanImportNote(code: line.code, yearIndex: nil, year: nil, stated: line.statedTotal,
                                            computed: result.statedTotal, isShare: isShare))
            }
        }
        return PlanImport(items: items, derived: derived, notes: notes, plan: new, measureIDs: [], auditIDs: [])
    }

    /// Imports the item cells of `plan` in ONE write transaction: every changed item cell, every
    /// derived row and Gesamt that follows (version + 1 on each changed row), planned measures
    /// following their line's new Gesamt (audited as measure changes), and one audit row
    /// (entity "plan", `code/year`) per changed item cell — all committed together or not at all.
    /// Last writer wins (like `updatePlanValue` with `expected: nil`): the comparison is made
    /// inside the transaction against the plan as stored at that moment.
    ///
    /// `afterFirstCell` runs inside the transaction after the first cell is written (test hook:
    /// the CLI sleeps there when `TEAMWORK_TEST_PAUSE_IMPORT` is set).
    @discardableResult
    public func importPlan(_ plan: Plan, user: String,
                           afterFirstCell: (() -> Void)? = nil) throws(StoreError) -> PlanImport {
        let path = self.path
        return try write("Einlesen des Finanzplans", user: user) { db, audit in
            let old = try Self.fetchPlan(db.handle, path: path)
            var result = try Self.planImport(current: old, imported: plan)
            guard !result.isEmpty else { return result }
            var first = true
            result.measureIDs = try Self.writePlanDifference(db, audit: audit, from: old, to: result.plan) {
                if first { first = false; afterFirstCell?() }
            }
            for cell in result.items {
                guard let year = cell.year else { continue }
                let id = try audit.record("plan", "\(cell.code)/\(year)", field: "value", old: Fixed2.format(cell.old),
                                          new: Fixed2.format(cell.new),
                                          summary: "Plan (Import) \(cell.code) / \(year): \(Fixed2.format(cell.old)) → "
                                              + Fixed2.format(cell.new))
                result.auditIDs.append(id)
            }
            return result
        }
    }

    /// What follows from changed item cells, in plan order: the changed year values of derived
    /// lines and every changed Gesamt (item lines included). Shared by `planImport` and
    /// `updatePlanValue`.
    static func derivedChanges(from old: Plan, to new: Plan) -> [PlanCellChange] {
        var derived: [PlanCellChange] = []
        for (before, after) in zip(old.lines, new.lines) where before != after {
            if after.kind != .item {
                for (y, year) in new.years.enumerated() where before.values[y] != after.values[y] {
                    derived.append(PlanCellChange(code: after.code, label: after.label, yearIndex: y, year: year,
                                                  old: before.values[y], new: after.values[y]))
                }
            }
            if before.statedTotal != after.statedTotal {
                derived.append(PlanCellChange(code: after.code, label: after.label, yearIndex: nil, year: nil,
                                              old: before.statedTotal, new: after.statedTotal))
            }
        }
        return derived
    }

    /// Writes every cell and Gesamt where `new` differs from `old` (version + 1 on each changed
    /// value and on each changed line), and lets planned measures follow a changed Gesamt of
    /// their line (audited). Used by `importPlan` and `updatePlanValue`; `afterCell` runs after
    /// each written cell. Returns the ids of the measures that followed.
    static func writePlanDifference(_ db: Database, audit: AuditLog, from old: Plan, to new: Plan,
                                    afterCell: () -> Void = {}) throws -> [Int64] {
        var measureIDs: [Int64] = []
        for (before, after) in zip(old.lines, new.lines) where before != after {
            for (index, year) in new.years.enumerated() where before.values[index] != after.values[index] {
                try db.execute(sql: """
                    UPDATE plan_value SET value = ?, version = version + 1 WHERE line_code = ? AND year = ?
                    """, arguments: [after.values[index], after.code, year])
                if db.changesCount == 0 {
                    try db.execute(sql: "INSERT INTO plan_value (line_code, year, value) VALUES (?, ?, ?)",
                                   arguments: [after.code, year, after.values[index]])
                }
                afterCell()
            }
            try db.execute(sql: "UPDATE plan_line SET stated_total = ?, version = version + 1 WHERE code = ?",
                           arguments: [after.statedTotal, after.code])
            if before.statedTotal != after.statedTotal && after.kind.isMoney {
                let followers = try Row.fetchAll(db, sql: """
                    SELECT id, title, cost_cents FROM measure
                    WHERE plan_line = ? AND stage <> 'implemented' AND cost_cents IS NOT ?
                    """, arguments: [after.code, after.statedTotal])
                for row in followers {
                    let id: Int64 = row["id"], title: String = row["title"]
                    let oldCost: Int64? = row["cost_cents"]
                    try db.execute(sql: "UPDATE measure SET cost_cents = ?, version = version + 1 WHERE id = ?",
                                   arguments: [after.statedTotal, id])
                    measureIDs.append(id)
                    try audit.record("measure", "\(id)", field: "cost", old: oldCost.map { Fixed2.format($0) },
                                     new: Fixed2.format(after.statedTotal),
                                     summary: "Maßnahme \"\(title)\": Kosten folgen Planzeile \(after.code): "
                                         + "\(oldCost.map { Fixed2.format($0) } ?? "–") → \(Fixed2.format(after.statedTotal))")
                }
            }
        }
        return measureIDs
    }

    private static func yearsText(_ years: [Int]) -> String {
        guard let first = years.first, let last = years.last else { return "(keine)" }
        return years == Array(first...last) ? "\(first)–\(last)" : years.map(String.init).joined(separator: ", ")
    }

    // MARK: Engine

    /// One write transaction; with `dryRun` the result is computed completely and then rolled back.
    func transaction<T>(_ action: String, user: String, dryRun: Bool,
                        _ body: (Database, AuditLog) throws -> T) throws(StoreError) -> T {
        guard dryRun else { return try write(action, user: user, body) }
        var preview: T?
        do {
            _ = try write(action, user: user) { db, audit -> T in
                preview = try body(db, audit)
                throw StoreError(kind: .other, message: Self.dryRunMarker)
            }
        } catch where error.message == Self.dryRunMarker {
            if let preview { return preview }
        }
        throw StoreError(kind: .other, message: "\(action): Probelauf ohne Ergebnis")
    }

    private static let dryRunMarker = "teamwork: Probelauf – zurückgerollt"
}
