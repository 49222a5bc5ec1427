import Foundation
import Testing
import TeamworkCore
import TeamworkApp
@testable import TeamworkStore
@testable import TeamworkUI

/// The Maßnahmen-Controlling through the whole loop on a real temporary store: keys → requests →
/// EffectRunner → store → reloaded project → frame; and another session's milestone on a tick.
@Suite struct MeasureLoopTests {
    static func chars(_ text: String) -> [Key?] { text.map { .char($0) } }

    @Test func statusAndMilestoneFromKeysReachStoreAuditAndScreen() throws {
        try withStore { store, _ in
            // Maßnahmen, IV.2-1 (sixth row), s: status "umsetzung"; a: a milestone due 20.11.2026.
            var keys: [Key?] = [.char("2"), .char("g"), .down, .down, .down, .down, .down, .char("s"), .ctrl("u")]
            keys += Self.chars("umsetzung") + [.ctrl("s"), .char("a")]
            keys += Self.chars("Quartierskonzept beauftragt") + [.tab, .ctrl("u")] + Self.chars("20.11.2026") + [.ctrl("s")]
            let screen = TestScreen(keys: keys)
            var main = try loop(store, screen)
            main.run()
            let c = try store.loadMeasureControlling()
            let project = try store.loadProject()
            let m = try #require(project.measures.measure(reference: "IV.2-1"))
            #expect(c.state(of: m).status == .inProgress)
            #expect(c.state(of: m).since == LocalDate(year: 2026, month: 11, day: 26))
            #expect(c.milestones(of: m.id).map(\.title) == ["Quartierskonzept beauftragt"])
            let audit = try store.auditTrail(entity: "measure").filter { $0.entityID == "\(m.id)" }
            #expect(audit.contains { $0.field == "status" && $0.newValue == "in Umsetzung" && $0.user == "anna" })
            #expect(audit.contains { $0.field == "milestone" })
            let row = screen.text.split(separator: "\n").first { $0.hasPrefix(" IV.2-1 ") }.map(String.init) ?? ""
            #expect(row.contains("in Umsetzung") && row.contains("! 20.11.2026 Quartie"), "\(screen.text)")
            #expect(main.state.findings.contains { $0.rule == .milestoneOverdue })
            #expect(main.state.undoStack.count == 2)
        }
    }

    @Test func anotherSessionsMilestoneShowsOnTheNextTick() throws {
        try withStore { store, _ in
            let other = try ProjectStore(path: store.path)
            let m = try #require(try store.loadProject().measures.measure(reference: "IV.2-2"))
            let screen = TestScreen(keys: [.char("2"), nil, nil])
            screen.beforeKey[2] = {
                _ = try? other.save(Milestone(measureID: m.id, title: "Plattform ausgeschrieben",
                                              due: LocalDate(year: 2026, month: 12, day: 1)), user: "bernd")
            }
            var main = try loop(store, screen)
            main.run()
            let row = screen.text.split(separator: "\n").first { $0.hasPrefix(" IV.2-2 ") }.map(String.init) ?? ""
            #expect(row.contains("01.12.2026 Plattform"), "\(screen.text)")
            #expect(main.state.project.controlling.milestones.count == 1)
        }
    }
}
