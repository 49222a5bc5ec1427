import Foundation
import TeamworkCore

/// The whole project as JSON for other tools: `teamwork export all --format json`.
///
/// Deterministic: keys sorted, records in the order `loadProject` gives them, no timestamp — the
/// same database gives the same bytes. Every amount appears twice, as integer (`cents`; shares
/// and Stellenanteile as `hundredths`) and as German text (`"1.234,56"`). Times are Berlin local
/// time, `iso` as stored (`2026-05-04 09:30`) and `text` German (`04.05.2026 09:30`); calendar
/// days (payments, drawdowns, Zusage, milestones) likewise as `2026-05-04` / `04.05.2026`.
/// Absent optional values (no Zusage date yet, a drawdown not received) are left out.
///
/// Besides plan, terms and records: the receipts ledger (`expenses`), the drawdown register
/// (`drawdowns`, `proofSubmissions`) and the Maßnahmen-Controlling (`controlling`). There is no
/// JSON import: a project is moved with `teamwork backup` / `teamwork restore`.
public enum ProjectJSON {
    /// Version of this layout; raised when a field changes meaning or disappears.
    public static let formatVersion = 1

    public static func encode(_ project: Project) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Only strings, integers, booleans, arrays and objects: encoding cannot fail.
        let data = try! encoder.encode(ProjectDTO(project))
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    struct Amount: Encodable {
        let cents: Int64
        let text: String
        init(_ cents: Int64) { self.cents = cents; text = Fixed2.format(cents) }
    }

    /// Hundredths (of a percent or of a post): `9040` / `"90,40"`.
    struct Hundredths: Encodable {
        let hundredths: Int64
        let text: String
        init(_ value: Int64) { hundredths = value; text = Fixed2.format(value) }
    }

    struct Time: Encodable {
        let iso: String
        let text: String
        init(_ t: LocalDateTime) { iso = t.iso; text = t.german }
    }

    /// A calendar day: `2026-05-04` / `04.05.2026`.
    struct Day: Encodable {
        let iso: String
        let text: String
        init(_ d: LocalDate) { iso = d.iso; text = d.german }
        init(_ t: LocalDateTime) { self.init(LocalDate(t)) }
    }

    /// One plan cell: `cents` for money lines, `hundredths` (of a percent) for share lines.
    struct Cell: Encodable {
        let year: Int?
        let cents: Int64?
        let hundredths: Int64?
        let text: String
        init(year: Int?, value: Int64, share: Bool) {
            self.year = year
            cents = share ? nil : value
            hundredths = share ? value : nil
            text = Fixed2.format(value)
        }
    }

    struct Line: Encodable {
        let code: String
        let label: String
        let section: String
        let sectionTitle: String
        let kind: String
        let parts: [String]
        let unit: String
        let values: [Cell]
        let total: Cell
        init(_ line: PlanLine, years: [Int]) {
            let share = line.kind == .share
            code = line.code; label = line.label; section = line.section.rawValue
            sectionTitle = line.section.title; kind = line.kind.rawValue; parts = line.parts
            unit = share ? "%" : "EUR"
            values = zip(years, line.values).map { Cell(year: $0, value: $1, share: share) }
            total = Cell(year: nil, value: line.statedTotal, share: share)
        }
    }

    struct PlanDTO: Encodable {
        let years: [Int]
        let lines: [Line]
    }

    struct Terms: Encodable {
        let name: String
        let federalQuota: Hundredths
        let minMunicipalShare: Hundredths
        let consultantNumerator: Int64
        let consultantDenominator: Int64
        let strategyPhaseMaxGrant: Amount
        let firstInvestmentsMaxGrant: Amount
        let implementationPhaseMaxGrant: Amount
        /// Hundredths of a percent; absent = off.
        let overrunTolerance: Hundredths?
        let strategyZusage: Day?
        let implementationZusage: Day?
        let strategyProofMonths: Int
        let implementationProofMonths: Int
        /// Derived: Zusage + proof months (absent without a Zusage date).
        let strategyProofDeadline: Day?
        let implementationProofDeadline: Day?
        let drawdownIntervalMonths: Int
        /// Percentage points over the Basiszinssatz, in hundredths (500 = 5,00).
        let overdrawInterestPoints: Hundredths
        let proofWarningDays: Int
        init(_ t: FundingTerms) {
            name = t.name
            federalQuota = Hundredths(t.federalQuota.basisPoints)
            minMunicipalShare = Hundredths(t.minMunicipalShare.basisPoints)
            consultantNumerator = t.consultantNumerator; consultantDenominator = t.consultantDenominator
            strategyPhaseMaxGrant = Amount(t.strategyPhaseMaxGrant.cents)
            firstInvestmentsMaxGrant = Amount(t.firstInvestmentsMaxGrant.cents)
            implementationPhaseMaxGrant = Amount(t.implementationPhaseMaxGrant.cents)
            overrunTolerance = t.overrunTolerance.map { Hundredths($0.basisPoints) }
            strategyZusage = t.strategyZusage.map(Day.init); implementationZusage = t.implementationZusage.map(Day.init)
            strategyProofMonths = t.strategyProofMonths; implementationProofMonths = t.implementationProofMonths
            strategyProofDeadline = t.proofDeadline(.strategy).map(Day.init)
            implementationProofDeadline = t.proofDeadline(.implementation).map(Day.init)
            drawdownIntervalMonths = t.drawdownIntervalMonths
            overdrawInterestPoints = Hundredths(t.overdrawInterestPoints.basisPoints)
            proofWarningDays = t.proofWarningDays
        }
    }

