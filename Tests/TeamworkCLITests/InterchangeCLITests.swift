import Foundation
import GRDB
import Testing
import TeamworkCore
import TeamworkStore

#if canImport(Glibc)
import Glibc
#endif

/// `teamwork import/export/backup/restore` through the built binary (`.build/debug/teamwork`,
/// left by `swift build` / `swift test`). Skipped with a reason when the binary is missing.
@Suite(.enabled(if: CLIRun.hasBinary, "teamwork-Binary fehlt (.build/debug/teamwork) – erst `swift build` ausführen"))
struct InterchangeCLITests {
    // MARK: Plan

    @Test func malformedCSVExitsWithLineAndColumnAndLeavesTheDatabaseUntouched() throws {
        let dir = try CLIRun.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("teamwork.sqlite").path
        try CLIRun.seed(db)
        let csv = try CLIRun.run(["export", "plan", "--db", db]).stdout
        let lines = csv.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[3].hasPrefix("1.1.2;"))

        var broken = lines
        broken[3] = broken[3].replacingOccurrences(of: ";40.000,00;", with: ";4O.000,00;")
        let bad = dir.appendingPathComponent("bad.csv").path
        try broken.joined(separator: "\n").write(toFile: bad, atomically: true, encoding: .utf8)
        var short = lines
        short[10] = "1.2.1;Lebenshauptstadt ist Teamwork;1,00"
        let shortFile = dir.appendingPathComponent("kurz.csv").path
        try short.joined(separator: "\n").write(toFile: shortFile, atomically: true, encoding: .utf8)

