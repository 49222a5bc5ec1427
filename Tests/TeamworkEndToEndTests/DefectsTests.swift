import Foundation
import Testing

/// Issue 17 (found trying it as a new user): terminal safety, cut echoes, German messages,
/// consistent exit codes and the built-in themes, each through the real binary.
@Suite(.enabled(if: E2E.hasBinary, Comment(rawValue: E2E.binarySkipReason ?? "")))
struct DefectsTests {
    let directory: URL
    let database: String

    init() throws {
        directory = try E2E.makeTempDirectory()
        database = directory.appendingPathComponent("teamwork.sqlite").path
    }

    func teamwork(_ arguments: String..., stdin: Data? = nil, environment: [String: String] = [:]) throws -> CommandResult {
        try runCommand(E2E.binary, arguments, stdin: stdin, environment: E2E.environment(environment))
    }

    /// A change log entry whose summary retitles the window (OSC 0) and wipes the screen (CSI 2J),
    /// with a C1 CSI and a bidi override for good measure.
    static let hostileSummary = "Akteur ' || char(27) || ']0;pwned' || char(7) || char(27) || '[2J' || char(0x9B) || '31m"
        + "' || char(0x202E) || 'LEBATKEHC angelegt"

    /// Creates and seeds the database (`init` where it exists, else the first command creates it).
    func makeDatabase() throws {
        if FileManager.default.fileExists(atPath: database) { return }
        if try teamwork("init", "--db", database).status == 0 { return }
        let seeded = try teamwork("show", "plan", "--db", database)
        try #require(seeded.status == 0, "\(seeded.stderr)")
    }

    func seedHostileChange() throws {
        try makeDatabase()
        let sql = "INSERT INTO audit (at, \"user\", entity, entity_id, summary) VALUES "
            + "('2026-11-30T10:00:00Z', 'x' || char(27) || '[31m', 'stakeholder', '1', '\(Self.hostileSummary)');"
        let inserted = try runCommand(E2E.sqlite3!, [database, sql])
        try #require(inserted.status == 0, "sqlite3: \(inserted.stderr)")
    }

    // MARK: 1 – reports are inert, on the terminal and in files

    @Test(.enabled(if: E2E.canRunTmux && E2E.sqlite3 != nil, "tmux oder sqlite3 fehlen"))
    func markdownReportOnATerminalIsInert() throws {
        let session = try TmuxSession(width: 200, height: 150)
        defer { session.close() }
        try runCommand(E2E.tmux!, ["-L", session.socket, "select-pane", "-t", "e2e", "-T", "vorher"])
        let shell = try session.tmux(["display-message", "-p", "-t", "e2e", "#{pane_title}"]).stdout
        try seedHostileChange()
        try session.shell("echo MARKE-VOR; \(session.quoted(E2E.binary)) report --db \(session.quoted(database)) --since 2026-01-01; echo MARKE-NACH")
        let screen = try #require(session.waitForText("MARKE-NACH", "LEBATKEHC"), "\(session.capture().text)")
        let title = try session.tmux(["display-message", "-p", "-t", "e2e", "#{pane_title}"]).stdout
        #expect(!title.contains("pwned"), "Fenstertitel aus den Daten gesetzt: \(title)")
        #expect(title == shell)
        // CSI 2J would have wiped the marker printed before the report.
        #expect(screen.text.contains("MARKE-VOR"), "Bildschirm gelöscht: \(screen.text)")
        #expect(screen.text.contains(#"\u{1B}]0;pwned\u{7}\u{1B}[2J\u{9B}31m\u{202E}LEBATKEHC"#), "\(screen.text)")
        let colored = session.capture(escapes: true).text
        #expect(!colored.contains("\u{1B}[31m"), "Farbe aus den Daten")
    }

