import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `teamwork measures` and `teamwork measure …` through the real binary: valid and invalid
/// input, exit codes, the status table at 80 columns, the finding in `teamwork check`, audit rows.
@Suite(.enabled(if: E2E.hasBinary, Comment(rawValue: E2E.binarySkipReason ?? "")))
struct MeasureCommandTests {
    let directory: URL
    let database: String

    init() throws {
        directory = try E2E.makeTempDirectory()
        database = directory.appendingPathComponent("teamwork.sqlite").path
        let created = try runCommand(E2E.binary, ["init", "--db", database])
        guard created.status == 0 else { throw E2EError("teamwork init: \(created.stderr)") }
    }

    func teamwork(_ arguments: String...) throws -> CommandResult { try teamwork(arguments) }

    func teamwork(_ arguments: [String]) throws -> CommandResult {
        try runCommand(E2E.binary, arguments + ["--db", database],
                       environment: E2E.environment(["TEAMWORK_USER": "anna", "COLUMNS": "80"]))
    }

    /// Today plus `offset` days as `TT.MM.JJJJ`, in local time as the binary sees it.
    func day(_ offset: Int) -> String {
        var seconds = time(nil) + time_t(offset * 86_400)
        var parts = tm()
        localtime_r(&seconds, &parts)
        func pad(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(pad(parts.tm_mday)).\(pad(parts.tm_mon + 1)).\(parts.tm_year + 1900)"
    }

    func row(_ table: String, _ nr: String) -> String? {
        table.split(separator: "\n").map(String.init).first { $0.hasPrefix(nr + " ") }
    }

    @Test func statusTableBeforeAndAfterStartingIV21() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let before = try teamwork("measures")
        #expect(before.status == 0, "\(before.stderr)")
        #expect(row(before.stdout, "I.6-1")?.contains("abgeschlossen") == true, "\(before.stdout)")
        #expect(row(before.stdout, "IV.2-1")?.contains("geplant") == true)
        #expect(before.stdout.contains("8 Maßnahmen: 4 geplant, 4 abgeschlossen"))
        for line in before.stdout.split(separator: "\n") { #expect(line.count <= 80, "\(line)") }

        let set = try teamwork("measure", "set-status", "IV.2-1", "umsetzung")
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains("Status geplant → in Umsetzung (seit \(day(0)))"))
        let add = try teamwork("measure", "add-milestone", "iv.2-1", "--title", "Quartierskonzept beauftragt",
                               "--due", day(-1))
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stdout.contains("schon überfällig"))
        let unit = try teamwork("measure", "set-responsible", "IV.2-1", "fachdienst")
        #expect(unit.status == 0, "\(unit.stderr)")
        #expect(unit.stdout.contains("„Fachdienst Stadtentwicklung und Wirtschaft“"))