        let before = CLIRun.fileBytes(db)
        #expect(before[""] != nil)
        for (file, message) in [
            (bad, "teamwork: \(bad): Zeile 4, Spalte 3: \"4O.000,00\" ist kein Betrag: unerwartetes Zeichen \"O\" an Stelle 2\n"),
            (shortFile, "teamwork: \(shortFile): Zeile 11, Spalte 4: 11 Felder erwartet, 3 gefunden\n"),
        ] {
            for extra in [[], ["--dry-run"]] {
                let result = try CLIRun.run(["import", "plan", file, "--db", db] + extra)
                #expect(result.status == 2, "\(result)")
                #expect(result.stderr == message)
                #expect(result.stdout.isEmpty)
                #expect(CLIRun.fileBytes(db) == before, "Datenbankdateien verändert")
            }
        }
        let missing = try CLIRun.run(["import", "plan", dir.appendingPathComponent("fehlt.csv").path, "--db", db])
        #expect(missing.status == 2 && missing.stderr.contains("kann nicht gelesen werden"))
        #expect(CLIRun.fileBytes(db) == before)
    }

    @Test func exportedPlanImportedAgainShowsNoChanges() throws {
        let dir = try CLIRun.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("teamwork.sqlite").path
        try CLIRun.seed(db)
        let file = dir.appendingPathComponent("plan.csv").path
        #expect(try CLIRun.run(["export", "plan", "--output", file, "--db", db]).status == 0)
        let before = CLIRun.fileBytes(db)
        let dry = try CLIRun.run(["import", "plan", file, "--dry-run", "--db", db])
        #expect(dry.status == 0, "\(dry)")
        #expect(dry.stdout.contains("keine Änderungen"))
        #expect(dry.stdout.contains("Prüfung des eingelesenen Plans: 4 Fehler, 14 Warnungen"))
        #expect(dry.stdout.contains("Probelauf (--dry-run): nichts gespeichert."))
        #expect(!dry.stdout.contains("Hinweis"))
        #expect(CLIRun.fileBytes(db)[""] == before[""])
        let apply = try CLIRun.run(["import", "plan", file, "--db", db])
        #expect(apply.status == 0 && apply.stdout.contains("keine Änderungen") && apply.stdout.contains("Nichts gespeichert."))
        #expect(try CLIRun.userAudit(db).isEmpty)
    }

    @Test func importPlanShowsTheChangesAndStoresThemAudited() throws {
        let dir = try CLIRun.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("teamwork.sqlite").path
        try CLIRun.seed(db)
        let csv = try CLIRun.run(["export", "plan", "--db", db]).stdout
        let file = dir.appendingPathComponent("neu.csv").path
        try CLIRun.changed(csv).write(toFile: file, atomically: true, encoding: .utf8)

        let dry = try CLIRun.run(["import", "plan", file, "--dry-run", "--db", db])
        #expect(dry.status == 0)
        let table = """
            Änderungen gegenüber dem gespeicherten Plan: 2 Zellen
            Nr     Jahr        alt         neu
            -----  ----  ---------  ----------
            1.1.1  2021  50.000,00   55.000,00
            2.1.6  2025  25.000,00  125.000,00
            """
        #expect(dry.stdout.contains(table), "\(dry.stdout)")
        #expect(dry.stdout.contains("Daraus berechnet (folgt, wird mitgespeichert):"))
        #expect(dry.stdout.contains("3.1-(1+2)  2021             0,00      -5.000,00"), "\(dry.stdout)")
        #expect(dry.stdout.contains("Hinweis: "))
        #expect(try CLIRun.userAudit(db).isEmpty)

        let apply = try CLIRun.run(["import", "plan", file, "--db", db])
        #expect(apply.status == 0, "\(apply)")
        #expect(apply.stdout.contains("Gespeichert: 2 Zellen in einem Schritt, 2 Einträge im Änderungsprotokoll "
                                      + "(\(Account.real) (cli-test))."))
        let audit = try CLIRun.userAudit(db)
        #expect(audit.map(\.entityID).sorted() == ["1.1.1/2021", "2.1.6/2025"])
        #expect(audit.allSatisfy { $0.user == "cli-test" && $0.entity == "plan" })
        let plan = try ProjectStore(path: db, readOnly: true).loadProject().plan
        #expect(plan["1.1"]?.values[0] == 20_000_000 && plan["1.1.1"]?.statedTotal == 45_500_000)

        let again = try CLIRun.run(["import", "plan", file, "--db", db])
        #expect(again.status == 0 && again.stdout.contains("keine Änderungen"))
        #expect(try CLIRun.userAudit(db).count == 2)
    }

    @Test func killDuringImportLeavesTheOldStateIntact() throws {
        let dir = try CLIRun.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("teamwork.sqlite").path
        try CLIRun.seed(db)
        let csv = try CLIRun.run(["export", "plan", "--db", db]).stdout
        let file = dir.appendingPathComponent("neu.csv").path
        try CLIRun.changed(csv).write(toFile: file, atomically: true, encoding: .utf8)
        let before = try ProjectStore(path: db, readOnly: true).loadProject()
        let auditBefore = try ProjectStore(path: db, readOnly: true).latestAuditID()

        let child = try CLIRun.spawn(["import", "plan", file, "--db", db],
                                     environment: ["TEAMWORK_TEST_PAUSE_IMPORT": "30"])
        defer { try? FileManager.default.removeItem(at: child.directory) }
        let paused = CLIRun.poll(seconds: 20) {
            ((try? String(contentsOfFile: child.stderrPath, encoding: .utf8)) ?? "").contains("Testpause") ? true : nil
        }
        #expect(paused == true, "Import hat die Testpause nicht erreicht")
        // The first cell is written (inside the open transaction) when the pause begins.
        #expect(kill(child.pid, SIGKILL) == 0)
        var status: Int32 = 0
        waitpid(child.pid, &status, 0)
        #expect((status & 0x7F) == SIGKILL)

        let integrity = try DatabaseQueue(path: db).read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
        #expect(integrity == ["ok"])
        let store = try ProjectStore(path: db)
        #expect(try store.loadProject() == before)
        #expect(try store.latestAuditID() == auditBefore)
        // And the import still works afterwards.
        let apply = try CLIRun.run(["import", "plan", file, "--db", db])
        #expect(apply.status == 0 && apply.stdout.contains("Gespeichert: 2 Zellen"), "\(apply)")
    }

    // MARK: Events and contacts

    @Test func eventsExportedAndImportedTwiceChangeNothing() throws {
        let dir = try CLIRun.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("teamwork.sqlite").path
        try CLIRun.seed(db)
        let calendar = dir.appendingPathComponent("fremd.ics").path
        try CLIRun.foreignCalendar.write(toFile: calendar, atomically: true, encoding: .utf8)
        let first = try CLIRun.run(["import", "events", calendar, "--db", db])
        #expect(first.status == 0, "\(first)")
        #expect(first.stdout.hasPrefix("Gelesen: \(calendar) (2 Termine)\n  neu         "), "\(first.stdout)")
        #expect(first.stdout.hasSuffix("\nneu: 2, geändert: 0, unverändert: 0\n"))

        let exported = dir.appendingPathComponent("termine.ics").path
        let export = try CLIRun.run(["export", "events", "--format", "ics", "--output", exported, "--db", db])
        #expect(export.status == 0 && export.stderr == "Termine (2) geschrieben: \(exported)\n")
        let text = try String(contentsOfFile: exported, encoding: .utf8)
        // The foreign UID is kept, so the calendar it came from updates instead of duplicating.
        #expect(text.contains("UID:a1b2c3@kalender.schwerin.de\r\n") && text.contains("SUMMARY:Smart City Forum 2027\r\n"))
        let audit = try CLIRun.userAudit(db)
        for _ in 0..<2 {
            let again = try CLIRun.run(["import", "events", exported, "--db", db])
            #expect(again.status == 0)
            #expect(again.stdout.hasSuffix("neu: 0, geändert: 0, unverändert: 2\n"), "\(again.stdout)")
            #expect(try CLIRun.userAudit(db) == audit)
        }
        // The foreign file again: matched by its UID.
        #expect(try CLIRun.run(["import", "events", calendar, "--db", db]).stdout.contains("unverändert: 2"))
        let second = try CLIRun.run(["export", "events", "--db", db]).stdout
        func withoutStamp(_ s: String) -> String { s.split(separator: "\r\n").filter { !$0.hasPrefix("DTSTAMP:") }.joined() }
        #expect(withoutStamp(second) == withoutStamp(text))

        let broken = dir.appendingPathComponent("kaputt.ics").path
        try "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
            .write(toFile: broken, atomically: true, encoding: .utf8)
        let bytes = CLIRun.fileBytes(db)
        let refused = try CLIRun.run(["import", "events", broken, "--db", db])
        #expect(refused.status == 2)
        #expect(refused.stderr == "teamwork: \(broken): Zeile 5: DTSTART fehlt im VEVENT ab Zeile 3\n")
        #expect(CLIRun.fileBytes(db) == bytes)
    }

    @Test func contactsExportedAndImportedChangeNothing() throws {
        let dir = try CLIRun.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("teamwork.sqlite").path
        try CLIRun.seed(db)
        let file = dir.appendingPathComponent("akteure.vcf").path
        #expect(try CLIRun.run(["export", "contacts", "--output", file, "--db", db]).status == 0)
        let cards = try String(contentsOfFile: file, encoding: .utf8)
        #expect(cards.hasPrefix("BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:"))
        let audit = try ProjectStore(path: db, readOnly: true).auditTrail()
        let result = try CLIRun.run(["import", "contacts", file, "--db", db])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("Gelesen: \(file) (24 Karten)\n  unverändert "))
        #expect(result.stdout.hasSuffix("\nneu: 0, geändert: 0, unverändert: 24\n"))
        #expect(try ProjectStore(path: db, readOnly: true).auditTrail() == audit)
        #expect(try CLIRun.run(["export", "contacts", "--db", db]).stdout == cards)
    }

    /// Fixtures written as Google, Outlook and Thunderbird write them (see TeamworkStoreTests).
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("TeamworkStoreTests/Fixtures/interchange/\(name)").path
    }

    @Test func unreadableCardsRefuseAllUnlessSkipInvalidAndVCard30Export() throws {
        let dir = try CLIRun.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("teamwork.sqlite").path
        try CLIRun.seed(db)
        let broken = Self.fixture("broken-contacts.vcf")
        let bytes = CLIRun.fileBytes(db)
        let refused = try CLIRun.run(["import", "contacts", broken, "--db", db])
        #expect(refused.status == 2)
        #expect(refused.stderr == "teamwork: \(broken): 2 Karten sind nicht lesbar – nichts eingelesen "
                + "(mit --skip-invalid werden die übrigen eingelesen):\n"
                + "  Karte 2 (Zeile 6): vCard-Version \"5.0\" wird nicht unterstützt (erwartet 2.1, 3.0 oder 4.0)\n"
                + "  Karte 3 (Zeile 10): kein Name: FN, ORG und N sind leer oder fehlen\n")
        #expect(CLIRun.fileBytes(db) == bytes)
        let skipped = try CLIRun.run(["import", "contacts", broken, "--skip-invalid", "--db", db])
        #expect(skipped.status == 0)
        #expect(skipped.stdout.contains("neu: 2, geändert: 0, unverändert: 0\n"))
        #expect(skipped.stdout.contains("Hinweis: Karte 3 (Zeile 10): kein Name: FN, ORG und N sind leer oder fehlen – übersprungen"))

        let outlook = try CLIRun.run(["import", "contacts", Self.fixture("outlook-contacts.vcf"), "--db", db])
        #expect(outlook.stdout.contains("  neu         Grete Müller (Förderverein Schloßgarten e.V., Öffentlichkeitsarbeit; "
                                        + "grete.mueller@example.org, vorstand@foerderverein.example)\n"), "\(outlook)")
        let v3 = try CLIRun.run(["export", "contacts", "--vcard-version", "3.0", "--db", db])
        #expect(v3.status == 0 && v3.stdout.hasPrefix("BEGIN:VCARD\r\nVERSION:3.0\r\n"))
        #expect(v3.stdout.contains("ORG:Förderverein Schloßgarten e.V.\\, Öffentlichkeitsarbeit\r\n"))
        #expect(!v3.stdout.contains("KIND:"))
        let wrong = try CLIRun.run(["export", "events", "--vcard-version", "3.0", "--db", db])
        #expect(wrong.status == 2 && wrong.stderr == "teamwork: --vcard-version gilt nur für export contacts\n")
    }

    @Test func calendarImportReportsPerEventAndSkippedTasks() throws {
        let dir = try CLIRun.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("teamwork.sqlite").path
        try CLIRun.seed(db)
        let google = try CLIRun.run(["import", "events", Self.fixture("google-calendar.ics"), "--db", db])
        #expect(google.status == 0, "\(google)")
        #expect(google.stdout.contains("  neu         11.10.–13.10.2027  Smart-City-Konferenz Schwerin\n"))
        let moved = try CLIRun.run(["import", "events", Self.fixture("google-calendar-moved.ics"), "--db", db])
        #expect(moved.stdout.contains("  geändert    15.06.2027 14:00–16:00  Quartiersforum Feldstadt\n"), "\(moved)")
        #expect(moved.stdout.hasSuffix("neu: 0, geändert: 2, unverändert: 12\n"))
        let tb = try CLIRun.run(["import", "events", Self.fixture("thunderbird-calendar.ics"), "--db", db])
        #expect(tb.stdout.hasSuffix("Hinweis: übersprungen: 1 Journaleintrag (VJOURNAL), 2 Aufgaben (VTODO)\n"))
        let shown = try CLIRun.run(["show", "events", "--db", db]).stdout
        #expect(shown.contains("11.10.–13.10.2027  ganztägig"))
        #expect(shown.contains("15.03.2027 09:00   15.03.2027 10:00  Jour fixe TEAMWORK"))
        let tz = try CLIRun.run(["import", "events", Self.fixture("unknown-timezone.ics"), "--db", db])
        #expect(tz.status == 2 && tz.stderr.contains("Zeile 5: Zeitzone \"America/New_York\" wird nicht unterstützt"))
    }

    @Test func exportAllIsDeterministicJSONAndFormatsAreChecked() throws {
        let dir = try CLIRun.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("teamwork.sqlite").path
        try CLIRun.seed(db)
        let one = try CLIRun.run(["export", "all", "--format", "json", "--db", db])
        let two = try CLIRun.run(["export", "all", "--db", db])
        #expect(one.status == 0 && one.stdout == two.stdout)
        #expect(try JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) is [String: Any])
        #expect(one.stdout.contains("\"text\" : \"16.475.000,00\""))
        let wrong = try CLIRun.run(["export", "events", "--format", "csv", "--db", db])
        #expect(wrong.status == 2 && wrong.stderr == "teamwork: events gibt es nicht als csv – möglich ist --format ics\n")
    }

    // MARK: Backup and restore

    @Test func backupAndRestore() throws {
        let dir = try CLIRun.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("teamwork.sqlite").path
        try CLIRun.seed(db)
        let backup = dir.appendingPathComponent("sicherung.sqlite").path
        let made = try CLIRun.run(["backup", backup, "--db", db])
        #expect(made.status == 0 && made.stdout.hasPrefix("Sicherung geschrieben: \(backup) ("), "\(made)")
        var st = stat()
        #expect(stat(backup, &st) == 0 && st.st_mode & 0o777 == 0o600)
        #expect(try CLIRun.run(["backup", backup, "--db", db]).status == 2)

        let saved = try ProjectStore(path: db, readOnly: true).loadProject()
        let csv = try CLIRun.run(["export", "plan", "--db", db]).stdout
        let file = dir.appendingPathComponent("neu.csv").path
        try CLIRun.changed(csv).write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try CLIRun.run(["import", "plan", file, "--db", db]).status == 0)

        let garbage = dir.appendingPathComponent("kaputt.sqlite").path
        try "kein SQLite".write(toFile: garbage, atomically: true, encoding: .utf8)
        let bytes = CLIRun.fileBytes(db)
        let refused = try CLIRun.run(["restore", garbage, "--db", db])
        #expect(refused.status == 2)
        #expect(refused.stderr == "teamwork: \"\(garbage)\" ist keine brauchbare teamwork-Datenbank: die Datei ist keine SQLite-Datenbank\n")
        #expect(CLIRun.fileBytes(db) == bytes)

        let restored = try CLIRun.run(["restore", backup, "--db", db])
        #expect(restored.status == 0, "\(restored)")
        let copies = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".vor-restore-") }
        #expect(copies.count == 1 && copies[0].wholeMatch(of: /teamwork\.sqlite\.vor-restore-\d{8}-\d{6}/) != nil, "\(copies)")
        #expect(restored.stdout.contains("Bisheriger Stand gesichert als: \(dir.path)/\(copies[0])"))
        #expect(try ProjectStore(path: db, readOnly: true).loadProject() == saved)
        #expect(try CLIRun.run(["import", "plan", file, "--dry-run", "--db", db]).stdout.contains("2 Zellen"))
    }
}

