import Foundation
import TeamworkCore
import TeamworkStore
import TeamworkUI
import TeamworkXLSX

/// Carries out the dashboard's effects against the store and turns the outcome into an
/// `EffectResult`. The only place where the UI's wishes meet SQLite and the disk.
public struct EffectRunner: Sendable {
    public let store: ProjectStore
    public let user: String

    public init(store: ProjectStore, user: String) {
        self.store = store; self.user = user
    }

    /// Runs a request; its result comes back with the request's id.
    public func run(_ request: Request) -> Msg {
        .result(request.id, run(request.effect))
    }

    /// Writes the file into `directory`, never over an existing file (`-2`, `-3`, … instead).
    func export(_ file: PaneExport.File, into directory: String) -> EffectResult {
        write(Data(file.contents.utf8), name: file.name, format: file.format, into: directory)
    }

    func write(_ data: Data, name: String, format: String, into directory: String) -> EffectResult {
        let directory = URL(fileURLWithPath: directory)
        var url = directory.appendingPathComponent(name)
        var counter = 2
        while FileManager.default.fileExists(atPath: url.path) {
            let ext = url.pathExtension
            url = directory.appendingPathComponent(name.dropLast(ext.count + 1) + "-\(counter).\(ext)")
            counter += 1
        }
        do {
            try data.write(to: url, options: .withoutOverwriting)
            return .exported(path: url.path, format: format)
        } catch {
            return .failed(message: "Export nach \(url.path) fehlgeschlagen: \(error.localizedDescription)")
        }
    }

