/// Measures, staffing, stakeholders and events: the non-financial content of the application.

public enum MeasureStage: String, Sendable, Codable, CaseIterable {
    /// Already implemented before the application (section I.6).
    case implemented
    /// First measure during the strategy phase (section IV.1).
    case strategy
    /// Measure of the implementation phase (section IV.2).
    case implementation

    public var title: String {
        switch self {
        case .implemented: "Umgesetzt"
        case .strategy: "Strategiephase"
        case .implementation: "Umsetzungsphase"
        }
    }
}

public struct Measure: Hashable, Sendable, Codable, Identifiable {
    public var id: Int64
    public var stage: MeasureStage
    /// Position within its stage as numbered in the application ("Maßnahme 1").
    public var number: Int
    public var title: String
    /// Link given with the title (implemented measures).
    public var link: String
    /// Stated cost; for planned measures the plan line's Gesamt.
    public var cost: Money?
    /// Plan line that carries this measure's budget (1.2.1, 2.2.x), if any.
    public var planLine: String?
    public var summary: String      // Skizze
    public var scope: String        // Raum / Maßstab
    public var rolemodel: String    // Vorbild
    public var rolemodelLink: String
    public var goal: String         // stadtentwicklungspolitisches / konkretes Ziel
    public var goalReached: Bool?   // "Wurde dieses Ziel erreicht?"
    public var contribution: String // konkreter Beitrag
    public var costTypes: String    // Kostenarten
    public var operation: String    // Betrieb langfristig sichern
    public var rollout: String      // Ausrollen / Skalierung
    public var transfer: String     // Lernen anderer Kommunen
    public var version: Int64

    public init(id: Int64 = 0, stage: MeasureStage, number: Int, title: String, link: String = "",
                cost: Money? = nil, planLine: String? = nil, summary: String = "", scope: String = "",
                rolemodel: String = "", rolemodelLink: String = "", goal: String = "", goalReached: Bool? = nil,
                contribution: String = "", costTypes: String = "", operation: String = "", rollout: String = "",
                transfer: String = "", version: Int64 = 1) {
        self.id = id; self.stage = stage; self.number = number; self.title = title; self.link = link
        self.cost = cost; self.planLine = planLine; self.summary = summary; self.scope = scope
        self.rolemodel = rolemodel; self.rolemodelLink = rolemodelLink; self.goal = goal
        self.goalReached = goalReached; self.contribution = contribution; self.costTypes = costTypes
        self.operation = operation; self.rollout = rollout; self.transfer = transfer; self.version = version
    }

    /// The answers in the order of the application's questions, with German captions;
    /// empty answers are left out.
    public var answers: [(question: String, answer: String)] {
        var list: [(String, String)] = []
        func add(_ q: String, _ a: String) { if !a.isEmpty { list.append((q, a)) } }
        add("Link", link)
        add(stage == .implemented ? "Maßstab" : "Skizze", stage == .implemented ? scope : summary)
        if stage != .implemented { add("Raum", scope) }
        add("Vorbild", rolemodel)
        add("Link zum Vorbild", rolemodelLink)
        add(stage == .implemented ? "Ziel" : "Stadtentwicklungspolitisches Ziel", goal)
        if let reached = goalReached { add("Ziel erreicht", reached ? "Ja" : "Nein") }
        add("Erwarteter Beitrag", contribution)
        add("Kostenarten", costTypes)
        add("Betrieb", operation)
        add(stage == .implemented ? "Skalierung" : "Rollout", rollout)
        add("Transfer", transfer)
        return list
    }
}

/// Stellenanteile of one organisational unit (section III.1), in hundredths of a post.
public struct StaffingUnit: Hashable, Sendable, Codable, Identifiable {
    public var id: Int64
    public var unit: String
    public var involved: Int64  // beteiligt
    public var funded: Int64    // gefördert
    public var position: Int
    public var version: Int64

    public init(id: Int64 = 0, unit: String, involved: Int64, funded: Int64, position: Int = 0, version: Int64 = 1) {
        self.id = id; self.unit = unit; self.involved = involved; self.funded = funded
        self.position = position; self.version = version
    }
}

