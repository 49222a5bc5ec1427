/// The rules of the Maßnahmen-Controlling, pure functions of the measures, their controlling
/// data, the plan, the actuals and the day:
///
/// - `milestone-overdue` (warning): a milestone not done whose due day lies before today
///   (due today is not overdue);
/// - `measure-stalled` (warning): a measure `in Umsetzung` with no progress note and no milestone
///   done for `stalledAfterDays` days or more, counted from its latest such entry or, when there is
///   none, from the day its status was set;
/// - `measure-budget`, extended (warning): a measure `abgeschlossen` whose plan line still has Soll
///   not spent (Ist below the line's Gesamt). Needs the actuals: with `actualsByLine == nil` (no
///   ledger yet) the rule is skipped; once there is a ledger, a line missing from the dictionary
///   has Ist 0,00 €.
public enum MeasureChecks {
    /// Days without progress after which a measure in Umsetzung is reported as stalled.
    /// An office practice of the project office, not a term of the funding programme, so it is
    /// a named constant here rather than a field of the funding terms.
    public static let stalledAfterDays = 90

    /// Ist (money actually spent) per plan line code ("2.2.1"). Supplied by the ledger.
    public typealias ActualsByLine = [String: Money]

    /// The controlling findings, ordered by rule (as in `RuleID.allCases`), then by measure in
    /// application order (I.6, IV.1, IV.2), then milestones by due day.
    public static func run(measures: [Measure], controlling: MeasureControlling, plan: Plan,
                           actualsByLine: ActualsByLine?, today: LocalDate) -> [Finding] {
        let ordered = applicationOrder(measures)
        var out: [Finding] = []
        for measure in ordered { overdue(measure, controlling, today, &out) }
        for measure in ordered { stalled(measure, controlling, today, &out) }
        if let actualsByLine {
            for measure in ordered { budgetLeft(measure, controlling, plan, actualsByLine, &out) }
        }
        return out
    }

    /// Days since the last progress of `measure` (note, milestone done, status set); nil when
    /// there is no dated entry at all.
    public static func daysWithoutProgress(_ measure: Measure, _ controlling: MeasureControlling,
                                           today: LocalDate) -> Int? {
        controlling.lastActivity(of: measure).map { $0.days(until: today) }
    }

    /// Measures as the application numbers them: I.6, IV.1, IV.2, each by number.
    public static func applicationOrder(_ measures: [Measure]) -> [Measure] {
        let order = { (stage: MeasureStage) in MeasureStage.allCases.firstIndex(of: stage)! }
        return measures.sorted { (order($0.stage), $0.number, $0.id) < (order($1.stage), $1.number, $1.id) }
    }

    static func label(_ m: Measure) -> String { "Maßnahme \(m.reference) „\(m.title)“" }

    static func overdue(_ m: Measure, _ c: MeasureControlling, _ today: LocalDate, _ out: inout [Finding]) {
        for milestone in c.milestones(of: m.id) where milestone.isOverdue(today: today) {
            let days = milestone.due.days(until: today)
            out.append(Finding(
                rule: .milestoneOverdue, severity: .warning, line: m.title, year: nil,
                expected: milestone.due.german, actual: "offen",
                message: "\(label(m)): Meilenstein „\(milestone.title)“ war am \(milestone.due.german) fällig und ist "
                    + "nicht erledigt (seit \(days) \(days == 1 ? "Tag" : "Tagen") überfällig); als erledigt "
                    + "vermerken oder neu terminieren"))
        }
    }

    static func stalled(_ m: Measure, _ c: MeasureControlling, _ today: LocalDate, _ out: inout [Finding]) {
        guard c.state(of: m).status == .inProgress else { return }
        guard let last = c.lastActivity(of: m) else {
            out.append(Finding(
                rule: .measureStalled, severity: .warning, line: m.title, year: nil,
                expected: "höchstens \(stalledAfterDays) Tage", actual: "—",
                message: "\(label(m)) ist in Umsetzung, ohne Datum des Status, ohne Fortschrittsnotiz und ohne "
                    + "erledigten Meilenstein; den Stand notieren"))
            return
        }
        let days = last.days(until: today)
        guard days >= stalledAfterDays else { return }
        out.append(Finding(
            rule: .measureStalled, severity: .warning, line: m.title, year: nil,
            expected: "unter \(stalledAfterDays) Tage", actual: "\(days) Tage",
            message: "\(label(m)) ist in Umsetzung, aber seit \(days) Tagen (letzter Eintrag \(last.german)) ohne "
                + "Fortschrittsnotiz und ohne erledigten Meilenstein; den Stand notieren oder den Status prüfen"))
    }

    static func budgetLeft(_ m: Measure, _ c: MeasureControlling, _ plan: Plan, _ actuals: ActualsByLine,
                           _ out: inout [Finding]) {
        guard c.state(of: m).status == .completed, let code = m.planLine, let line = plan[code] else { return }
        let soll = line.statedTotal
        let ist = actuals[code]?.cents ?? 0
        guard ist < soll else { return }
        let open = Exact.sub(soll, ist)
        out.append(Finding(
            rule: .measureBudget, severity: .warning, line: m.title, year: nil,
            expected: Fixed2.format(soll), actual: Fixed2.format(ist),
            message: "\(label(m)) ist abgeschlossen, Planzeile \(code) aber nicht ausgeschöpft: Soll "
                + "\(Fixed2.format(soll)) €, Ist \(Fixed2.format(ist)) € (offen \(Fixed2.format(open)) €); "
                + "Restmittel umplanen oder den Status prüfen"))
    }
}
