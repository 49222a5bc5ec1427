import GRDB
import TeamworkCore

// Row types of the store. They mirror the tables one to one and are converted to the Core
// values (Plan, Measure, …) at the edge of `ProjectStore`; nothing outside this module sees them.

struct ProjectRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "project"
    enum Columns {
        static let id = Column("id"), name = Column("name"), version = Column("version")
    }
    var id: Int64 = 1
    var name: String
    var version: Int64 = 1
}

struct FundingTermsRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "funding_terms"
    enum Columns {
        static let id = Column("id"), name = Column("name")
        static let federalQuotaBP = Column(CodingKeys.federalQuotaBP)
        static let minMunicipalShareBP = Column(CodingKeys.minMunicipalShareBP)
        static let consultantNumerator = Column(CodingKeys.consultantNumerator)
        static let consultantDenominator = Column(CodingKeys.consultantDenominator)
        static let strategyMaxCents = Column(CodingKeys.strategyMaxCents)
        static let firstInvestmentsMaxCents = Column(CodingKeys.firstInvestmentsMaxCents)
        static let implementationMaxCents = Column(CodingKeys.implementationMaxCents)
        static let version = Column("version")
    }
    enum CodingKeys: String, CodingKey {
        case id, name, version
        case federalQuotaBP = "federal_quota_bp"
        case minMunicipalShareBP = "min_municipal_share_bp"
        case consultantNumerator = "consultant_numerator"
        case consultantDenominator = "consultant_denominator"
        case strategyMaxCents = "strategy_max_cents"
        case firstInvestmentsMaxCents = "first_investments_max_cents"
        case implementationMaxCents = "implementation_max_cents"
        case overrunToleranceBP = "overrun_tolerance_bp"
        case zusage1 = "zusage_1", zusage2 = "zusage_2"
        case proofMonths1 = "proof_months_1", proofMonths2 = "proof_months_2"
        case drawdownIntervalMonths = "drawdown_interval_months"
        case overdrawInterestBP = "overdraw_interest_bp"
        case proofWarningDays = "proof_warning_days"
    }
    var id: Int64 = 1
    var name: String
    var federalQuotaBP: Int64
    var minMunicipalShareBP: Int64
    var consultantNumerator: Int64
    var consultantDenominator: Int64
    var strategyMaxCents: Int64
    var firstInvestmentsMaxCents: Int64
    var implementationMaxCents: Int64
    /// Migration v3-terms-overrun-tolerance; NULL = no tolerance.
    var overrunToleranceBP: Int64?
    /// `YYYY-MM-DD` or NULL.
    var zusage1: String?
    var zusage2: String?
    var proofMonths1: Int
    var proofMonths2: Int
    var drawdownIntervalMonths: Int
    var overdrawInterestBP: Int64
    var proofWarningDays: Int
    var version: Int64 = 1

    init(_ terms: FundingTerms) {
        name = terms.name
        federalQuotaBP = terms.federalQuota.basisPoints
        minMunicipalShareBP = terms.minMunicipalShare.basisPoints
        consultantNumerator = terms.consultantNumerator
        consultantDenominator = terms.consultantDenominator
        strategyMaxCents = terms.strategyPhaseMaxGrant.cents
        firstInvestmentsMaxCents = terms.firstInvestmentsMaxGrant.cents
        implementationMaxCents = terms.implementationPhaseMaxGrant.cents
        overrunToleranceBP = terms.overrunTolerance?.basisPoints
        zusage1 = terms.strategyZusage?.isoDate
        zusage2 = terms.implementationZusage?.isoDate
        proofMonths1 = terms.strategyProofMonths
        proofMonths2 = terms.implementationProofMonths
        drawdownIntervalMonths = terms.drawdownIntervalMonths
        overdrawInterestBP = terms.overdrawInterestPoints.basisPoints
        proofWarningDays = terms.proofWarningDays
    }

    var core: FundingTerms {
        FundingTerms(name: name, federalQuota: Percent(basisPoints: federalQuotaBP),
                     minMunicipalShare: Percent(basisPoints: minMunicipalShareBP),
                     consultantNumerator: consultantNumerator, consultantDenominator: consultantDenominator,
                     strategyPhaseMaxGrant: Money(cents: strategyMaxCents),
                     firstInvestmentsMaxGrant: Money(cents: firstInvestmentsMaxCents),
                     implementationPhaseMaxGrant: Money(cents: implementationMaxCents),
                     overrunTolerance: overrunToleranceBP.map(Percent.init(basisPoints:)),
                     strategyZusage: zusage1.flatMap { LocalDateTime(iso: $0) },
                     implementationZusage: zusage2.flatMap { LocalDateTime(iso: $0) },
                     strategyProofMonths: proofMonths1, implementationProofMonths: proofMonths2,
                     drawdownIntervalMonths: drawdownIntervalMonths,
                     overdrawInterestPoints: Percent(basisPoints: overdrawInterestBP),
                     proofWarningDays: proofWarningDays)
    }
}

