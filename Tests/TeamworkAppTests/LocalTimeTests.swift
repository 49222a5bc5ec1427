import Foundation
import Testing
import TeamworkApp
import TeamworkCore
import TeamworkStore
@testable import TeamworkUI

/// Issue 17 item 10: the change log shows the office's local time; the store keeps UTC.
@Suite struct LocalTimeTests {
    let berlin = TimeZone(identifier: "Europe/Berlin")!

    func row(_ at: String) -> ChangeRow {
        ChangeRow(AuditEntry(id: 1, at: at, user: "anna", entity: "plan", entityID: "1.1.1", field: "2021",
                             oldValue: "0,00", newValue: "1,00", summary: "1.1.1 2021: 0,00 → 1,00"), zone: berlin)
    }

    @Test func auditTimesAreShownInBerlinTimeAcrossBothSwitches() {
        // Spring: at 01:00 UTC the clocks go from 02:00 to 03:00 (CET → CEST).
        #expect(row("2026-03-29T00:59:59Z").local == "2026-03-29 01:59:59 (UTC+01:00)")
        #expect(row("2026-03-29T01:00:00Z").local == "2026-03-29 03:00:00 (UTC+02:00)")
        // Autumn: 02:30 happens twice; the offset tells them apart.
        #expect(row("2026-10-25T00:30:00Z").local == "2026-10-25 02:30:00 (UTC+02:00)")
        #expect(row("2026-10-25T01:30:00Z").local == "2026-10-25 02:30:00 (UTC+01:00)")
        // Across midnight into the next day.
        #expect(row("2026-12-31T23:30:00Z").local.hasPrefix("2027-01-01 00:30:00"))
        // The store's value stays UTC (the review's "since" compares it).
        #expect(row("2026-03-29T01:00:00Z").at == "2026-03-29T01:00:00Z")
    }

    @Test func changesPaneAndReportShowLocalTimeWithoutUTCHeader() {
        var state = AppState(project: Fixture.project, width: 80, height: 24)
        state.changes = [row("2026-03-29T01:00:00Z")]
        state.perform(.pane(.changes))
        _ = state.takeRequests()
        let screen = Renderer.render(state).text
        #expect(screen.contains("2026-03-29 03:00"), "\(screen)")
        #expect(!screen.contains("UTC"), "\(screen)")
        state.handle(.enter)
        let detail = Renderer.render(state).text
        #expect(detail.contains("2026-03-29 03:00:00 (UTC+02:00)"), "\(detail)")
        let report = StatusReport.render(project: Fixture.project, changes: [row("2026-03-29T01:00:00Z")], since: nil,
                                         today: nil, format: .md)
        #expect(report.contains("| 2026-03-29 03:00 | anna"), "\(report)")
        #expect(!report.contains("Zeit (UTC)"))
    }
}

enum Fixture {
    static let project: TeamworkCore.Project = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("teamwork-lt-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return try! ProjectStore(path: dir.appendingPathComponent("t.sqlite").path).loadProject()
    }()
}
