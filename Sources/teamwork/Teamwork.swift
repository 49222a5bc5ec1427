import ArgumentParser
import Foundation
import TeamworkCore
import TeamworkApp
import TeamworkStore
import TeamworkUI

@main
struct Teamwork: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "teamwork",
        abstract: "Dashboard des TEAMWORK-Projektbüros, Smart City Schwerin (Modellprojekte Smart Cities, KfW 436).",
        discussion: "Ohne Unterbefehl öffnet teamwork das Dashboard. Die Datenbank liegt unter "
            + "$XDG_DATA_HOME/teamwork/teamwork.sqlite (sonst ~/.local/share/teamwork/teamwork.sqlite); "
            + "eine andere wählen (jede Stufe überstimmt die vorige): /etc/teamwork/config.toml, "
            + "~/.config/teamwork/config.toml (db = \"PFAD\"), die Variable TEAMWORK_DB, --db PATH. "
            + "teamwork where zeigt, welche gilt. Anlegen: das Dashboard oder teamwork init (am "
            + "Standardort beim ersten Start, mit den Angaben des Förderantrags). Tasten im Dashboard: ? zeigt alle.",
        version: version,
        subcommands: [Dashboard.self, Review.self, Show.self, Check.self, Export.self, Import.self, Backup.self, Restore.self,
                      Report.self, Baseline.self, Init.self, Where.self, Measures.self, MeasureCommand.self,
                      Terms.self, DrawdownCommand.self, Proof.self],
        defaultSubcommand: Dashboard.self
    )
}

/// Options every subcommand shares: which database (`--db`, else TEAMWORK_DB, else the account's
/// or the system-wide setting, else the default location; see `DatabaseLocation`) and how to open it.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Pfad der SQLite-Datenbank (sonst TEAMWORK_DB, die Einstellung "
                                            + "in ~/.config/teamwork/config.toml oder /etc/teamwork/config.toml, "
                                            + "sonst der Standardpfad; siehe teamwork where).", valueName: "PATH"))
    var db: String?

    /// Which database, and which setting chose it; a broken setting file is a CLIError.
    func location() throws -> DatabaseLocation {
        do {
            return try DatabaseLocation.resolve(option: db, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw CLIError.unusable(error.message)
        }
    }

    /// Path of the database (see `location()`).
    var path: String {
        get throws { try location().path }
    }

    /// Opens the store without printing anything (for the dashboard, which shows `notices` in its
    /// status line). `creating`: the dashboard, import and restore may create a missing database
    /// (directories only at the default location); everything else needs an existing file.
    func store(readOnly: Bool = false, creating: Bool = false,
               writeTimeout: TimeInterval = ProjectStore.busyTimeout) throws -> ProjectStore {
        let location = try location()
        do {
            return try ProjectStore(path: location.path, readOnly: readOnly,
                                    create: creating ? location.creation : .never, writeTimeout: writeTimeout)
        } catch {
            throw CLIError.unusable(Self.explain(error, location: location))
        }
    }

    /// Opens the store for the dashboard and reads its first snapshot (`ProjectStore.openForDashboard`).
    static func dashboard(db: String?, readOnly: Bool, baseline: String,
                          environment: [String: String]) throws -> (StartupSnapshot, PendingStore) {
        let location: DatabaseLocation
        do {
            location = try DatabaseLocation.resolve(option: db, environment: environment)
        } catch {
            throw CLIError.unusable(error.message)
        }
        do {
            return try ProjectStore.openForDashboard(path: location.path, readOnly: readOnly, create: location.creation,
                                                     writeTimeout: ProjectStore.interactiveBusyTimeout, baseline: baseline)
        } catch {
            throw CLIError.unusable(Self.explain(error, location: location))
        }
    }

    /// Opens the store for a command that writes; notices go to stderr.
    func open(readOnly: Bool = false, creating: Bool = false) throws -> ProjectStore {
        let store = try store(readOnly: readOnly, creating: creating)
        Self.printNotices(store)
        return store
    }

    /// Opens the store for a command that only reads (show, check, report, export, baseline list):
    /// read-write when this account may write (so migrations run), else read-only — immutable
    /// when the directory does not let it create -wal/-shm. Never creates a database.
    func openForReading() throws -> ProjectStore {
        let location = try location()
        let readOnly = !ProjectStore.mayWrite(location.path)
        return try open(readOnly: readOnly)
    }

    func loadProject() throws -> Project {
        let store = try openForReading()
        do { return try store.loadProject() } catch { throw CLIError.unusable("\(error)") }
    }

    static func printNotices(_ store: ProjectStore) {
        for notice in store.notices {
            FileHandle.standardError.write(Data("teamwork: Hinweis: \(notice)\n".utf8))
        }
    }

    /// The store's message, with what to do about a missing database.
    static func explain(_ error: StoreError, location: DatabaseLocation) -> String {
        guard error.kind == .missingFile else { return error.message }
        let quoted = location.path.contains(" ") ? "'\(location.path)'" : location.path
        let parent = (location.path as NSString).deletingLastPathComponent
        if location.source != .defaultLocation && !FileManager.default.fileExists(atPath: parent) {
            return error.message + " (gewählt durch \(location.source == .option ? "--db" : location.sourceDescription); Tippfehler?)"
        }
        switch location.source {
        case .defaultLocation:
            return error.message + " (Standardort). Neu anlegen: teamwork init – oder das Dashboard starten: teamwork"
        case .option:
            return error.message + " (gewählt durch --db; Tippfehler?). Neu anlegen: teamwork init --db \(quoted)"
        default:
            return error.message + " (gewählt durch \(location.sourceDescription)). Neu anlegen: teamwork init --db \(quoted)"
        }
    }
}

