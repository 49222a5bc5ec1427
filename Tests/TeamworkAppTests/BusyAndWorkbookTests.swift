import Foundation
import Testing
import TeamworkCore
import TeamworkApp
@testable import TeamworkStore
@testable import TeamworkUI

/// A `sqlite3` process holding the write lock (`BEGIN IMMEDIATE`) until `release()`.
final class WriteLockHolder {
    let process = Process()
    let input = Pipe()
    init(_ path: String) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [path]
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data("BEGIN IMMEDIATE;\nSELECT 1;\n".utf8))
        usleep(300_000)
    }
    func release() {
        input.fileHandleForWriting.write(Data("ROLLBACK;\n".utf8))
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

@Suite struct BusyAndWorkbookTests {
    /// Issue 17 item 3: another process holds the write lock. The edit says at once that the
    /// database is busy (no 5-s freeze), the editor stays open with the typed value, the whole
    /// message is on screen at 80 columns, and Enter tries again once the lock is gone.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3")))
    func busyDatabaseKeepsTheEditorAndLetsTheUserRetry() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("teamwork-busy-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/db.sqlite"
        let store = try ProjectStore(path: path, writeTimeout: ProjectStore.interactiveBusyTimeout)
        var lock: WriteLockHolder?
        var savedAt: UInt64 = 0
        var failedFrame: Buffer?
        // 3, ↓ (1.1.1), Enter, 6 0 0 0 0, Enter (locked) … Enter again (unlocked), q.
        let screen = TestScreen(keys: [.char("3"), .down, .enter, .char("6"), .char("0"), .char("0"), .char("0"), .char("0"),
                                       .enter, nil, .enter, .char("q")])
        var main = MainLoop(state: AppState(project: try store.loadProject(), themes: [Theme.fallback], width: 80, height: 24,
                                            today: today),
                            screen: screen, runner: EffectRunner(store: store, user: "anna"), clock: fixedClock)
        main.pollMilliseconds = 0
        screen.beforeKey[8] = { lock = try? WriteLockHolder(path); savedAt = DispatchTime.now().uptimeNanoseconds }
        screen.beforeKey[9] = { failedFrame = screen.last }
        screen.beforeKey[10] = { lock?.release() }
        main.run()
        let waited = Double(DispatchTime.now().uptimeNanoseconds - savedAt) / 1e9
        #expect(lock != nil, "sqlite3 konnte die Sperre nicht setzen")
        let frame = try #require(failedFrame)
        let text = frame.text
        #expect(text.contains("Datenbank gesperrt: ein anderer Prozess schreibt gerade – nichts gespeichert."), "\(text)")
        #expect(text.contains("Enter versucht erneut, Esc verwirft."), "\(text)")
        #expect(text.contains("60.000,00▏"), "Editor mit dem getippten Wert fehlt:\n\(text)")
        // After the lock is gone, Enter saved the typed value.
        #expect(try store.loadProject().plan["1.1.1"]?.values[0] == 6_000_000)
        #expect(main.state.undoStack.count == 1)
        #expect(waited < 4.5, "die Sperre hat \(waited) s blockiert")
    }

    @Test func busyWriteFailsFastWithTheShortTimeout() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("teamwork-busy-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try ProjectStore(path: dir + "/db.sqlite", writeTimeout: ProjectStore.interactiveBusyTimeout)
        let lock = try WriteLockHolder(dir + "/db.sqlite")
        defer { lock.release() }
        let runner = EffectRunner(store: store, user: "anna")
        let start = DispatchTime.now().uptimeNanoseconds
        let result = runner.run(.setPlanValue(code: "1.1.1", yearIndex: 0, value: 1, expected: 5_000_000))
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        guard case .busy(let message, .setPlanValue(_, _, 1, _)) = result else {
            Issue.record("kein .busy: \(result)"); return
        }
        #expect(message.count <= 80)
        #expect(seconds < 1.5, "\(seconds) s gewartet")
    }

    /// Issue 14: X on the plan tables writes the plan as .xlsx (built by TeamworkXLSX in the runner).
    @Test func capitalXWritesThePlanAsAnExcelWorkbook() throws {
        try withStore { store, dir in
            var state = AppState(project: try store.loadProject(), themes: [Theme.fallback], width: 80, height: 24, today: today)
            state.exportDirectory = dir
            state.perform(.pane(.costs))
            state.handle(.char("X"))
            let requests = state.takeRequests()
            guard case .exportPlanWorkbook(let name, _, _)? = requests.first?.effect else {
                Issue.record("X verlangt keine Excel-Datei: \(requests)"); return
            }
            #expect(name == "teamwork-plan-2026-11-26.xlsx")
            let runner = EffectRunner(store: store, user: "anna")
            for request in requests { state.update(runner.run(request)) }
            let bytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
            #expect(bytes.prefix(2) == Data("PK".utf8))
            let screen = Renderer.render(state).text
            #expect(screen.contains("Excel, .xlsx"), "\(screen)")
            // The whole path is on screen (wrapped over the status lines, not cut).
            let joined = screen.split(separator: "\n").map { String($0).replacing(#/ +$/#, with: "") }.joined()
            #expect(joined.contains(dir + "/" + name), "\(screen)")
            // The help of the plan table lists both files.
            state.handle(.char("?"))
            let help = Renderer.render(state).text
            #expect(help.contains("Plan als Excel (.xlsx)"), "\(help)")
            #expect(help.contains("Als Datei exportieren"), "\(help)")
        }
    }
}
