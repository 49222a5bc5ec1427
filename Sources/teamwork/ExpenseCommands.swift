import ArgumentParser
import Foundation
import TeamworkCore
import TeamworkStore
import TeamworkUI

// `teamwork import expenses`, the body of `teamwork export expenses` and `teamwork show actuals`.

struct ImportExpenses: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expenses",
        abstract: "Liest Ist-Ausgaben aus einer CSV-Datei des Finanzsystems ein – ganz oder gar nicht.",
        discussion: """
        Spalten nach Namen, in beliebiger Reihenfolge: Datum (oder Zahlungsdatum, Buchungsdatum), \
        Planzeile (Kostenart, Nr.), Empfänger (Zahlungsempfänger), Verwendungszweck (Zweck, \
        Buchungstext), Betrag (Betrag (€), Betrag EUR), Beleg-Nr (Beleg, Belegnummer); wahlweise \
        Buchungsreferenz und Notiz. Andere Spalten werden übergangen und genannt. UTF-8 mit oder ohne \
        BOM oder Windows-1252, Zeilenende CRLF oder LF, Trennzeichen Semikolon, Datum TT.MM.JJJJ, \
        Beträge deutsch (1.234,56; Erstattungen negativ, auch 1.234,56-). Zuerst wird die ganze Datei \
        geprüft; jede fehlerhafte Zeile wird mit Zeile, Spalte und Grund genannt (Exit-Code 2, nichts \
        gespeichert). Sonst gehen alle Zeilen in einem Schritt mit Änderungsprotokoll in die Datenbank. \
        Eine Zeile, die einer gespeicherten Ausgabe gleicht (Beleg-Nr., Datum, Betrag, Planzeile), wird \
        übersprungen und gezählt: dieselbe Datei zweimal einlesen fügt nichts hinzu.
        """)

    @Argument(help: ArgumentHelp("CSV-Datei (- = Standardeingabe).", valueName: "FILE.csv"))
    var file: String

    @Flag(name: .customLong("dry-run"), help: "Nur zeigen, was eingelesen würde; nichts speichern.")
    var dryRun = false

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        try reportingErrors {
            let name = InterchangeIO.displayName(file)
            let bytes = try ExpenseIO.readBytes(file)
            let environment = ProcessInfo.processInfo.environment
            let user = ProjectStore.currentUser(environment: environment)
            let exists = FileManager.default.fileExists(atPath: try database.path)
            let store = try database.open(readOnly: dryRun && exists, creating: !exists)
            let project: Project
            do { project = try store.loadProject() } catch { throw CLIError.unusable("\(error)") }
            let parsed: ExpenseCSV.File
            do { parsed = try ExpenseCSV.read(bytes, plan: project.plan) } catch {
                throw CLIError.unusable("\(name): \(error)")
            }
            if !parsed.problems.isEmpty {
                throw CLIError.unusable(ExpenseIO.refusal(name, parsed.problems.map { ($0.position, $0.reason) },
                                                          rows: Set(parsed.problems.map(\.line)).count))
            }
            let lineColumn = parsed.columns.first { $0.field == .line }
            let result: ExpenseImport
            do {
                if dryRun && exists {
                    // Read-only preview: match against what is stored, write nothing.
                    let matched = ExpenseCSV.match(parsed.rows, stored: project.expenses,
                                                   lineColumn: lineColumn?.column ?? 2,
                                                   lineHeader: lineColumn?.header ?? "Planzeile")
                    if !matched.problems.isEmpty {
                        throw CLIError.unusable(ExpenseIO.refusal(name, matched.problems.map { ($0.position, $0.reason) },
                                                                  rows: matched.problems.count))
                    }
                    var preview = ExpenseImport()
                    preview.inserted = matched.new
                    preview.skipped = matched.skipped
                    result = preview
                } else {
                    result = try store.importExpenses(parsed.rows, user: user, dryRun: dryRun,
                                                      lineColumn: lineColumn?.column ?? 2,
                                                      lineHeader: lineColumn?.header ?? "Planzeile",
                                                      afterFirstRow: InterchangeIO.testPause(environment))
                    // Thousands of new rows leave a WAL of megabytes: emptied now, the next start
                    // does not read it back (ProjectStore.checkpoint).
                    store.checkpoint()
                }
            } catch let error as StoreError {
                if error.kind == .invalidInput && !error.fieldErrors.isEmpty {
                    throw CLIError.unusable(ExpenseIO.refusal(name, error.fieldErrors.map { ($0.field, $0.message) },
                                                              rows: error.fieldErrors.count))
                }
                throw CLIError.unusable(error.kind == .invalidInput ? "\(name): \(error.message)" : error.message)
            }
            var after = project
            if !dryRun {
                do { after = try store.loadProject() } catch { throw CLIError.unusable("\(error)") }
            } else {
                after.expenses += result.inserted.map(\.expense)
            }
            try Output.write(ExpenseIO.importReport(name, parsed, result, after: after, dryRun: dryRun, user: user),
                             to: nil)
        }
    }
}