// MARK: - Running the binary

struct CLIResult: CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String
    var description: String { "Exit \(status)\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }
}

enum CLIRun {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let binary = packageRoot.appendingPathComponent(".build/debug/teamwork").path
    static let hasBinary: Bool = {
        let present = FileManager.default.isExecutableFile(atPath: binary)
        if !present { print("InterchangeCLITests übersprungen: teamwork-Binary fehlt (\(binary)) – erst `swift build` ausführen") }
        return present
    }()

    static func environment(_ extra: [String: String]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        for key in ["TEAMWORK_DB", "TEAMWORK_TEST_PAUSE_IMPORT", "TMUX", "TMUX_PANE"] { env[key] = nil }
        env["NO_COLOR"] = "1"
        env["TEAMWORK_USER"] = "cli-test"
        env["LANG"] = "C.UTF-8"
        env["LC_ALL"] = "C.UTF-8"
        for (key, value) in extra { env[key] = value }
        return env
    }

    static func tempDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("teamwork-interchange-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Creates and seeds the database (`teamwork init`; reading commands never create one).
    static func seed(_ db: String) throws {
        let result = try run(["init", "--db", db])
        guard result.status == 0 else { throw CLIFailure("Erstbefüllung fehlgeschlagen: \(result)") }
    }

    /// Main file and WAL of a database, as bytes.
    static func fileBytes(_ path: String) -> [String: Data] {
        var out: [String: Data] = [:]
        for suffix in ["", "-wal"] {
            if let data = FileManager.default.contents(atPath: path + suffix) { out[suffix] = data }
        }
        return out
    }

    static func userAudit(_ db: String) throws -> [AuditEntry] {
        try ProjectStore(path: db, readOnly: true).auditTrail().filter { $0.user == "cli-test" }
    }

    /// The exported seed plan with 1.1.1/2021 50.000 → 55.000 and 2.1.6/2025 25.000 → 125.000
    /// (derived rows and totals left as they were in the file).
    static func changed(_ csv: String) -> String {
        csv.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var fields = line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            if fields.first == "1.1.1" { fields[2] = "55.000,00" }
            if fields.first == "2.1.6" { fields[6] = "125.000,00" }
            return fields.joined(separator: ";")
        }.joined(separator: "\n")
    }

