import Foundation
import Testing

/// Two dashboards on one database, as two coordinators over SSH: edits, live refresh, conflicts,
/// and a dashboard killed in the middle of its work.
@Suite(.enabled(if: E2E.canRunTmux, Comment(rawValue: E2E.tmuxSkipReason ?? "")))
struct SharedUseTests {
    /// Opens two sessions at 120×36 on one database, Kosten pane, cursor on 1.1.1 / 2021.
    func twoDashboards() throws -> (anna: TmuxSession, bernd: TmuxSession) {
        let anna = try TmuxSession(width: 120, height: 36)
        let bernd = try TmuxSession(width: 120, height: 36, database: anna.database)
        try anna.startTeamwork(environment: "LANG=C.UTF-8 LC_ALL=C.UTF-8 TEAMWORK_USER=anna")
        _ = anna.waitForText("Förderfähige Kosten", seconds: 15)
        try bernd.startTeamwork(environment: "LANG=C.UTF-8 LC_ALL=C.UTF-8 TEAMWORK_USER=bernd")
        _ = bernd.waitForText("Förderfähige Kosten", seconds: 15)
        for session in [anna, bernd] {
            try session.keys("3", "j")
            _ = session.waitForText("Kostenart")
        }
        return (anna, bernd)
    }

    func row(_ screen: [String], _ code: String) -> String? {
        screen.first { $0.hasPrefix("   \(code) ") || $0.hasPrefix("  \(code) ") || $0.hasPrefix(" ▾\(code) ") }
    }

    @Test func anEditInOneDashboardShowsInTheOtherWithinASecond() throws {
        let (anna, bernd) = try twoDashboards()
        defer { bernd.close(); anna.close() }
        try bernd.keys("Enter", "6", "0", "0", "0", "0", "Enter")
        let saved = Date()
        let seen = try #require(anna.waitForScreen(seconds: 5) { screen in
            self.row(screen, "1.1.1")?.contains("•60.000,00") == true  // • marks a change against the Antrag
        }, "anna sieht bernds Änderung nicht: \(anna.capture().joined(separator: "\n"))")
        let latency = Date().timeIntervalSince(saved)
        print("Live-Aktualisierung: bernds Änderung nach \(String(format: "%.2f", latency)) s bei anna sichtbar")
        // Polled every 0.5 s; the bound leaves room for a loaded CI machine running tests in parallel.
        #expect(latency < 3)
        #expect(seen.contains { $0.contains("Aktualisiert") && $0.contains("bernd") })
        #expect(row(seen, "1.1")?.contains("•205.000,00") == true, "der Elternwert folgt")
        try anna.keys("q")
        try bernd.keys("q")
    }

    @Test func theSameCellEditedTwiceOffersAChoiceAndLosesNothing() throws {
        let (anna, bernd) = try twoDashboards()
        defer { bernd.close(); anna.close() }
        // Anna opens the editor first; Bernd saves meanwhile; then Anna saves.
        try anna.keys("Enter")
        _ = anna.waitForText("bearbeiten")
        try bernd.keys("Enter", "7", "0", "0", "0", "0", "Enter")
        _ = anna.waitForScreen(seconds: 5) { $0.contains { $0.contains("bernd") } }
        try anna.keys("6", "5", "0", "0", "0", "Enter")
        let dialog = try #require(anna.waitForText("Gleichzeitig geändert", "70.000,00"),
                                  "kein Konfliktdialog: \(anna.capture().joined(separator: "\n"))")
        #expect(dialog.contains { $0.contains("Ihr Wert: 65.000,00") })
        try anna.keys("m")
        _ = try #require(anna.waitForScreen { self.row($0, "1.1.1")?.contains("•65.000,00") == true })
        _ = try #require(bernd.waitForScreen(seconds: 5) { self.row($0, "1.1.1")?.contains("•65.000,00") == true })
        try anna.keys("q")
        try bernd.keys("q")
        // Both writes are in the audit trail; nothing was lost.
        let report = try #require(try anna.shellOutput("\(anna.quoted(E2E.binary)) report --format text --db \(anna.quoted(anna.database))", name: "report.txt"))
        #expect(report.contains("50.000,00 → 70.000,00"))
        #expect(report.contains("70.000,00 → 65.000,00"))
    }

    @Test func editingACellUpdatesTotalsAndUndoRestoresThem() throws {
        let session = try TmuxSession(width: 160, height: 48)
        defer { session.close() }
        try session.startTeamwork()
        _ = session.waitForText("Förderfähige Kosten", seconds: 15)
        try session.keys("3")
        _ = session.waitForText("Kostenart")
        for _ in 0..<13 { try session.keys("j") }   // 2.1.3
        for _ in 0..<4 { try session.keys("l") }    // 2025
        try session.keys("Enter", "2", "6", ".", "0", "0", "0", "Enter")
        let after = try #require(session.waitForScreen { screen in
            screen.contains { $0.hasPrefix("  1+2") && $0.contains("3.801.000,00") && $0.contains("18.226.000,00") }
        }, "Summen folgen nicht: \(session.capture().joined(separator: "\n"))")
        #expect(row(after, "2.1")?.contains("801.000,00") == true)
        #expect(after.contains { $0.contains("Prüfung: 4 Fehler, 14 Warnungen → 6 Fehler") })
        try session.keys("u")
        _ = try #require(session.waitForScreen { screen in
            screen.contains { $0.hasPrefix("  1+2") && $0.contains("18.225.000,00") }
        }, "Rückgängig stellt die Summe nicht her")
        try session.keys("q")
    }

    /// Skipped (and reported as skipped, not passed) without the sqlite3 shell.
    @Test(.enabled(if: E2E.sqlite3 != nil, "sqlite3 fehlt"))
    func killingTheDashboardRightAfterAnEditLeavesAConsistentDatabase() throws {
        let sqlite3 = try #require(E2E.sqlite3)
        let session = try TmuxSession(width: 100, height: 30)
        defer { session.close() }
        try session.startTeamwork()
        _ = try #require(session.waitForText("Förderfähige Kosten", seconds: 15), "\(session.capture().text)")
        let pid = try #require(session.teamworkPID())
        try session.keys("3", "j", "Enter", "1", "2", "3")
        // The keys arrived: the editor shows the new value. Only the save itself races the kill,
        // so the old state below is a real outcome, not keys that never came.
        _ = try #require(session.waitForText("bearbeiten", "123"), "Editor nicht offen: \(session.capture().text)")
        try session.keys("Enter")
        kill(pid, SIGKILL)
        #expect(session.waitForExit(pid: pid))
        let check = try runCommand(sqlite3, [session.database, "PRAGMA integrity_check;",
                                             "SELECT value FROM plan_value WHERE line_code='1.1.1' AND year=2021;",
                                             "SELECT value FROM plan_value WHERE line_code='1.1' AND year=2021;"], timeout: 10)
        let lines = check.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "ok", "\(check.stdout) \(check.stderr)")
        // Old state (5.000.000 / 19.500.000 cents) or new (12.300 / 14.512.300), never half of it.
        #expect(lines.dropFirst() == ["5000000", "19500000"] || lines.dropFirst() == ["12300", "14512300"], "\(lines)")
    }
}