public enum StakeholderKind: String, Sendable, Codable, CaseIterable {
    case administration, municipalCompany, association, business, education, network, partnerCity, funder, platform

    public var title: String {
        switch self {
        case .administration: "Verwaltung"
        case .municipalCompany: "Städtisches Unternehmen"
        case .association: "Verein/Verband"
        case .business: "Wirtschaft"
        case .education: "Bildung"
        case .network: "Netzwerk"
        case .partnerCity: "Vorbild/Partnerstadt"
        case .funder: "Fördergeber"
        case .platform: "Plattform"
        }
    }
}

public struct Stakeholder: Hashable, Sendable, Codable, Identifiable {
    public var id: Int64
    public var name: String
    public var kind: StakeholderKind
    /// Role in the project, as the application describes it.
    public var role: String
    public var contactPerson: String
    public var email: String
    public var phone: String
    public var address: String
    public var link: String
    public var notes: String
    /// `ORG` of an imported card when it differs from the name (a person's organisation).
    public var organisation: String
    /// Further e-mail addresses and phone numbers of an imported card (`email`/`phone` is the first).
    public var moreEmails: [String]
    public var morePhones: [String]
    /// The `UID` of an imported card, kept for export; empty: our own (`VCard.uid(stakeholderID:)`).
    public var uid: String
    public var version: Int64

    public init(id: Int64 = 0, name: String, kind: StakeholderKind, role: String, contactPerson: String = "",
                email: String = "", phone: String = "", address: String = "", link: String = "",
                notes: String = "", organisation: String = "", moreEmails: [String] = [], morePhones: [String] = [],
                uid: String = "", version: Int64 = 1) {
        self.id = id; self.name = name; self.kind = kind; self.role = role; self.contactPerson = contactPerson
        self.email = email; self.phone = phone; self.address = address; self.link = link; self.notes = notes
        self.organisation = organisation; self.moreEmails = moreEmails; self.morePhones = morePhones; self.uid = uid
        self.version = version
    }
}

/// A recurring format the application announces; dates stay open until someone sets them.
public struct EventSeries: Hashable, Sendable, Codable, Identifiable {
    public var id: Int64
    public var title: String
    public var format: String
    /// Cadence as stated ("jährlich", "kontinuierlich", …), empty when the document gives none.
    public var cadence: String
    public var description: String
    public var organiser: String
    public var measureID: Int64?
    /// Where the application announces it (section).
    public var source: String
    /// `UID` of the recurring `VEVENT` a series was imported from; empty otherwise.
    public var uid: String
    public var version: Int64

    public init(id: Int64 = 0, title: String, format: String, cadence: String, description: String,
                organiser: String, measureID: Int64? = nil, source: String, uid: String = "", version: Int64 = 1) {
        self.id = id; self.title = title; self.format = format; self.cadence = cadence
        self.description = description; self.organiser = organiser; self.measureID = measureID
        self.source = source; self.uid = uid; self.version = version
    }
}

/// A local date and time to the minute, without time zone (Europe/Berlin is implied).
public struct LocalDateTime: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var year: Int, month: Int, day: Int, hour: Int, minute: Int

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0) {
        self.year = year; self.month = month; self.day = day; self.hour = hour; self.minute = minute
    }

    /// Sortable key, also the storage format: `2026-05-04 09:30`.
    public var iso: String {
        func pad(_ v: Int, _ n: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, n - s.count)) + s }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2)) \(pad(hour, 2)):\(pad(minute, 2))"
    }

    /// German display: `04.05.2026 09:30`.
    public var german: String {
        func pad(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(pad(day)).\(pad(month)).\(year) \(pad(hour)):\(pad(minute))"
    }

    public var germanDate: String {
        func pad(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(pad(day)).\(pad(month)).\(year)"
    }

    public var description: String { german }

    /// Parses the storage format `YYYY-MM-DD HH:MM` (also `YYYY-MM-DDTHH:MM`, or a date alone).
    public init?(iso text: String) {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "T" })
        guard let datePart = parts.first else { return nil }
        let ymd = datePart.split(separator: "-").compactMap { Int($0) }
        guard ymd.count == 3 else { return nil }
        var hour = 0, minute = 0
        if parts.count > 1 {
            let hm = parts[1].split(separator: ":").compactMap { Int($0) }
            guard hm.count >= 2 else { return nil }
            hour = hm[0]; minute = hm[1]
        }
        self.init(year: ymd[0], month: ymd[1], day: ymd[2], hour: hour, minute: minute)
        guard isValid else { return nil }
    }

    public var isValid: Bool {
        guard (1...12).contains(month), (0...23).contains(hour), (0...59).contains(minute), year >= 1900, year <= 9999
        else { return false }
        return (1...LocalDateTime.daysInMonth(year: year, month: month)).contains(day)
    }

    /// The order of `iso`, without building two strings per comparison (sorting 100.000 events).
    public static func < (a: LocalDateTime, b: LocalDateTime) -> Bool {
        (a.year, a.month, a.day, a.hour, a.minute) < (b.year, b.month, b.day, b.hour, b.minute)
    }
}

