import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Real Unix accounts for one test: a fresh group with two members and one account outside it,
/// made with groupadd/useradd and removed again by `remove()` (also on failure, via defer).
final class TestAccounts {
    let group: String
    let anna: String
    let bernd: String
    let outsider: String
    private var removed = false

    static let useradd = ["/usr/sbin/useradd", "/sbin/useradd"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let userdel = ["/usr/sbin/userdel", "/sbin/userdel"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let groupadd = ["/usr/sbin/groupadd", "/sbin/groupadd"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let groupdel = ["/usr/sbin/groupdel", "/sbin/groupdel"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let runuser = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Why these tests cannot run here (the skip reason), nil when they can.
    static let skipReason: String? = {
        if let reason = E2E.tmuxSkipReason { return reason }
        if getuid() != 0 {
            return "nur als root: der Test legt echte Unix-Konten an (useradd/groupadd) und wechselt mit runuser "
                + "zu ihnen – CI läuft als root; lokal: sudo swift test --skip-build --filter AccountsTests"
        }
        if useradd == nil || userdel == nil || groupadd == nil || groupdel == nil || runuser == nil {
            return "useradd, groupadd oder runuser fehlen (Paket passwd/util-linux) – Test mit echten Konten übersprungen"
        }
        return nil
    }()

    init() throws {
        // Short names (the change log's "Wer" column is 10 wide), random so parallel runs differ.
        let tag = String(format: "%04x", UInt16.random(in: 0...UInt16.max))
        group = "twg\(tag)"
        anna = "twa\(tag)"
        bernd = "twb\(tag)"
        outsider = "twc\(tag)"
        try Self.must(Self.groupadd!, [group])
        do {
            for member in [anna, bernd] {
                try Self.must(Self.useradd!, ["-M", "-N", "-d", "/nonexistent", "-s", "/bin/sh", "-G", group, member])
            }
            try Self.must(Self.useradd!, ["-M", "-N", "-d", "/nonexistent", "-s", "/bin/sh", outsider])
        } catch {
            remove()
            throw error
        }
    }

    deinit { remove() }

    func remove() {
        guard !removed else { return }
        removed = true
        for account in [anna, bernd, outsider] { _ = try? runCommand(Self.userdel!, [account], timeout: 20) }
        _ = try? runCommand(Self.groupdel!, [group], timeout: 20)
    }

    static func must(_ tool: String, _ arguments: [String]) throws {
        let result = try runCommand(tool, arguments, timeout: 30)
        guard result.status == 0 else {
            throw E2EError("\(tool) \(arguments.joined(separator: " ")): \(result.stderr)")
        }
    }

    /// The command line that runs teamwork as `account` with a clean environment: the settings
    /// file, a locale, and `extra` (e.g. TEAMWORK_USER). No --db: the setting chooses.
    func commandLine(_ account: String, config: String, extra: [String] = []) -> [String] {
        [Self.runuser!, "-u", account, "--", "/usr/bin/env", "-i", "PATH=/usr/bin:/bin", "LANG=C.UTF-8", "LC_ALL=C.UTF-8",
         "NO_COLOR=1", "TEAMWORK_SYSTEM_CONFIG=\(config)"] + extra + [E2E.binary]
    }

    func teamwork(_ account: String, config: String, _ arguments: [String], extra: [String] = [],
                  stdin: Data? = nil) throws -> CommandResult {
        let line = commandLine(account, config: config, extra: extra)
        return try runCommand(line[0], Array(line.dropFirst()) + arguments, stdin: stdin, timeout: 30)
    }
}

private func status(_ path: String) -> stat? {
    var st = stat()
    return stat(path, &st) == 0 ? st : nil
}

/// Several coordinators with their own Unix accounts on one shared database (issue 18 item 4)
/// and a reader in a directory it cannot write (issue 17 item 4).
@Suite(.serialized, .enabled(if: TestAccounts.skipReason == nil, Comment(rawValue: TestAccounts.skipReason ?? "")))
struct AccountsTests {
    @Test func twoAccountsShareOneDatabaseWithoutDbAndAnOutsiderIsRefused() throws {
        let accounts = try TestAccounts()
        defer { accounts.remove() }
        let base = try E2E.makeTempDirectory()
        defer { try? FileManager.default.removeItem(at: base) }
        chmod(base.path, 0o755)
        let shared = base.path + "/shared"
        let db = shared + "/teamwork.sqlite"
        let initResult = try runCommand(E2E.binary, ["init", "--db", db, "--group", accounts.group])
        try #require(initResult.status == 0, "init: \(initResult.stderr)")
        print("teamwork init --db \(db) --group \(accounts.group):\n\(initResult.stdout)")
        let config = base.path + "/system.toml"
        try "db = \"\(db)\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        chmod(config, 0o644)

        let whereText = try accounts.teamwork(accounts.anna, config: config, ["where"])
        #expect(whereText.status == 0, "\(whereText.stderr)")
        #expect(whereText.stdout.contains("Datenbank:     \(db)"), "\(whereText.stdout)")
        #expect(whereText.stdout.contains("Gewählt durch: systemweite Einstellung \(config), Zeile 1"), "\(whereText.stdout)")

        // Anna's dashboard, opened without --db, on the Kosten pane at 1.1.1.
        let session = try TmuxSession(width: 120, height: 36)
        defer { session.close() }
        let annaLine = accounts.commandLine(accounts.anna, config: config,
                                            extra: ["TERM=xterm-256color", "TEAMWORK_USER=Anna Schmidt"])
        try session.shell(annaLine.map(session.quoted).joined(separator: " "))
        _ = try #require(session.waitForText("Förderfähige Kosten", seconds: 20), "\(session.capture().text)")
        try session.keys("3", "j")
        _ = try #require(session.waitForText("Kostenart"), "\(session.capture().text)")

        // Bernd, another account of the group, reads and writes the same database meanwhile,
        // claiming to be someone else.
        let csv = try accounts.teamwork(accounts.bernd, config: config, ["export", "plan"])
        try #require(csv.status == 0, "bernd export: \(csv.stderr)")
        let changed = csv.stdout.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var fields = line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            if fields.first == "1.1.1" { fields[2] = "55.000,00" }
            return fields.joined(separator: ";")
        }.joined(separator: "\n")
        let forged = "TEAMWORK_USER=Oberbürgermeister"
        let imported = try accounts.teamwork(accounts.bernd, config: config, ["import", "plan", "-"], extra: [forged],
                                             stdin: Data(changed.utf8))
        #expect(imported.status == 0, "bernd import: \(imported.stderr)")
        #expect(imported.stdout.contains("Änderungsprotokoll (\(accounts.bernd) (Oberbürgermeister))"), "\(imported.stdout)")

        // Anna's open dashboard shows the change live, naming Bernd's real account.
        let seen = try #require(session.waitForScreen(seconds: 6) { screen in
            screen.contains { $0.hasPrefix("   1.1.1 ") && $0.contains("•55.000,00") }
        }, "anna sieht bernds Änderung nicht: \(session.capture().text)")
        #expect(seen.contains { $0.contains("Aktualisiert") && $0.contains("von \(accounts.bernd) (Oberbürgermeister)") },
                "\(seen.text)")

        // The four files while both use the database: group everywhere, nothing for others.
        let ls = try runCommand("/bin/ls", ["-ld", shared, db, db + "-wal", db + "-shm"])
        print("ls -l während beide arbeiten:\n\(ls.stdout)")
        let gid = try #require(getgrnam(accounts.group)).pointee.gr_gid
        let dir = try #require(status(shared))
        #expect(dir.st_mode & 0o7777 == 0o2770 && dir.st_gid == gid)
        for file in [db, db + "-wal", db + "-shm"] {
            let st = try #require(status(file), "\(file) fehlt")
            #expect(st.st_mode & 0o7777 == 0o660, "\(file): \(String(st.st_mode & 0o7777, radix: 8))")
            #expect(st.st_gid == gid, "\(file) hat nicht die Gruppe \(accounts.group)")
        }

        // Anna's change log names the real account first; the detail shows the display name too.
        try session.keys("9")
        let log = try #require(session.waitForScreen { screen in
            screen.contains { $0.contains("1.1.1 / 2021") && $0.contains(accounts.bernd) }
        }, "Änderungsprotokoll: \(session.capture().text)")
        #expect(!log.contains { $0.contains("1.1.1 / 2021") && $0.contains(" Oberbürg") && !$0.contains(accounts.bernd) })
        try session.keys("Enter")
        let detail = try #require(session.waitForText("\(accounts.bernd) (Oberbürgermeister)"),
                                  "Detail: \(session.capture().text)")
        print("Änderungsprotokoll bei anna:\n\(detail.prefix(8).joined(separator: "\n"))")

        // Anna writes too (a baseline from the command line); the report names both accounts.
        let freeze = try accounts.teamwork(accounts.anna, config: config, ["baseline", "freeze", "Zwischenstand"],
                                           extra: ["TEAMWORK_USER=Anna Schmidt"])
        #expect(freeze.status == 0, "anna freeze: \(freeze.stderr)")
        let report = try accounts.teamwork(accounts.bernd, config: config, ["report", "--format", "text"], extra: [forged])
        #expect(report.status == 0, "\(report.stderr)")
        let rows = report.stdout.split(separator: "\n").map(String.init)
        #expect(rows.contains { $0.contains("\(accounts.bernd) (Oberbürgermeister)") && $0.contains("1.1.1 / 2021") },
                "\(report.stdout)")
        #expect(rows.contains { $0.contains("\(accounts.anna) (Anna Schmidt)") && $0.contains("Zwischenstand") },
                "\(report.stdout)")
        #expect(!rows.contains { $0.dropFirst(18).hasPrefix("Oberbürgermeister") }, "eine Zeile ohne echtes Konto")

        // The outsider is refused, with the reason and the command that would let them in.
        for command in [["show", "plan"], ["baseline", "freeze", "X"], ["report"]] {
            let refused = try accounts.teamwork(accounts.outsider, config: config, command)
            #expect(refused.status == 2, "\(command): \(refused.stdout)")
            #expect(refused.stderr.contains("Datenbank \"\(db)\" kann nicht geöffnet werden: keine Berechtigung"),
                    "\(refused.stderr)")
            #expect(refused.stderr.contains("gehört nicht dazu. Aufnehmen (als root): usermod -aG \(accounts.group) \(accounts.outsider)"),
                    "\(refused.stderr)")
            if command == ["show", "plan"] { print("Außenstehender:\n\(refused.stderr)") }
        }
        try session.keys("q")
    }

    @Test func aReaderWhoCannotWriteTheDirectoryStillReads() throws {
        let accounts = try TestAccounts()
        defer { accounts.remove() }
        let base = try E2E.makeTempDirectory()
        defer { try? FileManager.default.removeItem(at: base) }
        chmod(base.path, 0o755)
        let db = base.path + "/teamwork.sqlite"
        let created = try runCommand(E2E.binary, ["init", "--db", db])
        try #require(created.status == 0, "\(created.stderr)")
        // Readable for everyone, writable for nobody but root; the directory is root's (0755).
        for suffix in ["", "-wal", "-shm"] { chmod(db + suffix, 0o644) }
        let config = base.path + "/none.toml"

        // With -wal/-shm present and readable, and with none at all (checkpointed and removed).
        for variant in ["mit -wal/-shm", "ohne -wal/-shm"] {
            if variant == "ohne -wal/-shm" {
                guard let sqlite3 = E2E.sqlite3 else {
                    print("sqlite3 fehlt – Fall \(variant) übersprungen")
                    continue
                }
                let checkpoint = try runCommand(sqlite3, [db, "PRAGMA wal_checkpoint(TRUNCATE);"])
                #expect(checkpoint.status == 0)
                unlink(db + "-wal"); unlink(db + "-shm")
            }
            let show = try accounts.teamwork(accounts.outsider, config: config, ["show", "plan", "--db", db])
            #expect(show.status == 0, "\(variant): \(show.stderr)")
            #expect(show.stdout.contains("16.475.000,00"), "\(variant)")
            let readOnly = try accounts.teamwork(accounts.outsider, config: config, ["report", "--db", db])
            #expect(readOnly.status == 0, "\(variant): \(readOnly.stderr)")
            if variant == "ohne -wal/-shm" {
                #expect(show.stderr.contains("Hinweis: Das Verzeichnis \"\(base.path)\" ist nicht beschreibbar: die "
                                             + "Datenbank ist unveränderlich (immutable) und nur lesend geöffnet"),
                        "\(show.stderr)")
            }
            let write = try accounts.teamwork(accounts.outsider, config: config, ["baseline", "freeze", "X", "--db", db])
            #expect(write.status == 2)
            #expect(write.stderr.contains("kann nicht zum Schreiben geöffnet werden: keine Schreibberechtigung"), "\(write.stderr)")
        }

        // The dashboard with --read-only shows the plan and says why it cannot see others' changes.
        let session = try TmuxSession(width: 120, height: 36)
        defer { session.close() }
        let line = accounts.commandLine(accounts.outsider, config: config, extra: ["TERM=xterm-256color"])
            + ["--read-only", "--db", db]
        try session.shell(line.map(session.quoted).joined(separator: " "))
        _ = try #require(session.waitForText("Förderfähige Kosten", seconds: 20), "\(session.capture().text)")
        if E2E.sqlite3 != nil {
            // The status line is drawn after the overview's first lines: wait for it, do not read
            // the capture that happened to show "Förderfähige Kosten" first.
            #expect(session.waitForText("nicht beschreibbar", seconds: 10) != nil, "\(session.capture().text)")
        }
        try session.keys("q")
    }
}
