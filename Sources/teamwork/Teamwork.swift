import ArgumentParser
import Foundation
import TeamworkCore
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
            + "--db PATH oder die Variable TEAMWORK_DB wählen eine andere. Beim ersten Start wird sie "
            + "angelegt und mit den Angaben des Förderantrags gefüllt. Tasten im Dashboard: ? zeigt alle.",
        version: version,
        subcommands: [Dashboard.self, Review.self, Show.self, Check.self, Export.self, Import.self, Backup.self, Restore.self,
                      Report.self, Baseline.self, Terms.self, DrawdownCommand.self, Proof.self],
        defaultSubcommand: Dashboard.self
    )
}

/// Options every subcommand shares.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Pfad der SQLite-Datenbank (sonst TEAMWORK_DB oder der Standardpfad).", valueName: "PATH"))
    var db: String?

    var path: String {
        db ?? ProjectStore.defaultPath(environment: ProcessInfo.processInfo.environment)
    }

    func open(readOnly: Bool = false) throws -> ProjectStore {
        do {
            return try ProjectStore(path: path, readOnly: readOnly)
        } catch {
            throw CLIError.unusable("\(error)")
        }
    }

    func loadProject() throws -> Project {
        let store = try open()
        do { return try store.loadProject() } catch { throw CLIError.unusable("\(error)") }
    }
}

/// A one-line German message on stderr and exit code 2 (input or environment unusable).
enum CLIError: Error {
    case unusable(String)
}

extension ParsableArguments {
    /// Runs `body`, turning CLIError into the documented one-line message and exit code 2.
    func reportingErrors(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch CLIError.unusable(let message) {
            FileHandle.standardError.write(Data(("teamwork: " + message + "\n").utf8))
            throw ExitCode(2)
        }
    }
}

enum Output {
    static var isTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    static var useColor: Bool { isTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil }

    static func write(_ text: String, to path: String?) throws {
        guard let path, path != "-" else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CLIError.unusable("Datei \"\(path)\" kann nicht geschrieben werden: \(error.localizedDescription)")
        }
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

    @Option(name: .long, help: ArgumentHelp("Plan aus einer CSV-Datei prüfen statt aus der Datenbank (- = Standardeingabe).", valueName: "FILE"))
    var plan: String?

    @Option(name: .long, help: "Ausgabeformat: text oder json.")
    var format: Format = .text

    func run() throws {
        var findings: [Finding] = []
        var terms = FundingTerms.kfw436Haushaltsnotlage
        try reportingErrors {
            if let file = plan {
                let text = try readInput(file)
                let parsed: Plan
                do { parsed = try PlanCSV.read(text) } catch {
                    throw CLIError.unusable("\(file == "-" ? "Standardeingabe" : file): \(error)")
                }
                if database.db != nil || ProcessInfo.processInfo.environment["TEAMWORK_DB"] != nil {
                    terms = try database.loadProject().terms
                }
                findings = Checks.run(plan: parsed, terms: terms)
            } else {
                let project = try database.loadProject()
                terms = project.terms
                findings = Checks.run(project, today: LocalDate(LocalDateTime.now()))
                    + (try FundingCLI.checkFindings(database, project: project))
            }
        }
        switch format {
        case .text: try Output.write(Reports.check(findings, terms: terms, color: Output.useColor), to: nil)
        case .json: try Output.write(Reports.checkJSON(findings), to: nil)
        }
        if findings.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
    }

    func readInput(_ file: String) throws -> String {
        let data: Data
        if file == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: file) else {
                throw CLIError.unusable("Datei \"\(file)\" kann nicht gelesen werden (fehlt oder keine Leserechte)")
            }
            data = contents
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CLIError.unusable("\(file == "-" ? "Standardeingabe" : file): kein gültiges UTF-8")
        }
        return text
    }
}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Exportiert Daten: plan als CSV (für Excel), events als iCalendar, contacts als vCard, all als JSON.",
        discussion: """
        plan: CSV mit Semikolon und deutschen Beträgen (wieder einlesbar mit teamwork import plan).
        events: iCalendar (.ics) mit allen datierten Terminen, Zeiten in Europe/Berlin.
        contacts: vCard 4.0 (.vcf), eine Karte je Akteur, mit stabiler UID.
        all: das ganze Projekt als JSON (Schlüssel sortiert, Beträge als Cent und als deutscher Text).
        expenses: die Ist-Ausgaben als CSV (Datum;Planzeile;Empfänger;Verwendungszweck;Betrag;Beleg-Nr;…), \
        wieder einlesbar mit teamwork import expenses.
        """)

    enum What: String, ExpressibleByArgument, CaseIterable { case plan, events, contacts, all, expenses }
    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, ics, vcf, json }

    @Argument(help: "Was exportiert wird: plan, events, contacts, all oder expenses.")
    var what: What

    @Option(name: .long, help: "Format: csv (plan), ics (events), vcf (contacts), json (all); ohne Angabe das passende.")
    var format: Format?

    @Option(name: .long, help: ArgumentHelp("Zieldatei (sonst Standardausgabe).", valueName: "FILE"))
    var output: String?

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        try reportingErrors {
            try InterchangeExport.run(what: what, format: format, output: output, database: database)
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
            let store = try database.open()
            let text: String
            do {
                var state = AppState(project: try store.loadProject(), today: LocalDateTime.now())
                state.changes = try store.auditTrail().map(ChangeRow.init)
                let lastReview = try store.lastReview()
                text = StatusReport.render(state, since: since ?? lastReview, format: format == .md ? .md : .text)
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
                let store = try database.open()
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
