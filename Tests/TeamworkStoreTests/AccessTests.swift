import Foundation
import GRDB
import Testing
import TeamworkCore
@testable import TeamworkStore

/// A fresh directory under the system temp dir, removed afterwards.
private func withDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let dir = FileManager.default.temporaryDirectory
        .appendingPathComponent("teamwork-access-tests-\(UUID().uuidString.prefix(8))").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    return try body(dir)
}

private func status(_ path: String) -> stat? {
    var st = stat()
    return stat(path, &st) == 0 ? st : nil
}

/// Who may create a database, and where directories come from (issue 17, item 2).
@Suite struct CreationTests {
    @Test func neverCreatesNothingAndNamesThePath() throws {
        try withDirectory { dir in
            let path = dir + "/typo.sqlite"
            let error = #expect(throws: StoreError.self) { try ProjectStore(path: path, create: .never) }
            #expect(error?.kind == .missingFile)
            #expect(error?.message == "Datenbank \"\(path)\" existiert nicht")
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test func fileCreatesOnlyInAnExistingDirectory() throws {
        try withDirectory { dir in
            let path = dir + "/no_such_dir/x.sqlite"
            let error = #expect(throws: StoreError.self) { try ProjectStore(path: path, create: .file) }
            #expect(error?.kind == .missingFile)
            #expect(error?.message.contains("das Verzeichnis \"\(dir)/no_such_dir\" existiert nicht") == true)
            #expect(!FileManager.default.fileExists(atPath: dir + "/no_such_dir"))
            // The default of the initializer is `.file`.
            #expect(throws: StoreError.self) { try ProjectStore(path: path) }
            #expect(!FileManager.default.fileExists(atPath: dir + "/no_such_dir"))
            _ = try ProjectStore(path: dir + "/x.sqlite")
            #expect(FileManager.default.fileExists(atPath: dir + "/x.sqlite"))
        }
    }

    @Test func initializeSeedsANewFileAndRefusesAnExistingOne() throws {
        try withDirectory { dir in
            let path = dir + "/neu.sqlite"
            try ProjectStore.initialize(path: path)
            #expect(try ProjectStore(path: path, create: .never).loadProject().plan.lines.count == 35)
            #expect(status(path).map { $0.st_mode & 0o777 } == 0o600)
            let before = try Data(contentsOf: URL(fileURLWithPath: path))
            let error = #expect(throws: StoreError.self) { try ProjectStore.initialize(path: path) }
            #expect(error?.message.contains("existiert bereits") == true)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
            let missingDir = #expect(throws: StoreError.self) { try ProjectStore.initialize(path: dir + "/a/b.sqlite") }
            #expect(missingDir?.kind == .missingFile)
            try ProjectStore.initialize(path: dir + "/a/b.sqlite", create: .fileAndDirectories)
            #expect(status(dir + "/a").map { $0.st_mode & 0o777 } == 0o700)
        }
    }
}

/// Settings that choose the database (issue 18, item 2).
@Suite struct LocationTests {
    let system = "/etc/teamwork/config.toml"
    let user = "/home/anna/.config/teamwork/config.toml"

    func resolve(option: String? = nil, environment: [String: String] = ["HOME": "/home/anna"],
                 files: [String: String]) throws -> DatabaseLocation {
        try DatabaseLocation.resolve(option: option, environment: environment) { path in
            files[path].map { .text($0) } ?? .missing
        }
    }

    @Test func laterSettingsOverrideEarlierOnes() throws {
        let files = [system: "# Büro\ndb = \"/srv/teamwork/teamwork.sqlite\"\n"]
        let fromSystem = try resolve(files: files)
        #expect(fromSystem.path == "/srv/teamwork/teamwork.sqlite")
        #expect(fromSystem.source == .systemConfig(file: system, line: 2))
        #expect(fromSystem.creation == .file)

        var both = files
        both[user] = "db = '/home/anna/eigene.sqlite' # privat\n"
        #expect(try resolve(files: both).source == .userConfig(file: user, line: 1))

        let env = try resolve(environment: ["HOME": "/home/anna", "TEAMWORK_DB": "/tmp/env.sqlite"], files: both)
        #expect(env.path == "/tmp/env.sqlite" && env.source == .environment)
        #expect(env.overridden.count == 2)

        let option = try resolve(option: "/tmp/opt.sqlite",
                                 environment: ["HOME": "/home/anna", "TEAMWORK_DB": "/tmp/env.sqlite"], files: both)
        #expect(option.path == "/tmp/opt.sqlite" && option.source == .option)
        #expect(option.overridden.count == 3)
    }

    @Test func withoutSettingsTheDefaultLocationIsTheOnlyOneWhoseDirectoriesAreCreated() throws {
        let plain = try resolve(files: [:])
        #expect(plain.path == "/home/anna/.local/share/teamwork/teamwork.sqlite")
        #expect(plain.source == .defaultLocation && plain.creation == .fileAndDirectories)
        let xdg = try resolve(environment: ["HOME": "/home/anna", "XDG_DATA_HOME": "/data", "XDG_CONFIG_HOME": "/cfg"],
                              files: ["/cfg/teamwork/config.toml": "[anderes]\ndb = \"/nicht/diese\"\n"])
        #expect(xdg.path == "/data/teamwork/teamwork.sqlite", "db in a section does not count")
        #expect(DatabaseLocation.systemConfigFiles(["TEAMWORK_SYSTEM_CONFIG": "/t/c.toml"]) == ["/t/c.toml"])
        #expect(DatabaseLocation.systemConfigFiles([:]) == ["/etc/teamwork/config.toml", "/etc/teamwork.toml"])
    }

    @Test func aBrokenSettingIsAnErrorWithFileAndLine() throws {
        for (text, reason) in [
            ("\n\ndb = relativ", "Zeile 3: der Wert von db muss in Anführungszeichen stehen"),
            ("db = \"srv/x.sqlite\"", "Zeile 1: db muss ein absoluter Pfad sein"),
            ("db = \"/x\" y", "Zeile 1: der Wert von db muss in Anführungszeichen stehen"),
            ("nur text", "Zeile 1: erwartet wird Schlüssel = \"Wert\""),
        ] {
            let error = #expect(throws: StoreError.self) { try resolve(files: [system: text]) }
            #expect(error?.message.hasPrefix("\(system), \(reason)") == true, "\(error?.message ?? "")")
        }
        let unreadable = #expect(throws: StoreError.self) {
            try DatabaseLocation.resolve(option: nil, environment: ["HOME": "/h"]) { path in
                path == system ? .unreadable("keine Leserechte") : .missing
            }
        }
        #expect(unreadable?.message == "Einstellung \"\(system)\" kann nicht gelesen werden: keine Leserechte")
        // /etc/teamwork.toml counts only when /etc/teamwork/config.toml is missing.
        let second = try resolve(files: ["/etc/teamwork.toml": "db = \"/b\""])
        #expect(second.source == .systemConfig(file: "/etc/teamwork.toml", line: 1))
    }
}

/// The real account in the audit trail (issue 18, item 3).
@Suite struct AccountTests {
    @Test func authorShowsTheAccountWithTheDisplayNameBesideIt() {
        #expect(Account.author(account: "anna", user: "Anna Schmidt") == "anna (Anna Schmidt)")
        #expect(Account.author(account: "anna", user: "anna") == "anna")
        #expect(Account.author(account: nil, user: "bernd") == "bernd", "old rows keep their text")
        #expect(Account.displayName(environment: ["TEAMWORK_USER": "  "]) == nil)
        #expect(Account.displayName(environment: ["TEAMWORK_USER": "x\u{202E}y\u{1B}[2J"]) == "xy[2J")
        let name = String(cString: getpwuid(getuid())!.pointee.pw_name)
        #expect(Account.real == name)
    }

