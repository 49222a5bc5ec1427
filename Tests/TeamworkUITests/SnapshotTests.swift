import Testing
import TeamworkCore
@testable import TeamworkUI

/// Every pane as text at 80×24 and 120×40 — the screens a coordinator sees.
@Suite struct SnapshotTests {
    static let sizes = [(80, 24), (120, 40)]

    @Test(arguments: PaneID.allCases)
    func paneSnapshots(_ pane: PaneID) {
        for (w, h) in Self.sizes {
            var state = Fixture.state(width: w, height: h)
            state.show(pane)
            assertSnapshot(state.screen, named: "\(pane.rawValue)-\(pane)-\(w)x\(h)")
        }
    }

    @Test func detailViews() {
        var state = Fixture.state(width: 80, height: 24)
        state.press(.char("2"), .down, .down, .down, .down, .enter)
        assertSnapshot(state.screen, named: "2-measures-detail-80x24")
        state = Fixture.state(width: 80, height: 24)
        state.press(.char("6"), .enter)
        assertSnapshot(state.screen, named: "6-stakeholders-detail-80x24")
        state = Fixture.state(width: 80, height: 24)
        state.press(.char("7"), .enter)
        assertSnapshot(state.screen, named: "7-events-detail-80x24")
    }

    @Test func helpOverlay() {
        var state = Fixture.state(width: 80, height: 24)
        state.press(.char("3"), .char("?"))
        assertSnapshot(state.screen, named: "help-costs-80x24")
    }

    @Test func costsScrolledRight() {
        var state = Fixture.state(width: 80, height: 24)
        state.press(.char("3"), .char("$"))
        assertSnapshot(state.screen, named: "3-costs-gesamt-80x24")
    }

    @Test func tooSmall() {
        let state = Fixture.state(width: 40, height: 10)
        #expect(state.screen.contains("zu klein"))
        #expect(state.screen.contains("40×10"))
    }
}