struct PlanLineRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "plan_line"
    enum Columns {
        static let code = Column("code"), position = Column("position"), label = Column("label")
        static let section = Column("section"), kind = Column("kind"), parts = Column("parts")
        static let statedTotal = Column(CodingKeys.statedTotal), version = Column("version")
    }
    enum CodingKeys: String, CodingKey {
        case code, position, label, section, kind, parts, version
        case statedTotal = "stated_total"
    }
    var code: String
    var position: Int
    var label: String
    var section: String
    var kind: String
    /// Codes joined by ",".
    var parts: String
    var statedTotal: Int64
    var version: Int64 = 1
}

struct PlanValueRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "plan_value"
    enum Columns {
        static let lineCode = Column(CodingKeys.lineCode), year = Column("year"), value = Column("value")
        static let version = Column("version")
    }
    enum CodingKeys: String, CodingKey {
        case year, value, version
        case lineCode = "line_code"
    }
    var lineCode: String
    var year: Int
    var value: Int64
    var version: Int64 = 1
}

struct MeasureRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "measure"
    enum Columns {
        static let id = Column("id"), stage = Column("stage"), number = Column("number"), title = Column("title")
        static let costCents = Column(CodingKeys.costCents), planLine = Column(CodingKeys.planLine)
        static let version = Column("version")
    }
    enum CodingKeys: String, CodingKey {
        case id, stage, number, title, link, summary, scope, rolemodel, goal, contribution, operation, rollout,
             transfer, version
        case costCents = "cost_cents"
        case planLine = "plan_line"
        case rolemodelLink = "rolemodel_link"
        case goalReached = "goal_reached"
        case costTypes = "cost_types"
    }
    var id: Int64?
    var stage: String
    var number: Int
    var title: String
    var link: String
    var costCents: Int64?
    var planLine: String?
    var summary: String
    var scope: String
    var rolemodel: String
    var rolemodelLink: String
    var goal: String
    var goalReached: Bool?
    var contribution: String
    var costTypes: String
    var operation: String
    var rollout: String
    var transfer: String
    var version: Int64

    init(_ m: Measure) {
        id = m.id == 0 ? nil : m.id
        stage = m.stage.rawValue; number = m.number; title = m.title; link = m.link
        costCents = m.cost?.cents; planLine = m.planLine; summary = m.summary; scope = m.scope
        rolemodel = m.rolemodel; rolemodelLink = m.rolemodelLink; goal = m.goal; goalReached = m.goalReached
        contribution = m.contribution; costTypes = m.costTypes; operation = m.operation; rollout = m.rollout
        transfer = m.transfer; version = m.version
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    func core() throws(StoreError) -> Measure {
        guard let stage = MeasureStage(rawValue: stage) else {
            throw StoreError(kind: .invalidData, message: "Maßnahme \(id ?? 0): unbekannte Phase \"\(self.stage)\"")
        }
        return Measure(id: id ?? 0, stage: stage, number: number, title: title, link: link,
                       cost: costCents.map(Money.init(cents:)), planLine: planLine, summary: summary, scope: scope,
                       rolemodel: rolemodel, rolemodelLink: rolemodelLink, goal: goal, goalReached: goalReached,
                       contribution: contribution, costTypes: costTypes, operation: operation, rollout: rollout,
                       transfer: transfer, version: version)
    }
}

struct StaffingUnitRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "staffing_unit"
    enum Columns {
        static let id = Column("id"), unit = Column("unit"), position = Column("position")
        static let involved = Column(CodingKeys.involved), funded = Column(CodingKeys.funded)
        static let version = Column("version")
    }
    enum CodingKeys: String, CodingKey {
        case id, unit, position, version
        case involved = "involved_hundredths"
        case funded = "funded_hundredths"
    }
    var id: Int64?
    var unit: String
    var involved: Int64
    var funded: Int64
    var position: Int
    var version: Int64

    init(_ s: StaffingUnit) {
        id = s.id == 0 ? nil : s.id
        unit = s.unit; involved = s.involved; funded = s.funded; position = s.position; version = s.version
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var core: StaffingUnit {
        StaffingUnit(id: id ?? 0, unit: unit, involved: involved, funded: funded, position: position, version: version)
    }
}

