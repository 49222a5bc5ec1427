import ArgumentParser
import Foundation
import TeamworkCore
import TeamworkStore
import TeamworkUI

// `teamwork import …`, `teamwork export …` (body), `teamwork backup`, `teamwork restore`.
// Exit codes: 0 done, 2 input unusable (one German line on stderr, with line and column where
// the file has them). Nothing is written when an input is unusable.

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Liest Daten ein: plan (CSV), events (iCalendar), contacts (vCard) – ganz oder gar nicht.",
        discussion: """
        Jeder Import läuft in einem einzigen Schreibvorgang zusammen mit dem Änderungsprotokoll: \
        entweder wird alles übernommen oder nichts. Eine unbrauchbare Datei endet mit Exit-Code 2 \
        und einer Meldung mit Zeile (und Spalte); die Datenbank bleibt dann unverändert.
        """,
        subcommands: [ImportPlan.self, ImportEvents.self, ImportContacts.self, ImportExpenses.self])
}

struct ImportPlan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Liest den ganzen Kosten- und Finanzierungsplan aus einer CSV- oder .xlsx-Datei (Layout KfW 436) ein.",
        discussion: """
        CSV: UTF-8 (mit oder ohne BOM) oder Windows-1252, Semikolon; .xlsx: das Blatt „Kosten- und \
        Finanzierungsplan“ (sonst das erste mit 1.1.1 in Spalte A), Formeln mit ihrem gespeicherten Wert. \
        Titel-, Abschnitts- und wiederholte Kopfzeilen der KfW-Vorlage werden übersprungen. \
        Zuerst wird die Datei vollständig geprüft (alle Fehler, je mit Zeile und Spalte bzw. Blatt und \
        Zelle; Exit-Code 2, die Datenbank wird dann nicht einmal geöffnet). Dann zeigt teamwork die Prüfung des Plans und \
        jede geänderte Zelle der Einzelposten (Nr, Jahr, alt, neu) mit den berechneten Zeilen, die \
        folgen. Eingelesen werden nur die Einzelposten; Zwischensummen, Summen, Kontrollsumme, \
        Anteile 3.3.x und Gesamtspalten werden neu berechnet (weichen die Werte der Datei davon ab, \
        steht ein Hinweis da). Mit --dry-run endet es hier; sonst wird alles in einem Schritt \
        gespeichert, mit einem Eintrag im Änderungsprotokoll je geänderter Zelle.
        """)

    @Argument(help: ArgumentHelp("CSV- oder .xlsx-Datei (- = Standardeingabe).", valueName: "FILE.csv|FILE.xlsx"))
    var file: String

    @Flag(name: .customLong("dry-run"), help: "Nur zeigen, was sich ändern würde; nichts speichern.")
    var dryRun = false

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        try reportingErrors {
            let name = InterchangeIO.displayName(file)
            let (imported, source) = try PlanFiles.read(file)
            // Only now is the database opened; for a preview read-only when it exists.
            let environment = ProcessInfo.processInfo.environment
            let result: PlanImport
            let terms: FundingTerms
            do {
                if dryRun {
                    let exists = FileManager.default.fileExists(atPath: try database.path)
                    let project = try database.open(readOnly: exists, creating: !exists).loadProject()
                    terms = project.terms
                    result = try ProjectStore.planImport(current: project.plan, imported: imported)
                } else {
                    let store = try database.open(creating: true)
                    terms = try store.loadProject().terms
                    result = try store.importPlan(imported, user: ProjectStore.currentUser(environment: environment),
                                                  afterFirstCell: InterchangeIO.testPause(environment))
                }
            } catch let error as StoreError {
                throw CLIError.unusable(error.kind == .invalidInput ? "\(name): \(error.message)" : error.message)
            }
            try Output.write(InterchangeIO.planReport(file: name, imported: imported, result: result, terms: terms,
                                                      dryRun: dryRun, source: source,
                                                      user: ProjectStore.currentAuthor(environment: environment)),
                             to: nil)
        }
    }
}

struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sichert die Datenbank in eine neue Datei (SQLite-Online-Sicherung, auch während andere schreiben).",
        discussion: """
        Die Sicherung ist ein in sich stimmiger Stand, eine einzelne Datei mit den Rechten 0600; \
        sie wird nach dem Schreiben geprüft. Eine vorhandene Datei wird nie überschrieben. \
        Zurückspielen mit teamwork restore FILE.
        """)

    @Argument(help: ArgumentHelp("Zieldatei; darf noch nicht existieren.", valueName: "FILE"))
    var file: String

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        try reportingErrors {
            let path = try database.path
            guard FileManager.default.fileExists(atPath: path) else {
                throw CLIError.unusable("Datenbank \"\(path)\" existiert nicht – nichts zu sichern")
            }
            let size: Int64
            do {
                size = try ProjectStore(path: path, readOnly: true).backup(to: file)
            } catch let error as StoreError {
                throw CLIError.unusable(error.message)
            }
            try Output.write("Sicherung geschrieben: \(file) (\(InterchangeIO.kilobytes(size)), Integritätsprüfung ok)\n",
                             to: nil)
        }
    }
}

struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Spielt eine Sicherung zurück; der bisherige Stand bleibt als datierte Kopie daneben.",
        discussion: """
        Die Datei wird zuerst geprüft (Integrität, teamwork-Schema, Projekt lesbar). Nur wenn alles \
        stimmt, wird die bisherige Datenbank als <Datei>.vor-restore-JJJJMMTT-HHMMSS daneben \
        gesichert und ersetzt. Eine unbrauchbare Datei endet mit Exit-Code 2; die Datenbank bleibt \
        dann unverändert. Laufende teamwork-Sitzungen danach neu starten.
        """)

    @Argument(help: ArgumentHelp("Sicherung, z. B. aus teamwork backup.", valueName: "FILE"))
    var file: String

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        try reportingErrors {
            let result: RestoreResult
            do {
                let location = try database.location()
                result = try ProjectStore.restore(from: file, to: location.path, createDirectory: location.isDefault)
            } catch let error as StoreError {
                throw CLIError.unusable(error.message)
            }
            let p = result.project
            var text = "Datenbank wiederhergestellt aus \(file) (Planzeilen: \(p.plan.lines.count), "
                + "Maßnahmen: \(p.measures.count), Akteure: \(p.stakeholders.count), Termine: \(p.events.count)).\n"
            if let copy = result.previousCopy { text += "Bisheriger Stand gesichert als: \(copy)\n" }
            text += "Laufende teamwork-Sitzungen bitte neu starten.\n"
            try Output.write(text, to: nil)
        }
    }
}

/// Body of `teamwork export` (the command itself is `Export` in Teamwork.swift).
enum InterchangeExport {
    static func run(what: Export.What, format: Export.Format?, output: String?, database: DatabaseOptions,
                    vcardVersion: VCard.Version? = nil) throws {
        if vcardVersion != nil && what != .contacts {
            throw CLIError.unusable("--vcard-version gilt nur für export contacts")
        }
        if what == .plan, format == .xlsx {
            return try PlanFiles.exportXLSX(try database.loadProject(), output: output)
        }
        let natural: Export.Format
        switch what {
        case .plan: natural = .csv
        case .events: natural = .ics
        case .contacts: natural = .vcf
        case .all: natural = .json
        case .expenses: natural = .csv
        }
        if let format, format != natural {
            throw CLIError.unusable("\(what.rawValue) gibt es nicht als \(format.rawValue) – möglich ist "
                                    + "--format \(natural.rawValue)")
        }
        let project = try database.loadProject()
        let text: String
        let noun: String
        switch what {
        case .plan:
            text = PlanCSV.write(project.plan); noun = "Plan"
        case .events:
            text = ICalendar.write(project: project, now: UTCDateTime(unixTime: Int64(Date().timeIntervalSince1970)))
            let milestones = ICalendar.milestoneCount(of: project)
            noun = "Termine (\(project.events.count))" + (milestones == 0 ? "" : " und Meilensteine (\(milestones))")
        case .contacts:
            text = VCard.write(project.stakeholders, version: vcardVersion ?? .v4)
            noun = "Akteure (\(project.stakeholders.count), vCard \((vcardVersion ?? .v4).rawValue))"
        case .all:
            text = ProjectJSON.encode(project); noun = "Projekt"
        case .expenses:
            (text, noun) = ExpenseExport.csv(project)
        }
        try Output.write(text, to: output)
        if let output, output != "-" {
            FileHandle.standardError.write(Data("\(noun) geschrieben: \(output)\n".utf8))
        }
    }
}