/// A dated event: a workshop, a forum, a training with a real date.
public struct Event: Hashable, Sendable, Codable, Identifiable {
    public var id: Int64
    public var seriesID: Int64?
    public var title: String
    public var format: String
    public var start: LocalDateTime
    public var end: LocalDateTime
    public var place: String
    public var organiser: String
    public var measureID: Int64?
    public var stakeholderIDs: [Int64]
    /// Free text (`DESCRIPTION` of an imported event).
    public var notes: String
    /// `UID` of an imported event, kept for export; empty: our own (`ICalendar.uid(eventID:)`).
    public var uid: String
    /// `RECURRENCE-ID` (Berlin time, `20270104T090000` or `20270104`) of an occurrence of an
    /// imported recurring event; empty otherwise.
    public var recurrenceID: String
    public var version: Int64

    public init(id: Int64 = 0, seriesID: Int64? = nil, title: String, format: String, start: LocalDateTime,
                end: LocalDateTime, place: String = "", organiser: String = "", measureID: Int64? = nil,
                stakeholderIDs: [Int64] = [], notes: String = "", uid: String = "", recurrenceID: String = "",
                version: Int64 = 1) {
        self.id = id; self.seriesID = seriesID; self.title = title; self.format = format; self.start = start
        self.end = end; self.place = place; self.organiser = organiser; self.measureID = measureID
        self.stakeholderIDs = stakeholderIDs; self.notes = notes; self.uid = uid; self.recurrenceID = recurrenceID
        self.version = version
    }
}

/// The programme's terms. Data, not constants: another city on other terms gets other values.
public struct FundingTerms: Hashable, Sendable, Codable {
    /// Name of the terms, e.g. "Haushaltsnotlage".
    public var name: String
    /// Maximum federal share of the eligible costs (9000 = 90 %; 6500 = 65 % without Haushaltsnotlage).
    public var federalQuota: Percent
    /// Minimum municipal share (own funds plus third-party funds).
    public var minMunicipalShare: Percent
    /// External consultants may cost at most numerator/denominator of the personnel and material costs.
    public var consultantNumerator: Int64
    public var consultantDenominator: Int64
    /// Maximum federal grant per phase.
    public var strategyPhaseMaxGrant: Money
    public var firstInvestmentsMaxGrant: Money
    public var implementationPhaseMaxGrant: Money
    /// Optional tolerance for a line's Ist over its Soll (e.g. 20 % when compensated by savings
    /// elsewhere); nil = off. Beyond it, `actual-over-plan` of a line is an error, not a warning.
    public var overrunTolerance: Percent?
    /// Date of the KfW Zusage per phase; nil until the office enters it (never assumed).
    public var strategyZusage: LocalDateTime?
    public var implementationZusage: LocalDateTime?
    /// Months after the Zusage by which the Verwendungsnachweis of the phase is due
    /// (programme rules: 30 for the Strategiephase, 66 for the Umsetzungsphase).
    public var strategyProofMonths: Int
    public var implementationProofMonths: Int
    /// Months between two regular drawdowns (Mittelabrufe), 6 in the programme.
    public var drawdownIntervalMonths: Int
    /// Interest on money drawn too much, in percentage points over the Basiszinssatz
    /// (500 = 5,00 Prozentpunkte, § 49a Abs. 3 VwVfG).
    public var overdrawInterestPoints: Percent
    /// How many days before a proof deadline the check warns (90).
    public var proofWarningDays: Int