    static let foreignCalendar = """
        BEGIN:VCALENDAR\r
        VERSION:2.0\r
        PRODID:-//Stadt Schwerin//Kalender//DE\r
        BEGIN:VEVENT\r
        UID:a1b2c3@kalender.schwerin.de\r
        DTSTAMP:20261101T090000Z\r
        DTSTART;TZID=Europe/Berlin:20270512T100000\r
        DTEND;TZID=Europe/Berlin:20270512T163000\r
        SUMMARY:Smart City Forum 2027\r
        LOCATION:Rathaus Schwerin\\, Am Markt 14\r
        CATEGORIES:Forum\r
        ORGANIZER;CN=TEAMWORK:mailto:smartcity@schwerin.de\r
        END:VEVENT\r
        BEGIN:VEVENT\r
        UID:d4e5f6@kalender.schwerin.de\r
        DTSTAMP:20261101T090000Z\r
        DTSTART;VALUE=DATE:20270329\r
        DTEND;VALUE=DATE:20270331\r
        SUMMARY:Zukunftswerkstatt Lankow\r
        END:VEVENT\r
        END:VCALENDAR\r

        """

    struct Child {
        var pid: pid_t
        var stdoutPath: String
        var stderrPath: String
        var directory: URL
    }

    /// Starts the binary with stdout/stderr going to files (so a full pipe can never block it).
    static func spawn(_ arguments: [String], environment extra: [String: String] = [:], in workingDirectory: String? = nil)
        throws -> Child {
        let directory = try tempDirectory()
        let out = directory.appendingPathComponent("out").path, err = directory.appendingPathComponent("err").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if let workingDirectory { _ = spawnChangeDirectory(&actions, workingDirectory) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        let envp = environment(extra).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, binary, &actions, &attributes, argv, envp)
        guard rc == 0 else { throw CLIFailure("posix_spawn: \(String(cString: strerror(rc)))") }
        return Child(pid: pid, stdoutPath: out, stderrPath: err, directory: directory)
    }

