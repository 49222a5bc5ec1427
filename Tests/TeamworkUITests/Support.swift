import Foundation
import Testing
import TeamworkCore
import TeamworkStore
@testable import TeamworkUI

/// The seeded Schwerin project, loaded once from a fresh database in a temporary folder.
enum Fixture {
    static let project: Project = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("teamwork-ui-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try! ProjectStore(path: dir.appendingPathComponent("t.sqlite").path)
        return try! store.loadProject()
    }()

    static let today = LocalDateTime(year: 2026, month: 11, day: 26, hour: 9, minute: 0)

    static func state(width: Int = 80, height: Int = 24, project: Project = Fixture.project) -> AppState {
        AppState(project: project, themes: [Theme.fallback], width: width, height: height, today: today)
    }
}

extension AppState {
    mutating func press(_ keys: Key...) { for key in keys { handle(key) } }
    mutating func type(_ text: String) { for ch in text { handle(.char(ch)) } }
    /// Switches to a pane as its tab key does (also for panes past 9, which have no digit).
    mutating func show(_ pane: PaneID) { perform(.pane(pane)) }
    var screen: String { Renderer.render(self).text }
    /// The effects requested so far (their ids dropped: for tests that only look at them).
    mutating func takeEffects() -> [Effect] { takeRequests().map(\.effect) }
}

/// Compares a rendered screen with the file in Snapshots/. A missing or different snapshot
/// fails; run with UPDATE_SNAPSHOTS=1 to write the current screens after checking them by eye.
func assertSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let file = dir.appendingPathComponent(name + ".txt")
    let actual = text.split(separator: "\n", omittingEmptySubsequences: false)
        .map { line -> String in var l = String(line); while l.hasSuffix(" ") { l.removeLast() }; return l }
        .joined(separator: "\n") + "\n"
    if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] != nil {
        try! actual.write(to: file, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
        Issue.record("Snapshot \(name) fehlt – mit UPDATE_SNAPSHOTS=1 anlegen und prüfen", sourceLocation: sourceLocation)
        return
    }
    if expected != actual {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var report = "Snapshot \(name) weicht ab:\n"
        for i in 0..<max(e.count, a.count) {
            let el = i < e.count ? String(e[i]) : "<fehlt>"
            let al = i < a.count ? String(a[i]) : "<fehlt>"
            if el != al { report += "Zeile \(i + 1)\n  erwartet: \(el)\n  ist:      \(al)\n" }
        }
        Issue.record(Comment(rawValue: report), sourceLocation: sourceLocation)
    }
}
