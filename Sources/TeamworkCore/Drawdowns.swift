/// Mittelabrufe (drawdowns of the federal grant), what may still be drawn, and the deadlines of
/// the Verwendungsnachweis. Exact: cents and basis points, rounded only where stated.

/// The two phases of the programme; the raw value is the number the office uses (1, 2).
public enum FundingPhase: Int, CaseIterable, Sendable, Codable, Hashable, Comparable {
    case strategy = 1
    case implementation = 2

    public var title: String {
        switch self {
        case .strategy: "Strategiephase"
        case .implementation: "Umsetzungsphase"
        }
    }

    /// The cost groups of the phase in the KfW 436 plan.
    public var costGroups: [String] {
        switch self {
        case .strategy: KfW436.strategyPhase
        case .implementation: KfW436.implementationPhase
        }
    }

    /// Whether an item line (1.1.1 … 2.2.3) books on this phase.
    public func contains(line code: String) -> Bool {
        costGroups.contains { code == $0 || code.hasPrefix($0 + ".") }
    }

    /// The phase of an item line, nil for lines outside sections 1 and 2.
    public static func of(line code: String) -> FundingPhase? { allCases.first { $0.contains(line: code) } }

    /// Parses "1" or "2" (also "strategie…" / "umsetzung…").
    public init?(argument text: String) {
        let t = text.trimmingWhitespace().lowercased()
        if t == "1" || t.hasPrefix("strategie") { self = .strategy } else if t == "2" || t.hasPrefix("umsetzung") {
            self = .implementation
        } else { return nil }
    }

    public static func < (a: FundingPhase, b: FundingPhase) -> Bool { a.rawValue < b.rawValue }
}

extension FundingTerms {
    public func maxGrant(_ phase: FundingPhase) -> Money {
        phase == .strategy ? strategyPhaseMaxGrant : implementationPhaseMaxGrant
    }

    public func zusage(_ phase: FundingPhase) -> LocalDateTime? {
        phase == .strategy ? strategyZusage : implementationZusage
    }

    public func proofMonths(_ phase: FundingPhase) -> Int {
        phase == .strategy ? strategyProofMonths : implementationProofMonths
    }

    /// Zusage + proof months (end-of-month rule of `addingMonths`); nil without a Zusage date.
    public func proofDeadline(_ phase: FundingPhase) -> LocalDateTime? {
        zusage(phase).map { $0.dateOnly.addingMonths(proofMonths(phase)) }
    }

    /// Federal share of `actual` costs: actual × quota, rounded DOWN to the cent.
    public func federalShare(of actual: Money) -> Money {
        Money(cents: Exact.mulDiv(actual.cents, federalQuota.basisPoints, 10_000, .down))
    }
}

/// One Mittelabruf: requested on a date for one phase; received later (date and amount).
public struct Drawdown: Hashable, Sendable, Codable, Identifiable {
    public var id: Int64
    public var phase: FundingPhase
    /// Date of the request (Abrufdatum).
    public var requestedOn: LocalDateTime
    /// Amount requested.
    public var amount: Money
    /// Date the money arrived; nil until then.
    public var receivedOn: LocalDateTime?
    /// Amount that arrived; nil until then.
    public var receivedAmount: Money?
    public var note: String
    public var version: Int64

    public init(id: Int64 = 0, phase: FundingPhase, requestedOn: LocalDateTime, amount: Money,
                receivedOn: LocalDateTime? = nil, receivedAmount: Money? = nil, note: String = "", version: Int64 = 1) {
        self.id = id; self.phase = phase; self.requestedOn = requestedOn.dateOnly; self.amount = amount
        self.receivedOn = receivedOn?.dateOnly; self.receivedAmount = receivedAmount; self.note = note
        self.version = version
    }

    /// What counts as drawn: the amount received once it has arrived, else the amount requested
    /// (a request on its way cannot be made again).
    public var drawn: Money { receivedAmount ?? amount }

    public var isReceived: Bool { receivedOn != nil }

    /// The money that arrived: the received amount, or the requested one when only the date of
    /// arrival is known; nil until then.
    public var arrived: Money? { receivedOn == nil ? nil : (receivedAmount ?? amount) }