enum ExpenseIO {
    static func readBytes(_ file: String) throws -> [UInt8] {
        if file == "-" { return [UInt8](FileHandle.standardInput.readDataToEndOfFile()) }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CLIError.unusable("\"\(file)\" ist ein Verzeichnis, keine Datei")
        }
        guard let contents = FileManager.default.contents(atPath: file) else {
            throw CLIError.unusable("Datei \"\(file)\" kann nicht gelesen werden (fehlt oder keine Leserechte)")
        }
        return [UInt8](contents)
    }

    static func refusal(_ name: String, _ problems: [(position: String, reason: String)], rows: Int) -> String {
        var text = "\(name): \(rows) " + (rows == 1 ? "fehlerhafte Zeile" : "fehlerhafte Zeilen")
            + (problems.count == rows ? "" : " (\(problems.count) Fehler)") + " – nichts eingelesen, die Datenbank "
            + "bleibt unverändert:"
        for p in problems { text += "\n  " + ExpenseIO.inert("\(p.position): \(p.reason)") }
        return text
    }

    static func importReport(_ name: String, _ file: ExpenseCSV.File, _ result: ExpenseImport, after: Project,
                             dryRun: Bool, user: String) -> String {
        var out = "Gelesen: \(name) (\(file.encoding.displayName), Zeilenende \(file.lineEnding)): "
            + "\(file.dataRows) " + (file.dataRows == 1 ? "Buchung" : "Buchungen") + "\n"
        let mapped = file.columns.map { c in c.header == c.field.header ? c.header : "\(c.field.header) = \"\(c.header)\"" }
        out += wrapped("Spalten: " + mapped.joined(separator: ", "))
        if !file.ignored.isEmpty { out += wrapped("Nicht verwendet: " + file.ignored.joined(separator: ", ")) }
        out += "Neu: \(result.inserted.count) " + (result.inserted.count == 1 ? "Ausgabe" : "Ausgaben")
            + ", zusammen \(result.insertedSum.formatted) €; schon vorhanden (übersprungen): \(result.skipped.count)\n"
        if dryRun {
            out += "Probelauf (--dry-run): nichts gespeichert.\n"
        } else if result.inserted.isEmpty {
            out += "Nichts gespeichert.\n"
        } else {
            out += "Gespeichert in einem Schritt, \(result.auditRows) "
                + (result.auditRows == 1 ? "Eintrag" : "Einträge") + " im Änderungsprotokoll (\(user)).\n"
        }
        let ledger = Ledger(plan: after.plan, expenses: after.expenses)
        let findings = ActualsChecks.run(plan: after.plan, terms: after.terms, ledger: ledger,
                                         today: LocalDate(LocalDateTime.now()))
        let errors = findings.filter { $0.severity == .error }.count
        out += "\nPrüfung der Ist-Ausgaben\(dryRun ? " (nach dem Einlesen)" : ""): \(errors) Fehler, "
            + (findings.count - errors == 1 ? "1 Warnung\n" : "\(findings.count - errors) Warnungen\n")
        out += findingLines(findings)
        return out
    }

    /// `  rule-id` and the message indented below it, wrapped to 80 columns.
    static func findingLines(_ findings: [Finding]) -> String {
        var out = ""
        for f in findings {
            out += "  \(f.rule.rawValue) (\(f.severity.title))\n"
            for piece in TextLayout.wrap(ExpenseIO.inert(f.message), 74) { out += "      " + piece + "\n" }
        }
        return out
    }

    /// Control characters and bidi controls from data never reach the terminal raw.
    static func inert(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
                || v == 0x200E || v == 0x200F || v == 0x061C {
                out.append("\u{FFFD}")
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    static func wrapped(_ text: String) -> String {
        TextLayout.wrap(ExpenseIO.inert(text), 80).enumerated()
            .map { $0.offset == 0 ? $0.element : "  " + $0.element }.joined(separator: "\n") + "\n"
    }
}

/// `teamwork show actuals [--year JJJJ]`: the Soll/Ist table at 80 columns.
enum ActualsReport {
    static func render(_ project: Project, year: Int?, width: Int = 80, color: Bool = false) throws -> String {
        let plan = project.plan
        var yearIndex: Int?
        if let year {
            guard let y = plan.yearIndex(year) else {
                throw CLIError.unusable("--year \(year): kein Planjahr – möglich sind "
                                        + "\(plan.years.first.map(String.init) ?? "")–\(plan.years.last.map(String.init) ?? "")")
            }
            yearIndex = y
        }
        let ledger = Ledger(plan: plan, expenses: project.expenses)
        let rows = Actuals.rows(plan: plan, ledger: ledger)
        let cells = rows.map { row -> [String] in
            let soll = yearIndex.map { row.plan[$0] } ?? row.planTotal
            let ist = yearIndex.map { row.actual[$0] } ?? row.actualTotal
            let used = row.used(yearIndex).map { Fixed2.format($0.basisPoints) + " %" } ?? "—"
            let delta = ist &- soll
            return [row.code, row.label, Fixed2.format(soll), Fixed2.format(ist),
                    (delta > 0 ? "+" : "") + Fixed2.format(delta), used]
        }
        // Every column as wide as its widest cell; the label takes what is left of `width`.
        var widths = [2, 0, 4, 3, 9, 1]
        for row in cells { for i in [0, 2, 3, 4, 5] { widths[i] = max(widths[i], Terminal.width(row[i])) } }
        let labelWidth = max(12, width - widths.enumerated().filter { $0.offset != 1 }.map(\.element).reduce(0, +) - 10)
        let columns = [Reports.Column("Nr"), Reports.Column("Bezeichnung", maxWidth: labelWidth),
                       Reports.Column("Soll", right: true), Reports.Column("Ist", right: true),
                       Reports.Column("Differenz", right: true), Reports.Column("%", right: true)]
        let period = year.map { "\($0)" } ?? "Gesamtlaufzeit \(plan.years.first.map(String.init) ?? "")–"
            + "\(plan.years.last.map(String.init) ?? "")"
        var out = "Soll/Ist \(period), Beträge in €\nSoll = aktueller Plan, Ist = gezahlte Ausgaben, Differenz = Ist − Soll\n\n"
        out += Reports.table(columns, cells, color: color)
        let count = year.map { y in project.expenses.filter { $0.date.year == y }.count } ?? project.expenses.count
        out += "\n\(count) " + (count == 1 ? "Ausgabe" : "Ausgaben")
        if !ledger.outside.isEmpty { out += ", davon \(ledger.outside.count) ohne Planzeile oder Planjahr" }
        out += ". Befunde: teamwork check\n"
        return out
    }
}

enum ExpenseExport {
    static func csv(_ project: Project) -> (text: String, noun: String) {
        (ExpenseCSV.write(project.expenses), "Ausgaben (\(project.expenses.count))")
    }
}
