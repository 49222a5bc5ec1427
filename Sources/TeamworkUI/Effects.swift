import TeamworkCore

/// A change the dashboard asks the outside world to make. `AppState` only describes it;
/// the main loop carries it out against the store and reports back with an `EffectResult`,
/// so the state stays pure and every edit can be tested without SQLite.
public enum Effect: Hashable, Sendable {
    case setPlanValue(code: String, yearIndex: Int, value: Int64, expected: Int64)
    case saveMeasure(Measure)
    case saveStaffing(StaffingUnit)
    case saveStakeholder(Stakeholder)
    case saveEvent(Event)
    case deleteStaffing(StaffingUnit)
    case deleteStakeholder(Stakeholder)
    case deleteEvent(Event)
    /// Status, status date, responsible unit and stakeholder of a measure (Maßnahmen-Controlling).
    case saveMeasureState(MeasureState)
    case saveMilestone(Milestone)
    case deleteMilestone(Milestone)
    case saveNote(ProgressNote)
    case deleteNote(ProgressNote)
    case saveExpense(Expense)
    case deleteExpense(Expense)
    case saveDrawdown(Drawdown)
    case deleteDrawdown(Drawdown)
    /// One funding term set to `value` (as typed); `expected` is the value the user saw, so a
    /// change by someone else in between is a conflict instead of being overwritten.
    case setFundingTerm(FundingTermKey, value: String, expected: String)
    /// The submission date of a phase's Verwendungsnachweis (nil: not submitted); `expected` as seen.
    case setProofSubmission(FundingPhase, date: LocalDateTime?, expected: LocalDateTime?)
    case loadChanges
    /// Stores that a status review ended now.
    case markReview
    /// Writes a pane's file (built by `PaneExport` when `x` was pressed) into `directory`,
    /// never over an existing file.
    case export(PaneExport.File, directory: String)
    /// Writes the plan of `project` as an Excel workbook named `name` into `directory` (never
    /// over an existing file). The bytes are made by the app layer (TeamworkXLSX), which the UI
    /// does not import; the state hands over what it shows.
    case exportPlanWorkbook(name: String, project: Project, directory: String)

    /// Whether the effect writes to the store (refused in read-only mode).
    public var writes: Bool {
        switch self {
        case .loadChanges, .export, .exportPlanWorkbook: false
        default: true
        }
    }
}

/// An effect with the id its result comes back with (`Msg.result`), so any number can be on
/// their way at once and each result finds what asked for it.
public struct Request: Hashable, Sendable {
    public typealias ID = Int
    public let id: ID
    public let effect: Effect
    public init(id: ID, effect: Effect) { self.id = id; self.effect = effect }
}

/// Everything that changes the dashboard's state enters through `AppState.update(_:)`.
public enum Msg: Sendable {
    case key(Key)
    /// The terminal has this size now.
    case resize(width: Int, height: Int)
    /// The clock, sent by the main loop while idle and before each key (exports date with it).
    case tick(UTCDateTime)
    /// The outcome of the request with this id.
    case result(Request.ID, EffectResult)
    /// Another process changed the database; `summary` says what and who.
    case storeChanged(project: Project, summary: String)
}

/// One row of the audit trail as the Änderungen pane shows it.
public struct ChangeRow: Hashable, Sendable {
    public var at: String
    public var user: String
    public var entity: String
    public var entityID: String
    public var field: String
    public var old: String
    public var new: String
    public var summary: String
    /// `at` in local time as people read it (`2026-03-29 03:30:00 (UTC+02:00)`), made where the
    /// zone is known (TeamworkApp); without one, the UTC time marked as such.
    public var local: String

    public init(at: String, user: String, entity: String, entityID: String, field: String, old: String, new: String, summary: String,
                local: String? = nil) {
        self.at = at; self.user = user; self.entity = entity; self.entityID = entityID
        self.field = field; self.old = old; self.new = new; self.summary = summary
        self.local = local ?? (at.replacing("T", with: " ").replacing("Z", with: "") + " (UTC)")
    }

    /// Date and minute of the local time, for tables (`2026-03-29 03:30`).
    public var localMinute: String { String(local.prefix(16)) }
}

/// What one edited thing looks like at a moment: before and after an edit, for undo and redo.
/// A nil record means it does not exist (before an insert, after a delete).
public enum Snapshot: Hashable, Sendable {
    case planValue(code: String, yearIndex: Int, value: Int64)
    case measure(Measure)
    case staffing(StaffingUnit?)
    case stakeholder(Stakeholder?)
    case event(Event?)
    case measureState(MeasureState)
    case milestone(Milestone?)
    case note(ProgressNote?)
    case expense(Expense?)
    case drawdown(Drawdown?)
    /// A funding term and its value as typed in (`FundingTermKey.editText`).
    case term(FundingTermKey, String)
    case proof(FundingPhase, LocalDateTime?)

