/// The receipts ledger against the plan: Ist per line and year, exact in cents.
///
/// `Ledger(plan:expenses:)` sums every expense into its (line, year) cell in one pass and
/// derives the groups (1.1, 1.2, 2.1, 2.2) and the total 1+2 from their parts, as the plan does.
/// Soll is the current plan; Δ = Ist − Soll; the share used is Ist / Soll in hundredths of a
/// percent (rounded half up, for display only).
public struct Ledger: Sendable, Hashable {
    public let years: [Int]
    /// The expenses as given (the store delivers them by date, then id).
    public let expenses: [Expense]
    /// Plan line index of each expense (parallel to `expenses`); -1 when the line is not a
    /// bookable line of the plan.
    let lineIndex: [Int32]
    /// Ist per plan line index × year index, flat: `cells[line * years.count + y]`.
    let cells: [Int64]
    /// Ist per plan line index over the whole period.
    let totals: [Int64]
    /// Expenses whose line or year has no cell (not bookable, or a year outside the plan).
    public let outside: [Int]
    private let positions: [String: Int]
    /// 1 or 2 for the lines of the Strategie- and Umsetzungsphase, else 0.
    let phaseOfLine: [Int8]

    /// Up to 7 UTF-8 bytes and their count as one number (injective); `.max` for longer texts.
    @inline(__always) static func pack(_ code: String) -> UInt64 {
        var value: UInt64 = 0, count = 0
        for byte in code.utf8 {
            count += 1
            if count > 7 { return .max }
            value = value << 8 | UInt64(byte)
        }
        return value | UInt64(count) << 60
    }

    public init(plan: Plan, expenses: [Expense]) {
        years = plan.years
        self.expenses = expenses
        let yearCount = plan.years.count
        var positions: [String: Int] = [:]
        for (index, line) in plan.lines.enumerated() { positions[line.code] = index }
        self.positions = positions
        let bookable = plan.lines.map(KfW436.isBookable)
        var cells = [Int64](repeating: 0, count: plan.lines.count * yearCount)
        var lineIndex = [Int32](repeating: -1, count: expenses.count)
        var outside: [Int] = []
        let firstYear = plan.years.first ?? 0
        let contiguous = plan.years == Array(firstYear..<(firstYear + yearCount))
        // Codes are short ASCII ("1.1.3"): packed into a UInt64 they are found without hashing.
        let packedCodes = plan.lines.map { Ledger.pack($0.code) }
        var phases = [Int8](repeating: 0, count: plan.lines.count)
        for (i, line) in plan.lines.enumerated() {
            phases[i] = line.section == .strategy ? 1 : (line.section == .implementation ? 2 : 0)
        }
        self.phaseOfLine = phases
        // Through the buffer: reads the three fields without copying (retaining) every expense.
        expenses.withUnsafeBufferPointer { buffer in
        for e in buffer.indices {
            let key = Ledger.pack(buffer[e].line)
            var index = -1
            if key != .max { for (i, k) in packedCodes.enumerated() where k == key { index = i; break } }
            if index < 0 { index = positions[buffer[e].line] ?? -1 }
            let year = buffer[e].date.year
            let y = contiguous ? year - firstYear : (plan.yearIndex(year) ?? -1)
            guard index >= 0, bookable[index], y >= 0, y < yearCount else {
                outside.append(e)
                continue
            }
            lineIndex[e] = Int32(index)
            cells[index * yearCount + y] &+= buffer[e].amount.cents
        }
        }
        // Derived cost rows from their parts (groups first, then totals: recursion with memo).
        var done = [Bool](repeating: false, count: plan.lines.count)
        func derive(_ index: Int) {
            guard !done[index] else { return }
            done[index] = true
            let line = plan.lines[index]
            guard line.kind == .group || line.kind == .total,
                  line.section == .strategy || line.section == .implementation || line.section == .eligibleTotal
            else { return }
            for part in line.parts {
                guard let p = positions[part] else { continue }
                derive(p)
                for y in 0..<yearCount { cells[index * yearCount + y] &+= cells[p * yearCount + y] }
            }
        }
        for index in plan.lines.indices { derive(index) }
        self.cells = cells
        self.lineIndex = lineIndex
        self.outside = outside
        var totals = [Int64](repeating: 0, count: plan.lines.count)
        for index in plan.lines.indices {
            var s: Int64 = 0
            for y in 0..<yearCount { s &+= cells[index * yearCount + y] }
            totals[index] = s
        }
        self.totals = totals
    }

    /// Ist of a line (item, group or 1+2) in a year, or over the whole period when `year` is nil.
    public func actual(_ code: String, year: Int? = nil) -> Money {
        guard let index = positions[code] else { return .zero }
        guard let year else { return Money(cents: totals[index]) }
        guard let y = years.firstIndex(of: year) else { return .zero }
        return Money(cents: cells[index * years.count + y])
    }