    public init(name: String, federalQuota: Percent, minMunicipalShare: Percent, consultantNumerator: Int64,
                consultantDenominator: Int64, strategyPhaseMaxGrant: Money, firstInvestmentsMaxGrant: Money,
                implementationPhaseMaxGrant: Money, overrunTolerance: Percent? = nil, strategyZusage: LocalDateTime? = nil,
                implementationZusage: LocalDateTime? = nil, strategyProofMonths: Int = 30,
                implementationProofMonths: Int = 66, drawdownIntervalMonths: Int = 6,
                overdrawInterestPoints: Percent = Percent(basisPoints: 500), proofWarningDays: Int = 90) {
        self.overrunTolerance = overrunTolerance
        self.name = name; self.federalQuota = federalQuota; self.minMunicipalShare = minMunicipalShare
        self.consultantNumerator = consultantNumerator; self.consultantDenominator = consultantDenominator
        self.strategyPhaseMaxGrant = strategyPhaseMaxGrant; self.firstInvestmentsMaxGrant = firstInvestmentsMaxGrant
        self.implementationPhaseMaxGrant = implementationPhaseMaxGrant
        self.strategyZusage = strategyZusage; self.implementationZusage = implementationZusage
        self.strategyProofMonths = strategyProofMonths; self.implementationProofMonths = implementationProofMonths
        self.drawdownIntervalMonths = drawdownIntervalMonths; self.overdrawInterestPoints = overdrawInterestPoints
        self.proofWarningDays = proofWarningDays
    }

    /// KfW 436 for a municipality in Haushaltsnotlage (as Schwerin).
    public static let kfw436Haushaltsnotlage = FundingTerms(
        name: "KfW 436, Kommune in Haushaltsnotlage",
        federalQuota: Percent(basisPoints: 9_000), minMunicipalShare: Percent(basisPoints: 1_000),
        consultantNumerator: 1, consultantDenominator: 3,
        strategyPhaseMaxGrant: Money(euros: 2_500_000), firstInvestmentsMaxGrant: Money(euros: 1_000_000),
        implementationPhaseMaxGrant: Money(euros: 15_000_000))

    /// The consultant fraction in words, for messages.
    public var consultantFractionText: String {
        switch (consultantNumerator, consultantDenominator) {
        case (1, 3): "ein Drittel"
        case (1, 2): "die Hälfte"
        case (1, 4): "ein Viertel"
        default: "\(consultantNumerator)/\(consultantDenominator)"
        }
    }
}

/// Everything the office works with, as one value: what the checks and the panes read.
public struct Project: Hashable, Sendable {
    public var name: String
    public var plan: Plan
    public var terms: FundingTerms
    public var measures: [Measure]
    public var staffing: [StaffingUnit]
    public var stakeholders: [Stakeholder]
    public var series: [EventSeries]
    public var events: [Event]
    /// The receipts ledger (Ist-Ausgaben), by date then id.
    public var expenses: [Expense]
    /// Status, responsibility, milestones and progress log of the measures (Maßnahmen-Controlling).
    public var controlling: MeasureControlling
    /// Mittelabrufe and submitted Verwendungsnachweise.
    public var drawdowns: DrawdownRegister

    public init(name: String, plan: Plan, terms: FundingTerms, measures: [Measure] = [], staffing: [StaffingUnit] = [],
                stakeholders: [Stakeholder] = [], series: [EventSeries] = [], events: [Event] = [],
                expenses: [Expense] = [], controlling: MeasureControlling = MeasureControlling(),
                drawdowns: DrawdownRegister = DrawdownRegister()) {
        self.expenses = expenses; self.drawdowns = drawdowns
        self.name = name; self.plan = plan; self.terms = terms; self.measures = measures; self.staffing = staffing
        self.stakeholders = stakeholders; self.series = series; self.events = events; self.controlling = controlling
    }
}