    public func run(_ effect: Effect) -> EffectResult {
        do {
            switch effect {
            case .setPlanValue(let code, let y, let value, let expected):
                let change = try store.updatePlanValue(code: code, yearIndex: y, raw: value, expected: expected, user: user)
                return .saved(project: try store.loadProject(), after: .planValue(code: code, yearIndex: y, value: change.new),
                              summary: change.summary)
            case .saveMeasure(let m):
                let saved = try store.save(m, user: user)
                return .saved(project: try store.loadProject(), after: .measure(saved), summary: "Maßnahme „\(saved.title)“ gespeichert")
            case .saveStaffing(let u):
                let saved = try store.save(u, user: user)
                return .saved(project: try store.loadProject(), after: .staffing(saved), summary: "„\(saved.unit)“ gespeichert")
            case .saveStakeholder(let s):
                let saved = try store.save(s, user: user)
                return .saved(project: try store.loadProject(), after: .stakeholder(saved), summary: "Akteur „\(saved.name)“ gespeichert")
            case .saveEvent(let e):
                let saved = try store.save(e, user: user)
                return .saved(project: try store.loadProject(), after: .event(saved),
                              summary: "Termin „\(saved.title)“ am \(saved.start.german) gespeichert")
            case .deleteStaffing(let u):
                try store.deleteStaffingUnit(id: u.id, version: u.version, user: user)
                return .saved(project: try store.loadProject(), after: .staffing(nil), summary: "„\(u.unit)“ gelöscht")
            case .deleteStakeholder(let s):
                try store.deleteStakeholder(id: s.id, version: s.version, user: user)
                return .saved(project: try store.loadProject(), after: .stakeholder(nil), summary: "Akteur „\(s.name)“ gelöscht")
            case .deleteEvent(let e):
                try store.deleteEvent(id: e.id, version: e.version, user: user)
                return .saved(project: try store.loadProject(), after: .event(nil), summary: "Termin „\(e.title)“ gelöscht")
            case .saveMeasureState(let state):
                let saved = try store.save(state, user: user)
                let project = try store.loadProject()
                return .saved(project: project, after: .measureState(saved),
                              summary: "\(Self.measureName(state.measureID, in: project)): \(saved.status.title)"
                                  + (saved.responsibleUnitID.flatMap { id in project.staffing.first { $0.id == id }?.unit }
                                      .map { ", verantwortlich \($0)" } ?? ""))
            case .saveMilestone(let m):
                let saved = try store.save(m, user: user)
                let project = try store.loadProject()
                return .saved(project: project, after: .milestone(saved),
                              summary: "\(Self.measureName(m.measureID, in: project)): Meilenstein „\(saved.title)“ (fällig \(saved.due.german)) gespeichert")
            case .deleteMilestone(let m):
                try store.deleteMilestone(id: m.id, version: m.version, user: user)
                let project = try store.loadProject()
                return .saved(project: project, after: .milestone(nil),
                              summary: "\(Self.measureName(m.measureID, in: project)): Meilenstein „\(m.title)“ gelöscht")
            case .saveNote(let n):
                let saved = try store.save(n, user: user)
                let project = try store.loadProject()
                return .saved(project: project, after: .note(saved),
                              summary: "\(Self.measureName(n.measureID, in: project)): Notiz vom \(saved.date.german) gespeichert")
            case .deleteNote(let n):
                try store.deleteProgressNote(id: n.id, version: n.version, user: user)
                let project = try store.loadProject()
                return .saved(project: project, after: .note(nil),
                              summary: "\(Self.measureName(n.measureID, in: project)): Notiz vom \(n.date.german) gelöscht")
            case .saveExpense(let e):
                let saved = try store.save(e, user: user)
                return .saved(project: try store.loadProject(), after: .expense(saved),
                              summary: "\(saved.label) auf \(saved.line) gespeichert")
            case .deleteExpense(let e):
                try store.deleteExpense(id: e.id, version: e.version, user: user)
                return .saved(project: try store.loadProject(), after: .expense(nil), summary: "\(e.label) gelöscht")
            case .saveDrawdown(let d):
                let saved = try store.save(d, user: user)
                return .saved(project: try store.loadProject(), after: .drawdown(saved),
                              summary: "Mittelabruf \(saved.summary) gespeichert")
            case .deleteDrawdown(let d):
                try store.deleteDrawdown(id: d.id, version: d.version, user: user)
                return .saved(project: try store.loadProject(), after: .drawdown(nil), summary: "Mittelabruf \(d.summary) gelöscht")
            case .setProofSubmission(let phase, let date, let expected):
                let changed = try store.setProofSubmission(phase: phase, date: date, expected: .some(expected), user: user)
                let text = date.map { "eingereicht am \($0.germanDate)" } ?? "nicht eingereicht"
                return .saved(project: try store.loadProject(), after: .proof(phase, date),
                              summary: "Verwendungsnachweis \(phase.title): " + (changed ? text : "unverändert"))
            case .setFundingTerm(let key, let value, let expected):
                let (terms, changed) = try store.setFundingTerm(key, to: value, expected: expected, user: user)
                return .saved(project: try store.loadProject(), after: .term(key, key.editText(terms)),
                              summary: changed ? "\(key.caption): \(key.display(terms))" : "\(key.caption) unverändert")
            case .loadChanges:
                return .changes(try store.auditTrail().map(ChangeRow.init))
            case .markReview:
                return .reviewMarked(at: try store.markReview(user: user))
            case .export(let file, let directory):
                return export(file, into: directory)
            case .exportPlanWorkbook(let name, let project, let directory):
                let data: Data
                do { data = try PlanWorkbook.data(project: project) } catch {
                    return .failed(message: "Excel-Datei konnte nicht erstellt werden: \(error)")
                }
                return write(data, name: name, format: "Kosten- und Finanzierungsplan (Excel, .xlsx)", into: directory)
            }
        } catch {
            if error.kind == .busy {
                return .busy(message: EffectRunner.busyMessage, effect: effect)
            }
            guard error.kind == .conflict else {
                let fields = error.fieldErrors.map(\.description)
                return .failed(message: fields.isEmpty ? error.message : fields.joined(separator: "; "))
            }
            guard let project = try? store.loadProject() else { return .failed(message: error.message) }
            return .conflict(message: error.message, project: project, retry: retry(effect, after: error, in: project))
        }
    }

    /// Short enough for one status line at 80 columns; the editor adds how to go on.
    public static let busyMessage = "Datenbank gesperrt: ein anderer Prozess schreibt gerade – nichts gespeichert."