    @Test func everyWriteStoresTheRealAccountWhateverTheDisplayName() throws {
        try withDirectory { dir in
            let store = try ProjectStore(path: dir + "/db.sqlite")
            try store.updatePlanValue(code: "1.1.1", yearIndex: 0, raw: 1, expected: nil, user: "Oberbürgermeister")
            try store.freezeBaseline(name: "Test", user: "Oberbürgermeister")
            let rows = try store.auditTrail().filter { $0.user == "Oberbürgermeister" }
            #expect(rows.count == 2)
            for row in rows {
                #expect(row.account == Account.real)
                #expect(row.author == "\(Account.real) (Oberbürgermeister)")
            }
            #expect(try store.baselines().last?.user == "\(Account.real) (Oberbürgermeister)")
            // The seed's migration row has no account: it shows its own text.
            let antrag = try #require(try store.auditTrail(entity: "baseline").last)
            #expect(antrag.account == nil && antrag.author == "teamwork (Migration)")
            try store.markReview(user: "Oberbürgermeister")
            let reviewAccount = try DatabaseQueue(path: dir + "/db.sqlite").read { db in
                try String.fetchOne(db, sql: "SELECT account FROM review")
            }
            #expect(reviewAccount == Account.real)
        }
    }

    @Test func theMigrationAddsTheColumnAndOldRowsKeepTheirText() throws {
        try withDirectory { dir in
            let path = dir + "/alt.sqlite"
            // A database as the previous version left it: every migration up to the Antrag
            // baseline, and an audit row written by "Oberbürgermeister".
            let queue = try DatabaseQueue(path: path)
            try Schema.migrator(seed: true).migrate(queue, upTo: Schema.baselineAntrag)
            try queue.write { db in
                #expect(try !db.columns(in: "audit").contains { $0.name == "account" })
                try db.execute(sql: """
                    INSERT INTO audit (at, "user", entity, entity_id, summary)
                    VALUES ('2026-05-04T07:30:12Z', 'Oberbürgermeister', 'plan', '1.1.1/2021', 'alt')
                    """)
            }
            try queue.close()
            let store = try ProjectStore(path: path)
            try store.updatePlanValue(code: "1.1.1", yearIndex: 0, raw: 2, expected: nil, user: "Anna Schmidt")
            let trail = try store.auditTrail(entity: "plan")
            let old = try #require(trail.first { $0.summary == "alt" })
            #expect(old.account == nil && old.author == "Oberbürgermeister" && old.at == "2026-05-04T07:30:12Z")
            #expect(trail.first?.author == "\(Account.real) (Anna Schmidt)")
        }
    }
}

/// A database shared by a Unix group (issue 18, item 1). chown to a group needs root or a member;
/// as root the test uses the group "users" (gid 100 on Debian), else it is skipped with the reason.
@Suite(.enabled(if: getuid() == 0 && getgrnam("users") != nil,
                "nur als root (und mit der Gruppe users): chown auf eine fremde Gruppe braucht root; CI läuft als root"))
struct SharedDatabaseTests {
    let gid = getgrnam("users")!.pointee.gr_gid

