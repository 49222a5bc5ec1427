import Foundation
import Testing
@testable import TeamworkUI

/// Issue 17 items 6 and 8: a grapheme cluster is one cell; the built-in themes are the files.
@Suite struct GraphemeCellTests {
    @Test func zwjSequenceIsOneWideCellWithoutAStrayJoiner() {
        var buffer = Buffer(width: 10, height: 2)
        let family = "👨\u{200D}👩\u{200D}👧"
        let written = buffer.put(family + "x", x: 0, y: 0, style: .plain)
        #expect(written == 3)
        #expect(buffer[0, 0].symbol == "👨" && buffer[0, 0].width == 2)
        #expect(buffer[1, 0].width == 0)
        #expect(buffer[2, 0].symbol == "x")
        #expect(Terminal.width(family) == 2)
        // No cell carries a zero-width joiner (curses would put it into the next cell or row).
        #expect(!buffer.cells.contains { $0.symbol.unicodeScalars.contains("\u{200D}") })
    }

    /// Buffer.put switches between its ASCII path and grapheme breaking inside one line.
    @Test func aLineMixingASCIIWideAndMarkedCharactersFillsItsCells() {
        var buffer = Buffer(width: 20, height: 1)
        let written = buffer.put("Fö 漢a\u{301}b\u{1B}€", x: 0, y: 0, style: .plain)
        let symbols = (0..<written).map { buffer[$0, 0].symbol }
        #expect(symbols == ["F", "ö", " ", "漢", "", "a\u{301}", "b", "·", "€"], "\(symbols)")
        #expect(written == 9 && buffer[3, 0].width == 2 && buffer[4, 0].width == 0)
    }

    @Test func combiningMarksStayWithTheirBaseUpToACursesCell() {
        var buffer = Buffer(width: 10, height: 1)
        buffer.put("e\u{301}x", x: 0, y: 0, style: .plain)
        #expect(buffer[0, 0].symbol == "e\u{301}" && buffer[0, 0].width == 1)
        #expect(buffer[1, 0].symbol == "x")
        let zalgo = "a" + String(repeating: "\u{301}", count: 30)
        buffer.put(zalgo + "b", x: 0, y: 0, style: .plain)
        #expect(buffer[0, 0].symbol.unicodeScalars.count == 5)
        #expect(buffer[1, 0].symbol == "b")
        #expect(Terminal.width(zalgo) == 1)
    }

    @Test func loneZeroWidthCharactersAreVisible() {
        var buffer = Buffer(width: 5, height: 1)
        buffer.put("\u{200D}\u{200B}a", x: 0, y: 0, style: .plain)
        #expect(buffer.line(0) == "··a")
        #expect(TextLayout.clip("👨\u{200D}👩\u{200D}👧👨\u{200D}👩\u{200D}👧", 3) == "👨\u{200D}👩\u{200D}👧…")
    }
}

@Suite struct ShippedThemesTests {
    static let themesDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Themes")

    @Test func builtInTextsEqualTheThemeFiles() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.themesDir.path)
            .filter { $0.hasSuffix(".toml") }.sorted()
        #expect(ShippedThemes.files.map(\.name).sorted() == files,
                "Themes/ und ShippedThemes.swift weichen ab – `make themes` ausführen")
        #expect(ShippedThemes.files.first?.name == "default.toml")
        for file in files {
            let text = try String(contentsOfFile: Self.themesDir.appendingPathComponent(file).path, encoding: .utf8)
            let embedded = ShippedThemes.files.first { $0.name == file }?.text
            #expect(embedded == text, "\(file) weicht ab – `make themes` ausführen")
            #expect(throws: Never.self) { try ThemeLoader.parse(embedded ?? "", file: file) }
        }
    }
}
