import Foundation
import Testing

/// Issue 17 item 11: every start paid for loading and relocating libraries only the .xlsx
/// import and export use – libxlsxwriter (with libminizip and libcrypto) and, through
/// FoundationXML, libxml2 (with ICU). Now libxlsxwriter is loaded on first use and the reader
/// has its own XML scanner, so the binary needs none of them to start; writing a workbook
/// still works (PlanWorkbookTests, ProofWorkbookTests, .ci/excel-check).
@Suite(.enabled(if: E2E.hasBinary, Comment(rawValue: E2E.binarySkipReason ?? "")))
struct StartupLinkTests {
    @Test func theBinaryStartsWithoutTheWorkbookLibraries() throws {
        let readelf = try #require(E2E.which("readelf"), "readelf (binutils) fehlt")
        let result = try runCommand(readelf, ["-d", E2E.binary])
        let needed = result.stdout.split(separator: "\n").filter { $0.contains("(NEEDED)") }.map(String.init)
        #expect(needed.contains { $0.contains("libc.so") }, "readelf -d: \(needed)")
        for library in ["libxlsxwriter", "libxml2", "FoundationXML", "libicu", "libcrypto", "libminizip"] {
            #expect(!needed.contains { $0.contains(library) }, "\(library) wird beim Start geladen: \(needed)")
        }
    }

    /// The C libraries every start uses come from their archives (scripts/link-static): the
    /// dynamic loader has six libraries fewer to find, map and relocate.
    @Test func theCLibrariesOfEveryStartAreLinkedIn() throws {
        let readelf = try #require(E2E.which("readelf"), "readelf (binutils) fehlt")
        let result = try runCommand(readelf, ["-d", E2E.binary])
        let needed = result.stdout.split(separator: "\n").filter { $0.contains("(NEEDED)") }.map(String.init)
        for library in ["libsqlite3", "libncursesw", "libtinfo", "libz.", "libstdc++", "libgcc_s"] {
            #expect(!needed.contains { $0.contains(library) }, "\(library) wird beim Start geladen: \(needed)")
        }
        // SQLite from the archive creates, seeds and reads a database.
        let directory = try E2E.makeTempDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("db.sqlite").path
        let created = try runCommand(E2E.binary, ["init", "--db", db])
        #expect(created.status == 0, "\(created.stderr)")
        let shown = try runCommand(E2E.binary, ["show", "plan", "--db", db])
        #expect(shown.stdout.contains("18.225.000,00"), "\(shown.stdout)\(shown.stderr)")
    }

    @Test func aWorkbookIsStillWrittenWithTheLibraryLoadedOnDemand() throws {
        let directory = try E2E.makeTempDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("db.sqlite").path
        let xlsx = directory.appendingPathComponent("plan.xlsx").path
        _ = try runCommand(E2E.binary, ["init", "--db", db])
        let export = try runCommand(E2E.binary, ["export", "plan", "--db", db, "--format", "xlsx", "--output", xlsx])
        #expect(export.status == 0, "\(export.stderr)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: xlsx))
        #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]), "kein ZIP: \(bytes.prefix(4))")
        // Read back through the XML scanner: the same findings as the database's.
        let fromXLSX = try runCommand(E2E.binary, ["check", "--plan", xlsx, "--format", "json"])
        let fromDB = try runCommand(E2E.binary, ["check", "--db", db, "--format", "json"])
        #expect(fromXLSX.status == fromDB.status && fromDB.status == 1, "\(fromXLSX.stderr)")
        #expect(fromXLSX.stdout == fromDB.stdout)
    }
}
