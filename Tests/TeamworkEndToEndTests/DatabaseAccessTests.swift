import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Which commands may create a database, and which database they open (issue 17 item 2, issue 18
/// item 2), through the real binary as the current account.
@Suite(.enabled(if: E2E.hasBinary, Comment(rawValue: E2E.binarySkipReason ?? "")))
struct DatabaseCreationTests {
    let directory: URL
    var dir: String { directory.path }

    init() throws { directory = try E2E.makeTempDirectory() }

    func teamwork(_ arguments: [String], environment: [String: String] = [:], stdin: Data? = nil) throws -> CommandResult {
        try runCommand(E2E.binary, arguments, stdin: stdin,
                       environment: E2E.environment(["HOME": dir, "XDG_CONFIG_HOME": dir + "/config",
                                                     "XDG_DATA_HOME": "", "TEAMWORK_SYSTEM_CONFIG": dir + "/system.toml"]
                                                    .merging(environment) { $1 }))
    }

    @Test func readingCommandsOnAMistypedPathNameItAndCreateNothing() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let typo = dir + "/typo.sqlite"
        for command in [["check"], ["show", "plan"], ["report"], ["export", "plan"], ["export", "all"],
                        ["baseline", "list"], ["baseline", "freeze", "X"], ["backup", dir + "/b.sqlite"]] {
            let result = try teamwork(command + ["--db", typo])
            #expect(result.status == 2, "\(command): Exit \(result.status) \(result.stdout)")
            #expect(result.stdout.isEmpty, "\(command)")
            let message = result.stderr.trimmingCharacters(in: .newlines)
            #expect(!message.contains("\n"), "\(command): mehr als eine Zeile: \(message)")
            #expect(message.contains("Datenbank \"\(typo)\""), "\(command): \(message)")
            #expect(message.contains("existiert nicht"), "\(command): \(message)")
            #expect(!FileManager.default.fileExists(atPath: typo), "\(command) hat die Datei angelegt")
        }
        let check = try teamwork(["check", "--db", typo])
        #expect(check.stderr == "teamwork: Datenbank \"\(typo)\" existiert nicht (gewählt durch --db; Tippfehler?). "
                + "Neu anlegen: teamwork init --db \(typo)\n")
        // A missing directory is never created for an explicit path, not even by the dashboard.
        let deep = dir + "/no_such_dir/x.sqlite"
        for command in [["show", "plan"], ["dashboard"], ["import", "contacts", "-"], ["init"]] {
            let result = try teamwork(command + ["--db", deep], stdin: Data(Self.card.utf8))
            #expect(result.status == 2, "\(command): \(result.stdout)")
            #expect(result.stderr.contains(deep) || result.stderr.contains(dir + "/no_such_dir"), "\(command): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/no_such_dir"), "\(command) hat das Verzeichnis angelegt")
        }
    }

    static let card = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Test Akteur\r\nEND:VCARD\r\n"

    @Test func initAndImportCreateInitRefusesAnExistingFile() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = dir + "/neu.sqlite"
        let created = try teamwork(["init", "--db", db])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.hasPrefix("Datenbank angelegt: \(db) (gewählt durch Option --db)"))
        #expect(try teamwork(["show", "staffing", "--db", db]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        let again = try teamwork(["init", "--db", db])
        #expect(again.status == 2)
        #expect(again.stderr.contains("existiert bereits"), "\(again.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)

        let imported = dir + "/import.sqlite"
        let result = try teamwork(["import", "contacts", "-", "--db", imported], stdin: Data(Self.card.utf8))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: imported))
    }

    @Test func theDefaultLocationGetsItsDirectoriesOnlyFromInit() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = dir + "/.local/share/teamwork/teamwork.sqlite"
        let show = try teamwork(["show", "plan"])
        #expect(show.status == 2)
        #expect(show.stderr.hasPrefix("teamwork: Datenbank \"\(path)\" existiert nicht"), "\(show.stderr)")
        #expect(show.stderr.contains("(Standardort). Neu anlegen: teamwork init"), "\(show.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/.local"))
        let created = try teamwork(["init"])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(try teamwork(["show", "plan"]).status == 0)
        let whereText = try teamwork(["where"]).stdout
        #expect(whereText.contains("Datenbank:     \(path)"))
        #expect(whereText.contains("Gewählt durch: Standardort"))
    }

    @Test func settingsChooseTheDatabaseAndWhereSaysWhich() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let office = dir + "/buero.sqlite"
        #expect(try teamwork(["init", "--db", office]).status == 0)
        try "# Büro\ndb = \"\(office)\"\n".write(toFile: dir + "/system.toml", atomically: true, encoding: .utf8)
        let whereText = try teamwork(["where"]).stdout
        #expect(whereText.contains("Datenbank:     \(office)"), "\(whereText)")
        #expect(whereText.contains("Gewählt durch: systemweite Einstellung \(dir)/system.toml, Zeile 2"), "\(whereText)")
        #expect(try teamwork(["baseline", "freeze", "Büro"]).status == 0)
        #expect(try teamwork(["baseline", "list", "--db", office]).stdout.contains("Büro"))

        let own = dir + "/eigene.sqlite"
        try FileManager.default.createDirectory(atPath: dir + "/config/teamwork", withIntermediateDirectories: true)
        try "db = '\(own)'\n".write(toFile: dir + "/config/teamwork/config.toml", atomically: true, encoding: .utf8)
        let user = try teamwork(["where"]).stdout
        #expect(user.contains("Gewählt durch: Einstellung des Kontos \(dir)/config/teamwork/config.toml, Zeile 1"), "\(user)")
        #expect(user.contains("Überstimmt:    systemweite Einstellung"), "\(user)")
        let env = try teamwork(["where"], environment: ["TEAMWORK_DB": office]).stdout
        #expect(env.contains("Gewählt durch: Umgebungsvariable TEAMWORK_DB"), "\(env)")
        // The account's database does not exist: a reading command says so and names the setting.
        let missing = try teamwork(["show", "plan"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("gewählt durch Einstellung des Kontos"), "\(missing.stderr)")

        // A broken setting is an error where it would be used, and only listed where it is overridden.
        try FileManager.default.removeItem(atPath: dir + "/config/teamwork/config.toml")
        try "db = kaputt\n".write(toFile: dir + "/system.toml", atomically: true, encoding: .utf8)
        let broken = try teamwork(["show", "plan"])
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("\(dir)/system.toml, Zeile 1:"), "\(broken.stderr)")
        #expect(try teamwork(["show", "staffing", "--db", office]).status == 0)
        #expect(try teamwork(["where", "--db", office]).stdout.contains("fehlerhaft, nicht benutzt: \(dir)/system.toml, Zeile 1"))
    }
}
