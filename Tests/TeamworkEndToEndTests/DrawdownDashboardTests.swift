import Foundation
import Testing

/// Issue 13 in the real terminal: a receipt booked from the command line, then in the
/// dashboard's Mittelabruf pane a drawdown 5.000,00 € over the quota and the Zusage date of the
/// Strategiephase; the pane, the overview and `teamwork check` follow.
@Suite(.enabled(if: E2E.canRunTmux, Comment(rawValue: E2E.tmuxSkipReason ?? "")))
struct DrawdownDashboardTests {
    @Test func aDrawdownOverTheQuotaAndAZusageShowInPaneOverviewAndCheck() throws {
        let session = try TmuxSession(width: 80, height: 24)
        defer { session.close() }
        try session.startTeamwork()
        _ = try #require(session.waitForText("Förderfähige Kosten", "q Ende", seconds: 15), "\(session.capture().joined(separator: "\n"))")
        try session.keys("q")
        _ = session.waitForText("$ ", seconds: 8)
        // Ist 100.000,00 € on 1.1.1 → 90.000,00 € may be drawn in the Strategiephase.
        let csv = "Datum;Planzeile;Empfänger;Verwendungszweck;Betrag;Beleg-Nr\n10.03.2026;1.1.1;Agentur Ost;Personal;100.000,00;R-1\n"
        let file = URL(fileURLWithPath: session.database).deletingLastPathComponent().appendingPathComponent("belege.csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        let imported = try #require(try session.shellOutput(
            "\(session.quoted(E2E.binary)) import expenses \(session.quoted(file.path)) --db \(session.quoted(session.database))",
            name: "import.txt"))
        #expect(imported.contains("1"), "\(imported)")

        try session.startTeamwork()
        _ = try #require(session.waitForText("Förderfähige Kosten", "q Ende", seconds: 15), "\(session.capture().joined(separator: "\n"))")
        try session.keys("BTab")
        _ = try #require(session.waitForText("Bundesmittel abgerufen", "jetzt abrufbar", seconds: 8), "\(session.capture().joined(separator: "\n"))")
        let pane = session.capture()
        #expect(pane.contains { $0.contains("Strategiephase") && $0.contains("90.000,00") }, "\(pane.joined(separator: "\n"))")

        try session.keys("a")
        _ = try #require(session.waitForText("Neuer Mittelabruf", seconds: 8), "\(session.capture().joined(separator: "\n"))")
        try session.type("1"); try session.keys("Tab", "C-u")
        try session.type("01.12.2026"); try session.keys("Tab")
        try session.type("95.000,00"); try session.keys("C-s")
        let after = try #require(session.waitForScreen { screen in
            screen.contains { $0.contains("01.12.2026") && $0.contains("95.000,00") && $0.contains("offen") }
        }, "Abruf fehlt: \(session.capture().joined(separator: "\n"))")
        #expect(after.contains { $0.contains("Strategiephase") && $0.contains("95.000,00") && $0.contains("ab 01.06.2027") },
                "\(after.joined(separator: "\n"))")

        // The Zusage date of the Strategiephase: the last term is the tolerance, seven above it the Zusage.
        try session.keys("G")
        for _ in 0..<7 { try session.keys("Up") }
        try session.keys("e")
        let form = try #require(session.waitForText("Förderbedingung:", seconds: 8), "\(session.capture().joined(separator: "\n"))")
        #expect(form.contains { $0.contains("Förderbedingung: Zusage der KfW, Strategiephase") }, "\(form.joined(separator: "\n"))")
        try session.keys("C-u"); try session.type("31.08.2021"); try session.keys("C-s")
        _ = try #require(session.waitForText("fällig am 29.02.2024", seconds: 8), "\(session.capture().joined(separator: "\n"))")

        // Overview: callable now, the next drawdown, the overdue proof.
        try session.keys("1")
        let overview = try #require(session.waitForScreen { screen in
            screen.contains { $0.contains("Mittelabruf") && $0.contains("jetzt abrufbar 0,00 €") }
        }, "Übersicht folgt nicht: \(session.capture().joined(separator: "\n"))")
        #expect(overview.contains { $0.contains("Nachweis") && $0.contains("fällig am 29.02.2024, überfällig seit") },
                "\(overview.joined(separator: "\n"))")

        // Resize to 60×20 and back: the pane still lays out.
        try session.resize(width: 60, height: 20)
        try session.keys("BTab")
        _ = try #require(session.waitForScreen { $0.contains { $0.contains("95.000,00") } },
                         "nach Größenänderung: \(session.capture().joined(separator: "\n"))")

        try session.keys("q")
        _ = session.waitForText("$ ", seconds: 8)
        let check = try #require(try session.shellOutput("\(session.quoted(E2E.binary)) check --db \(session.quoted(session.database))",
                                                         name: "check.txt"))
        #expect(check.contains("drawdown-over-quota") && check.contains("5.000,00"), "\(check)")
        #expect(check.contains("proof-deadline"), "\(check)")
    }
}
