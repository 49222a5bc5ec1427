import Foundation
import Testing
@testable import TeamworkUI

@Suite struct ThemeTests {
    static let themesDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Themes")

    @Test(arguments: ["default", "kontrast", "monochrom"])
    func shippedThemesParse(_ name: String) throws {
        let path = Self.themesDir.appendingPathComponent(name + ".toml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let theme = try ThemeLoader.parse(text, file: path)
        for role in Role.allCases { #expect(theme.styles[role] != nil, "\(name): \(role)") }
        if name == "monochrom" {
            #expect(theme.styles.values.allSatisfy { $0.fg == .default && $0.bg == .default })
        }
    }

    @Test func syntaxErrorNamesFileAndLine() {
        let text = "name = \"X\"\n[styles]\nheader = { fg = \"white\"\n"
        #expect(throws: ThemeError.self) { try ThemeLoader.parse(text, file: "kaputt.toml") }
        do {
            _ = try ThemeLoader.parse(text, file: "kaputt.toml")
        } catch {
            #expect(error.file == "kaputt.toml")
            #expect(error.line == 3)
            #expect(error.description.hasPrefix("Theme \"kaputt.toml\", Zeile 3:"))
        }
    }

    @Test func unknownColorAndRoleAreReportedWithLine() {
        do {
            _ = try ThemeLoader.parse("[styles]\nbody = {}\nerror = { fg = \"purple\" }\n", file: "f.toml")
            Issue.record("unbekannte Farbe wurde angenommen")
        } catch {
            #expect(error.line == 3)
            #expect(error.reason.contains("unbekannte Farbe"))
        }
        do {
            _ = try ThemeLoader.parse("[styles]\nfoo = { bold = true }\n", file: "f.toml")
            Issue.record("unbekannte Rolle wurde angenommen")
        } catch {
            #expect(error.line == 2)
            #expect(error.reason.contains("unbekannte Rolle"))
        }
    }

    /// Each of these made toml++ abort the process (found by fuzzing) when it still read the
    /// themes, or is a shape a theme never has; ThemeFile refuses them all with their line.
    @Test(arguments: [("[Größe]\n", 1), ("name = \"X\"\n[\u{FFFD}]\n", 2), ("[styles]\nbödy = {}\n", 2),
                      ("[styles]\nbody = { fg = \"red\" }\u{1B}\n", 2), ("name = \"X\"\n[%styles]\nbody = {}\n", 2),
                      ("[styles]\nbody = { fg = red }\n", 2), ("[styles]\nbody = { fg = \"red\"\n", 2),
                      ("[styles]\n%body = {}\n", 2), ("[styles] x\n", 1), ("name = \"offen\n", 1)])
    func malformedShapesAreRejectedWithTheirLine(_ text: String, _ line: Int) {
        do {
            _ = try ThemeLoader.parse(text, file: "x.toml")
            Issue.record("angenommen: \(text)")
        } catch {
            #expect(error.line == line, "\(error)")
        }
    }

    @Test func nonASCIIInsideStringsAndCommentsIsFine() throws {
        let theme = try ThemeLoader.parse("# Farbschema für Größe\nname = \"Größe ✓\"\n[styles]\nbody = {}\n", file: "ok.toml")
        #expect(theme.name == "Größe ✓")
    }

    @Test func missingRolesFallBackToDefault() throws {
        let theme = try ThemeLoader.parse("name = \"Klein\"\n[styles]\nerror = { fg = \"magenta\" }\n", file: "k.toml")
        #expect(theme.name == "Klein")
        #expect(theme.style(.error).fg == .magenta)
        #expect(theme.style(.header) == Theme.fallback.style(.header))
    }

    @Test func stringsFollowTOMLEscapesAndLiteralQuotes() throws {
        let text = "name = \"Zwei \\\"Wörter\\\" \\u00DC\"\n[styles]\nbody = { fg = 'white', bold = false }\n"
        let theme = try ThemeLoader.parse(text, file: "e.toml")
        #expect(theme.name == "Zwei \"Wörter\" Ü")
        #expect(theme.style(.body) == Style(fg: .white, bold: false))
    }

    @Test(arguments: [
        ("name = \"a\"\nname = \"b\"\n[styles]\n", 2, "zweimal"),
        ("[styles]\nbody = {}\n[styles]\n", 3, "zweimal"),
        ("[styles]\nbody = { bold = true, bold = false }\n", 2, "zweimal"),
        ("[styles]\nbody = { fg = true }\n", 2, "Farbname"),
        ("[styles]\nbody = { bold = \"ja\" }\n", 2, "true oder false"),
        ("[styles]\nbody = \"red\"\n", 2, "Tabelle"),
        ("name = \"\\q\"\n[styles]\n", 1, "Escape"),
        ("name = \"\\u12\"\n[styles]\n", 1, "Hexadezimalziffern"),
    ])
    func wrongValuesAreRejectedWithLineAndReason(_ text: String, _ line: Int, _ reason: String) {
        do {
            _ = try ThemeLoader.parse(text, file: "w.toml")
            Issue.record("angenommen: \(text)")
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.reason.contains(reason), "\(error)")
        }
    }

    @Test func aFileWithoutStylesSaysSo() {
        #expect(throws: ThemeError(file: "n.toml", line: nil, reason: "Abschnitt [styles] fehlt")) {
            try ThemeLoader.parse("name = \"Ohne\"\n", file: "n.toml")
        }
    }
}