    /// "Keep mine": the same change again, based on what is stored now.
    func retry(_ effect: Effect, after error: StoreError, in project: Project) -> Effect? {
        switch (effect, error.conflict) {
        case (.setPlanValue(let code, let y, let value, _), .planValue(_, _, let current)?):
            return .setPlanValue(code: code, yearIndex: y, value: value, expected: current)
        case (.saveMeasure(var m), .measure(let theirs)?): m.version = theirs.version; return .saveMeasure(m)
        case (.saveStaffing(var u), .staffing(let theirs)?): u.version = theirs.version; return .saveStaffing(u)
        case (.saveStakeholder(var s), .stakeholder(let theirs)?): s.version = theirs.version; return .saveStakeholder(s)
        case (.saveEvent(var e), .event(let theirs)?): e.version = theirs.version; return .saveEvent(e)
        case (.deleteStaffing(var u), .staffing(let theirs)?): u.version = theirs.version; return .deleteStaffing(u)
        case (.deleteStakeholder(var s), .stakeholder(let theirs)?): s.version = theirs.version; return .deleteStakeholder(s)
        case (.deleteEvent(var e), .event(let theirs)?): e.version = theirs.version; return .deleteEvent(e)
        case (.saveMeasureState(var s), .measureState(let theirs)?): s.version = theirs.version; return .saveMeasureState(s)
        case (.saveMilestone(var m), .milestone(let theirs)?): m.version = theirs.version; return .saveMilestone(m)
        case (.deleteMilestone(var m), .milestone(let theirs)?): m.version = theirs.version; return .deleteMilestone(m)
        case (.saveNote(var n), .progressNote(let theirs)?): n.version = theirs.version; return .saveNote(n)
        case (.deleteNote(var n), .progressNote(let theirs)?): n.version = theirs.version; return .deleteNote(n)
        case (.saveExpense(var e), .expense(let theirs)?): e.version = theirs.version; return .saveExpense(e)
        case (.deleteExpense(var e), .expense(let theirs)?): e.version = theirs.version; return .deleteExpense(e)
        case (.saveDrawdown(var d), .drawdown(let theirs)?): d.version = theirs.version; return .saveDrawdown(d)
        case (.deleteDrawdown(var d), .drawdown(let theirs)?): d.version = theirs.version; return .deleteDrawdown(d)
        case (.setFundingTerm(let key, let value, _), .fundingTerm(_, let current)?):
            return .setFundingTerm(key, value: value, expected: current)
        case (.setProofSubmission(let phase, let date, _), .proofSubmission(_, let current)?):
            return .setProofSubmission(phase, date: date, expected: current)
        default: return nil
        }
    }

    /// "Maßnahme IV.2-1" for status lines.
    static func measureName(_ id: Int64, in project: Project) -> String {
        project.measures.first { $0.id == id }.map { "Maßnahme \($0.reference)" } ?? "Maßnahme Nr. \(id)"
    }
}

extension ChangeRow {
    public init(_ entry: AuditEntry) { self.init(entry, zone: .current) }

    /// The row with its time shown in `zone` (the store's `at` stays UTC, for comparisons).
    public init(_ entry: AuditEntry, zone: TimeZone) {
        let local = LocalTime.display(entry.at, zone: zone) + (LocalTime.offset(entry.at, zone: zone).map { " (\($0))" } ?? "")
        self.init(at: entry.at, user: entry.author, entity: AuditNames.title(entry.entity), entityID: entry.entityID,
                  field: entry.field ?? "", old: entry.oldValue ?? "", new: entry.newValue ?? "", summary: entry.summary,
                  local: local)
    }
}

enum AuditNames {
    static func title(_ entity: String) -> String {
        switch entity {
        case "plan": "Plan"
        case "measure": "Maßnahme"
        case "staffing": "Personal"
        case "stakeholder": "Akteur"
        case "event": "Termin"
        case "series": "Reihe"
        case "baseline": "Basis"
        case "expense": "Ausgabe"
        case "drawdown": "Mittelabruf"
        case "terms": "Förderbedingungen"
        case "proof": "Verwendungsnachweis"
        default: entity
        }
    }
}

