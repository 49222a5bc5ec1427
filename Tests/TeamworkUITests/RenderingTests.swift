import Testing
import TeamworkCore
@testable import TeamworkUI

@Suite struct RenderingTests {
    @Test func wideCharactersKeepColumnsAligned() {
        var buffer = Buffer(width: 10, height: 1)
        let written = buffer.put("日本x", x: 0, y: 0, style: .plain)
        #expect(written == 5)
        #expect(buffer[0, 0].width == 2 && buffer[1, 0].width == 0 && buffer[4, 0].symbol == "x")
        #expect(Terminal.width("Übersicht") == 9)
    }

    @Test func controlCharactersAndBidiOverridesAreInert() {
        var buffer = Buffer(width: 20, height: 1)
        buffer.put("a\u{1B}[31mb\u{202E}c\u{07}", x: 0, y: 0, style: .plain)
        let text = buffer.line(0)
        #expect(!text.contains("\u{1B}"))
        #expect(!text.contains("\u{202E}"))
        #expect(!text.contains("\u{07}"))
        #expect(text.hasPrefix("a·[31mb·c·"))
    }

    @Test func diffEmitsOnlyChangedCells() {
        var a = Buffer(width: 20, height: 3)
        a.put("Hallo Welt", x: 0, y: 1, style: .plain)
        var b = a
        b.put("W", x: 6, y: 1, style: Style(bold: true))
        let changes = a.diff(to: b)
        #expect(changes.count == 1)
        #expect(changes[0].x == 6 && changes[0].y == 1)
        #expect(a.diff(to: a).isEmpty)
    }

    @Test func cursorMoveChangesFewCells() {
        var state = Fixture.state(width: 80, height: 24)
        state.press(.char("3"))
        let before = Renderer.render(state)
        state.press(.down)
        let after = Renderer.render(state)
        // Two rows repaint (old and new cursor row) plus the status line.
        #expect(before.diff(to: after).count <= 3 * 80, "\(before.diff(to: after).map { "\($0.x),\($0.y)" })")
    }

    @Test func asciiFallbackKeepsColumnsAndUsesOnlyASCII() {
        var state = Fixture.state(width: 80, height: 24)
        state.press(.char("4"))
        let frame = Renderer.render(state)
        let folded = ASCIIFallback.fold(frame)
        #expect(folded.width == frame.width)
        for y in 0..<folded.height {
            let line = (0..<folded.width).map { folded[$0, y].symbol }.joined()
            let allASCII = line.allSatisfy { $0.isASCII }
            #expect(allASCII, "Zeile \(y): \(line)")
            #expect(line.count == 80)
        }
        #expect(folded.text.contains("Ubersicht") || folded.text.contains("Ubers."))
    }

    @Test func everyPaneRendersAtManySizesWithoutOverflow() {
        for (w, h) in [(60, 16), (80, 24), (100, 30), (132, 43), (200, 60)] {
            for pane in PaneID.allCases {
                var state = Fixture.state(width: w, height: h)
                state.show(pane)
                state.press(.char("G"), .enter)
                let buffer = Renderer.render(state)
                // Every tab stays reachable by its digit: the header never loses one to the width.
                let header = buffer.text.split(separator: "\n", omittingEmptySubsequences: false)[0]
                for tab in PaneID.allCases {
                    // Its digit stands in the header (alone on the narrowest layout); the active tab has its title.
                    let shown = header.contains(String(tab.rawValue))
                        && (tab != state.pane || [tab.title, tab.shortTitle].contains { header.contains("\(tab.rawValue) \($0)") })
                    #expect(shown, "\(pane) \(w)x\(h): Reiter \(tab.rawValue) fehlt in \(header)")
                }
                for y in 0..<h {
                    let width = (0..<w).reduce(0) { $0 + Int(buffer[$1, y].width) }
                    #expect(width == w, "\(pane) \(w)x\(h) Zeile \(y)")
                }
            }
        }
    }

    @Test func wrapBreaksLongWordsAndKeepsWidth() {
        let lines = TextLayout.wrap("Geschäftsstelle Digitale Agenda der Stadt Ulm https://bit.ly/2Oi3FfO", 12)
        #expect(lines.allSatisfy { Terminal.width($0) <= 12 })
        #expect(lines.joined().contains("https://bit.ly/2Oi3FfO"))
    }

    @Test func clipAddsEllipsis() {
        #expect(TextLayout.clip("Finanzierung", 6) == "Finan…")
        #expect(TextLayout.pad("42", 5, right: true) == "   42")
    }

    @Test func aTwoLineMessageLiftsThePaneSoTheSumRowStaysVisible() {
        var state = Fixture.state()
        state.press(.char("3"))
        for _ in 0..<18 { state.press(.down) }   // the cursor on the last row of the viewport
        state.status = "1.1.1 / 2021: 50.000,00 → 123,00 (neu berechnet: 1.1, 1+2, 3.1-(1+2)) · Prüfung: 4 Fehler, 14 Warnungen → 6 Fehler, 14 Warnungen"
        let rows = state.screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(rows[20].trimmingCharacters(in: .whitespaces).hasPrefix("1+2"), "\(rows.joined(separator: "\n"))")
        #expect(rows[21].hasPrefix("1.1.1 / 2021") && rows[22].contains("6 Fehler"))
        // The cursor row is still drawn (in the selection it was scrolled to).
        let code = state.gridCursorCode(.costs)!
        #expect(rows[1..<20].contains { $0.contains("\(code) ") }, "Cursor \(code) nicht sichtbar: \(rows.joined(separator: "\n"))")
    }
}
