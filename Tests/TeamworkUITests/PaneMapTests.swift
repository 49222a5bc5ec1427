import Testing
import TeamworkCore
@testable import TeamworkUI

/// The array-backed stand-ins for dictionaries and sets keyed by types of our own (PaneMap.swift
/// says why): they must behave like the dictionaries they replace.
@Suite struct PaneMapTests {
    @Test func aPaneMapReadsWritesAndMutatesInPlace() {
        var map = PaneMap<GridState>()
        #expect(map[.costs] == nil)
        #expect(map[.drawdowns] == nil, "beyond the slots: nil, no crash")
        map[.costs] = GridState()
        map[.costs]!.row = 7
        map[.costs]!.filter = "1.1"
        #expect(map[.costs]?.row == 7 && map[.costs]?.filter == "1.1")
        #expect(map[.overview] == nil && map[.financing] == nil, "only the pane set has a value")
        map[.costs] = nil
        #expect(map[.costs] == nil)
    }

    @Test func paneMapsCompareByContentNotBySlots() {
        var grown = PaneMap<Int>()
        grown[.drawdowns] = 1
        grown[.drawdowns] = nil
        #expect(grown == PaneMap<Int>(), "empty slots at the end do not count")
        let literal: PaneMap<Int> = [.costs: 3, .overview: 1]
        var built = PaneMap<Int>()
        built[.overview] = 1
        built[.costs] = 3
        #expect(literal == built)
        built[.costs] = 4
        #expect(literal != built)
    }

    @Test func aPaneSetHoldsEachPaneOnce() {
        var set: PaneSet = [.costs, .financing]
        #expect(set.contains(.costs) && set.contains(.financing) && !set.contains(.overview))
        set.insert(.costs)
        set.insert(.drawdowns)
        #expect(set == PaneSet([.drawdowns, .financing, .costs]))
        #expect(!set.isEmpty && PaneSet().isEmpty)
    }

    @Test func gridKeysAreThePlanPanes() {
        let grids = KeyMap.grids
        for spec in Panes.all { #expect(grids.contains(spec.id) == (spec.shape == .grid), "\(spec.id)") }
    }

    @Test func roleStylesFallBackToBody() {
        var styles: RoleStyles = [.body: Style(fg: .green)]
        styles[.error] = Style(fg: .red, bold: true)
        let theme = Theme(name: "t", styles: styles)
        #expect(theme.style(.error) == Style(fg: .red, bold: true))
        #expect(theme.style(.header) == Style(fg: .green), "an unset role takes the body's style")
        #expect(styles.values == [Style(fg: .green), Style(fg: .red, bold: true)], "in role order")
        #expect(Theme(name: "leer", styles: [:]).style(.title) == .plain)
    }

    @Test func phaseAmountsCountAMissingPhaseAsZero() {
        let one: PhaseAmounts = [.implementation: Money(cents: 5)]
        #expect(one[.strategy] == .zero && one[.implementation] == Money(cents: 5))
        var both = PhaseAmounts()
        both[.strategy] = Money(cents: 1)
        #expect(both != one && both[.implementation] == .zero)
    }
}