    struct ExpenseDTO: Encodable {
        let id: Int64
        let line: String
        let date: Day
        let payee: String
        let purpose: String
        let amount: Amount
        let receipt: String
        let bookingReference: String
        let note: String
        let version: Int64
        init(_ e: Expense) {
            id = e.id; line = e.line; date = Day(e.date); payee = e.payee; purpose = e.purpose
            amount = Amount(e.amount.cents); receipt = e.receipt; bookingReference = e.bookingReference; note = e.note
            version = e.version
        }
    }

    struct DrawdownDTO: Encodable {
        let id: Int64
        let phase: Int
        let phaseTitle: String
        let requestedOn: Day
        let amount: Amount
        let receivedOn: Day?
        let receivedAmount: Amount?
        /// Derived: what counts as drawn (received amount once there, else the amount requested).
        let drawn: Amount
        let note: String
        let version: Int64
        init(_ d: Drawdown) {
            id = d.id; phase = d.phase.rawValue; phaseTitle = d.phase.title; requestedOn = Day(d.requestedOn)
            amount = Amount(d.amount.cents); receivedOn = d.receivedOn.map(Day.init)
            receivedAmount = d.receivedAmount.map { Amount($0.cents) }; drawn = Amount(d.drawn.cents); note = d.note
            version = d.version
        }
    }

    struct ProofSubmissionDTO: Encodable {
        let phase: Int
        let phaseTitle: String
        let submittedOn: Day
        let version: Int64
        init(_ s: ProofSubmission) {
            phase = s.phase.rawValue; phaseTitle = s.phase.title; submittedOn = Day(s.submittedOn); version = s.version
        }
    }

    struct StateDTO: Encodable {
        let measureID: Int64
        let status: String
        let statusTitle: String
        let since: Day?
        let responsibleUnitID: Int64?
        let stakeholderID: Int64?
        let version: Int64
        init(_ s: MeasureState) {
            measureID = s.measureID; status = s.status.rawValue; statusTitle = s.status.title; since = s.since.map(Day.init)
            responsibleUnitID = s.responsibleUnitID; stakeholderID = s.stakeholderID; version = s.version
        }
    }

    struct MilestoneDTO: Encodable {
        let id: Int64
        let measureID: Int64
        let title: String
        let due: Day
        let done: Day?
        let note: String
        let version: Int64
        init(_ m: Milestone) {
            id = m.id; measureID = m.measureID; title = m.title; due = Day(m.due); done = m.done.map(Day.init)
            note = m.note; version = m.version
        }
    }

    struct NoteDTO: Encodable {
        let id: Int64
        let measureID: Int64
        let date: Day
        let text: String
        let author: String
        let version: Int64
        init(_ n: ProgressNote) {
            id = n.id; measureID = n.measureID; date = Day(n.date); text = n.text; author = n.author; version = n.version
        }
    }

    /// Stored states only (a measure without one is in its initial state), milestones, progress log.
    struct ControllingDTO: Encodable {
        let states: [StateDTO]
        let milestones: [MilestoneDTO]
        let notes: [NoteDTO]
        init(_ c: MeasureControlling) {
            states = c.states.map(StateDTO.init); milestones = c.milestones.map(MilestoneDTO.init)
            notes = c.notes.map(NoteDTO.init)
        }
    }