struct StakeholderRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "stakeholder"
    enum Columns {
        static let id = Column("id"), name = Column("name"), kind = Column("kind"), version = Column("version")
    }
    enum CodingKeys: String, CodingKey {
        case id, name, kind, role, email, phone, address, link, notes, version, uid, organisation
        case contactPerson = "contact_person"
        case moreEmails = "more_emails"
        case morePhones = "more_phones"
    }
    var id: Int64?
    var name: String
    var kind: String
    var role: String
    var contactPerson: String
    var email: String
    var phone: String
    var address: String
    var link: String
    var notes: String
    var uid: String
    var organisation: String
    /// One per line.
    var moreEmails: String
    var morePhones: String
    var version: Int64

    init(_ s: Stakeholder) {
        id = s.id == 0 ? nil : s.id
        name = s.name; kind = s.kind.rawValue; role = s.role; contactPerson = s.contactPerson; email = s.email
        phone = s.phone; address = s.address; link = s.link; notes = s.notes; version = s.version
        uid = s.uid; organisation = s.organisation
        moreEmails = s.moreEmails.joined(separator: "\n"); morePhones = s.morePhones.joined(separator: "\n")
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    func core() throws(StoreError) -> Stakeholder {
        guard let kind = StakeholderKind(rawValue: kind) else {
            throw StoreError(kind: .invalidData, message: "Akteur \"\(name)\": unbekannte Art \"\(self.kind)\"")
        }
        func list(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }
        return Stakeholder(id: id ?? 0, name: name, kind: kind, role: role, contactPerson: contactPerson,
                           email: email, phone: phone, address: address, link: link, notes: notes,
                           organisation: organisation, moreEmails: list(moreEmails), morePhones: list(morePhones),
                           uid: uid, version: version)
    }
}

struct EventSeriesRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "event_series"
    enum Columns {
        static let id = Column("id"), title = Column("title"), measureID = Column(CodingKeys.measureID)
        static let version = Column("version")
    }
    enum CodingKeys: String, CodingKey {
        case id, title, format, cadence, description, organiser, source, version, uid
        case measureID = "measure_id"
    }
    var id: Int64?
    var title: String
    var format: String
    var cadence: String
    var description: String
    var organiser: String
    var measureID: Int64?
    var source: String
    var uid: String
    var version: Int64

    init(_ s: EventSeries) {
        id = s.id == 0 ? nil : s.id
        title = s.title; format = s.format; cadence = s.cadence; description = s.description
        organiser = s.organiser; measureID = s.measureID; source = s.source; uid = s.uid; version = s.version
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var core: EventSeries {
        EventSeries(id: id ?? 0, title: title, format: format, cadence: cadence, description: description,
                    organiser: organiser, measureID: measureID, source: source, uid: uid, version: version)
    }
}

struct EventRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "event"
    enum Columns {
        static let id = Column("id"), seriesID = Column(CodingKeys.seriesID), start = Column("start")
        static let end = Column("end"), measureID = Column(CodingKeys.measureID), version = Column("version")
    }
    enum CodingKeys: String, CodingKey {
        case id, title, format, start, end, place, organiser, version, notes, uid
        case seriesID = "series_id"
        case measureID = "measure_id"
        case recurrenceID = "recurrence_id"
    }
    var id: Int64?
    var seriesID: Int64?
    var title: String
    var format: String
    /// `YYYY-MM-DD HH:MM`
    var start: String
    var end: String
    var place: String
    var organiser: String
    var measureID: Int64?
    var notes: String
    var uid: String
    var recurrenceID: String
    var version: Int64

    init(_ e: Event) {
        id = e.id == 0 ? nil : e.id
        seriesID = e.seriesID; title = e.title; format = e.format; start = e.start.iso; end = e.end.iso
        place = e.place; organiser = e.organiser; measureID = e.measureID; version = e.version
        notes = e.notes; uid = e.uid; recurrenceID = e.recurrenceID
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    func core(stakeholderIDs: [Int64]) throws(StoreError) -> Event {
        guard let start = LocalDateTime(iso: start), let end = LocalDateTime(iso: end) else {
            throw StoreError(kind: .invalidData, message: "Termin \"\(title)\": ungültiges Datum \"\(self.start)\" / \"\(self.end)\"")
        }
        return Event(id: id ?? 0, seriesID: seriesID, title: title, format: format, start: start, end: end,
                     place: place, organiser: organiser, measureID: measureID, stakeholderIDs: stakeholderIDs,
                     notes: notes, uid: uid, recurrenceID: recurrenceID, version: version)
    }
}

struct EventStakeholderRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "event_stakeholder"
    enum Columns {
        static let eventID = Column(CodingKeys.eventID), stakeholderID = Column(CodingKeys.stakeholderID)
    }
    enum CodingKeys: String, CodingKey {
        case eventID = "event_id"
        case stakeholderID = "stakeholder_id"
    }
    var eventID: Int64
    var stakeholderID: Int64
}
