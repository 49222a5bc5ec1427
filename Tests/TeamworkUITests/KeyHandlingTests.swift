import Testing
import TeamworkCore
@testable import TeamworkUI

@Suite struct KeyHandlingTests {
    @Test func digitsTabAndShiftTabSwitchPanes() {
        var state = Fixture.state()
        state.press(.char("3"))
        #expect(state.pane == .costs)
        state.press(.tab)
        #expect(state.pane == .financing)
        // Tab wraps from the last pane of the registry to the first, Umsch-Tab back.
        state.show(PaneID.allCases.last!)
        state.press(.tab)
        #expect(state.pane == .overview)
        state.press(.backTab)
        #expect(state.pane == PaneID.allCases.last!)
        state.press(.char("8"))
        #expect(state.pane == .findings)
        #expect(state.screen.split(separator: "\n")[0].contains("8 Prüfung"))
    }

    @Test func quitWithQAndCtrlC() {
        var state = Fixture.state()
        state.press(.char("q"))
        #expect(state.shouldQuit)
        var other = Fixture.state()
        other.press(.ctrl("c"))
        #expect(other.shouldQuit)
    }

    @Test func costCursorMovesAndScrollsHorizontally() {
        var state = Fixture.state(width: 80, height: 24)
        state.press(.char("3"))
        #expect(state.gridCursorCode(.costs) == "1.1")
        state.press(.char("j"), .down)
        #expect(state.gridCursorCode(.costs) == "1.1.2")
        // At 80 columns not all nine value columns fit: a '>' marks the hidden ones.
        let header = state.screen.split(separator: "\n")[1]
        #expect(header.hasSuffix(">"))
        #expect(!header.contains("Gesamt"))
        state.press(.char("$"))
        let scrolled = state.screen.split(separator: "\n")[1]
        #expect(scrolled.contains("Gesamt"))
        #expect(scrolled.contains("<"))
        #expect(state.grids[.costs]!.column == 8)
        state.press(.char("0"), .left)
        #expect(state.grids[.costs]!.column == 0)
    }

