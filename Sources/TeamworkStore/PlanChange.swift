import TeamworkCore

/// One plan cell whose value changed as a consequence of an edit.
public struct PlanCellChange: Sendable, Hashable {
    public let code: String
    public let label: String
    /// Index into `Plan.years`; nil for the Gesamt column (the line's stated total).
    public let yearIndex: Int?
    /// The plan year; nil for the Gesamt column.
    public let year: Int?
    /// Raw values: cents, or hundredths of a percent for share rows.
    public let old: Int64
    public let new: Int64

    public init(code: String, label: String, yearIndex: Int?, year: Int?, old: Int64, new: Int64) {
        self.code = code; self.label = label; self.yearIndex = yearIndex; self.year = year
        self.old = old; self.new = new
    }
}

/// What `updatePlanValue` changed, so the UI can say it: the edited cell (`old` → `new`) and every
/// other cell that followed (derived rows per year, and every changed Gesamt, the edited line's
/// included), in plan order.
public struct PlanChange: Sendable, Hashable {
    public let code: String
    public let yearIndex: Int
    public let year: Int
    public let old: Int64
    public let new: Int64
    /// Derived year values and Gesamt values that changed, in plan order.
    public let derived: [PlanCellChange]
    /// Planned measures whose cost followed their plan line's new Gesamt.
    public let measureIDs: [Int64]
    /// Id of the audit row for the edit; nil when nothing was written (`old == new`).
    public let auditID: Int64?

    public init(code: String, yearIndex: Int, year: Int, old: Int64, new: Int64, derived: [PlanCellChange],
                measureIDs: [Int64], auditID: Int64?) {
        self.code = code; self.yearIndex = yearIndex; self.year = year; self.old = old; self.new = new
        self.derived = derived; self.measureIDs = measureIDs; self.auditID = auditID
    }

    /// Whether anything was written.
    public var changed: Bool { old != new }

    /// Codes of the derived lines that changed (not the edited line), in plan order, each once.
    public var derivedCodes: [String] { Self.distinctCodes(derived.filter { $0.code != code }) }

    /// `1.1.1 / 2021: 50.000,00 → 60.000,00 (neu berechnet: 1.1, 1+2, 3.1-(1+2), …)`
    public var summary: String {
        let codes = derivedCodes
        return "\(code) / \(year): \(Fixed2.format(old)) → \(Fixed2.format(new))"
            + (codes.isEmpty ? "" : " (neu berechnet: \(codes.joined(separator: ", ")))")
    }

    static func distinctCodes(_ cells: [PlanCellChange]) -> [String] {
        var seen = Set<String>()
        return cells.map(\.code).filter { seen.insert($0).inserted }
    }
}
