import Foundation
import Testing

/// Issue 12 in the real terminal: an expense added in the dashboard's Soll/Ist pane shows in the
/// Ist cell, in the overview's Ist to date and in `teamwork check`.
@Suite(.enabled(if: E2E.canRunTmux, Comment(rawValue: E2E.tmuxSkipReason ?? "")))
struct LedgerDashboardTests {
    @Test func addAnExpenseAndSeeIstOverviewAndCheckFollow() throws {
        let session = try TmuxSession(width: 80, height: 24)
        defer { session.close() }
        try session.startTeamwork()
        _ = try #require(session.waitForText("Förderfähige Kosten", "q Ende", seconds: 15), "\(session.capture().joined(separator: "\n"))")
        let before = session.capture()
        #expect(before.joined(separator: "\n").contains("Ist bis"), "Übersicht ohne Ist: \(before.joined(separator: "\n"))")

        // The tab before the last (Mittelabruf): Soll/Ist. Down to 1.1.5 (1.1, 1.1.1 … 1.1.5), right to 2022.
        try session.keys("BTab", "BTab")
        _ = try #require(session.waitForText("[Ist]", seconds: 8), "\(session.capture().joined(separator: "\n"))")
        for _ in 0..<5 { try session.keys("Down") }
        try session.keys("Right", "a")
        _ = try #require(session.waitForText("Neue Ausgabe", seconds: 8), "\(session.capture().joined(separator: "\n"))")
        try session.keys("C-u")
        try session.type("10.05.2022"); try session.keys("Tab")
        try session.type("600.000,00"); try session.keys("Tab")
        try session.keys("Tab")    // the line is prefilled: 1.1.5
        try session.type("Agentur Ost"); try session.keys("Tab")
        try session.type("Strategieberatung"); try session.keys("Tab")
        try session.type("RE-2022-1"); try session.keys("C-s")
        _ = try #require(session.waitForScreen { screen in
            screen.contains { $0.contains("1.1.5") && $0.contains("▲600.000,00") }
        }, "Ist-Zelle folgt nicht: \(session.capture().joined(separator: "\n"))")
        // The two-line save message lifts the pane by a row, the frozen sum row stays visible.
        let saved = session.capture()
        #expect(saved.contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("1+2") && $0.contains("600.000,00") },
                "Summenzeile verdeckt: \(saved.joined(separator: "\n"))")
        try session.keys("Down")  // 1.1.6: a cell without a finding, so no explanation either
        let grid = try #require(session.waitForScreen { screen in
            screen.contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("1+2") }
        }, "\(session.capture().joined(separator: "\n"))")
        #expect(grid.contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("1+2") && $0.contains("600.000,00") },
                "\(grid.joined(separator: "\n"))")

        // Enter: the Belegliste of 1.1.5 / 2022 with the receipt and its sum.
        try session.keys("Up", "Enter")
        let list = try #require(session.waitForText("Belegliste 1.1.5", "RE-2022-1", seconds: 8), "\(session.capture().joined(separator: "\n"))")
        #expect(list.contains { $0.contains("Summe") && $0.contains("600.000,00") })
        try session.keys("Escape")

        // Overview: Ist to date of the Strategiephase and the total.
        try session.keys("1")
        let overview = try #require(session.waitForScreen { screen in
            screen.contains { $0.contains("Strategiephase (1)") && $0.contains("600.000,00") }
        }, "Übersicht folgt nicht: \(session.capture().joined(separator: "\n"))")
        #expect(overview.contains { $0.contains("Förderfähige Kosten (1+2)") && $0.contains("600.000,00") })

        // Resize: the pane still lays out.
        try session.resize(width: 60, height: 20)
        try session.keys("BTab", "BTab")
        _ = try #require(session.waitForScreen { $0.contains { $0.contains("1.1.5") && $0.contains("600.000,00") } },
                         "nach Größenänderung: \(session.capture().joined(separator: "\n"))")

        try session.keys("q")
        _ = session.waitForText("$ ", seconds: 8)
        let check = try #require(try session.shellOutput("\(session.quoted(E2E.binary)) check --db \(session.quoted(session.database))", name: "check.txt"))
        #expect(check.contains("actual-over-plan") && check.contains("1.1.5"), "\(check)")
        #expect(check.contains("actual-consulting-cap"), "\(check)")
    }
}

extension TmuxSession {
    /// Types text literally (send-keys -l).
    func type(_ text: String) throws { try tmux(["send-keys", "-t", "e2e", "-l", text]) }
}
