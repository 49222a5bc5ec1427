import Foundation
import Testing

/// Issue 17 item 3 in the real terminal: a `sqlite3` process holds the write lock while a cell
/// is saved. The dashboard says so at once (well under the old 5-s freeze), keeps the editor
/// with the typed value, shows the whole message at 80 columns, and saves on Enter once the
/// lock is gone.
@Suite(.enabled(if: E2E.canRunTmux && E2E.sqlite3 != nil, "tmux oder sqlite3 fehlt"))
struct BusyDashboardTests {
    @Test func busyDatabaseIsShownAtOnceAndTheEditorKeepsTheValue() throws {
        let session = try TmuxSession(width: 80, height: 24)
        defer { session.close() }
        #expect(try runCommand(E2E.binary, ["init", "--db", session.database]).status == 0)
        try session.startTeamwork()
        _ = try #require(session.waitForText("q Ende", seconds: 15), "\(session.capture().text)")
        try session.keys("3", "Down", "Enter")
        _ = try #require(session.waitForText("bearbeiten: Betrag"), "\(session.capture().text)")
        try session.keys("7", "7", "7")

        // Another process takes the write lock and keeps it until its stdin closes.
        let lock = Process()
        lock.executableURL = URL(fileURLWithPath: E2E.sqlite3!)
        lock.arguments = [session.database]
        let input = Pipe()
        lock.standardInput = input
        lock.standardOutput = FileHandle.nullDevice
        try lock.run()
        input.fileHandleForWriting.write(Data("BEGIN IMMEDIATE;\nSELECT 1;\n".utf8))
        usleep(400_000)

        let start = Date()
        try session.keys("Enter")
        let screen = try #require(session.waitForText("Datenbank gesperrt", seconds: 4.5), "\(session.capture().text)")
        let waited = Date().timeIntervalSince(start)
        #expect(waited < 3, "\(waited) s bis zur Meldung")
        #expect(screen.text.contains("Datenbank gesperrt: ein anderer Prozess schreibt gerade – nichts gespeichert."), "\(screen.text)")
        #expect(screen.text.contains("Enter versucht erneut, Esc verwirft."), "\(screen.text)")
        #expect(screen.text.contains("777,00▏"), "Editor mit dem getippten Wert fehlt:\n\(screen.text)")

        input.fileHandleForWriting.write(Data("ROLLBACK;\n".utf8))
        try? input.fileHandleForWriting.close()
        lock.waitUntilExit()
        try session.keys("Enter")
        let saved = try #require(session.waitForText("→ 777,00"), "\(session.capture().text)")
        #expect(!saved.text.contains("gesperrt"))
        try session.keys("q")
    }
}
