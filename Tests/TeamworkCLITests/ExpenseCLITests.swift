import Foundation
import GRDB
import Testing
import TeamworkCore
import TeamworkStore

#if canImport(Glibc)
import Glibc
#endif

private let fixtures = CLIRun.packageRoot.appendingPathComponent("Tests/TeamworkStoreTests/Fixtures")
private let export1252 = fixtures.appendingPathComponent("finanzsystem-export-1252.csv").path
private let broken1252 = fixtures.appendingPathComponent("finanzsystem-fehler-1252.csv").path

/// `teamwork import expenses`, `export expenses`, `show actuals`, `check` with a ledger.
@Suite(.enabled(if: CLIRun.hasBinary, "teamwork-Binary fehlt (.build/debug/teamwork) – erst `swift build` ausführen"))
struct ExpenseCLITests {
    @Test func financeSystemFileImportsOnceAndTwiceAddsNothing() throws {
        let dir = try CLIRun.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("teamwork.sqlite").path
        let first = try CLIRun.run(["import", "expenses", export1252, "--db", db])
        #expect(first.status == 0, "\(first)")
        #expect(first.stdout.contains("(Windows-1252, Zeilenende CRLF): 12 Buchungen"), "\(first.stdout)")
        #expect(first.stdout.contains("Nicht verwendet: Buchungsdatum (statt dessen gilt \"Zahlungsdatum\"),"))
        #expect(first.stdout.contains("Neu: 12 Ausgaben, zusammen 362.304,22 €; schon vorhanden (übersprungen): 0"))
        #expect(first.stdout.contains("12 Einträge im Änderungsprotokoll (cli-test)"))
        #expect(first.stdout.contains("actual-over-plan (Warnung)"))
        #expect(first.stdout.contains("actual-consulting-cap (Warnung)"))

        let second = try CLIRun.run(["import", "expenses", export1252, "--db", db])
        #expect(second.status == 0)
        #expect(second.stdout.contains("Neu: 0 Ausgaben, zusammen 0,00 €; schon vorhanden (übersprungen): 12"))
        #expect(try CLIRun.userAudit(db).filter { $0.entity == "expense" }.count == 12)

        let actuals = try CLIRun.run(["show", "actuals", "--db", db])
        #expect(actuals.status == 0)
        let lines = actuals.stdout.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(actuals.stdout)")
        #expect(lines.contains { $0.hasPrefix("1+2 ") && $0.contains("18.225.000,00") && $0.contains("362.304,22") })
        #expect(lines.contains { $0.hasPrefix("1.1.6 ") && $0.contains("+5.500,00") && $0.hasSuffix("109,17 %") })
        let year = try CLIRun.run(["show", "actuals", "--year", "2022", "--db", db])
        #expect(year.stdout.contains("Soll/Ist 2022"))
        #expect(try CLIRun.run(["show", "actuals", "--year", "2030", "--db", db]).status == 2)

        let check = try CLIRun.run(["check", "--db", db, "--format", "json"])
        #expect(check.stdout.contains("\"rule\":\"actual-over-plan\",\"severity\":\"warning\",\"line\":\"1.1.6\""))
        #expect(check.stdout.contains("\"rule\":\"actual-consulting-cap\""))
        let text = try CLIRun.run(["check", "--db", db])
        #expect(text.stdout.contains("\n  actual-consulting-cap\n"), "\(text.stdout)")
    }