        let after = try teamwork("measures")
        #expect(after.status == 0)
        #expect(row(after.stdout, "IV.2-1")?.contains("in Umsetzung") == true, "\(after.stdout)")
        #expect(row(after.stdout, "IV.2-1")?.contains(day(0)) == true)
        #expect(after.stdout.contains("! \(day(-1)) Quartierskonzept"))
        let flowing = after.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flowing.contains("8 Maßnahmen: 3 geplant, 1 in Umsetzung, 4 abgeschlossen; 1 Meilenstein überfällig (!)"))
        for line in after.stdout.split(separator: "\n") { #expect(line.count <= 80, "\(line)") }

        let check = try teamwork("check", "--format", "json")
        #expect(check.status == 1)  // the plan's own errors; the controlling rules only warn
        let json = try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any]
        let findings = (json?["findings"] as? [[String: Any]]) ?? []
        let overdue = findings.filter { $0["rule"] as? String == "milestone-overdue" }
        #expect(overdue.count == 1)
        #expect(overdue.first?["severity"] as? String == "warning")
        #expect((overdue.first?["message"] as? String)?.contains("Quartierskonzept beauftragt") == true)
        let text = try teamwork("check")
        #expect(text.stdout.contains("  milestone-overdue  Maßnahme IV.2-1"), "\(text.stdout)")

        let done = try teamwork("measure", "done-milestone", "IV.2-1", "Quartier", "--date", day(0))
        #expect(done.status == 0, "\(done.stderr)")
        let note = try teamwork("measure", "note", "IV.2-1", "Auftakt", "im", "Quartier")
        #expect(note.status == 0, "\(note.stderr)")
        let clean = try teamwork("check", "--format", "json")
        #expect(!clean.stdout.contains("milestone-overdue"))

        if let sqlite = E2E.sqlite3 {
            let audit = try runCommand(sqlite, [database, "SELECT entity, \"user\", field, new_value FROM audit "
                                                + "WHERE \"user\" = 'anna' ORDER BY id"])
            #expect(audit.stdout == """
                measure|anna|status|in Umsetzung
                measure|anna|statusSince|\(day(0))
                measure|anna|milestone|Quartierskonzept beauftragt (fällig \(day(-1)))
                measure|anna|responsibleUnit|Fachdienst Stadtentwicklung und Wirtschaft
                measure|anna|milestone.done|\(day(0))
                measure|anna|note|\(day(0)): Auftakt im Quartier

                """)
        }
    }

    @Test func hostileDataStaysInert() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        guard let sqlite = E2E.sqlite3 else { return }
        #expect(try teamwork("measures").status == 0)  // creates the database
        let title = "Evil\u{1B}[2J\u{1B}]0;pwned\u{07}\u{202E}txt"
        _ = try runCommand(sqlite, [database, "UPDATE measure SET title = '\(title)' WHERE stage = 'implementation' AND number = 1;"
                                    + "INSERT INTO milestone (measure_id, title, due) SELECT id, '\(title)', '2020-01-01' "
                                    + "FROM measure WHERE stage = 'implementation' AND number = 1;"])
        for arguments in [["measures"], ["measure", "set-status", "IV.2-1", "umsetzung"], ["check"],
                          ["measure", "done-milestone", "IV.2-1", "Evil"]] {
            let result = try teamwork(arguments)
            // Marking the hostile milestone done is refused (its title must be cleaned first).
            let expected = arguments.contains("done-milestone") ? "Titel: enthält Steuerzeichen" : "Evil"
            #expect((result.stdout + result.stderr).contains(expected), "\(arguments): \(result.stdout)\(result.stderr)")
            let bad = (result.stdout + result.stderr).unicodeScalars.filter {
                $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E
            }
            #expect(bad.isEmpty, "\(arguments)")
        }
    }

    @Test func statusWordsInAnyCase() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try teamwork("measure", "set-status", "IV.2-2", "In", "Umsetzung").status == 0)
        #expect(try teamwork("measure", "set-status", "IV.2-3", "IN VORBEREITUNG").status == 0)
        let unchanged = try teamwork("measure", "set-status", "IV.2-2", "in umsetzung")
        #expect(unchanged.status == 0 && unchanged.stdout.contains("nichts geändert"))
        let both = try teamwork("measure", "set-responsible", "IV.2-2", "TEAMWORK", "--stakeholder", "hackl")
        #expect(both.status == 0, "\(both.stderr)")
        #expect(both.stdout.contains("verantwortlich „TEAMWORK (Projektgruppe Smart City)“, Akteur „Hacklabor“"))
        let table = try teamwork("measures", "--width", "200").stdout
        #expect(row(table, "IV.2-2")?.contains("TEAMWORK (Projektgruppe Smart City) / Hacklabor") == true, "\(table)")
        let cleared = try teamwork("measure", "set-responsible", "IV.2-2", "-", "--stakeholder", "-")
        #expect(cleared.stdout.contains("verantwortlich niemand, Akteur keiner"))
        #expect(row(try teamwork("measures", "--width", "200").stdout, "IV.2-2")?.contains("Hacklabor") == false)
        #expect(row(table, "IV.2-2")?.contains("in Umsetzung") == true)
        #expect(row(table, "IV.2-3")?.contains("in Vorbereitung") == true)
    }

    @Test func badInputNamesTheValidValuesAndExitsWith2() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let cases: [([String], String)] = [
            (["measure", "set-status", "IV.2-1", "fertig"],
             "möglich: geplant, in Vorbereitung, in Umsetzung, abgeschlossen, verschoben, gestoppt"),
            (["measure", "set-status", "IV.2-1", "in"], "ist kein Status"),
            (["measure", "set-status", "IV.9-1", "geplant"], "möglich: I.6-1, I.6-2, I.6-3, I.6-4, IV.1-1, IV.2-1"),
            (["measure", "add-milestone", "IV.2-1", "--title", "X", "--due", "31.02.2027"], "den 31. gibt es im Monat 02.2027 nicht"),
            (["measure", "add-milestone", "IV.2-1", "--title", "X", "--due", "2027-13-01"], "Monat 13"),
            (["measure", "add-milestone", "IV.2-1", "--title", " ", "--due", "01.03.2027"], "Titel: darf nicht leer sein"),
            (["measure", "done-milestone", "IV.2-1", "X"], "hat keine Meilensteine"),
            (["measure", "note", "IV.2-1", "x", "--date", "morgen"], "--date: \"morgen\""),
            (["measure", "set-responsible", "IV.2-1", "Nirgendwo"], "„TEAMWORK (Projektgruppe Smart City)“"),
            (["measure", "set-responsible", "IV.2-1", "D"], "nicht eindeutig"),
            (["measures", "--width", "10"], "mindestens 40"),
            (["measure", "add-milestone", "IV.2-1", "--title", "Rot\u{1B}[31m", "--due", "01.03.2027"], "Steuerzeichen"),
            (["measure", "note", "IV.2-1", "\u{1B}]0;Titel\u{07}"], "Notiz: enthält Steuerzeichen"),
            (["measure", "set-status", "\u{1B}[2J", "geplant"], "keine Maßnahme \"·[2J\""),
        ]
        for (arguments, expected) in cases {
            let result = try runCommand(E2E.binary, arguments + ["--db", database],
                                        environment: E2E.environment(["TEAMWORK_USER": "anna"]))
            #expect(result.status == 2, "\(arguments): Exit-Code \(result.status) \(result.stdout)")
            #expect(result.stderr.hasPrefix("teamwork: "), "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(expected), "\(arguments): \(result.stderr)")
            #expect(result.stderr.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1)
            #expect(result.stdout.isEmpty)
            #expect(!result.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(arguments)")
        }
        // Duplicate title: the second one is refused, the first stays.
        #expect(try teamwork("measure", "add-milestone", "IV.2-1", "--title", "Konzept", "--due", "01.03.2027").status == 0)
        let dup = try teamwork("measure", "add-milestone", "IV.2-1", "--title", "konzept", "--due", "02.03.2027")
        #expect(dup.status == 2 && dup.stderr.contains("gibt es bei dieser Maßnahme schon"))
        #expect(try teamwork("measure", "done-milestone", "IV.2-1", "Nope").stderr.contains("möglich: „Konzept“"))
        // Nothing of the refused commands reached the database.
        if let sqlite = E2E.sqlite3 {
            let rows = try runCommand(sqlite, [database, "SELECT COUNT(*) FROM audit WHERE \"user\" = 'anna'"])
            #expect(rows.stdout == "1\n")
        }
        let table = try teamwork("measures").stdout
        #expect(row(table, "IV.2-1")?.contains("geplant") == true)
    }
}
