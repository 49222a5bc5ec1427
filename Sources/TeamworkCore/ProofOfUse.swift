/// The Verwendungsnachweis of a phase (or both): zahlenmäßiger Nachweis in the layout of the
/// Kosten- und Finanzierungsplan (Soll of a frozen baseline against Ist), the Belegliste and the
/// skeleton of the Sachbericht. Pure: built from plain values, rendered by `ProofRender`.
///
/// - Period: every payment up to and including `until` (the project has no earlier start than its plan).
/// - Soll of a cost line: the baseline's Gesamt of that line (the Zusage), not prorated to `until`.
/// - Ist of an item line: the sum of its payments in the period; groups and phases sum their parts.
/// - Financing, Soll: the baseline's 3.1.1–3.1.3. For one phase they are split in proportion to the
///   phase's share of the eligible costs 1+2 (3.1.2 and 3.1.3 rounded down to the cent, 3.1.1 takes
///   the rest), because the plan does not split its financing by phase.
/// - Financing, Ist: Bundesmittel = drawdowns of the phase(s) received up to `until`; Mittel Dritter are
///   not recorded in teamwork (shown as not recorded); Eigenmittel = Ist − Bundesmittel received.

/// One payment as the proof needs it (the receipts ledger maps its expenses to this).
public struct ProofReceipt: Hashable, Sendable {
    public var date: LocalDateTime
    public var line: String
    public var receipt: String
    public var payee: String
    public var purpose: String
    public var amount: Money

    public init(date: LocalDateTime, line: String, receipt: String, payee: String, purpose: String, amount: Money) {
        self.date = date.dateOnly; self.line = line; self.receipt = receipt; self.payee = payee
        self.purpose = purpose; self.amount = amount
    }
}

extension ProofReceipt {
    /// An expense of the receipts ledger.
    public init(_ e: Expense) {
        self.init(date: LocalDateTime(year: e.date.year, month: e.date.month, day: e.date.day), line: e.line,
                  receipt: e.receipt, payee: e.payee, purpose: e.purpose, amount: e.amount)
    }
}

public struct ProofInput: Sendable {
    public var projectName: String
    /// nil: both phases.
    public var phase: FundingPhase?
    public var until: LocalDateTime
    public var baselineName: String
    /// The baseline's plan (Soll).
    public var baseline: Plan
    /// The current plan: layout and labels.
    public var plan: Plan
    public var receipts: [ProofReceipt]
    public var drawdowns: [Drawdown]
    public var measures: [Measure]
    public var events: [Event]
    /// Status, responsibility and milestones of the measures (Maßnahmen-Controlling), with the
    /// staffing units and stakeholders their responsibility names.
    public var controlling: MeasureControlling
    public var staffing: [StaffingUnit]
    public var stakeholders: [Stakeholder]

    public init(projectName: String, phase: FundingPhase?, until: LocalDateTime, baselineName: String, baseline: Plan,
                plan: Plan, receipts: [ProofReceipt], drawdowns: [Drawdown], measures: [Measure], events: [Event],
                controlling: MeasureControlling = MeasureControlling(), staffing: [StaffingUnit] = [],
                stakeholders: [Stakeholder] = []) {
        self.projectName = projectName; self.phase = phase; self.until = until.dateOnly; self.baselineName = baselineName
        self.baseline = baseline; self.plan = plan; self.receipts = receipts; self.drawdowns = drawdowns
        self.measures = measures; self.events = events
        self.controlling = controlling; self.staffing = staffing; self.stakeholders = stakeholders
    }
}

public struct ProofOfUse: Hashable, Sendable {
    public struct Row: Hashable, Sendable {
        public enum Kind: Hashable, Sendable { case item, group, phase, total }
        public var code: String
        public var label: String
        public var kind: Kind
        public var soll: Money
        /// nil: not recorded (Mittel Dritter).
        public var ist: Money?
        public var difference: Money? { ist.map { $0 - soll } }
    }

    public struct LineReceipts: Hashable, Sendable {
        public var code: String
        public var label: String
        /// Sorted by date, then Beleg-Nr.
        public var receipts: [ProofReceipt]
        public var subtotal: Money { receipts.map(\.amount).sum() }
    }

