import Foundation
import Testing

/// The non-interactive commands of the real binary: show, check, export and the pipe between them.
@Suite(.enabled(if: E2E.hasBinary, Comment(rawValue: E2E.binarySkipReason ?? "")))
struct CommandLineTests {
    let directory: URL
    let database: String

    init() throws {
        directory = try E2E.makeTempDirectory()
        database = directory.appendingPathComponent("teamwork.sqlite").path
        // show, check and export never create a database: `init` does.
        let created = try runCommand(E2E.binary, ["init", "--db", database])
        guard created.status == 0 else { throw E2EError("teamwork init: \(created.stderr)") }
    }

    func teamwork(_ arguments: String..., stdin: Data? = nil) throws -> CommandResult {
        try runCommand(E2E.binary, arguments, stdin: stdin)
    }

    @Test func showPlanListsAllRows() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try teamwork("show", "plan", "--db", database)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.components(separatedBy: "\n")
        let separator = try #require(lines.firstIndex { $0.hasPrefix("---") }, "\(result.stdout)")
        let rows = lines[(separator + 1)...].filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        #expect(rows.count == 35, "Zeilen: \(rows.count)")
        #expect(result.stdout.contains("530.000,00"))
        #expect(result.stdout.contains("16.475.000,00"))
        #expect(result.stdout.contains("90,40"))
        #expect(rows.first?.hasPrefix("1.1") == true)
    }

    @Test func checkFailsOnTheSchwerinPlan() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try teamwork("check", "--db", database)
        #expect(result.status == 1, "Exit-Code \(result.status): \(result.stdout)\(result.stderr)")
        #expect(!result.stdout.isEmpty)
    }

    @Test func unknownPaneIsAUsageErrorInGerman() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try teamwork("show", "nope", "--db", database)
        #expect(result.status == 2, "Exit-Code \(result.status)")
        #expect(result.stdout.isEmpty)
        let message = result.stderr.trimmingCharacters(in: .newlines)
        #expect(!message.isEmpty)
        #expect(!message.contains("\n"), "mehr als eine Zeile: \(message)")
        #expect(message.contains("nope"))
        #expect(message.contains("unbekannt") || message.contains("möglich"), "nicht deutsch: \(message)")
    }

    @Test func exportedPlanChecksLikeTheDatabase() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let export = try teamwork("export", "plan", "--format", "csv", "--db", database)
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.hasPrefix("Nr;Bezeichnung;2021"))
        let fromCSV = try teamwork("check", "--plan", "-", "--format", "json", stdin: Data(export.stdout.utf8))
        let fromDB = try teamwork("check", "--db", database, "--format", "json")
        #expect(fromCSV.status == fromDB.status)
        #expect(fromDB.status == 1)
        #expect(fromCSV.stdout == fromDB.stdout)
        let json = try JSONSerialization.jsonObject(with: Data(fromDB.stdout.utf8)) as? [String: Any]
        #expect((json?["findings"] as? [Any])?.isEmpty == false)
    }
}

/// Issue 17 item 10: `teamwork report` shows audit times in the TZ zone (the store keeps UTC).
@Suite(.enabled(if: E2E.hasBinary && E2E.sqlite3 != nil, "teamwork oder sqlite3 fehlt"))
struct ReportLocalTimeTests {
    @Test func reportShowsBerlinTimeAtTheSpringSwitch() throws {
        let directory = try E2E.makeTempDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("teamwork.sqlite").path
        #expect(try runCommand(E2E.binary, ["init", "--db", database]).status == 0)
        let sql = """
            INSERT INTO audit (at, "user", entity, entity_id, field, old_value, new_value, summary)
            VALUES ('2026-03-29T01:30:00Z', 'anna', 'plan', '1.1.1', '2021', '0,00', '1,00', 'Wechsel zur Sommerzeit');
            """
        #expect(try runCommand(E2E.sqlite3!, [database, sql]).status == 0)
        let berlin = try runCommand(E2E.binary, ["report", "--db", database, "--since", "2026-01-01"],
                                    environment: E2E.environment(["TZ": "Europe/Berlin"]))
        #expect(berlin.status == 0, "\(berlin.stderr)")
        #expect(berlin.stdout.contains("| 2026-03-29 03:30 | anna"), "\(berlin.stdout)")
        #expect(!berlin.stdout.contains("UTC"), "\(berlin.stdout)")
        let utc = try runCommand(E2E.binary, ["report", "--db", database, "--since", "2026-01-01"],
                                 environment: E2E.environment(["TZ": "UTC"]))
        #expect(utc.stdout.contains("| 2026-03-29 01:30 | anna"), "\(utc.stdout)")
        // The store still holds UTC.
        let stored = try runCommand(E2E.sqlite3!, [database, "SELECT at FROM audit WHERE summary = 'Wechsel zur Sommerzeit'"])
        #expect(stored.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "2026-03-29T01:30:00Z")
    }
}
