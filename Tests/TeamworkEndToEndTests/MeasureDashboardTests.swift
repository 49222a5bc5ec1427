import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Issue 16 end to end: in the real dashboard (tmux, 80×24) IV.2-1 is set to "in Umsetzung" and
/// given a milestone due yesterday; the pane, the overview and `teamwork check` follow, also
/// after a resize.
@Suite(.enabled(if: E2E.canRunTmux, Comment(rawValue: E2E.tmuxSkipReason ?? "")))
struct MeasureDashboardTests {
    /// Today plus `offset` days as `TT.MM.JJJJ`, local time as the binary sees it.
    static func day(_ offset: Int) -> String {
        var seconds = time(nil) + time_t(offset * 86_400)
        var parts = tm()
        localtime_r(&seconds, &parts)
        func pad(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(pad(parts.tm_mday)).\(pad(parts.tm_mon + 1)).\(parts.tm_year + 1900)"
    }

    static func row(_ screen: [String], _ nr: String) -> String? { screen.first { $0.hasPrefix(" \(nr) ") } }

    @Test func settingAStatusAndAddingAMilestoneShowInThePaneAndInCheck() throws {
        let session = try TmuxSession(width: 80, height: 24)
        defer { session.close() }
        let created = try runCommand(E2E.binary, ["init", "--db", session.database])
        try #require(created.status == 0, "init: \(created.stderr)")
        try session.startTeamwork(environment: "LANG=C.UTF-8 LC_ALL=C.UTF-8 TEAMWORK_USER=anna")
        _ = try #require(session.waitForText("Förderfähige Kosten", "q Ende", seconds: 15), "\(session.capture().text)")

        // Maßnahmen, IV.2-1 (row 6), s: the status form; the word is typed, Strg-S saves.
        try session.keys("2", "g", "j", "j", "j", "j", "j", "s")
        _ = try #require(session.waitForText("Status von IV.2-1 setzen"), "\(session.capture().text)")
        try session.keys("C-u")
        try session.tmux(["send-keys", "-t", "e2e", "-l", "umsetzung"])
        try session.keys("C-s")
        let set = try #require(session.waitForScreen { Self.row($0, "IV.2-1")?.contains("in Umsetzung") == true },
                               "\(session.capture().text)")
        #expect(set.text.contains("Maßnahme IV.2-1: in Umsetzung"))

        // a: a milestone due yesterday – overdue at once, marked with "!".
        let yesterday = Self.day(-1)
        try session.keys("a")
        _ = try #require(session.waitForText("Neuer Meilenstein für IV.2-1"), "\(session.capture().text)")
        try session.tmux(["send-keys", "-t", "e2e", "-l", "Quartierskonzept beauftragt"])
        try session.keys("Tab", "C-u")
        try session.tmux(["send-keys", "-t", "e2e", "-l", yesterday])
        try session.keys("C-s")
        let added = try #require(session.waitForScreen { Self.row($0, "IV.2-1")?.contains("! \(yesterday) Quartie") == true },
                                 "\(session.capture().text)")
        for line in added { #expect(line.count <= 80) }
        // The findings pane lists the new warning (the last one: G goes there).
        try session.keys("8")
        _ = try #require(session.waitForText("Regel", "Warnungen (15)"), "\(session.capture().text)")
        try session.keys("G")
        let findings = try #require(session.waitForScreen { screen in
            screen.contains { $0.contains("milestone-over") && $0.contains("IV.2-1") }
        }, "\(session.capture().text)")
        // The detail area under the list shows the whole message, wrapped.
        #expect(findings.contains { $0.contains("Quartierskonzept beauftragt") }, "\(findings.text)")

        // The overview counts the status and names the overdue milestone.
        try session.keys("1")
        let overview = try #require(session.waitForText("1 in Umsetzung", "· 1 überfällig"), "\(session.capture().text)")
        #expect(overview.contains { $0.contains("! \(yesterday) IV.2-1 Quartierskonzept beauftragt") })

        // After a resize the pane lays out again and keeps its rows.
        try session.resize(width: 120, height: 30)
        try session.keys("2")
        let wide = try #require(session.waitForScreen { screen in
            screen.count == 30 && Self.row(screen, "IV.2-1")?.contains("Lebenshauptstadt ist Transformation") == true
        }, "\(session.capture().text)")
        #expect(Self.row(wide, "IV.2-1")?.contains("in Umsetzung") == true)

        // `teamwork check` (another process, same database) reports the overdue milestone.
        let check = try runCommand(E2E.binary, ["check", "--db", session.database],
                                   environment: E2E.environment(["COLUMNS": "80"]))
        #expect(check.stdout.contains("milestone-overdue"), "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("Quartierskonzept beauftragt"))
        let measures = try runCommand(E2E.binary, ["measures", "--db", session.database],
                                      environment: E2E.environment(["COLUMNS": "80"]))
        #expect(measures.stdout.split(separator: "\n").contains { $0.hasPrefix("IV.2-1") && $0.contains("in Umsetzung") },
                "\(measures.stdout)")

        try session.keys("q")
        _ = session.waitForText("$ ")
    }
}
