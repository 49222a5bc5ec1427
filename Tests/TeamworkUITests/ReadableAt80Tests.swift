import Testing
import TeamworkCore
@testable import TeamworkUI

/// Issue 17 item 9: what finance staff must read is not cut at 80×24 (nor at 60×16).
@Suite struct ReadableAt80Tests {
    /// The screen's text with line breaks and runs of blanks folded to one space.
    static func flat(_ screen: String) -> String {
        screen.split(whereSeparator: { $0 == "\n" || $0 == " " }).joined(separator: " ")
    }

    @Test(arguments: [(80, 24), (60, 16)])
    func everyFindingsWholeMessageIsVisibleInThePruefungPane(size: (Int, Int)) {
        var state = Fixture.state(width: size.0, height: size.1)
        state.show(.findings)
        let findings = state.findings
        #expect(!findings.isEmpty)
        var seen = 0
        for _ in 0..<(findings.count + 4) {
            let rows = state.visibleListRows(.findings)
            let model = state.listModel(.findings)
            let cursor = state.lists[.findings]!.cursor
            if rows.indices.contains(cursor), let message = model.details[rows[cursor]].first?.text, model.rows[rows[cursor]].selectable {
                let screen = Self.flat(state.screen)
                #expect(screen.contains(Self.flat(message)), "Meldung nicht ganz sichtbar: \(message)\n\(state.screen)")
                seen += 1
            }
            state.handle(.down)
        }
        #expect(seen >= findings.count)
        // The advice of the first consulting finding, named in the issue.
        state.handle(.char("g"))
        #expect(Self.flat(state.screen).contains("höchstens 356.666,66 € ansetzen oder"))
    }

    @Test func messageColumnLeavesOutLineAndYear() {
        let model = Fixture.state().listModel(.findings)
        let row = model.rows.first { $0.selectable && $0.cells[1] == "1.1.5" && $0.cells[2] == "2022" }
        #expect(row?.cells[3].hasPrefix("Beratung") == true, "\(String(describing: row?.cells))")
    }

    @Test func longStatusMessagesWrapInsteadOfBeingCut() {
        var state = Fixture.state()
        state.show(.costs)
        let text = "1.1.1 / 2021: 50.000,00 → 123,00 (neu berechnet: 1.1, 1+2, 3.1-(1+2)) · Prüfung: 4 Fehler, 14 Warnungen → 6 Fehler, 14 Warnungen"
        state.status = text
        let screen = state.screen
        #expect(Self.flat(screen).contains(Self.flat(text)), "\(screen)")
        // The footer stays.
        #expect(screen.split(separator: "\n").last?.contains("q Ende") == true)
    }

    @Test func everyHelpEntryIsWholeAt80x24() {
        for spec in Panes.all {
            var state = Fixture.state()
            state.show(spec.id)
            _ = state.takeRequests()
            state.handle(.char("?"))
            let screen = state.screen
            for binding in KeyMap.normal.help(state) {
                #expect(screen.contains(binding.description), "\(spec.title): \"\(binding.description)\" abgeschnitten\n\(screen)")
            }
        }
    }

    @Test func everyTabStaysReadableAt60x16() {
        for spec in Panes.all {
            var state = Fixture.state(width: 60, height: 16)
            state.show(spec.id)
            _ = state.takeRequests()
            let header = String(state.screen.split(separator: "\n").first ?? "")
            #expect(header.contains("\(spec.id.rawValue) \(spec.shortTitle)") || header.contains("\(spec.id.rawValue) \(spec.title)"),
                    "aktiver Reiter \(spec.title) fehlt: \(header)")
            for other in Panes.all { #expect(header.contains("\(other.id.rawValue)")) }
            #expect(!header.contains("…"), "\(header)")
        }
    }
}