/// A one-line German message on stderr and exit code 2 (input or environment unusable).
enum CLIError: Error, CustomStringConvertible {
    case unusable(String)

    var description: String {
        switch self { case .unusable(let message): message }
    }
}

extension ParsableArguments {
    /// Runs `body`, turning CLIError into the documented one-line message and exit code 2.
    func reportingErrors(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch CLIError.unusable(let message) {
            Output.error(message)
            throw ExitCode(2)
        }
    }
}

enum Output {
    static var isTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    static var useColor: Bool { isTerminal && !TerminalEnvironment(ProcessInfo.processInfo.environment).noColor }

    /// Writes `text` to `path` (atomically) or to stdout (nil or `-`). On a terminal every control
    /// character from data is shown inert (`TerminalSafety`); only our own bold stays.
    static func write(_ text: String, to path: String?) throws {
        guard let path, path != "-" else {
            let shown = isTerminal ? TerminalSafety.escaped(text, keepingCRLF: true, keepingBold: true) : text
            FileHandle.standardOutput.write(Data(shown.utf8))
            return
        }
        if let problem = FileErrorText.writeProblem(path) { throw CLIError.unusable(problem) }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CLIError.unusable("Datei \"\(path)\" kann nicht geschrieben werden: \(FileErrorText.reason(error))")
        }
    }

    /// `teamwork: message` on stderr, inert (messages quote file names and input).
    static func error(_ message: String) {
        FileHandle.standardError.write(Data(("teamwork: " + TerminalSafety.escaped(message) + "\n").utf8))
    }
}

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Zeigt eine Tabelle als Text: plan, measures, staffing, stakeholders, events oder actuals (Soll/Ist).")

    enum Pane: String, CaseIterable {
        case plan, measures, staffing, stakeholders, events, actuals
    }

    @Argument(help: ArgumentHelp("Was gezeigt wird: plan, measures, staffing, stakeholders, events, actuals.", valueName: "BEREICH"))
    var pane: String

    @Option(name: .long, help: ArgumentHelp("actuals: nur dieses Planjahr statt der Gesamtlaufzeit.", valueName: "JJJJ"))
    var year: Int?

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        try reportingErrors {
            guard let which = Pane(rawValue: pane) else {
                let known = Pane.allCases.map(\.rawValue).joined(separator: ", ")
                throw CLIError.unusable("unbekannter Bereich \"\(pane)\" – möglich sind: \(known)")
            }
            let project = try database.loadProject()
            let color = Output.useColor
            let text: String
            switch which {
            case .plan: text = Reports.plan(project.plan, color: color)
            case .measures: text = Reports.measures(project.measures, color: color)
            case .staffing: text = Reports.staffing(project.staffing, color: color)
            case .stakeholders: text = Reports.stakeholders(project.stakeholders, color: color)
            case .events: text = Reports.events(project.events, series: project.series, color: color)
            case .actuals: text = try ActualsReport.render(project, year: year, color: color)
            }
            try Output.write(text, to: nil)
        }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Prüft den Kosten- und Finanzierungsplan. Exit-Code 0: keine Fehler, 1: Fehler gefunden, 2: Eingabe unbrauchbar.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: ArgumentHelp("Plan aus einer CSV- oder .xlsx-Datei prüfen statt aus der Datenbank (- = Standardeingabe).", valueName: "FILE"))
    var plan: String?

    @Option(name: .long, help: "Ausgabeformat: text oder json.")
    var format: Format = .text

    func run() throws {
        var findings: [Finding] = []
        var terms = FundingTerms.kfw436Haushaltsnotlage
        try reportingErrors {
            if let file = plan {
                let parsed = try PlanFiles.read(file).plan
                if try !database.location().isDefault {
                    terms = try database.loadProject().terms
                }
                findings = Checks.run(plan: parsed, terms: terms)
            } else {
                let store = try database.open()
                let project: Project
                do { project = try store.loadProject() } catch { throw CLIError.unusable("\(error)") }
                terms = project.terms
                findings = Checks.run(project, today: LocalDate(LocalDateTime.now()))
            }
        }
        switch format {
        case .text: try Output.write(Reports.check(findings, terms: terms, color: Output.useColor), to: nil)
        case .json: try Output.write(Reports.checkJSON(findings), to: nil)
        }
        if findings.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
    }
}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Exportiert Daten: plan als CSV (für Excel), events als iCalendar, contacts als vCard, all als JSON.",
        discussion: """
        plan: CSV mit Semikolon, deutschen Beträgen und UTF-8-BOM (wieder einlesbar mit teamwork import plan); \
        --format xlsx: Excel-Arbeitsmappe im KfW-Layout mit Formeln, Befunden als Kommentar und Blatt „Prüfung“.
        events: iCalendar (.ics) mit allen datierten Terminen, Zeiten in Europe/Berlin.
        contacts: vCard 4.0 (.vcf), eine Karte je Akteur, mit stabiler UID; --vcard-version 3.0 für Outlook.
        all: das ganze Projekt als JSON mit Ist-Ausgaben, Mittelabrufen, Förderbedingungen und Maßnahmen-Controlling \
        (Schlüssel sortiert, Beträge als Cent und als deutscher Text; kein Import – umziehen mit backup/restore).
        expenses: die Ist-Ausgaben als CSV (Datum;Planzeile;Empfänger;Verwendungszweck;Betrag;Beleg-Nr;…), \
        wieder einlesbar mit teamwork import expenses.
        """)

    enum What: String, ExpressibleByArgument, CaseIterable { case plan, events, contacts, all, expenses }
    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, xlsx, ics, vcf, json }

    @Argument(help: "Was exportiert wird: plan, events, contacts, all oder expenses.")
    var what: What

    @Option(name: .long, help: "Format: csv oder xlsx (plan), ics (events), vcf (contacts), json (all); ohne Angabe das passende.")
    var format: Format?

    @Option(name: .long, help: ArgumentHelp("Zieldatei (sonst Standardausgabe).", valueName: "FILE"))
    var output: String?

    @Option(name: .customLong("vcard-version"), help: "Nur contacts: 4.0 (Standard) oder 3.0 (Outlook, ältere Telefone).")
    var vcardVersion: VCard.Version?

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        try reportingErrors {
            try InterchangeExport.run(what: what, format: format, output: output, database: database,
                                      vcardVersion: vcardVersion)
        }
    }
}

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Schreibt den wöchentlichen Statusbericht (Markdown oder Text), standardmäßig seit der letzten Statusrunde.")

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: ArgumentHelp("Änderungen seit diesem Datum (JJJJ-MM-TT); sonst seit der letzten Statusrunde.", valueName: "DATE"))
    var since: String?

    @Option(name: .long, help: "Format: md oder text.")
    var format: ReportFormat = .md

    @Option(name: .long, help: ArgumentHelp("Zieldatei (sonst Standardausgabe).", valueName: "FILE"))
    var output: String?

    enum ReportFormat: String, ExpressibleByArgument, CaseIterable { case md, text }

    func run() throws {
        try reportingErrors {
            if let since, LocalDateTime(iso: since) == nil {
                throw CLIError.unusable("--since \"\(since)\" ist kein Datum – erwartet JJJJ-MM-TT, z. B. 2026-11-19")
            }
            let store = try database.openForReading()
            let text: String
            do {
                let from = try since ?? store.lastReview()
                // Markdown and text have no escape of their own: control characters from data as \u{1B}.
                text = TerminalSafety.escaped(
                    StatusReport.render(project: try store.loadProject(),
                                        changes: try store.auditTrail(since: from).map(ChangeRow.init),
                                        since: from, today: LocalDateTime.now(), format: format == .md ? .md : .text))
            } catch {
                throw CLIError.unusable("\(error)")
            }
            try Output.write(text, to: output)
        }
    }
}

struct Baseline: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Basispläne: den aktuellen Plan unter einem Namen einfrieren oder die Basen auflisten.",
        subcommands: [Freeze.self, List.self], defaultSubcommand: List.self)

    struct Freeze: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Friert den aktuellen Plan als Basis NAME ein.")
        @Argument(help: "Name der Basis, z. B. Änderungsantrag-2026.") var name: String
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try reportingErrors {
                let store = try database.open()
                do {
                    try store.freezeBaseline(name: name, user: ProjectStore.currentUser(environment: ProcessInfo.processInfo.environment))
                } catch {
                    throw CLIError.unusable("\(error)")
                }
                try Output.write("Basis „\(name)“ eingefroren.\n", to: nil)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Listet die eingefrorenen Basen.")
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try reportingErrors {
                let store = try database.openForReading()
                let rows: [[String]]
                do {
                    rows = try store.baselines().map { [$0.name, $0.createdAt, $0.user] }
                } catch {
                    throw CLIError.unusable("\(error)")
                }
                try Output.write(Reports.table([.init("Basis"), .init("Eingefroren (UTC)"), .init("von")], rows), to: nil)
            }
        }
    }
}