enum InterchangeIO {
    static func displayName(_ file: String) -> String { file == "-" ? "Standardeingabe" : file }

    /// The file (or stdin for `-`) as octets; German `CLIError` otherwise.
    static func readBytes(_ file: String) throws -> [UInt8] {
        let data: Data
        if file == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), isDirectory.boolValue {
                throw CLIError.unusable("\"\(file)\" ist ein Verzeichnis, keine Datei")
            }
            guard let contents = FileManager.default.contents(atPath: file) else {
                throw CLIError.unusable("Datei \"\(file)\" kann nicht gelesen werden (fehlt oder keine Leserechte)")
            }
            data = contents
        }
        return [UInt8](data)
    }

    /// The file (or stdin for `-`) as UTF-8 text; German `CLIError` otherwise.
    static func readText(_ file: String) throws -> String {
        let data: Data
        if file == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), isDirectory.boolValue {
                throw CLIError.unusable("\"\(file)\" ist ein Verzeichnis, keine Datei")
            }
            guard let contents = FileManager.default.contents(atPath: file) else {
                throw CLIError.unusable("Datei \"\(file)\" kann nicht gelesen werden (fehlt oder keine Leserechte)")
            }
            data = contents
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CLIError.unusable("\(displayName(file)): kein gültiges UTF-8")
        }
        return text
    }

    /// Opens the store and runs an import as the current user; store errors become `CLIError`.
    static func storing<T>(_ name: String, _ database: DatabaseOptions,
                           _ body: (ProjectStore, String) throws -> T) throws -> T {
        let store = try database.open(creating: true)
        do {
            return try body(store, ProjectStore.currentUser(environment: ProcessInfo.processInfo.environment))
        } catch let error as StoreError {
            throw CLIError.unusable(error.kind == .invalidInput ? "\(name): \(error.message)" : error.message)
        }
    }

    /// `TEAMWORK_TEST_PAUSE_IMPORT=seconds`: test hook that sleeps inside the write transaction
    /// after the first cell (to test a kill in the middle of an import).
    static func testPause(_ environment: [String: String]) -> (() -> Void)? {
        guard let text = environment["TEAMWORK_TEST_PAUSE_IMPORT"], let seconds = Double(text), seconds > 0 else {
            return nil
        }
        return {
            FileHandle.standardError.write(Data("teamwork: Testpause im Schreibvorgang (\(text) s)\n".utf8))
            usleep(useconds_t(min(seconds, 3600) * 1_000_000))
        }
    }

    static func kilobytes(_ bytes: Int64) -> String {
        bytes < 1024 ? "\(bytes) Bytes" : "\((bytes + 512) / 1024) KB"
    }

    static func planReport(file: String, imported: Plan, result: PlanImport, terms: FundingTerms, dryRun: Bool,
                           source: String? = nil, user: String) -> String {
        let color = Output.useColor
        func bold(_ s: String) -> String { color ? "\u{1B}[1m" + s + "\u{1B}[0m" : s }
        var out = "Plan gelesen: \(file) (\(source.map { $0 + ", " } ?? "")\(imported.lines.count) Zeilen, "
            + "\(imported.years.first.map(String.init) ?? "")–\(imported.years.last.map(String.init) ?? ""))\n\n"

        let findings = Checks.run(plan: result.plan, terms: terms)
        let errors = findings.filter { $0.severity == .error }
        out += bold("Prüfung des eingelesenen Plans: \(errors.count) Fehler, \(findings.count - errors.count == 1 ? "1 Warnung" : "\(findings.count - errors.count) Warnungen")")
            + "\n"
        let prefixWidth = 18
        for f in errors {
            let prefix = TextLayout.pad("  " + f.rule.rawValue, prefixWidth)
            for (i, piece) in TextLayout.wrap(f.message, 80 - prefixWidth - 1).enumerated() {
                out += (i == 0 ? prefix : String(repeating: " ", count: prefixWidth)) + " " + piece + "\n"
            }
        }
        out += "\n"

        let columns = [Reports.Column("Nr"), Reports.Column("Jahr"), Reports.Column("alt", right: true),
                       Reports.Column("neu", right: true)]
        func row(_ c: PlanCellChange) -> [String] {
            let unit = imported[c.code]?.kind == .share ? " %" : ""
            return [c.code, c.year.map(String.init) ?? "Gesamt", Fixed2.format(c.old) + unit, Fixed2.format(c.new) + unit]
        }
        if result.items.isEmpty {
            out += "Vergleich mit dem gespeicherten Plan: keine Änderungen (die Einzelposten stimmen überein).\n"
        } else {
            out += bold("Änderungen gegenüber dem gespeicherten Plan: \(result.items.count) "
                        + (result.items.count == 1 ? "Zelle" : "Zellen")) + "\n"
            out += Reports.table(columns, result.items.map(row), color: false)
            if !result.derived.isEmpty {
                out += "\nDaraus berechnet (folgt, wird mitgespeichert):\n"
                out += Reports.table(columns, result.derived.map(row), color: false)
            }
        }
        if !result.notes.isEmpty {
            let hint = "Hinweis: \(result.notes.count) berechnete " + (result.notes.count == 1 ? "Wert" : "Werte")
                + " der Datei " + (result.notes.count == 1 ? "weicht" : "weichen")
                + " vom neu berechneten ab. Eingelesen werden nur die Einzelposten; Summen, Kontrollsumme, "
                + "Anteile und Gesamtspalten berechnet teamwork selbst:"
            out += "\n" + TextLayout.wrap(hint, 80).joined(separator: "\n") + "\n"
            for note in result.notes { out += "  " + note.summary + "\n" }
        }
        out += "\n"
        if dryRun {
            out += "Probelauf (--dry-run): nichts gespeichert.\n"
        } else if !result.items.isEmpty {
            out += "Gespeichert: \(result.items.count) " + (result.items.count == 1 ? "Zelle" : "Zellen")
                + " in einem Schritt, \(result.auditIDs.count) "
                + (result.auditIDs.count == 1 ? "Eintrag" : "Einträge") + " im Änderungsprotokoll (\(user))"
                + (result.measureIDs.isEmpty ? "" : "; Kosten von \(result.measureIDs.count) Maßnahme(n) folgen der Planzeile")
                + ".\n"
        } else {
            out += "Nichts gespeichert.\n"
        }
        return out
    }

    static func recordReport(file: String, read: Int, noun: (one: String, many: String), result: RecordImport,
                             dryRun: Bool) -> String {
        var out = "Gelesen: \(file) (\(read) \(read == 1 ? noun.one : noun.many))\n"
        for line in result.details { out += "  " + line + "\n" }
        out += result.summary + "\n"
        for note in result.notes { out += "Hinweis: \(note)\n" }
        if dryRun { out += "Probelauf (--dry-run): nichts gespeichert.\n" }
        return out
    }
}
