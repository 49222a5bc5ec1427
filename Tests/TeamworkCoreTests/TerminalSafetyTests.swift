import Foundation
import Testing
@testable import TeamworkCore

@Suite struct TerminalSafetyTests {
    @Test func controlsBidiAndC1BecomeVisibleNotation() {
        let hostile = "A\u{1B}]0;pwned\u{07}\u{1B}[2J\r\u{9B}31m\u{202E}LEBATKEHC\u{2066}x\u{2028}\u{7F}\u{0}"
        #expect(TerminalSafety.escaped(hostile)
                == #"A\u{1B}]0;pwned\u{7}\u{1B}[2J\u{D}\u{9B}31m\u{202E}LEBATKEHC\u{2066}x\u{2028}\u{7F}\u{0}"#)
        let escaped = TerminalSafety.escaped(hostile)
        #expect(!escaped.unicodeScalars.contains(where: TerminalSafety.isUnsafe))
    }

    @Test func ordinaryTextIsUnchanged() {
        let text = "Kosten- und Finanzierungsplan\n\tÄnderungen: 1.234,56 € → 2.000,00 € · „Forum“ 👨‍👩‍👧 é\n"
        #expect(TerminalSafety.escaped(text) == text)
    }

    @Test func ourOwnBoldAndCRLFCanBeKeptForTerminals() {
        let text = "\u{1B}[1mNr\u{1B}[0m\r\nBEGIN:VCARD\r\nFN:x\u{1B}[31mrot\r"
        #expect(TerminalSafety.escaped(text, keepingCRLF: true, keepingBold: true)
                == "\u{1B}[1mNr\u{1B}[0m\r\nBEGIN:VCARD\r\nFN:x\\u{1B}[31mrot\\u{D}")
    }

    @Test func echoCutsAtFortyCharacters() {
        let long = String(repeating: "x", count: 5_000_000)
        #expect(TerminalSafety.echo(long) == String(repeating: "x", count: 40) + "…")
        #expect(TerminalSafety.echo("kurz") == "kurz")
        #expect(TerminalSafety.echo("a\nb\tc\u{1B}") == "a\nb\tc" + #"\u{1B}"#)
    }

    @Test func planCSVErrorsEchoAtMostFortyCharacters() {
        let line = "Nr;Bezeichnung;" + String(repeating: "y", count: 1_000_000) + "\n"
        do {
            _ = try PlanCSV.read(line)
            Issue.record("kein Fehler")
        } catch {
            // Every error of the file (the header and the missing rows), the echo cut to 40 characters.
            #expect(error.description.count < 1_000, "\(error.description.count) Zeichen")
            #expect(error.description.contains("Zeile 1, Spalte 3: Kopfzeile: \"" + String(repeating: "y", count: 40) + "…\""))
        }
        var rows = PlanCSV.write(schwerinPlan()).components(separatedBy: "\n")
        rows[1] = rows[1].replacingFirstAmount(with: String(repeating: "9", count: 100_000) + "x")
        do {
            _ = try PlanCSV.read(rows.joined(separator: "\n"))
            Issue.record("kein Fehler")
        } catch {
            #expect(error.description.count < 200, "\(error.description.count) Zeichen")
            #expect(error.description.contains("\"" + String(repeating: "9", count: 40) + "…\" ist kein Betrag"))
        }
    }
}

private extension String {
    /// Replaces the third field of a CSV row.
    func replacingFirstAmount(with value: String) -> String {
        var fields = components(separatedBy: ";")
        fields[2] = value
        return fields.joined(separator: ";")
    }
}