    @Test func initGivesDirectoryAndFilesTheGroupAndNothingToOthers() throws {
        try withDirectory { dir in
            let path = dir + "/gemeinsam/teamwork.sqlite"
            try ProjectStore.initialize(path: path, group: "users")
            let store = try ProjectStore(path: path, create: .never)
            try store.updatePlanValue(code: "1.1.1", yearIndex: 0, raw: 1, expected: nil, user: "anna")
            #expect(store.notices.isEmpty, "\(store.notices)")
            let directory = try #require(status(dir + "/gemeinsam"))
            #expect(directory.st_mode & 0o7777 == 0o2770 && directory.st_gid == gid)
            for file in [path, path + "-wal", path + "-shm"] {
                let st = try #require(status(file), "\(file) fehlt")
                #expect(st.st_mode & 0o7777 == 0o660, "\(file): \(String(st.st_mode & 0o7777, radix: 8))")
                #expect(st.st_gid == gid, "\(file)")
            }
            let lines = ProjectStore.fileStates(path).map(\.symbolic)
            #expect(lines == ["drwxrws---", "-rw-rw----", "-rw-rw----", "-rw-rw----"])
        }
    }

    @Test func laterOpeningsRepairTheCompanionFilesAndTheDirectory() throws {
        try withDirectory { dir in
            let path = dir + "/gemeinsam/teamwork.sqlite"
            try ProjectStore.initialize(path: path, group: "users")
            // Someone removed the setgid bit, and a -shm came out private.
            chmod(dir + "/gemeinsam", 0o770)
            let fd = open(path + "-shm", O_CREAT | O_WRONLY, 0o600)
            if fd >= 0 { fchown(fd, 0, 0); fchmod(fd, 0o600); close(fd) }
            let store = try ProjectStore(path: path, create: .never)
            #expect(store.notices.isEmpty, "\(store.notices)")
            #expect(status(dir + "/gemeinsam").map { $0.st_mode & 0o7777 } == 0o2770)
            #expect(status(path + "-shm").map { ($0.st_mode & 0o777, $0.st_gid) } ?? (0, 0) == (0o660, gid))
            // --repair reports nothing left to do.
            #expect(try ProjectStore.repairShared(path: path).isEmpty)
        }
    }

