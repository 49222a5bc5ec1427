/// The drawdown arithmetic on a whole project: the Ist comes from its receipts ledger.
/// What the CLI, the dashboard's Mittelabruf pane, the overview, the review and the report use.
extension Funding {
    /// Ist of each phase: the ledger's payments on the phase's cost lines up to and including `day`.
    public static func actuals(_ project: Project, through day: LocalDateTime) -> PhaseAmounts {
        let ledger = Ledger(plan: project.plan, expenses: project.expenses)
        var amounts = PhaseAmounts()
        for phase in FundingPhase.allCases { amounts[phase] = ledger.paid(phase: phase.rawValue, through: LocalDate(day)) }
        return amounts
    }

    /// Callable now per phase and in total, next regular drawdown dates and proof deadlines, as of `day`.
    public static func status(_ project: Project, asOf day: LocalDateTime) -> DrawdownStatus {
        status(plan: project.plan, terms: project.terms, register: project.drawdowns, actual: actuals(project, through: day),
               asOf: day)
    }

    /// The rules drawdown-over-quota, drawdown-phase-cap and proof-deadline on `today`.
    public static func checks(_ project: Project, today: LocalDateTime) -> [Finding] {
        checks(status(project, asOf: today), terms: project.terms)
    }
}