    /// The effect that turns `self` (as it stands now) into `target`, using the record
    /// versions of `project` so that undo passes the conflict check.
    public func transition(to target: Snapshot, in project: Project) -> Effect? {
        switch (self, target) {
        case (.planValue(let code, let y, let current), .planValue(_, _, let value)):
            return .setPlanValue(code: code, yearIndex: y, value: value, expected: current)
        case (.measure(let current), .measure(let wanted)):
            return Snapshot.change(current, wanted, stored: project.measures, save: Effect.saveMeasure, delete: nil)
        case (.staffing(let current), .staffing(let wanted)):
            return Snapshot.change(current, wanted, stored: project.staffing, save: Effect.saveStaffing, delete: Effect.deleteStaffing)
        case (.stakeholder(let current), .stakeholder(let wanted)):
            return Snapshot.change(current, wanted, stored: project.stakeholders, save: Effect.saveStakeholder,
                                   delete: Effect.deleteStakeholder)
        case (.event(let current), .event(let wanted)):
            return Snapshot.change(current, wanted, stored: project.events, save: Effect.saveEvent, delete: Effect.deleteEvent)
        case (.measureState(let current), .measureState(var wanted)):
            wanted.measureID = current.measureID
            wanted.version = project.controlling.states.first { $0.measureID == current.measureID }?.version ?? 0
            return .saveMeasureState(wanted)
        case (.milestone(let current), .milestone(let wanted)):
            return Snapshot.change(current, wanted, stored: project.controlling.milestones, save: Effect.saveMilestone,
                                   delete: Effect.deleteMilestone)
        case (.note(let current), .note(let wanted)):
            return Snapshot.change(current, wanted, stored: project.controlling.notes, save: Effect.saveNote,
                                   delete: Effect.deleteNote)
        case (.expense(let current), .expense(let wanted)):
            return Snapshot.change(current, wanted, stored: project.expenses, save: Effect.saveExpense, delete: Effect.deleteExpense)
        case (.drawdown(let current), .drawdown(let wanted)):
            return Snapshot.change(current, wanted, stored: project.drawdowns.drawdowns, save: Effect.saveDrawdown,
                                   delete: Effect.deleteDrawdown)
        case (.term(let key, _), .term(_, let wanted)):
            return .setFundingTerm(key, value: wanted, expected: key.editText(project.terms))
        case (.proof(let phase, _), .proof(_, let wanted)):
            return .setProofSubmission(phase, date: wanted, expected: project.drawdowns.submission(phase)?.submittedOn)
        default:
            return nil
        }
    }

    /// Update (both exist), delete (only the current) or insert (only the wanted) a record,
    /// with the version the store holds now.
    static func change<R: VersionedRecord>(_ current: R?, _ wanted: R?, stored: [R], save: (R) -> Effect,
                                           delete: ((R) -> Effect)?) -> Effect? {
        func storedVersion(_ record: R) -> Int64 { stored.first { $0.id == record.id }?.version ?? 0 }
        switch (current, wanted) {
        case (let c?, var w?):
            w.id = c.id
            w.version = storedVersion(c)
            return save(w)
        case (var c?, nil):
            c.version = storedVersion(c)
            return delete?(c)
        case (nil, var w?):
            w.id = 0
            w.version = 1
            return save(w)
        case (nil, nil):
            return nil
        }
    }
}

extension Snapshot {
    /// The id of the record, when there is one.
    var recordID: Int64? {
        switch self {
        case .planValue: nil
        case .measure(let m): m.id
        case .staffing(let u): u?.id
        case .stakeholder(let s): s?.id
        case .event(let e): e?.id
        case .measureState(let s): s.measureID
        case .milestone(let m): m?.id
        case .note(let n): n?.id
        case .expense(let e): e?.id
        case .drawdown(let d): d?.id
        case .term, .proof: nil
        }
    }

    /// The same snapshot with record id `old` replaced by `new`, if it is of the kind of `like`.
    func renumbering(_ old: Int64, to new: Int64, like: Snapshot) -> Snapshot {
        func fix<R: VersionedRecord>(_ r: R?) -> R? {
            guard var r, r.id == old else { return r }
            r.id = new
            return r
        }
        switch (self, like) {
        case (.staffing(let u), .staffing): return .staffing(fix(u))
        case (.stakeholder(let s), .stakeholder): return .stakeholder(fix(s))
        case (.event(let e), .event): return .event(fix(e))
        case (.milestone(let m), .milestone): return .milestone(fix(m))
        case (.note(let n), .note): return .note(fix(n))
        case (.expense(let e), .expense): return .expense(fix(e))
        case (.drawdown(let d), .drawdown): return .drawdown(fix(d))
        default: return self
        }
    }
}

extension UndoEntry {
    func renumbering(_ old: Int64, to new: Int64, like: Snapshot) -> UndoEntry {
        UndoEntry(label: label, before: before.renumbering(old, to: new, like: like),
                  after: after.renumbering(old, to: new, like: like))
    }
}

/// A record with an id and a version for the conflict check.
protocol VersionedRecord {
    var id: Int64 { get set }
    var version: Int64 { get set }
}

extension Measure: VersionedRecord {}
extension StaffingUnit: VersionedRecord {}
extension Stakeholder: VersionedRecord {}
extension Event: VersionedRecord {}
extension Milestone: VersionedRecord {}
extension ProgressNote: VersionedRecord {}
extension Expense: VersionedRecord {}
extension Drawdown: VersionedRecord {}

public enum EffectResult: Sendable {
    /// The write went through; `project` is the reloaded state, `after` what now stands in the
    /// store (for undo), `summary` a short German description of the change.
    case saved(project: Project, after: Snapshot, summary: String)
    /// The write was refused; nothing changed. `message` says where and why.
    case failed(message: String)
    /// Someone else changed the same thing first. `message` shows their value and ours;
    /// `retry` writes ours again on top of theirs (keep mine), `project` holds theirs.
    case conflict(message: String, project: Project, retry: Effect?)
    /// Another process holds the write lock (a long import): nothing was written. `effect` is
    /// the write, so the editor or form can stay open with what was typed and try again.
    case busy(message: String, effect: Effect)
    case changes([ChangeRow])
    case reviewMarked(at: String)
    case exported(path: String, format: String)
}

/// An undoable edit: the thing before and after it.
public struct UndoEntry: Hashable, Sendable {
    public var label: String
    public var before: Snapshot
    public var after: Snapshot
}
