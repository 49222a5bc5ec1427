/// What may be drawn now, when the next regular drawdown is due and when the proofs are due.
///
/// The input is plain: the Ist (actual costs paid) of each phase up to the day of the status,
/// as Money, so this does not depend on how the receipts are stored.
///
/// Per phase:
///   ceiling  = min(quota × Ist (rounded DOWN to the cent), phase maximum, Bundesmittel 3.1.3 of the plan)
///   callable = ceiling − drawn, shown as 0,00 € when negative (the excess is `overdraw`)
/// where drawn counts every drawdown of the phase: the amount received once it arrived, else the
/// amount requested. In total, callable = min(Σ callable of the phases, 3.1.3 − everything drawn),
/// because the plan's federal money is one pot for both phases.

public struct DrawdownPosition: Hashable, Sendable {
    /// nil for the total of both phases.
    public var phase: FundingPhase?
    /// Ist up to the day of the status.
    public var actual: Money
    /// quota × Ist, rounded down to the cent.
    public var federalShare: Money
    /// Phase maximum (total: sum of both).
    public var maxGrant: Money
    /// Bundesmittel (3.1.3 Gesamt) of the plan; nil when the plan has no such line.
    public var planFederal: Money?
    /// The smallest of federal share, phase maximum and plan federal total.
    public var ceiling: Money
    public var drawn: Money
    /// Of `drawn`: what has arrived.
    public var received: Money
    /// Requests not yet received.
    public var pending: Money
    /// What may be drawn now (never negative).
    public var callable: Money
    /// Drawn beyond the ceiling (0 when within).
    public var overdraw: Money
    /// Request date of the latest drawdown.
    public var lastDrawdown: LocalDateTime?
    /// Earliest date of the next regular drawdown: last drawdown + interval; nil = any time.
    public var nextRegular: LocalDateTime?

    public var title: String { phase?.title ?? "Gesamt" }
}

/// The Verwendungsnachweis deadline of one phase.
public struct ProofDeadline: Hashable, Sendable {
    public enum State: String, Sendable { case open, dueSoon, overdue, submitted }
    public var phase: FundingPhase
    public var zusage: LocalDateTime
    public var months: Int
    public var due: LocalDateTime
    /// Days from the day of the status to the deadline (negative when passed).
    public var daysLeft: Int
    public var submitted: LocalDateTime?
    public var state: State

    /// "fällig am 28.02.2025 (noch 42 Tage)", "überfällig seit 3 Tagen", "eingereicht am …".
    public var text: String {
        switch state {
        case .submitted: return "eingereicht am \(submitted!.germanDate) (Frist \(due.germanDate))"
        case .overdue: return "fällig am \(due.germanDate), überfällig seit \(Funding.daysText(-daysLeft, dative: true))"
        case .open, .dueSoon:
            return daysLeft == 0 ? "fällig am \(due.germanDate), heute"
                : "fällig am \(due.germanDate), noch \(Funding.daysText(daysLeft))"
        }
    }
}

public struct DrawdownStatus: Hashable, Sendable {
    public var asOf: LocalDateTime
    public var phases: [DrawdownPosition]
    public var total: DrawdownPosition
    public var deadlines: [ProofDeadline]

    public func position(_ phase: FundingPhase) -> DrawdownPosition { phases.first { $0.phase == phase }! }
}

/// Drawdown and deadline arithmetic (pure).
public enum Funding {
    /// Plan federal total (3.1.3 Gesamt), nil when the plan has no 3.1.3.
    public static func planFederal(_ plan: Plan) -> Money? {
        plan[KfW436.federalFunds].map { Money(cents: $0.statedTotal) }
    }

    /// One phase: see the type comment for the arithmetic.
    public static func position(_ phase: FundingPhase, actual: Money, drawdowns: [Drawdown], terms: FundingTerms,
                                planFederal: Money?) -> DrawdownPosition {
        let mine = drawdowns.filter { $0.phase == phase }
        let share = terms.federalShare(of: actual)
        let maxGrant = terms.maxGrant(phase)
        var ceiling = min(share, maxGrant)
        if let planFederal { ceiling = min(ceiling, planFederal) }
        ceiling = max(ceiling, .zero)
        let drawn = mine.map(\.drawn).sum()
        let received = mine.compactMap(\.receivedAmount).sum()
        let pending = mine.filter { !$0.isReceived }.map(\.amount).sum()
        let last = mine.map(\.requestedOn).max()
        return DrawdownPosition(
            phase: phase, actual: actual, federalShare: share, maxGrant: maxGrant, planFederal: planFederal,
            ceiling: ceiling, drawn: drawn, received: received, pending: pending,
            callable: max(.zero, ceiling - drawn), overdraw: max(.zero, drawn - ceiling), lastDrawdown: last,
            nextRegular: last.map { $0.addingMonths(terms.drawdownIntervalMonths) })
    }