    /// "Strategiephase, 01.12.2026, 95.000,00 €".
    public var summary: String { "\(phase.title), \(requestedOn.germanDate), \(amount.formatted) €" }
}

/// The Verwendungsnachweis of a phase was submitted on a date.
public struct ProofSubmission: Hashable, Sendable, Codable {
    public var phase: FundingPhase
    public var submittedOn: LocalDateTime
    public var version: Int64

    public init(phase: FundingPhase, submittedOn: LocalDateTime, version: Int64 = 1) {
        self.phase = phase; self.submittedOn = submittedOn.dateOnly; self.version = version
    }
}

/// Everything about drawdowns the store holds: the register and the submitted proofs.
public struct DrawdownRegister: Hashable, Sendable {
    public var drawdowns: [Drawdown]
    public var submissions: [ProofSubmission]

    public init(drawdowns: [Drawdown] = [], submissions: [ProofSubmission] = []) {
        self.drawdowns = drawdowns; self.submissions = submissions
    }

    public func submission(_ phase: FundingPhase) -> ProofSubmission? { submissions.first { $0.phase == phase } }

    /// Drawdowns in register order: by request date, then id.
    public var ordered: [Drawdown] { drawdowns.sorted { ($0.requestedOn, $0.id) < ($1.requestedOn, $1.id) } }
}

extension Validation {
    /// Amount > 0; a received amount needs a received date and vice versa is allowed (the amount
    /// then defaults to the requested one, see `Drawdown.drawn`); the money cannot arrive before
    /// it was requested; received amount > 0.
    public static func validate(_ d: Drawdown) -> [FieldError] {
        var errors: [FieldError] = []
        if d.amount.cents <= 0 {
            errors.append(FieldError(field: "Betrag", message: "\(d.amount.formatted) € – ein Abruf muss größer als 0,00 € sein"))
        }
        if d.amount.cents > Fixed2.maxMagnitude {
            errors.append(FieldError(field: "Betrag", message: "zu groß (höchstens 999.999.999.999,99 €)"))
        }
        if let received = d.receivedAmount {
            if received.cents <= 0 {
                errors.append(FieldError(field: "Eingangsbetrag",
                                         message: "\(received.formatted) € – der eingegangene Betrag muss größer als 0,00 € sein"))
            }
            if d.receivedOn == nil {
                errors.append(FieldError(field: "Eingangsdatum",
                                         message: "fehlt: ein Eingangsbetrag braucht das Datum, an dem das Geld einging"))
            }
        }
        if let on = d.receivedOn, on.dateOnly < d.requestedOn.dateOnly {
            errors.append(FieldError(field: "Eingangsdatum",
                                     message: "\(on.germanDate) liegt vor dem Abrufdatum \(d.requestedOn.germanDate)"))
        }
        if d.note.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }) {
            errors.append(FieldError(field: "Notiz", message: "enthält Steuerzeichen"))
        }
        return errors
    }

    /// A date alone (`TT.MM.JJJJ` or `JJJJ-MM-TT`) at 00:00, for the terms and drawdowns that keep
    /// dates as `LocalDateTime`; the one date parser is `LocalDate.parse`.
    public static func parseDay(_ text: String, field: String = "Datum") throws(FieldError) -> LocalDateTime {
        try LocalDate.parse(text, field: field).startOfDay
    }
}

/// An amount for each phase; a phase not given counts 0. A struct rather than
/// `[FundingPhase: Money]`: the first dictionary keyed by a type of our own costs the start a
/// scan of the Swift runtime's conformance records (TeamworkUI's PaneMap says more).
public struct PhaseAmounts: Equatable, Sendable, ExpressibleByDictionaryLiteral {
    public var strategy = Money.zero
    public var implementation = Money.zero

    public init() {}

    public init(dictionaryLiteral elements: (FundingPhase, Money)...) {
        for (phase, amount) in elements { self[phase] = amount }
    }

    public subscript(phase: FundingPhase) -> Money {
        get {
            switch phase {
            case .strategy: strategy
            case .implementation: implementation
            }
        }
        set {
            switch phase {
            case .strategy: strategy = newValue
            case .implementation: implementation = newValue
            }
        }
    }
}