    @Test func badFileIsRefusedWithEveryRowAndTheDatabaseUnchanged() throws {
        let dir = try CLIRun.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("teamwork.sqlite").path
        try CLIRun.seed(db)
        let before = CLIRun.fileBytes(db)
        let result = try CLIRun.run(["import", "expenses", broken1252, "--db", db])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        let expected = [
            "7 fehlerhafte Zeilen (9 Fehler) – nichts eingelesen",
            "Zeile 3, Spalte 4 (Kostenart): \"1.1.9\" gibt es im Finanzplan nicht",
            "Zeile 4, Spalte 4 (Kostenart): 1.1 ist eine Zwischensumme",
            "Zeile 5, Spalte 8 (Betrag EUR): \"12,345\" ist kein Betrag: mehr als zwei Nachkommastellen",
            "Zeile 6, Spalte 2 (Zahlungsdatum): \"31.02.2022\" – den 31. gibt es im Monat 02.2022 nicht",
            "Zeile 7, Spalte 2 (Zahlungsdatum): 15.03.2020 liegt außerhalb der Planjahre 2021–2028",
            "Zeile 8, Spalte 4 (Kostenart): 3.1.1 ist eine Finanzierungszeile",
            "Zeile 8, Spalte 6 (Zahlungsempfänger): der Empfänger fehlt",
            "Zeile 8, Spalte 7 (Buchungstext): eine Erstattung oder Gutschrift (-20,00) braucht einen Verwendungszweck",
            "Zeile 9, Spalte 3 (Belegnummer): Beleg-Nr. ER-2022-0013 mit Datum 17.01.2022 und Betrag 4.850,00 steht schon in Zeile 2",
        ]
        for piece in expected { #expect(result.stderr.contains(piece), "\(piece)\n\(result.stderr)") }
        #expect(CLIRun.fileBytes(db) == before)
        #expect(try ProjectStore(path: db, readOnly: true).expenseCount() == 0)
    }

    @Test func exportImportExportGivesTheSameBytes() throws {
        let dir = try CLIRun.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("a.sqlite").path, other = dir.appendingPathComponent("b.sqlite").path
        #expect(try CLIRun.run(["import", "expenses", export1252, "--db", db]).status == 0)
        let file = dir.appendingPathComponent("ausgaben.csv").path
        let written = try CLIRun.run(["export", "expenses", "--format", "csv", "--output", file, "--db", db])
        #expect(written.status == 0 && written.stderr.contains("Ausgaben (12) geschrieben"))
        let first = try Data(contentsOf: URL(fileURLWithPath: file))
        #expect(String(decoding: first, as: UTF8.self).hasPrefix("Datum;Planzeile;Empfänger;Verwendungszweck;Betrag;Beleg-Nr"))
        let imported = try CLIRun.run(["import", "expenses", file, "--db", other])
        #expect(imported.status == 0 && imported.stdout.contains("(UTF-8, Zeilenende LF)"), "\(imported)")
        let second = try CLIRun.run(["export", "expenses", "--db", other]).stdout
        #expect(Data(second.utf8) == first)
        #expect(try CLIRun.run(["export", "expenses", "--format", "json", "--db", db]).status == 2)
    }

    @Test func dryRunWritesNothing() throws {
        let dir = try CLIRun.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("teamwork.sqlite").path
        try CLIRun.seed(db)
        let before = CLIRun.fileBytes(db)
        let dry = try CLIRun.run(["import", "expenses", export1252, "--dry-run", "--db", db])
        #expect(dry.status == 0 && dry.stdout.contains("Probelauf (--dry-run): nichts gespeichert."), "\(dry)")
        #expect(dry.stdout.contains("Neu: 12 Ausgaben"))
        #expect(CLIRun.fileBytes(db) == before)
    }

    @Test func killDuringAnImportLeavesTheOldState() throws {
        let dir = try CLIRun.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("teamwork.sqlite").path
        try CLIRun.seed(db)
        let before = try ProjectStore(path: db, readOnly: true).loadProject()
        let auditBefore = try ProjectStore(path: db, readOnly: true).latestAuditID()

        let child = try CLIRun.spawn(["import", "expenses", export1252, "--db", db],
                                     environment: ["TEAMWORK_TEST_PAUSE_IMPORT": "30"])
        defer { try? FileManager.default.removeItem(at: child.directory) }
        let paused = CLIRun.poll(seconds: 20) {
            ((try? String(contentsOfFile: child.stderrPath, encoding: .utf8)) ?? "").contains("Testpause") ? true : nil
        }
        #expect(paused == true, "Import hat die Testpause nicht erreicht")
        // The first expense and its audit row are written inside the open transaction.
        #expect(kill(child.pid, SIGKILL) == 0)
        var status: Int32 = 0
        waitpid(child.pid, &status, 0)
        #expect((status & 0x7F) == SIGKILL)

        let integrity = try DatabaseQueue(path: db).read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
        #expect(integrity == ["ok"])
        let store = try ProjectStore(path: db)
        #expect(try store.loadProject() == before)
        #expect(try store.expenseCount() == 0)
        #expect(try store.latestAuditID() == auditBefore)
        let apply = try CLIRun.run(["import", "expenses", export1252, "--db", db])
        #expect(apply.status == 0 && apply.stdout.contains("Neu: 12 Ausgaben"), "\(apply)")
    }
}