    /// Both phases and the total, with the proof deadlines, as of `asOf`.
    /// `actual` holds each phase's Ist of payments up to `asOf` (missing phases count 0).
    public static func status(plan: Plan, terms: FundingTerms, register: DrawdownRegister,
                              actual: PhaseAmounts, asOf: LocalDateTime) -> DrawdownStatus {
        let federal = planFederal(plan)
        let phases = FundingPhase.allCases.map {
            position($0, actual: actual[$0], drawdowns: register.drawdowns, terms: terms, planFederal: federal)
        }
        let drawn = phases.map(\.drawn).sum()
        var callable = phases.map(\.callable).sum()
        var overdraw = phases.map(\.overdraw).sum()
        var ceiling = phases.map(\.ceiling).sum()
        if let federal {
            callable = min(callable, max(.zero, federal - drawn))
            overdraw = max(overdraw, drawn - federal)
            ceiling = min(ceiling, federal)
        }
        let last = register.drawdowns.map(\.requestedOn).max()
        let total = DrawdownPosition(
            phase: nil, actual: phases.map(\.actual).sum(), federalShare: phases.map(\.federalShare).sum(),
            maxGrant: phases.map(\.maxGrant).sum(), planFederal: federal, ceiling: ceiling, drawn: drawn,
            received: phases.map(\.received).sum(), pending: phases.map(\.pending).sum(), callable: callable,
            overdraw: overdraw, lastDrawdown: last, nextRegular: last.map { $0.addingMonths(terms.drawdownIntervalMonths) })
        return DrawdownStatus(asOf: asOf.dateOnly, phases: phases, total: total,
                              deadlines: deadlines(terms: terms, register: register, today: asOf))
    }

    /// The proof deadlines of the phases that have a Zusage date, with days left from `today`.
    public static func deadlines(terms: FundingTerms, register: DrawdownRegister, today: LocalDateTime) -> [ProofDeadline] {
        FundingPhase.allCases.compactMap { phase in
            guard let zusage = terms.zusage(phase), let due = terms.proofDeadline(phase) else { return nil }
            let left = today.dateOnly.days(until: due)
            let submitted = register.submission(phase)?.submittedOn
            let state: ProofDeadline.State = submitted != nil ? .submitted
                : left < 0 ? .overdue : left <= terms.proofWarningDays ? .dueSoon : .open
            return ProofDeadline(phase: phase, zusage: zusage, months: terms.proofMonths(phase), due: due,
                                 daysLeft: left, submitted: submitted, state: state)
        }
    }

    /// Drawdowns requested or received between `from` and `through` (both inclusive), in register order.
    public static func drawdowns(_ list: [Drawdown], from: LocalDateTime, through: LocalDateTime) -> [Drawdown] {
        let lo = from.dateOnly, hi = through.dateOnly
        func inside(_ d: LocalDateTime?) -> Bool { d.map { lo <= $0 && $0 <= hi } ?? false }
        return DrawdownRegister(drawdowns: list.filter { inside($0.requestedOn) || inside($0.receivedOn) }).ordered
    }

    /// The drawdowns of the week that ends on `day` (the seven days `day − 6` … `day`), for the weekly report.
    public static func drawdowns(_ list: [Drawdown], weekEnding day: LocalDateTime) -> [Drawdown] {
        drawdowns(list, from: day.dateOnly.addingDays(-6), through: day)
    }

    /// "1 Tag", "42 Tage" (after "noch") or "42 Tagen" (dative, after "seit").
    static func daysText(_ n: Int, dative: Bool = false) -> String {
        n == 1 ? "1 Tag" : "\(n) " + (dative ? "Tagen" : "Tage")
    }
}

// MARK: The words the CLI, the dashboard, the review and the report share

extension DrawdownPosition {
    /// "jederzeit (noch kein Abruf)", "jetzt möglich (letzter Abruf 01.06.2026 + 6 Monate = 01.12.2026)",
    /// "ab 01.06.2027 (letzter Abruf 01.12.2026 + 6 Monate)".
    public func nextDrawdownText(intervalMonths: Int, today: LocalDateTime) -> String {
        guard let next = nextRegular, let last = lastDrawdown else { return "jederzeit (noch kein Abruf)" }
        let base = "letzter Abruf \(last.germanDate) + \(intervalMonths) Monate"
        return next <= today.dateOnly ? "jetzt möglich (\(base) = \(next.germanDate))" : "ab \(next.germanDate) (\(base))"
    }

    /// "jetzt", "ab 01.06.2027", "jederzeit" – for narrow columns.
    public func nextDrawdownShort(today: LocalDateTime) -> String {
        guard let next = nextRegular else { return "jederzeit" }
        return next <= today.dateOnly ? "jetzt" : "ab \(next.germanDate)"
    }
}

extension Funding {
    /// One line per phase: the proof deadline with days left, or why there is none yet;
    /// `missingHint` says how to enter the Zusage date (the CLI names its command, the dashboard its key).
    public static func deadlineLines(terms: FundingTerms, register: DrawdownRegister, today: LocalDateTime,
                                     missingHint: (FundingPhase) -> String) -> [(phase: FundingPhase, text: String, state: ProofDeadline.State?)] {
        let deadlines = deadlines(terms: terms, register: register, today: today)
        return FundingPhase.allCases.map { phase in
            guard let d = deadlines.first(where: { $0.phase == phase }) else {
                return (phase, "\(phase.title): keine Frist – Zusage-Datum nicht eingetragen (\(missingHint(phase)))", nil)
            }
            return (phase, "\(phase.title): Verwendungsnachweis \(d.text); Zusage \(d.zusage.germanDate) + \(d.months) Monate",
                    d.state)
        }
    }
}