    public struct MeasureReport: Hashable, Sendable {
        public var measure: Measure
        /// The plan line's row (nil when the measure has no line in the plan).
        public var line: Row?
        /// Events of the measure held in the period (start on or before `until`), by start.
        public var events: [Event]
        /// "In Umsetzung seit 01.03.2026" (Maßnahmen-Controlling).
        public var status: String
        /// The responsible unit (and stakeholder); nil: nobody entered.
        public var responsible: String?
        /// Every milestone of the measure by due date, with its state on `until`.
        public var milestones: [MilestoneLine]
    }

    public struct MilestoneLine: Hashable, Sendable {
        public var milestone: Milestone
        /// "erledigt am 10.06.2027", "überfällig (fällig 15.06.2027)", "offen".
        public var state: String
        /// "15.06.2027 Quartierskonzept beauftragt – erledigt am 10.06.2027".
        public var text: String { "\(milestone.due.german) \(milestone.title) – \(state)" }
    }

    public var projectName: String
    public var phase: FundingPhase?
    public var until: LocalDateTime
    public var baselineName: String
    public var costs: [Row]
    public var financing: [Row]
    public var drawdowns: [Drawdown]
    public var belegliste: [LineReceipts]
    public var measures: [MeasureReport]
    /// Events in the period linked to no measure of the report.
    public var otherEvents: [Event]

    /// "Strategiephase", "Umsetzungsphase" or "Strategie- und Umsetzungsphase".
    public var title: String { phase?.title ?? "Strategie- und Umsetzungsphase" }
    /// Ist of the eligible costs in the report: the last cost row (phase sum or 1+2).
    public var totalIst: Money { costs.last?.ist ?? .zero }
    public var totalSoll: Money { costs.last?.soll ?? .zero }
    /// Sum of the Belegliste; equals `totalIst` by construction, checked by tests against the ledger.
    public var beleglisteTotal: Money { belegliste.map(\.subtotal).sum() }
    public var receivedFederal: Money { drawdowns.filter(\.isReceived).map(\.drawn).sum() }
}