    @Test(.enabled(if: E2E.sqlite3 != nil, "sqlite3 fehlt"))
    func reportFilesCarryControlsEscaped() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try seedHostileChange()
        for format in ["md", "text"] {
            let file = directory.appendingPathComponent("r.\(format)").path
            let result = try teamwork("report", "--db", database, "--since", "2026-01-01", "--format", format, "--output", file)
            #expect(result.status == 0, "\(result.stderr)")
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let raw = text.unicodeScalars.filter {
                ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value)
                    || (0x202A...0x202E).contains($0.value)
            }
            #expect(raw.isEmpty, "rohe Steuerzeichen in \(format): \(raw.map { String($0.value, radix: 16) })")
            // Markdown carries the notation; text tables show each control as "·" (Reports.table).
            #expect(text.contains(format == "md" ? #"\u{1B}]0;pwned\u{7}"# : "·]0;pwned·"), "\(text)")
            // Also to a pipe: the same escaped text.
            let piped = try teamwork("report", "--db", database, "--since", "2026-01-01", "--format", format)
            #expect(!piped.stdout.unicodeScalars.contains("\u{1B}"))
        }
    }

    // MARK: 5 – echoed input is cut

    @Test func hugeOneLinePlanIsNotEchoedWhole() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("huge.csv").path
        let line = "Nr;Bezeichnung;" + String(repeating: "x", count: 5_000_000) + "\u{1B}]0;pwned\u{07}"
        try Data(line.utf8).write(to: URL(fileURLWithPath: file))
        let result = try teamwork("check", "--plan", file)
        #expect(result.status == 2)
        // Every error of the file is reported (here two), each with its echo cut to 40 characters.
        #expect(result.stderr.utf8.count < 1_000, "\(result.stderr.utf8.count) Bytes auf stderr")
        #expect(result.stderr.contains("Zeile 1, Spalte 3"), "\(result.stderr.prefix(300))")
        #expect(result.stderr.contains("…"))
        #expect(!result.stderr.unicodeScalars.contains("\u{1B}"))
    }

    @Test func escapeSequenceInAPlanFieldIsShownInert() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try makeDatabase()
        let export = try teamwork("export", "plan", "--db", database)
        try #require(export.status == 0)
        let broken = export.stdout.replacingOccurrences(of: "530.000,00", with: "5\u{1B}[2J\u{07}x")
        let result = try teamwork("check", "--plan", "-", stdin: Data(broken.utf8))
        #expect(result.status == 2)
        #expect(!result.stderr.unicodeScalars.contains("\u{1B}"), "\(result.stderr.debugDescription)")
        #expect(result.stderr.contains(#"5\u{1B}[2J\u{7}x"#), "\(result.stderr)")
    }

    // MARK: 7 – German messages, documented exit codes

    @Test func argumentErrorsAreGermanWithExitCode2() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let cases: [([String], String)] = [
            (["show", "plan", "--nope"], "unbekannte Option '--nope'"),
            (["show"], "es fehlt das Argument '<BEREICH>'"),
            (["report", "--format", "pdf"], "der Wert 'pdf' ist für '--format <format>' ungültig"),
            (["report", "--since"], "es fehlt ein Wert für '--since <DATE>'"),
            (["show", "plan", "extra"], "unerwartetes Argument 'extra'"),
        ]
        try makeDatabase()
        for (arguments, german) in cases {
            let result = try runCommand(E2E.binary, arguments + ["--db", database])
            #expect(result.status == 2, "\(arguments): Exit-Code \(result.status)")
            #expect(result.stderr.contains(german), "\(arguments): \(result.stderr)")
            for english in ["Error:", "Unknown option", "Missing", "Unexpected", "is invalid", "Usage:", "See '", "Help:"] {
                #expect(!result.stderr.contains(english), "\(arguments): englisch: \(result.stderr)")
            }
        }
        let help = try teamwork("report", "--help")
        #expect(help.status == 0)
        #expect(help.stdout.contains("AUFRUF:") && help.stdout.contains("OPTIONEN:"), "\(help.stdout)")
        #expect(help.stdout.contains("Zeigt diese Hilfe.") && !help.stdout.contains("Show help information"))
        #expect(help.stdout.contains("Standard: md)"), "\(help.stdout)")
        let version = try teamwork("--version")
        #expect(version.status == 0 && version.stdout.hasPrefix("0."), "\(version.stdout)")
    }

    @Test func fileErrorsAreGermanAndNameThePath() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try makeDatabase()
        let toDirectory = try teamwork("export", "all", "--db", database, "--output", directory.path)
        #expect(toDirectory.status == 2)
        #expect(toDirectory.stderr.contains(directory.path) && toDirectory.stderr.contains("ist ein Verzeichnis"),
                "\(toDirectory.stderr)")
        let missing = try teamwork("report", "--db", database, "--output", "/nonexistent/r.md")
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent/r.md") && missing.stderr.contains("das Verzeichnis \"/nonexistent\" gibt es nicht"),
                "\(missing.stderr)")
        for result in [toDirectory, missing] {
            for english in ["NSCocoaErrorDomain", "doesn’t exist", "doesn't exist", "The file", "couldn’t", "error 512"] {
                #expect(!result.stderr.contains(english), "\(result.stderr)")
            }
        }
    }

    @Test func emptyContactAndEventFilesBothEndWithExitCode2() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let empty = directory.appendingPathComponent("leer").path
        try Data().write(to: URL(fileURLWithPath: empty))
        let calendarWithoutEvents = directory.appendingPathComponent("ohne.ics").path
        try Data("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//DE\r\nEND:VCALENDAR\r\n".utf8)
            .write(to: URL(fileURLWithPath: calendarWithoutEvents))
        try makeDatabase()
        for (what, file) in [("contacts", empty), ("events", empty), ("events", calendarWithoutEvents)] {
            let result = try teamwork("import", what, file, "--db", database)
            #expect(result.status == 2, "\(what) \(file): Exit-Code \(result.status) \(result.stdout)")
            #expect(result.stderr.contains(file), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }

    // MARK: 6 – NUL in imported data

    @Test func nulInAnImportedNameIsRejectedNotCut() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("nul.vcf").path
        let card = "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:0f8b1c2e-1111-4a2b-9c3d-000000000017\r\n"
            + "FN:Zyxwerk\u{0}Schwerin\r\nEND:VCARD\r\n"
        try Data(card.utf8).write(to: URL(fileURLWithPath: file))
        try makeDatabase()
        let result = try teamwork("import", "contacts", file, "--db", database)
        #expect(result.status == 2, "Exit-Code \(result.status): \(result.stdout)")
        #expect(result.stderr.contains("NUL"), "\(result.stderr)")
        let shown = try teamwork("show", "stakeholders", "--db", database)
        #expect(shown.status == 0)
        #expect(!shown.stdout.contains("Zyxwerk"), "abgeschnitten gespeichert")
    }

    // MARK: 8 – themes built in

    @Test func installedBinaryKnowsTheShippedThemes() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        // A copy far from the source tree, run from a directory without Themes/.
        let bin = directory.appendingPathComponent("bin/teamwork").path
        try FileManager.default.createDirectory(atPath: directory.appendingPathComponent("bin").path,
                                                withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: E2E.binary, toPath: bin)
        let home = directory.appendingPathComponent("home").path
        let environment = E2E.environment(["HOME": home, "XDG_CONFIG_HOME": "", "TEAMWORK_THEMES": ""])
        try makeDatabase()
        // Not a terminal: the dashboard refuses after choosing the theme, with exit 2 and its own message.
        let known = try runCommand(bin, ["--db", database, "--theme", "kontrast"], environment: environment)
        #expect(!known.stderr.contains("unbekanntes Farbschema"), "\(known.stderr)")
        #expect(known.stderr.contains("braucht ein Terminal"), "\(known.stderr)")
        let unknown = try runCommand(bin, ["--db", database, "--theme", "gibtsnicht"], environment: environment)
        #expect(unknown.stderr.contains("vorhanden: default, kontrast, monochrom"), "\(unknown.stderr)")

        // A user file of the same name overrides the built-in one; a new one is added.
        let userThemes = home + "/.config/teamwork/themes"
        try FileManager.default.createDirectory(atPath: userThemes, withIntermediateDirectories: true)
        try Data("name = \"Kontrast\"\n[styles]\nbody = { fg = \"red\" }\n".utf8)
            .write(to: URL(fileURLWithPath: userThemes + "/kontrast.toml"))
        try Data("name = \"Nacht\"\n[styles]\nbody = { fg = \"blue\" }\n".utf8)
            .write(to: URL(fileURLWithPath: userThemes + "/nacht.toml"))
        let extended = try runCommand(bin, ["--db", database, "--theme", "gibtsnicht"], environment: environment)
        #expect(extended.stderr.contains("vorhanden: default, kontrast, monochrom, nacht"), "\(extended.stderr)")
    }
}
