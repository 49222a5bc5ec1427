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
    case loadChanges
    /// Stores that a status review ended now.
    case markReview
    /// Writes the current pane in its natural format (see `PaneExport`).
    case exportPane

    /// Whether the effect writes (refused in read-only mode).
    public var writes: Bool { self != .loadChanges && self != .exportPane }
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

    public init(at: String, user: String, entity: String, entityID: String, field: String, old: String, new: String, summary: String) {
        self.at = at; self.user = user; self.entity = entity; self.entityID = entityID
        self.field = field; self.old = old; self.new = new; self.summary = summary
    }
}

/// What one edited thing looks like at a moment: before and after an edit, for undo and redo.
/// A nil record means it does not exist (before an insert, after a delete).
public enum Snapshot: Hashable, Sendable {
    case planValue(code: String, yearIndex: Int, value: Int64)
    case measure(Measure)
    case staffing(StaffingUnit?)
    case stakeholder(Stakeholder?)
    case event(Event?)

    /// The effect that turns `self` (as it stands now) into `target`, using the record
    /// versions of `project` so that undo passes the conflict check.
    public func transition(to target: Snapshot, in project: Project) -> Effect? {
        func version<T: Identifiable>(_ record: T, in list: [T], _ v: (T) -> Int64) -> Int64 where T.ID == Int64 {
            list.first { $0.id == record.id }.map(v) ?? 0
        }
        switch (self, target) {
        case (.planValue(let code, let y, let current), .planValue(_, _, let value)):
            return .setPlanValue(code: code, yearIndex: y, value: value, expected: current)
        case (.measure(let current), .measure(var wanted)):
            wanted.id = current.id
            wanted.version = version(current, in: project.measures) { $0.version }
            return .saveMeasure(wanted)
        case (.staffing(let current), .staffing(let wanted)):
            switch (current, wanted) {
            case (let c?, var w?):
                w.id = c.id; w.version = version(c, in: project.staffing) { $0.version }; return .saveStaffing(w)
            case (var c?, nil):
                c.version = version(c, in: project.staffing) { $0.version }; return .deleteStaffing(c)
            case (nil, var w?):
                w.id = 0; w.version = 1; return .saveStaffing(w)
            case (nil, nil): return nil
            }
        case (.stakeholder(let current), .stakeholder(let wanted)):
            switch (current, wanted) {
            case (let c?, var w?):
                w.id = c.id; w.version = version(c, in: project.stakeholders) { $0.version }; return .saveStakeholder(w)
            case (var c?, nil):
                c.version = version(c, in: project.stakeholders) { $0.version }; return .deleteStakeholder(c)
            case (nil, var w?):
                w.id = 0; w.version = 1; return .saveStakeholder(w)
            case (nil, nil): return nil
            }
        case (.event(let current), .event(let wanted)):
            switch (current, wanted) {
            case (let c?, var w?):
                w.id = c.id; w.version = version(c, in: project.events) { $0.version }; return .saveEvent(w)
            case (var c?, nil):
                c.version = version(c, in: project.events) { $0.version }; return .deleteEvent(c)
            case (nil, var w?):
                w.id = 0; w.version = 1; return .saveEvent(w)
            case (nil, nil): return nil
            }
        default:
            return nil
        }
    }
}

public enum EffectResult: Sendable {
    /// The write went through; `project` is the reloaded state, `after` what now stands in the
    /// store (for undo), `summary` a short German description of the change.
    case saved(project: Project, after: Snapshot, summary: String)
    /// The write was refused; nothing changed. `message` says where and why.
    case failed(message: String)
    /// Someone else changed the same thing first. `message` shows their value and ours;
    /// `retry` writes ours again on top of theirs (keep mine), `project` holds theirs.
    case conflict(message: String, project: Project, retry: Effect?)
    case changes([ChangeRow])
    case reviewMarked(at: String)
    case exported(path: String, format: String)
    /// Another process changed the database; `summary` says what and who.
    case refreshed(project: Project, summary: String)
}

/// An undoable edit: the thing before and after it.
public struct UndoEntry: Hashable, Sendable {
    public var label: String
    public var before: Snapshot
    public var after: Snapshot
}
