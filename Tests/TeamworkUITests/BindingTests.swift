import Foundation
import Testing
import TeamworkCore
@testable import TeamworkUI

/// Dispatch, footer and help come from one table per mode; these tests fail when they disagree.
@Suite struct BindingTests {
    /// A state in each mode, reached by keys as a user would (a conflict by its result).
    static func statesInEveryMode() -> [(String, AppState)] {
        var result: [(String, AppState)] = []
        for pane in PaneID.allCases {
            var state = Fixture.state(width: 160, height: 40)
            state.show(pane)
            result.append(("Bereich \(pane.title)", state))
            var readOnly = state
            readOnly.readOnly = true
            result.append(("Bereich \(pane.title), nur lesen", readOnly))
        }
        var s = Fixture.state(width: 160, height: 40)
        s.press(.char("6"), .enter)
        result.append(("Details", s))
        s = Fixture.state(width: 160, height: 40)
        s.press(.char("3"), .char("?"))
        result.append(("Hilfe", s))
        s = Fixture.state(width: 160, height: 40)
        s.press(.char("3"), .char("/"))
        result.append(("Filter", s))
        s = Fixture.state(width: 160, height: 40)
        s.press(.char("3"), .down, .down, .enter)
        result.append(("Zelle", s))
        s = Fixture.state(width: 160, height: 40)
        s.press(.char("6"), .char("a"))
        result.append(("Formular", s))
        s = Fixture.state(width: 160, height: 40)
        s.press(.char("6"), .char("d"))
        result.append(("Rückfrage", s))
        s = Fixture.state(width: 160, height: 40)
        s.press(.char("3"), .down, .down, .enter, .char("1"), .enter)
        let id = s.takeRequests()[0].id
        var theirs = Fixture.project
        theirs.plan.set(code: "1.1.1", yearIndex: 0, value: 1)
        s.update(.result(id, .conflict(message: "Konflikt", project: theirs, retry: nil)))
        result.append(("Konflikt ohne Wiederholen", s))
        s = Fixture.state(width: 160, height: 40)
        s.press(.char("r"))
        result.append(("Statusrunde", s))
        return result
    }

    /// The hints of the footer (or, in the review, of its status line) as (key, text).
    static func hints(_ state: AppState) -> [String] {
        let lines = state.screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if state.review != nil {
            return lines[state.height - 1].components(separatedBy: " · ").dropFirst(2).map { $0.trimmingCharacters(in: " ") }
        }
        return lines[state.height - 1].components(separatedBy: "  ").map { $0.trimmingCharacters(in: " ") }.filter { !$0.isEmpty }
    }

    /// Whether the key written in a hint ("Strg-S", "↑↓", "Leertaste/Bild↓") is bound by the table.
    static func isBound(_ written: String, _ bound: [Key]) -> Bool {
        let labels = Set(bound.map(\.label))
        if labels.contains(written) { return true }
        let parts = written.split(separator: "/").map(String.init)
        if parts.count > 1 { return parts.allSatisfy { isBound($0, bound) } }
        return written.count > 1 && written.allSatisfy { labels.contains(String($0)) }
    }

    @Test func everyFooterHintNamesAKeyItsModeBinds() {
        for (name, state) in Self.statesInEveryMode() {
            let hints = Self.hints(state)
            #expect(!hints.isEmpty, "\(name): kein Hinweis in der Fußzeile")
            let bound = state.keyTable.boundKeys(state)
            for hint in hints {
                let key = String(hint.split(separator: " ", maxSplits: 1)[0])
                #expect(Self.isBound(key, bound), "\(name): Fußzeile nennt \"\(hint)\", aber \(state.keyTable.name) belegt \(key) nicht")
            }
        }
    }

    /// The check above is no formality: a footer that names an unbound key is caught.
    @Test func theCheckCatchesAHintForAnUnboundKey() {
        let bound = KeyMap.confirm.bindings.flatMap(\.keys)
        #expect(Self.isBound("j", bound))
        #expect(!Self.isBound("q", bound))
        #expect(!Self.isBound("Strg-S", bound))
        #expect(Self.isBound("↑↓", KeyMap.normal.bindings.flatMap(\.keys)))
        #expect(!Self.isBound("↑↓", KeyMap.confirm.bindings.flatMap(\.keys)))
    }

    @Test func aDisabledKeySaysWhyAndDoesNothing() {
        var state = Fixture.state()
        state.readOnly = true
        state.press(.char("6"), .char("a"))
        #expect(state.mode == .normal)
        #expect(state.status == KeyMap.readOnlyMessage)
        // In a conflict without a retry, m is off with its own reason and hidden in the dialog.
        guard let (_, conflict) = Self.statesInEveryMode().first(where: { $0.0 == "Konflikt ohne Wiederholen" }) else { return }
        var s = conflict
        #expect(!s.screen.contains("meinen Wert darüber speichern"))
        s.press(.char("m"))
        #expect(s.status?.contains("nichts darüber speichern") == true)
        guard case .conflict = s.mode else { Issue.record("Dialog zu"); return }
    }

    /// At 80 columns the footer of every mode still shows how to leave it.
    @Test func theWayOutAlwaysShowsAt80Columns() {
        for (name, wide) in Self.statesInEveryMode() {
            var state = wide
            state.update(.resize(width: 80, height: 24))
            let hints = Self.hints(state)
            let leaves = hints.contains { $0.hasPrefix("Esc ") || $0.hasPrefix("q ") || $0.hasPrefix("n ") || $0.hasPrefix("t ") }
            #expect(leaves, "\(name): \(hints)")
        }
    }

    @Test func ctrlCQuitsFromEveryMode() {
        for (name, state) in Self.statesInEveryMode() {
            var s = state
            s.press(.ctrl("c"))
            #expect(s.shouldQuit, "\(name)")
        }
    }

    /// Each pane's help lists exactly the bindings that work there (and the footer's keys).
    @Test func helpAndFooterComeFromTheSameTable() {
        for pane in PaneID.allCases {
            var state = Fixture.state(width: 160, height: 48)
            state.show(pane)
            let footer = KeyMap.normal.footer(state)
            let help = KeyMap.normal.help(state).map(\.description)
            for binding in KeyMap.normal.enabled(state) where binding.footer != nil {
                #expect(footer.contains(binding.footerHint!))
                #expect(help.contains(binding.description) || !binding.listed)
            }
        }
    }
}