    /// Runs the binary to completion (killed after `timeout` seconds).
    static func run(_ arguments: [String], environment extra: [String: String] = [:], timeout: Double = 60,
                    in workingDirectory: String? = nil) throws -> CLIResult {
        let child = try spawn(arguments, environment: extra, in: workingDirectory)
        defer { try? FileManager.default.removeItem(at: child.directory) }
        var status: Int32 = 0
        let finished = poll(seconds: timeout) { waitpid(child.pid, &status, WNOHANG) == child.pid ? true : nil } ?? false
        if !finished {
            kill(child.pid, SIGKILL)
            waitpid(child.pid, &status, 0)
            throw CLIFailure("teamwork \(arguments.joined(separator: " ")) nach \(timeout) s abgebrochen")
        }
        let exit: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return CLIResult(status: exit,
                         stdout: (try? String(contentsOfFile: child.stdoutPath, encoding: .utf8)) ?? "",
                         stderr: (try? String(contentsOfFile: child.stderrPath, encoding: .utf8)) ?? "")
    }

    static func poll<T>(seconds: Double, _ condition: () -> T?) -> T? {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if let value = condition() { return value }
            if Date() >= deadline { return nil }
            usleep(2_000)
        }
    }
}

/// glibc's `posix_spawn_file_actions_addchdir_np` (2.29+), which the Glibc module does not export.
@_silgen_name("posix_spawn_file_actions_addchdir_np")
private func spawnChangeDirectory(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>,
                                  _ path: UnsafePointer<CChar>) -> Int32

struct CLIFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