extension ProofOfUse {
    public static func build(_ input: ProofInput) -> ProofOfUse {
        let phases = input.phase.map { [$0] } ?? FundingPhase.allCases
        let inPeriod = input.receipts.filter { r in
            r.date <= input.until && phases.contains { $0.contains(line: r.line) }
        }
        var istByLine: [String: Money] = [:]
        for r in inPeriod { istByLine[r.line, default: .zero] += r.amount }
        func soll(_ code: String) -> Money { Money(cents: input.baseline[code]?.statedTotal ?? 0) }
        func label(_ code: String) -> String { input.plan[code]?.label ?? input.baseline[code]?.label ?? code }

        var costs: [Row] = []
        var belegliste: [LineReceipts] = []
        var itemRows: [String: Row] = [:]
        for phase in phases {
            var phaseSoll = Money.zero, phaseIst = Money.zero
            for group in phase.costGroups {
                let parts = input.plan[group]?.parts ?? input.baseline[group]?.parts ?? []
                var groupIst = Money.zero
                var rows: [Row] = []
                for code in parts {
                    let ist = istByLine[code] ?? .zero
                    groupIst += ist
                    let row = Row(code: code, label: label(code), kind: .item, soll: soll(code), ist: ist)
                    rows.append(row)
                    itemRows[code] = row
                    let receipts = inPeriod.filter { $0.line == code }
                        .sorted { ($0.date, $0.receipt, $0.amount.cents) < ($1.date, $1.receipt, $1.amount.cents) }
                    if !receipts.isEmpty { belegliste.append(LineReceipts(code: code, label: label(code), receipts: receipts)) }
                }
                costs.append(Row(code: group, label: label(group), kind: .group, soll: soll(group), ist: groupIst))
                costs += rows
                phaseSoll += soll(group)
                phaseIst += groupIst
            }
            costs.append(Row(code: "\(phase.rawValue)", label: "Summe \(phase.title)", kind: .phase, soll: phaseSoll,
                             ist: phaseIst))
        }
        let ist = costs.filter { $0.kind == .phase }.compactMap(\.ist).sum()
        let sollCosts = costs.filter { $0.kind == .phase }.map(\.soll).sum()
        if input.phase == nil {
            costs.append(Row(code: KfW436.eligibleCosts, label: label(KfW436.eligibleCosts), kind: .total,
                             soll: sollCosts, ist: ist))
        }

        let drawdowns = DrawdownRegister(drawdowns: input.drawdowns.filter { d in
            phases.contains(d.phase) && d.requestedOn <= input.until
        }).ordered
        let received = drawdowns.filter { ($0.receivedOn.map { $0 <= input.until }) ?? false }.map(\.drawn).sum()
        let financing = financingRows(input, phases: phases, sollCosts: sollCosts, ist: ist, received: received,
                                      label: label)

        let stages: [MeasureStage] = phases.map { $0 == .strategy ? .strategy : .implementation }
        let measures = input.measures.filter { stages.contains($0.stage) }
        let held = input.events.filter { $0.start.dateOnly <= input.until }.sorted { ($0.start, $0.id) < ($1.start, $1.id) }
        let until = LocalDate(input.until)
        let statusRows = Dictionary(MeasureOverview.rows(measures: measures, controlling: input.controlling, staffing: input.staffing,
                                                         stakeholders: input.stakeholders, today: until).map { ($0.measure.id, $0) },
                                    uniquingKeysWith: { a, _ in a })
        let reports = measures.map { m in
            let state = statusRows[m.id]?.state ?? input.controlling.state(of: m)
            let milestones = input.controlling.milestones(of: m.id).map { ms in
                let state = ms.done.flatMap { $0 <= until ? "erledigt am \($0.german)" : nil }
                    ?? (ms.due < until ? "überfällig" : "offen")
                return MilestoneLine(milestone: ms, state: state)
            }
            return MeasureReport(measure: m, line: m.planLine.flatMap { itemRows[$0] }, events: held.filter { $0.measureID == m.id },
                                 status: state.status.title + (state.since.map { " seit \($0.german)" } ?? ""),
                                 responsible: statusRows[m.id]?.responsible, milestones: milestones)
        }
        let reported = Set(measures.map(\.id))
        let others = held.filter { e in e.measureID.map { !reported.contains($0) } ?? true }
        // Drawdowns of the report keep only those received up to `until` as received.
        let shown = drawdowns.map { d -> Drawdown in
            var d = d
            if let on = d.receivedOn, on > input.until { d.receivedOn = nil; d.receivedAmount = nil }
            return d
        }
        return ProofOfUse(projectName: input.projectName, phase: input.phase, until: input.until,
                          baselineName: input.baselineName, costs: costs, financing: financing, drawdowns: shown,
                          belegliste: belegliste, measures: reports, otherEvents: input.phase == nil ? others : [])
    }

    private static func financingRows(_ input: ProofInput, phases: [FundingPhase], sollCosts: Money, ist: Money,
                                      received: Money, label: (String) -> String) -> [Row] {
        let total = input.baseline[KfW436.eligibleCosts]?.statedTotal ?? 0
        func share(_ code: String) -> Money {
            let whole = input.baseline[code]?.statedTotal ?? 0
            guard input.phase != nil else { return Money(cents: whole) }
            guard total > 0 else { return .zero }
            return Money(cents: Exact.mulDiv(whole, sollCosts.cents, total, .down))
        }
        let federal = share(KfW436.federalFunds), third = share(KfW436.thirdPartyFunds)
        let own = input.phase == nil ? share(KfW436.ownFunds) : sollCosts - federal - third
        return [
            Row(code: KfW436.ownFunds, label: label(KfW436.ownFunds), kind: .item, soll: own, ist: ist - received),
            Row(code: KfW436.thirdPartyFunds, label: label(KfW436.thirdPartyFunds), kind: .item, soll: third, ist: nil),
            Row(code: KfW436.federalFunds, label: label(KfW436.federalFunds) + " – eingegangene Mittelabrufe",
                kind: .item, soll: federal, ist: received),
            Row(code: KfW436.financingTotal, label: label(KfW436.financingTotal), kind: .group,
                soll: own + third + federal, ist: ist),
        ]
    }
}