    /// Ist of the phase's cost lines (1 = Strategiephase 1.x, 2 = Umsetzungsphase 2.x; nil = both)
    /// paid up to and including `through` (nil: all). What a drawdown may be based on.
    public func paid(phase: Int?, through: LocalDate? = nil) -> Money {
        let limit = through?.ordinal ?? Int.max
        var sum: Int64 = 0
        let wanted = Int8(phase ?? 0)
        expenses.withUnsafeBufferPointer { buffer in
            for e in buffer.indices {
                let line = Int(lineIndex[e])
                guard line >= 0, buffer[e].date.ordinal <= limit, wanted == 0 || phaseOfLine[line] == wanted else { continue }
                sum &+= buffer[e].amount.cents
            }
        }
        return Money(cents: sum)
    }

    /// Ist of the given item lines paid within `from…through` (either end open when nil).
    public func paid(lines codes: Set<String>, from: LocalDate? = nil, through: LocalDate? = nil) -> Money {
        let low = from?.ordinal ?? Int.min, high = through?.ordinal ?? Int.max
        var sum: Int64 = 0
        for (e, expense) in expenses.enumerated() where lineIndex[e] >= 0 && codes.contains(expense.line) {
            let d = expense.date.ordinal
            if d >= low && d <= high { sum &+= expense.amount.cents }
        }
        return Money(cents: sum)
    }

    /// The Belegliste of one item line and year (year nil: the whole period), sorted by date,
    /// then receipt number, then id; its sum is the cell's Ist.
    public func receipts(line code: String, year: Int? = nil) -> Receipts {
        guard let wanted = positions[code] else { return Receipts(line: code, year: year, expenses: []) }
        let target = Int32(wanted)
        var picked: [Int32] = []
        expenses.withUnsafeBufferPointer { buffer in
            for e in buffer.indices where lineIndex[e] == target && (year == nil || buffer[e].date.year == year) {
                picked.append(Int32(e))
            }
        }
        return Receipts(line: code, year: year, expenses: ordered(picked))
    }

    /// The expenses at `indices` in `Receipts.order`: the indices are sorted (by the date's
    /// ordinal first, the receipt number only on a tie), not the 100-byte expenses themselves.
    func ordered(_ indices: [Int32]) -> [Expense] {
        var indices = indices
        expenses.withUnsafeBufferPointer { buffer in
            indices.sort { a, b in Receipts.order(buffer[Int(a)], buffer[Int(b)]) }
        }
        return indices.map { expenses[Int($0)] }
    }

    /// Every expense of the cost lines within `from…through` (for the proof of use), sorted by
    /// date, receipt number, id.
    public func receipts(from: LocalDate? = nil, through: LocalDate? = nil) -> [Expense] {
        let low = from?.ordinal ?? Int.min, high = through?.ordinal ?? Int.max
        var picked: [Int32] = []
        expenses.withUnsafeBufferPointer { buffer in
            for e in buffer.indices where lineIndex[e] >= 0 {
                let d = buffer[e].date.ordinal
                if d >= low && d <= high { picked.append(Int32(e)) }
            }
        }
        return ordered(picked)
    }
}

/// A Belegliste: the expenses behind one cell, in date order, with their sum.
public struct Receipts: Sendable, Hashable {
    public let line: String
    public let year: Int?
    public let expenses: [Expense]
    public var sum: Money { Money(cents: expenses.reduce(0) { $0 &+ $1.amount.cents }) }

    @inline(__always)
    static func order(_ a: Expense, _ b: Expense) -> Bool {
        if a.date.ordinal != b.date.ordinal { return a.date.ordinal < b.date.ordinal }
        if a.receipt != b.receipt { return a.receipt < b.receipt }
        return a.id < b.id
    }
}

/// One row of the Soll/Ist table: a cost line, a group, a phase or the total 1+2.
public struct ActualsRow: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case item, group, phase, total }
    public var code: String
    public var label: String
    public var kind: Kind
    /// Soll (the current plan) per plan year, and over the whole period (the plan's Gesamt).
    public var plan: [Int64]
    public var planTotal: Int64
    /// Ist per plan year and over the whole period.
    public var actual: [Int64]
    public var actualTotal: Int64

    /// Δ = Ist − Soll of a year index, or of the whole period when nil.
    public func delta(_ yearIndex: Int? = nil) -> Int64 {
        guard let y = yearIndex else { return actualTotal &- planTotal }
        return actual[y] &- plan[y]
    }

    /// Share of the Soll used (hundredths of a percent, half up); nil when Soll is 0.
    public func used(_ yearIndex: Int? = nil) -> Percent? {
        guard let y = yearIndex else { return Percent.share(Money(cents: actualTotal), of: Money(cents: planTotal)) }
        return Percent.share(Money(cents: actual[y]), of: Money(cents: plan[y]))
    }

    /// Ist over Soll in that year (or the whole period).
    public func isOverPlan(_ yearIndex: Int? = nil) -> Bool { delta(yearIndex) > 0 }
}

