import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The real dashboard in a private tmux server: keys, screens, resize, locale, signals, hostile data.
@Suite(.enabled(if: E2E.canRunTmux, Comment(rawValue: E2E.tmuxSkipReason ?? "")))
struct DashboardTests {
    /// In the footer of the first screen (Übersicht) at every width.
    static let footer = "q Ende"
    /// In the footer of every pane: help and quit always show, the pane's keys fill the rest.
    static let footerStart = "? Hilfe"

    /// A plan row of the cost grid, e.g. "   1.1.5 Beratung …".
    static func isPlanRow(_ line: String) -> Bool {
        line.range(of: #"^ *[▾▸+>-]? *(\d+\.\d+(\.\d+)?|1\+2) "#, options: .regularExpression) != nil
    }

    static func yearColumns(_ screen: [String]) -> Int {
        guard let header = screen.first(where: { $0.contains("Kostenart") }) else { return 0 }
        return header.matches(of: /20[2-3]\d/).count
    }

    @Test func firstScreenCostsHelpAndEscape() throws {
        let session = try TmuxSession(width: 80, height: 24)
        defer { session.close() }
        try session.startTeamwork()

        let first = try #require(session.waitForText("Förderfähige Kosten", Self.footer, seconds: 15),
                                 "Übersicht erscheint nicht: \(session.capture().text)")
        #expect(first[0].contains("Übersicht") || first[0].contains("Übers."), "Reiter: \(first[0])")
        #expect(first.text.contains("18.225.000,00"))
        #expect(first.count == 24)

        // 3: cost plan. At 80 columns only the first years fit; `$` jumps to the total column.
        try session.keys("3")
        let costs = try #require(session.waitForScreen { screen in
            screen.text.contains("Kostenart") && screen.contains { $0.hasPrefix("  1+2") && $0.contains("245.000,00") }
        }, "\(session.capture().text)")
        let row115 = try #require(costs.first { $0.contains("1.1.5") })
        #expect(row115.contains("30.000,00"), "1.1.5 im Jahr 2021: \(row115)")
        #expect(row115.contains("300.000,00"), "1.1.5 im Jahr 2022: \(row115)")
        #expect(!costs.text.contains("2028"), "bei 80 Spalten passt 2028 nicht neben 2021")
        let frozenIndex = try #require(costs.firstIndex { $0.hasPrefix("  1+2") }, "Zeile 1+2 fehlt: \(costs.text)")
        #expect(costs[frozenIndex].contains("245.000,00"))

        try session.keys("$")
        // Wait for the whole frame: tmux may show a frame half-way through its bytes.
        let totals = try #require(session.waitForScreen { screen in
            screen.contains { $0.contains("1.1.5") && $0.contains("530.000,00") }
                && screen.contains { $0.hasPrefix("  1+2") && $0.contains("18.225.000,00") }
        }, "Gesamt von 1.1.5: \(session.capture().text)")
        #expect(totals.contains { $0.contains("Gesamt") })
        #expect(totals.contains { $0.hasPrefix("  1+2") && $0.contains("18.225.000,00") })

        // The 1+2 row stays put while the rows above it scroll.
        let firstRowBefore = totals[2]
        // Bild↓ moves the cursor to the last visible row; j then scrolls.
        try session.keys("NPage")
        // The status line names the selected row: Bild↓ lands on 2.2.
        _ = try #require(session.waitForScreen { $0.contains { $0.hasPrefix("Investitionen und Maßnahmen") } },
                         "Bild↓ landet nicht auf 2.2: \(session.capture().text)")
        try session.keys("j", "j")
        let scrolled = try #require(session.waitForScreen { $0.count > 2 && $0[2] != firstRowBefore },
                                    "Bild↓ und j scrollen nicht: \(session.capture().text)")
        #expect(scrolled[frozenIndex].hasPrefix("  1+2"), "1+2 nicht mehr in Zeile \(frozenIndex): \(scrolled.text)")

        try session.keys("?")
        // Wait for the whole overlay: tmux may show a frame half-way through its bytes.
        let help = try #require(session.waitForScreen { screen in
            screen.text.contains("Tasten") && (screen.text.contains("Hilfe ein/aus") || screen.text.contains("Beenden"))
        }, "Hilfe unvollständig: \(session.capture().text)")
        #expect(help.text.contains("Tasten"))

        try session.keys("Escape")
        let closed = try #require(session.waitForScreen { !$0.text.contains("Tasten") && $0.text.contains("Kostenart") },
                                  "Esc schließt die Hilfe nicht: \(session.capture().text)")
        #expect(closed.last?.contains(Self.footerStart) == true)

        let pid = try #require(session.teamworkPID())
        try session.keys("q")
        #expect(session.waitForExit(pid: pid), "q beendet teamwork nicht")
    }

    @Test func resizeRelayoutsAndTooSmall() throws {
        let session = try TmuxSession(width: 80, height: 24)
        defer { session.close() }
        try session.startTeamwork()
        _ = try #require(session.waitForText(Self.footer, seconds: 15), "\(session.capture().text)")
        try session.keys("3")
        let small = try #require(session.waitForText("1.1.5", "Kostenart"), "\(session.capture().text)")
        let smallYears = Self.yearColumns(small)
        let smallRows = small.filter(Self.isPlanRow).count
        #expect(smallYears >= 2 && smallYears <= 4, "Jahresspalten bei 80: \(smallYears)")

        try session.resize(width: 120, height: 40)
        let large = try #require(session.waitForScreen { screen in
            screen.count == 40 && Self.yearColumns(screen) > smallYears && screen.last?.contains(Self.footerStart) == true
        }, "kein neues Layout bei 120×40: \(session.capture().text)")
        #expect(large.filter(Self.isPlanRow).count > smallRows, "mehr Zeilen bei 40 Zeilen Höhe")
        #expect(large[0].contains(" 1 Übers. ") && large[0].contains(" 11 Abruf"), "alle Reiter mit Namen bei 120 Spalten: \(large[0])")

        try session.resize(width: 50, height: 12)
        let tiny = try #require(session.waitForText("zu klein"), "kein Hinweis bei 50×12: \(session.capture().text)")
        #expect(tiny.allSatisfy { $0.count <= 50 })
        #expect(!tiny.text.contains("Kostenart"))

        try session.resize(width: 100, height: 30)
        let back = try #require(session.waitForScreen { screen in
            screen.count == 30 && screen.text.contains("Kostenart") && !screen.text.contains("zu klein")
        }, "nach dem Vergrößern kein Plan: \(session.capture().text)")
        #expect(back.contains { $0.contains("1.1.5") })
        #expect(back.last?.contains(Self.footerStart) == true)

        let pid = try #require(session.teamworkPID())
        try session.keys("q")
        #expect(session.waitForExit(pid: pid))
    }

    @Test func asciiOnlyWithCLocale() throws {
        let session = try TmuxSession(width: 80, height: 24)
        defer { session.close() }
        try session.startTeamwork(environment: "LANG=C LC_ALL=C")
        let screen = try #require(session.waitForText("Kosten", seconds: 15), "\(session.capture().text)")
        #expect(screen[0].contains("Ubersicht") || screen[0].contains("Ubers."), "Reiter: \(screen[0])")
        #expect(!screen.text.contains("Ü"))
        let nonASCII = screen.text.unicodeScalars.filter { !$0.isASCII }
        #expect(nonASCII.isEmpty, "Nicht-ASCII bei LANG=C: \(String(String.UnicodeScalarView(nonASCII)))")

        try session.keys("3")
        let costs = try #require(session.waitForText("1.1.5"), "\(session.capture().text)")
        #expect(costs.text.unicodeScalars.allSatisfy { $0.isASCII }, "\(costs.text)")
        try session.keys("?")
        let help = try #require(session.waitForText("Tasten"), "\(session.capture().text)")
        #expect(help.text.unicodeScalars.allSatisfy { $0.isASCII }, "\(help.text)")
        try session.keys("Escape", "q")
    }

    enum Ending: String, CaseIterable, CustomTestStringConvertible {
        case quitKey = "q", ctrlC = "Strg-C", sigterm = "SIGTERM", sighup = "SIGHUP"
        var testDescription: String { rawValue }
    }

    @Test(arguments: Ending.allCases)
    func terminalIsRestored(ending: Ending) throws {
        let session = try TmuxSession(width: 80, height: 24)
        defer { session.close() }
        let before = try #require(try session.shellOutput("stty -g", name: "before"), "stty -g vorher")
        #expect(!before.isEmpty)

        try session.startTeamwork()
        _ = try #require(session.waitForText(Self.footer, seconds: 15), "\(session.capture().text)")
        let pid = try #require(session.teamworkPID(), "pid von teamwork nicht gefunden")
        // While teamwork runs the terminal is in raw mode: a different stty state.
        switch ending {
        case .quitKey: try session.keys("q")
        case .ctrlC: try session.keys("C-c")
        case .sigterm: #expect(kill(pid, SIGTERM) == 0)
        case .sighup: #expect(kill(pid, SIGHUP) == 0)
        }
        #expect(session.waitForExit(pid: pid), "teamwork endet nicht nach \(ending.rawValue)")

        let status = try #require(try session.shellOutput("echo $?", name: "status"))
        let after = try #require(try session.shellOutput("stty -g", name: "after"), "stty -g nachher")
        #expect(after == before, "Terminal nicht wiederhergestellt nach \(ending.rawValue) (Exit \(status))")
        if ending == .quitKey || ending == .ctrlC { #expect(status == "0", "Exit-Code nach \(ending.rawValue)") }
        // Back on the normal screen, the shell prompt is usable.
        let echoed = try #require(try session.shellOutput("echo ok-$((40+2))", name: "echo"))
        #expect(echoed == "ok-42")
    }

    @Test(.enabled(if: E2E.sqlite3 != nil, "sqlite3 (CLI) ist nicht installiert – Test mit feindlichen Daten übersprungen"))
    func hostileStakeholderDataIsNeutralised() throws {
        let session = try TmuxSession(width: 140, height: 45)
        defer { session.close() }
        // Create and seed the database, then add hostile stakeholders with the sqlite3 CLI.
        let seeded = try runCommand(E2E.binary, ["init", "--db", session.database])
        #expect(seeded.status == 0, "\(seeded.stderr)")
        let sql = """
            INSERT INTO stakeholder (name, kind, role, notes) VALUES
              ('A-' || char(27) || '[31mROT' || char(27) || '[0m-Ende', 'business', 'Rolle ' || char(27) || '[31mrot', 'x'),
              ('B-' || char(0x202E) || 'LEBATKEHC', 'business', 'bidi ' || char(0x202E) || 'abc', ''),
              ('C-' || replace(hex(zeroblob(250)), '0', 'W'), 'network', replace(hex(zeroblob(250)), '0', 'r'), '');
            """
        let inserted = try runCommand(E2E.sqlite3!, [session.database, sql])
        try #require(inserted.status == 0, "sqlite3: \(inserted.stderr)")

        try session.startTeamwork()
        _ = try #require(session.waitForText(Self.footer, seconds: 15), "\(session.capture().text)")
        try session.keys("6")
        let screen = try #require(session.waitForText("ROT", "LEBATKEHC", "Netzwerk"), "\(session.capture().text)")
        let colored = session.capture(escapes: true)

        // No SGR sequence from the data reaches the terminal: the ROT row carries no red.
        let rotRow = try #require(colored.first { $0.contains("ROT") })
        #expect(!rotRow.contains("\u{1B}[31m"), "rohe Farbsequenz aus den Daten: \(rotRow.debugDescription)")
        #expect(!colored.text.contains("\u{1B}[31mROT"))
        // No bidi controls on screen.
        let bidi: Set<UInt32> = [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069]
        #expect(!screen.text.unicodeScalars.contains { bidi.contains($0.value) })
        // The 500-character name is cut: no line is wider than the terminal.
        #expect(screen.allSatisfy { $0.count <= 140 }, "zu lange Zeile")
        #expect(!screen.text.contains(String(repeating: "W", count: 100)))

        // Every row keeps the "Art" column at the same x.
        let headerIndex = try #require(screen.firstIndex { $0.contains("Name") && $0.contains("Art") })
        let header = Array(screen[headerIndex])
        let artX = try #require((0..<header.count - 2).first { String(header[$0..<$0 + 3]) == "Art" })
        let kinds = ["Verwaltung", "Städtisches", "Verein", "Wirtschaft", "Bildung", "Netzwerk", "Vorbild",
                     "Fördergeber", "Plattform"]
        var rows = 0
        for line in screen[(headerIndex + 1)...] {
            if line.trimmingCharacters(in: .whitespaces).isEmpty { break }
            let characters = Array(line)
            rows += 1
            let tail = characters.count > artX ? String(characters[artX...]) : ""
            #expect(kinds.contains { tail.hasPrefix($0) }, "Spalte Art verschoben: \(line.debugDescription)")
            #expect(characters.count > artX && characters[artX - 1] == " ", "kein Abstand vor Art: \(line.debugDescription)")
        }
        #expect(rows >= 27, "alle Akteure sichtbar (24 + 3): \(rows)")
        try session.keys("q")
    }

    /// Found by Fuzz/run.sh (target theme): a theme file whose table header is not ASCII, e.g.
    /// `[Größe]`, makes toml++ (inside TOMLKit 0.6.0) fail `assert(is_bare_key_character(*cp) ||
    /// is_string_delimiter(*cp))` in parser::parse_key, and teamwork aborts (SIGABRT, exit 134) at
    /// start-up – also the release build. Themes are read from ./Themes, so a stray file is enough.
    /// Now: ThemeLoader rejects characters outside strings before toml++ sees them, the file is
    /// skipped with a German warning naming the line, and the dashboard starts.
    @Test func themeWithNonASCIITableHeaderDoesNotAbort() throws {
        let session = try TmuxSession(width: 80, height: 24)
        defer { session.close() }
        let themes = session.directory.appendingPathComponent("Themes")
        try FileManager.default.createDirectory(at: themes, withIntermediateDirectories: true)
        try Data("name = \"Beamer\"\n[Größe]\nbody = { bold = true }\n".utf8)
            .write(to: themes.appendingPathComponent("beamer.toml"))
        try session.startTeamwork(environment: "LANG=C.UTF-8 LC_ALL=C.UTF-8 TEAMWORK_THEMES=\(session.quoted(themes.path))",
                                  arguments: "; echo teamwork-exit=$?")
        // "teamwork-exit=<digit>" at a line start is the shell's echo, not the typed command.
        let screen = session.waitForScreen { screen in
            screen.text.contains(Self.footer)
                || screen.contains { $0.hasPrefix("teamwork-exit=") && $0.dropFirst(14).first?.isNumber == true }
        } ?? session.capture()
        #expect(screen.text.contains(Self.footer), "teamwork startet nicht: \(screen.text)")
        #expect(screen.text.contains("Zeile 2"), "die Warnung nennt die Zeile: \(screen.text)")
        if screen.text.contains(Self.footer) { try session.keys("q") }
    }

    /// Over SSH a quick "Esc 9" can arrive in one packet; it is Esc and 9, not a dropped Alt-9.
    @Test func escapeFollowedAtOnceByAKeyKeepsBothKeys() throws {
        let session = try TmuxSession(width: 100, height: 30)
        defer { session.close() }
        try session.startTeamwork()
        _ = try #require(session.waitForText(Self.footer, seconds: 15), "\(session.capture().text)")
        try session.keys("6", "e")
        _ = try #require(session.waitForText("Akteur bearbeiten"), "\(session.capture().text)")
        // One send-keys call: both bytes reach teamwork together.
        try session.tmux(["send-keys", "-t", "e2e", "Escape", "9"])
        let changes = try #require(session.waitForText("Wer        Was"), "Esc 9 ging verloren: \(session.capture().text)")
        #expect(!changes.text.contains("Akteur bearbeiten"))
        try session.keys("q")
    }
}