    @Test func aGroupWritableFileInADirectoryOthersCanEnterIsRefused() throws {
        try withDirectory { dir in
            let path = dir + "/offen/teamwork.sqlite"
            try ProjectStore.initialize(path: path, group: "users")
            chmod(dir + "/offen", 0o2775)
            let error = #expect(throws: StoreError.self) { try ProjectStore(path: path, create: .never) }
            let message = try #require(error?.message)
            #expect(message.hasPrefix("Datenbank \"\(path)\" wird nicht geöffnet: die Datei ist für die Gruppe „users“ beschreibbar"))
            #expect(message.contains("lässt alle anderen Konten hinein (Modus 2775)"))
            #expect(message.contains("Beheben mit: chmod 2770 \"\(dir)/offen\""))
            #expect(throws: StoreError.self) { try ProjectStore(path: path, readOnly: true) }
            chmod(path, 0o666)
            let everyone = #expect(throws: StoreError.self) { try ProjectStore(path: path, create: .never) }
            #expect(everyone?.message.contains("für alle Konten beschreibbar (Modus 0666)") == true)
        }
    }

    @Test func initRefusesAnUnknownGroupAndAFullDirectory() throws {
        try withDirectory { dir in
            let unknown = #expect(throws: StoreError.self) {
                try ProjectStore.initialize(path: dir + "/x/db.sqlite", group: "gibt-es-nicht-\(getpid())")
            }
            #expect(unknown?.message.contains("gibt es nicht – anlegen (als root): groupadd") == true)
            #expect(!FileManager.default.fileExists(atPath: dir + "/x"))
            FileManager.default.createFile(atPath: dir + "/fremd.txt", contents: Data())
            let full = #expect(throws: StoreError.self) {
                try ProjectStore.initialize(path: dir + "/db.sqlite", group: "users")
            }
            #expect(full?.message.contains("ist nicht leer") == true)
            #expect(status(dir).map { $0.st_mode & 0o7777 } != 0o2770, "the directory was left alone")
        }
    }

    @Test func restoreKeepsTheGroupAndModeOfTheSharedDatabase() throws {
        try withDirectory { dir in
            let path = dir + "/gemeinsam/teamwork.sqlite"
            try ProjectStore.initialize(path: path, group: "users")
            let backup = dir + "/sicherung.sqlite"
            try ProjectStore(path: path, readOnly: true).backup(to: backup)
            #expect(status(backup).map { $0.st_mode & 0o777 } == 0o600)
            _ = try ProjectStore.restore(from: backup, to: path)
            let st = try #require(status(path))
            #expect(st.st_mode & 0o777 == 0o660 && st.st_gid == gid)
        }
    }
}