/// Ist to date against Soll, for the overview: in total and per phase.
public struct ActualsProgress: Sendable, Hashable {
    public struct Part: Sendable, Hashable {
        /// "1" Strategiephase, "2" Umsetzungsphase, "1+2" total.
        public var code: String
        public var title: String
        /// Soll over the whole period.
        public var plan: Money
        /// Soll of the plan years up to and including the year of the date.
        public var planToDate: Money
        /// Ist paid up to and including the date.
        public var actual: Money
        public var used: Percent? { Percent.share(actual, of: plan) }
    }
    public var date: LocalDate
    public var phases: [Part]
    public var total: Part
}

public enum Actuals {
    /// The phases of the cost plan with the groups that make them up.
    public static let phases: [(code: String, title: String, groups: [String])] = [
        ("1", "Strategiephase", KfW436.strategyPhase),
        ("2", "Umsetzungsphase", KfW436.implementationPhase),
    ]

    /// The Soll/Ist table in plan order: every cost line and group of sections 1 and 2, a phase
    /// row after each section ("1" Summe Strategiephase, "2" Summe Umsetzungsphase), and 1+2.
    public static func rows(plan: Plan, ledger: Ledger) -> [ActualsRow] {
        var rows: [ActualsRow] = []
        let yearCount = plan.years.count
        func row(_ line: PlanLine, _ index: Int) -> ActualsRow {
            let kind: ActualsRow.Kind = line.kind == .item ? .item : (line.kind == .group ? .group : .total)
            let actual = (0..<yearCount).map { ledger.cells[index * yearCount + $0] }
            return ActualsRow(code: line.code, label: line.label, kind: kind, plan: line.values,
                              planTotal: line.statedTotal, actual: actual, actualTotal: ledger.totals[index])
        }
        func phaseRow(_ phase: (code: String, title: String, groups: [String])) -> ActualsRow? {
            let groups = phase.groups.compactMap { plan.index(of: $0) }
            guard !groups.isEmpty else { return nil }
            var soll = [Int64](repeating: 0, count: yearCount), ist = soll
            var sollTotal: Int64 = 0, istTotal: Int64 = 0
            for g in groups {
                for y in 0..<yearCount {
                    soll[y] &+= plan.lines[g].values[y]
                    ist[y] &+= ledger.cells[g * yearCount + y]
                }
                sollTotal &+= plan.lines[g].statedTotal
                istTotal &+= ledger.totals[g]
            }
            return ActualsRow(code: phase.code, label: "Summe \(phase.title)", kind: .phase, plan: soll,
                              planTotal: sollTotal, actual: ist, actualTotal: istTotal)
        }
        var section: PlanSection?
        for (index, line) in plan.lines.enumerated() {
            let cost = line.section == .strategy || line.section == .implementation || line.section == .eligibleTotal
            guard cost, line.kind.isMoney else { continue }
            if let previous = section, previous != line.section, let phase = phases.first(where: { $0.code == previous.rawValue }),
               let p = phaseRow(phase) {
                rows.append(p)
            }
            section = line.section
            rows.append(row(line, index))
        }
        return rows
    }

    /// Ist paid up to `date` against Soll, in total and per phase.
    public static func progress(plan: Plan, ledger: Ledger, through date: LocalDate) -> ActualsProgress {
        func part(_ code: String, _ title: String, groups: [String], phase: Int?) -> ActualsProgress.Part {
            var soll: Int64 = 0, toDate: Int64 = 0
            for g in groups {
                guard let line = plan[g] else { continue }
                soll &+= line.statedTotal
                for (y, year) in plan.years.enumerated() where year <= date.year { toDate &+= line.values[y] }
            }
            return ActualsProgress.Part(code: code, title: title, plan: Money(cents: soll), planToDate: Money(cents: toDate),
                                        actual: ledger.paid(phase: phase, through: date))
        }
        let parts = phases.enumerated().map { part($1.code, $1.title, groups: $1.groups, phase: $0 + 1) }
        let total = part(KfW436.eligibleCosts, "Summe förderfähige Kosten",
                         groups: phases.flatMap(\.groups), phase: nil)
        return ActualsProgress(date: date, phases: parts, total: total)
    }
}