    @Test func frozenSumRowStaysVisibleAndIsReachable() {
        var state = Fixture.state(width: 80, height: 24)
        state.press(.char("3"))
        let lines = state.screen.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[lines.count - 3].contains("1+2"))
        #expect(lines[lines.count - 3].contains("245.000,00"))
        state.press(.char("G"))
        #expect(state.gridCursorCode(.costs) == "1+2")
        state.press(.up)
        #expect(state.gridCursorCode(.costs) == "2.2.3")
    }

    @Test func foldingHidesChildren() {
        var state = Fixture.state(width: 120, height: 40)
        state.press(.char("3"), .char(" "))
        #expect(!state.visibleGridRows(.costs).contains("1.1.5"))
        #expect(state.screen.contains("▸"))
        state.press(.char(" "))
        #expect(state.visibleGridRows(.costs).contains("1.1.5"))
        state.press(.char("-"))
        #expect(state.visibleGridRows(.costs) == ["1.1", "1.2", "2.1", "2.2"])
        state.press(.char("+"))
        #expect(state.visibleGridRows(.costs).count == 22)
    }

    @Test func filterNarrowsTableAndNJumpsBetweenMatches() {
        var state = Fixture.state(width: 120, height: 40)
        state.press(.char("3"), .char("/"))
        state.type("Berat")
        #expect(state.visibleGridRows(.costs) == ["1.1", "1.1.5", "2.1", "2.1.5"])
        #expect(state.gridCursorCode(.costs) == "1.1.5")
        state.press(.enter)
        #expect(state.mode == .normal)
        state.press(.char("n"))
        #expect(state.gridCursorCode(.costs) == "2.1.5")
        state.press(.char("n"))
        #expect(state.gridCursorCode(.costs) == "1.1.5")
        state.press(.char("N"))
        #expect(state.gridCursorCode(.costs) == "2.1.5")
        state.press(.escape)
        #expect(state.currentFilter.isEmpty)
        #expect(state.visibleGridRows(.costs).count == 22)
    }

    @Test func filterEscapeRestoresPreviousFilter() {
        var state = Fixture.state()
        state.press(.char("6"), .char("/"))
        state.type("ulm")
        #expect(state.visibleListRows(.stakeholders).count >= 1)
        let model = state.models.list(.stakeholders)
        #expect(state.visibleListRows(.stakeholders).allSatisfy { model.rows[$0].searchText.lowercased().contains("ulm") })
        state.press(.escape)
        #expect(state.currentFilter.isEmpty)
        #expect(state.visibleListRows(.stakeholders).count == model.rows.count)
    }

    @Test func listFilterShowsNoMatchMessage() {
        var state = Fixture.state()
        state.press(.char("5"), .char("/"))
        state.type("xyzzy")
        #expect(state.screen.contains("Keine Treffer für \"xyzzy\""))
    }

    @Test func detailOpensAndEscapeCloses() {
        var state = Fixture.state()
        state.press(.char("2"), .enter)
        #expect(state.lists[.measures]!.detailOpen)
        #expect(state.screen.contains("Online-Servicekonto"))
        state.press(.escape)
        #expect(!state.lists[.measures]!.detailOpen)
    }

    @Test func findingEnterJumpsToTheOffendingCell() {
        var state = Fixture.state(width: 120, height: 40)
        state.press(.char("8"))
        let rows = state.visibleListRows(.findings)
        let model = state.models.list(.findings)
        let cursorRow = model.rows[rows[state.lists[.findings]!.cursor]]
        guard case .planCell(let code, let column) = cursorRow.target else {
            Issue.record("erster Befund zeigt nicht auf eine Planzelle")
            return
        }
        state.press(.enter)
        #expect(state.pane == .costs || state.pane == .financing)
        #expect(state.gridCursorCode(state.pane) == code)
        #expect(state.grids[state.pane]!.column == column)
        // The status line explains the cell (on one line, so it never covers the cursor row).
        let message = try? #require(state.cellMessage(code: code, column: column))
        let statusLine = String(state.screen.split(separator: "\n", omittingEmptySubsequences: false).dropLast().last ?? "")
        #expect(statusLine.hasPrefix(String(message?.prefix(40) ?? "–")), "\(statusLine)")
    }

    @Test func everyFindingOnAPlanLineJumpsToItsCell() {
        let base = Fixture.state(width: 120, height: 40)
        let model = base.models.list(.findings)
        for row in model.rows {
            guard case .planCell(let code, let column) = row.target else { continue }
            var state = base
            state.jump(to: .planCell(code: code, column: column))
            #expect(state.gridCursorCode(state.pane) == code, "Sprung zu \(code)")
            #expect(state.grids[state.pane]!.column == column)
        }
    }

    @Test func statusLineNamesTheRowOnlyWhenItsLabelIsCut() {
        var state = Fixture.state(width: 200, height: 40)
        state.jump(to: .planCell(code: "1.2.1", column: 0))   // "Lebenshauptstadt ist Teamwork" fits
        state.status = nil
        let statusLine = { (s: AppState) in String(s.screen.split(separator: "\n", omittingEmptySubsequences: false).dropLast().last!) }
        #expect(!statusLine(state).contains("Lebenshauptstadt"))
        state.jump(to: .planCell(code: "1.1.1", column: 0))   // the long 1.1.1 label is cut
        state.status = nil
        #expect(statusLine(state).hasPrefix("Personalkosten einer kommunalen Organisationseinheit"))
    }

    @Test func phaseFindingsJumpToTheFirstGroupOfThePhase() {
        var project = Fixture.project
        project.plan.set(code: "1.2.1", yearIndex: 1, value: 200_000_000)  // 2022: 2.000.000 € first investments
        var state = Fixture.state(width: 120, height: 40, project: project)
        let model = state.listModel(.findings)
        let phase = model.rows.first { $0.cells.first == "phase-cap" && $0.cells[1] == "1" }
        #expect(phase?.target == .planCell(code: "1.1", column: 8))
        if let target = phase?.target { state.jump(to: target) }
        #expect(state.pane == .costs && state.gridCursorCode(.costs) == "1.1")
    }

    @Test func cellsWithFindingsAreMarkedAndExplainedInTheStatusLine() {
        var state = Fixture.state(width: 160, height: 48)
        state.press(.char("3"))
        // 2.1.5 Gesamt breaks the one-third cap on consultants.
        state.jump(to: .planCell(code: "2.1.5", column: 8))
        let screen = state.screen
        #expect(screen.contains("✗1.350.000,00"))
        let status = screen.split(separator: "\n", omittingEmptySubsequences: false).dropLast().last!
        #expect(status.contains("2.1.5"))
        #expect(status.contains("Drittel"))
    }

    @Test func helpOverlayListsEveryKeyOfThePane() {
        for pane in PaneID.allCases {
            var state = Fixture.state(width: 160, height: 48)
            state.show(pane)
            state.press(.char("?"))
            #expect(state.mode == .help)
            let screen = state.screen
            for binding in KeyMap.bindings(for: pane) {
                #expect(screen.contains(binding.description), "\(pane): \(binding.description)")
            }
            state.press(.escape)
            #expect(state.mode == .normal)
        }
    }

    @Test func footerShowsOnlyKeysThatWorkOnThePane() {
        var state = Fixture.state(width: 120, height: 30)
        state.press(.char("1"))
        let footer = String(state.screen.split(separator: "\n").last!)
        #expect(!footer.contains("Filter"))
        state.press(.char("3"))
        let costsFooter = String(state.screen.split(separator: "\n").last!)
        #expect(costsFooter.contains("/ Filter"))
        #expect(costsFooter.contains("←→ Jahr"))
    }

    @Test func unknownKeySaysSo() {
        var state = Fixture.state()
        state.press(.char("ä"))
        #expect(state.status?.contains("keine Funktion") == true)
    }

    @Test func themeCycles() {
        var state = AppState(project: Fixture.project, themes: [Theme.fallback, Theme(name: "Zweites", styles: [:])],
                             today: Fixture.today)
        state.press(.char("t"))
        #expect(state.theme.name == "Zweites")
        #expect(state.status == "Farbschema: Zweites")
        state.press(.char("t"))
        #expect(state.theme.name == "default")
    }

    @Test func resizeKeepsCursorVisible() {
        var state = Fixture.state(width: 120, height: 40)
        state.press(.char("3"), .char("$"))
        state.press(.char("G"), .up)
        state.resize(width: 80, height: 24)
        let g = state.grids[.costs]!
        let layout = GridLayout(width: 80, columns: 9)
        #expect(g.column >= g.columnScroll && g.column < g.columnScroll + layout.visibleColumns)
        #expect(state.screen.contains("2.2.3"))
    }

    @Test func pageKeysMoveByAScreen() {
        var state = Fixture.state(width: 80, height: 16)
        state.press(.char("6"), .pageDown)
        #expect(state.lists[.stakeholders]!.cursor > 5)
        state.press(.char("g"))
        #expect(state.lists[.stakeholders]!.cursor == 0)
        state.press(.char("G"))
        #expect(state.lists[.stakeholders]!.cursor == state.visibleListRows(.stakeholders).count - 1)
    }
}
