import Foundation
import Testing
import TeamworkCore
import TeamworkApp
@testable import TeamworkStore
@testable import TeamworkUI

/// A seeded store in a fresh temporary directory (removed afterwards).
func withStore<T>(_ body: (ProjectStore, String) throws -> T) throws -> T {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("teamwork-app-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    return try body(try ProjectStore(path: dir + "/db.sqlite"), dir)
}

let today = LocalDateTime(year: 2026, month: 11, day: 26, hour: 9, minute: 0)
let fixedClock: @Sendable () -> UTCDateTime = { UTCDateTime(year: 2026, month: 11, day: 26, hour: 8) }

func loop(_ store: ProjectStore, _ screen: TestScreen, user: String = "anna") throws -> MainLoop {
    let state = AppState(project: try store.loadProject(), themes: [Theme.fallback], width: screen.size.width,
                         height: screen.size.height, today: today)
    var loop = MainLoop(state: state, screen: screen, runner: EffectRunner(store: store, user: user), clock: fixedClock)
    loop.pollMilliseconds = 0
    return loop
}

@Suite struct MainLoopTests {
    @Test func aCellEditGoesFromKeyToStoreAndBackToTheScreen() throws {
        try withStore { store, _ in
            // Kosten, down to the first item row 1.1.1, Enter opens the editor, type, Enter saves.
            let screen = TestScreen(keys: [.char("3"), .down, .enter, .char("6"), .char("0"), .char("0"), .char("0"), .char("0"), .enter, .char("q")])
            var main = try loop(store, screen)
            main.run()
            #expect(main.state.shouldQuit)
            #expect(try store.loadProject().plan["1.1.1"]?.values[0] == 6_000_000)
            #expect(main.state.undoStack.count == 1)
            #expect(try store.auditTrail(entity: "plan").first?.user == "anna")
            #expect(screen.frames.contains { $0.text.contains("60.000,00") })
            // In the frame after the save, the cursor cell holds the new value in the cursor style.
            func row(_ frame: Buffer) -> Int? {
                frame.text.split(separator: "\n", omittingEmptySubsequences: false)
                    .firstIndex { $0.hasPrefix("   1.1.1 ") && $0.contains("60.000,00") }
            }
            guard let saved = screen.frames.last(where: { row($0) != nil }), let y = row(saved) else {
                Issue.record("kein Bild mit dem neuen Wert: \(screen.text)"); return
            }
            screen.expectStyle(Theme.fallback.style(.cursorCell), text: "60.000,00", row: y, in: saved)
        }
    }

    /// The loop's first frame on a fresh store is the overview the UI snapshot shows.
    @Test func theFirstFrameIsTheOverview() throws {
        try withStore { store, _ in
            let screen = TestScreen(keys: [])
            var main = try loop(store, screen)
            main.run()
            let snapshot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("../TeamworkUITests/Snapshots/1-overview-80x24.txt")
            let expected = try String(contentsOf: snapshot, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            screen.expect(expected.dropLast().map(String.init))
        }
    }

    @Test func aVersionClashWithAnotherSessionIsAConflictNotAFailure() throws {
        try withStore { store, _ in
            let project = try store.loadProject()
            var mine = project.stakeholders[0]
            mine.notes = "meins"
            var theirs = project.stakeholders[0]
            theirs.notes = "ihres"
            _ = try store.save(theirs, user: "bernd")
            let result = EffectRunner(store: store, user: "anna").run(.saveStakeholder(mine))
            guard case .conflict(_, let now, let retry) = result else { Issue.record("kein Konflikt: \(result)"); return }
            #expect(now.stakeholders.first { $0.id == mine.id }?.notes == "ihres")
            guard case .saveStakeholder(let again)? = retry else { Issue.record("kein Wiederholen"); return }
            #expect(again.notes == "meins")
            guard case .saved = EffectRunner(store: store, user: "anna").run(retry!) else { Issue.record("nicht gespeichert"); return }
            #expect(try store.loadProject().stakeholders.first { $0.id == mine.id }?.notes == "meins")
        }
    }

    @Test func anotherProcessesCommitShowsUpOnTheNextTick() throws {
        try withStore { store, dir in
            let other = try ProjectStore(path: dir + "/db.sqlite")
            // Two idle ticks (nil): before the second, someone else changes a plan cell.
            let screen = TestScreen(keys: [.char("3"), nil, nil])
            screen.beforeKey[2] = { _ = try? other.updatePlanValue(code: "1.1.1", yearIndex: 0, raw: 4_200_000, expected: nil, user: "bernd") }
            var main = try loop(store, screen)
            main.run()
            #expect(main.state.project.plan["1.1.1"]?.values[0] == 4_200_000)
            #expect(main.state.status?.contains("(bernd)") == true, "\(main.state.status ?? "")")
            #expect(screen.text.contains("42.000,00"))
        }
    }

    @Test func resultsFindTheirRequestsByID() throws {
        // Two requests on their way at once: a reload of the trail and a cell edit. The edit's
        // result arrives last and still records its undo entry.
        try withStore { store, _ in
            var state = AppState(project: try store.loadProject(), width: 80, height: 24, today: today)
            state.handle(.char("9"))
            state.handle(.char("3"))
            state.handle(.down); state.handle(.down); state.handle(.enter); state.handle(.char("1")); state.handle(.enter)
            let requests = state.takeRequests()
            #expect(requests.count == 2)
            let runner = EffectRunner(store: store, user: "anna")
            let results = requests.map(runner.run)
            for msg in results.reversed() { state.update(msg) }
            #expect(state.undoStack.count == 1)
        }
    }

    @Test func exportWritesTheCarriedFileAndNeverOverwrites() throws {
        try withStore { store, dir in
            let runner = EffectRunner(store: store, user: "anna")
            let file = PaneExport.File(name: "teamwork-plan-2026-11-26.csv", contents: "a;b\n", format: "CSV")
            guard case .exported(let first, _) = runner.run(.export(file, directory: dir)),
                  case .exported(let second, _) = runner.run(.export(file, directory: dir)) else {
                Issue.record("kein Export"); return
            }
            #expect(first.hasSuffix("/teamwork-plan-2026-11-26.csv"))
            #expect(second.hasSuffix("/teamwork-plan-2026-11-26-2.csv"))
            let written = try String(contentsOfFile: second, encoding: .utf8)
            #expect(written == "a;b\n")
        }
    }
}

@Suite struct WeeklyReportTests {
    /// After a big import (one transaction, thousands of audit rows), the weekly report lists
    /// every change since the last review, the rows at the review's very second included.
    @Test func theReportListsEveryChangeOfALargeImport() throws {
        try withStore { store, _ in
            let count = 3_000
            let at = try store.write("Testimport", user: "import") { db, audit in
                for i in 0..<count {
                    try audit.record("plan", "1.1.1", field: "2021", old: "\(i)", new: "\(i + 1)", summary: "Zeile \(i)")
                }
                return audit.at
            }
            let rows = try store.auditTrail(since: at).map(ChangeRow.init)
            #expect(rows.filter { $0.user.hasSuffix("(import)") }.count == count)
            let report = StatusReport.render(project: try store.loadProject(), changes: rows, since: at, today: today, format: .md)
            let listed = report.split(separator: "\n").filter { $0.contains("(import) |") }
            #expect(listed.count == count)
            #expect(report.contains("Zeile 0 |") && report.contains("Zeile \(count - 1) |"))
        }
    }
}