    struct MeasureDTO: Encodable {
        let id: Int64
        let stage: String
        let stageTitle: String
        let number: Int
        let title: String
        let link: String
        let cost: Amount?
        let planLine: String?
        let summary: String
        let scope: String
        let rolemodel: String
        let rolemodelLink: String
        let goal: String
        let goalReached: Bool?
        let contribution: String
        let costTypes: String
        let operation: String
        let rollout: String
        let transfer: String
        let version: Int64
        init(_ m: Measure) {
            id = m.id; stage = m.stage.rawValue; stageTitle = m.stage.title; number = m.number; title = m.title
            link = m.link; cost = m.cost.map { Amount($0.cents) }; planLine = m.planLine; summary = m.summary
            scope = m.scope; rolemodel = m.rolemodel; rolemodelLink = m.rolemodelLink; goal = m.goal
            goalReached = m.goalReached; contribution = m.contribution; costTypes = m.costTypes
            operation = m.operation; rollout = m.rollout; transfer = m.transfer; version = m.version
        }
    }

    struct Staffing: Encodable {
        let id: Int64
        let unit: String
        let involved: Hundredths
        let funded: Hundredths
        let position: Int
        let version: Int64
        init(_ s: StaffingUnit) {
            id = s.id; unit = s.unit; involved = Hundredths(s.involved); funded = Hundredths(s.funded)
            position = s.position; version = s.version
        }
    }

    struct StakeholderDTO: Encodable {
        let id: Int64
        let uid: String
        let name: String
        let kind: String
        let kindTitle: String
        let role: String
        let contactPerson: String
        let email: String
        let phone: String
        let address: String
        let link: String
        let notes: String
        let organisation: String
        let moreEmails: [String]
        let morePhones: [String]
        let version: Int64
        init(_ s: Stakeholder) {
            id = s.id; uid = VCard.uid(of: s); name = s.name; kind = s.kind.rawValue
            kindTitle = s.kind.title; role = s.role; contactPerson = s.contactPerson; email = s.email
            phone = s.phone; address = s.address; link = s.link; notes = s.notes; version = s.version
            organisation = s.organisation; moreEmails = s.moreEmails; morePhones = s.morePhones
        }
    }

    struct Series: Encodable {
        let id: Int64
        let title: String
        let format: String
        let cadence: String
        let description: String
        let organiser: String
        let measureID: Int64?
        let source: String
        let version: Int64
        init(_ s: EventSeries) {
            id = s.id; title = s.title; format = s.format; cadence = s.cadence; description = s.description
            organiser = s.organiser; measureID = s.measureID; source = s.source; version = s.version
        }
    }

    struct EventDTO: Encodable {
        let id: Int64
        let uid: String
        let seriesID: Int64?
        let title: String
        let format: String
        let start: Time
        let end: Time
        let place: String
        let organiser: String
        let measureID: Int64?
        let stakeholderIDs: [Int64]
        let notes: String
        let recurrenceID: String
        let allDay: Bool
        let version: Int64
        init(_ e: Event) {
            id = e.id; uid = ICalendar.uid(of: e); seriesID = e.seriesID; title = e.title
            format = e.format; start = Time(e.start); end = Time(e.end); place = e.place; organiser = e.organiser
            measureID = e.measureID; stakeholderIDs = e.stakeholderIDs; version = e.version
            notes = e.notes; recurrenceID = e.recurrenceID; allDay = EventDate.isAllDay(e)
        }
    }

    struct ProjectDTO: Encodable {
        let format = "teamwork-projekt"
        let formatVersion = ProjectJSON.formatVersion
        let name: String
        let plan: PlanDTO
        let terms: Terms
        let measures: [MeasureDTO]
        let staffing: [Staffing]
        let stakeholders: [StakeholderDTO]
        let series: [Series]
        let events: [EventDTO]
        let expenses: [ExpenseDTO]
        let drawdowns: [DrawdownDTO]
        let proofSubmissions: [ProofSubmissionDTO]
        let controlling: ControllingDTO
        init(_ p: Project) {
            name = p.name
            plan = PlanDTO(years: p.plan.years, lines: p.plan.lines.map { Line($0, years: p.plan.years) })
            terms = Terms(p.terms)
            measures = p.measures.map(MeasureDTO.init)
            staffing = p.staffing.map(Staffing.init)
            stakeholders = p.stakeholders.map(StakeholderDTO.init)
            series = p.series.map(Series.init)
            events = p.events.map(EventDTO.init)
            expenses = p.expenses.map(ExpenseDTO.init)
            drawdowns = p.drawdowns.drawdowns.map(DrawdownDTO.init)
            proofSubmissions = p.drawdowns.submissions.map(ProofSubmissionDTO.init)
            controlling = ControllingDTO(p.controlling)
        }
    }
}
