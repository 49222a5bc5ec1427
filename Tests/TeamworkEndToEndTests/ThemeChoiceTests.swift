import Foundation
import Testing

/// Which colour scheme `--theme` picks from the user's theme folder.
@Suite(.enabled(if: E2E.hasBinary, Comment(rawValue: E2E.binarySkipReason ?? "")))
struct ThemeChoiceTests {
    /// A theme file is named by its file name (`--theme beamer` for beamer.toml), whatever its
    /// `name` says; and an unknown one lists the file names. Read by ThemeFile, escapes included.
    @Test func aUserThemeIsChosenByItsFileName() throws {
        let directory = try E2E.makeTempDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("db.sqlite").path
        _ = try runCommand(E2E.binary, ["init", "--db", db])
        let themes = directory.appendingPathComponent("themes")
        try FileManager.default.createDirectory(at: themes, withIntermediateDirectories: true)
        try Data("name = \"Beamer \\u00DC\"\n[styles]\nbody = { fg = \"yellow\" }\n".utf8)
            .write(to: themes.appendingPathComponent("beamer.toml"))
        var environment = E2E.environment()
        environment["TEAMWORK_THEMES"] = themes.path
        let unknown = try runCommand(E2E.binary, ["--db", db, "--theme", "nope"], environment: environment)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("vorhanden: default, beamer, kontrast, monochrom"), "\(unknown.stderr)")
        // Chosen by file name, and by its name: both get past the theme check to the terminal check.
        for choice in ["beamer", "Beamer Ü"] {
            let chosen = try runCommand(E2E.binary, ["--db", db, "--theme", choice], environment: environment)
            #expect(chosen.stderr.contains("braucht ein Terminal"), "\(choice): \(chosen.stderr)")
        }
    }
}
