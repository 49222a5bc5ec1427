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

    /// Found by fuzzing: toml++ aborted the process on a non-ASCII table header.
    @Test(arguments: ["[Größe]\n", "name = \"X\"\n[\u{FFFD}]\n", "[styles]\nbödy = {}\n", "[styles]\nbody = { fg = \"red\" }\u{1B}\n"])
    func charactersOutsideStringsAreRejectedBeforeParsing(_ text: String) {
        #expect(throws: ThemeError.self) { try ThemeLoader.parse(text, file: "x.toml") }
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
}
