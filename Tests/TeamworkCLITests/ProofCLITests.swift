import Foundation
import Testing
import TeamworkCore
import TeamworkXLSX

/// `teamwork proof export --format xlsx` through the real binary, read back with teamwork's own
/// XLSX reader: the Belegliste's total and the Nachweis's Ist are what `show actuals` and the
/// Markdown proof say.
@Suite(.enabled(if: CLIRun.hasBinary, "teamwork-Binary fehlt (.build/debug/teamwork) – erst `swift build` ausführen"))
struct ProofCLITests {
    /// Phase 1: 48.500 + 12.399,90 + 18.500 − 350 + 120.000 = 199.049,90; phase 2: 12.300 + 87.654,32 = 99.954,32.
    static let receipts = """
        Datum;Planzeile;Empfänger;Verwendungszweck;Betrag;Beleg-Nr
        17.01.2022;1.1.1;Landeshauptstadt Schwerin;Personalkosten Januar 2022;48.500,00;ER-2022-0013
        11.02.2022;1.1.3;"=HYPERLINK(""http://example.org"";""Büromöbel"")";"Büromöbel; Arbeitsplätze";12.399,90;ER-2022-0041
        07.03.2022;1.1.5;Beratungsbüro Nord GmbH;Moderation Auftaktworkshop;18.500,00;ER-2022-0077
        16.05.2022;1.1.5;Beratungsbüro Nord GmbH;Gutschrift Reisekosten;-350,00;GS-2022-0007
        17.03.2023;1.2.1;Plattformbetrieb Nord GmbH;Teamwork-Plattform;120.000,00;ER-2023-0058
        06.02.2024;2.1.1;Landeshauptstadt Schwerin;Personalkosten Januar 2024;12.300,00;ER-2024-0019
        28.07.2025;2.2.1;Sensorik & Funk GmbH;Sensorik Pilotgebiet;87.654,32;ER-2025-0133

        """

    /// A database with the receipts and one received drawdown.
    static func database(in dir: URL) throws -> String {
        let db = dir.appendingPathComponent("teamwork.sqlite").path
        try CLIRun.seed(db)
        let file = dir.appendingPathComponent("belege.csv")
        try receipts.write(to: file, atomically: true, encoding: .utf8)
        let imported = try CLIRun.run(["import", "expenses", file.path, "--db", db])
        guard imported.status == 0 else { throw CLIFailure("import expenses: \(imported)") }
        let drawn = try CLIRun.run(["drawdown", "add", "--phase", "1", "--date", "01.04.2022", "--amount", "100.000",
                                    "--received", "20.04.2022", "--db", db])
        guard drawn.status == 0 else { throw CLIFailure("drawdown add: \(drawn)") }
        return db
    }

    /// The Betrag (column F) next to the text `label` (column E) of a sheet, in cents.
    static func amount(beside label: String, in sheet: XLSXReader.SheetData, labelColumn: Int, valueColumn: Int) -> Int64? {
        guard let row = sheet.cells.first(where: { $0.column == labelColumn && $0.value == .text(label) })?.row,
              let cell = sheet.cells.first(where: { $0.row == row && $0.column == valueColumn }),
              case .number(let literal) = cell.value else { return nil }
        return cents(literal)
    }

    static func cents(_ literal: String) -> Int64? {
        guard let decimal = Decimal(string: literal, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        var scaled = decimal * 100, rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        return NSDecimalNumber(decimal: rounded).int64Value
    }

    /// The Ist column of `show actuals` on the row starting with `code`, in cents.
    static func actualsIst(_ text: String, code: String) throws -> Int64 {
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix(code + " ") }, "\(code) in\n\(text)")
        let numbers = line.split(separator: " ").filter { $0.first?.isNumber == true && $0.contains(",") }
        // Nr Bezeichnung Soll Ist Differenz %: the second amount is Ist.
        return try #require(numbers.count >= 2 ? try? Fixed2.parse(String(numbers[1])) : nil, "\(line)")
    }

    @Test(arguments: [("all", "1+2"), ("1", "1"), ("2", "2")])
    func workbookTotalsEqualShowActualsAndTheMarkdown(phase: String, code: String) throws {
        let dir = try CLIRun.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try Self.database(in: dir)
        let out = dir.appendingPathComponent("nachweis.xlsx").path
        let result = try CLIRun.run(["proof", "export", "--phase", phase, "--format", "xlsx", "--output", out,
                                     "--until", "31.12.2025", "--db", db])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("geschrieben: \(out) (Ist "), "\(result.stderr)")
        let sheets = try XLSXReader.sheets(try Data(contentsOf: URL(fileURLWithPath: out)))
        #expect(sheets.map(\.name) == ["Nachweis", "Mittelabrufe", "Belegliste", "Sachbericht"])
        let belegliste = try #require(sheets.first { $0.name == "Belegliste" })
        let nachweis = try #require(sheets.first { $0.name == "Nachweis" })

        let total = try #require(Self.amount(beside: "Summe Belegliste (= Ist)", in: belegliste, labelColumn: 4, valueColumn: 5))
        let codeCell = try #require(nachweis.cells.first { $0.column == 0 && $0.value == .text(code) })
        let ist = try #require(nachweis.cells.first { $0.row == codeCell.row && $0.column == 3 })
        guard case .number(let literal) = ist.value else { Issue.record("Ist ist keine Zahl: \(ist)"); return }
        #expect(Self.cents(literal) == total)

        let actuals = try CLIRun.run(["show", "actuals", "--db", db])
        #expect(actuals.status == 0)
        #expect(try Self.actualsIst(actuals.stdout, code: code) == total, "\(actuals.stdout)")
        let expected: Int64 = phase == "1" ? 199_049_90 : phase == "2" ? 99_954_32 : 299_004_22
        #expect(total == expected)

        let md = try CLIRun.run(["proof", "export", "--phase", phase, "--format", "md", "--until", "31.12.2025", "--db", db])
        let figure = Fixed2.format(total)
        #expect(md.stdout.contains("**Summe der Belegliste: \(figure) € (= Ist \(figure) €)**"), "\(md.stdout)")

        // A payee that looks like a formula is text in the workbook, never a formula.
        if phase != "2" {
            let payee = try #require(belegliste.cells.first {
                if case .text(let t) = $0.value { t.hasPrefix("=HYPERLINK(") } else { false }
            })
            #expect(payee.formula == nil)
        }
    }

    @Test func withoutOutputANewFileIsWrittenAndNeverOverwritten() throws {
        let dir = try CLIRun.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try Self.database(in: dir)
        let work = dir.appendingPathComponent("ausgabe", isDirectory: true)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let first = try CLIRun.run(["proof", "export", "--phase", "1", "--format", "xlsx", "--db", db], in: work.path)
        #expect(first.status == 0, "\(first)")
        let name = try #require(first.stderr.firstMatch(of: /geschrieben: (teamwork-verwendungsnachweis-1-\d{4}-\d{2}-\d{2}\.xlsx)\s/)?.1,
                                "\(first.stderr)")
        let path = work.appendingPathComponent(String(name)).path
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(PlanXLSX.looksLikeWorkbook(bytes))
        try Data("meine Notizen".utf8).write(to: URL(fileURLWithPath: path))
        let second = try CLIRun.run(["proof", "export", "--phase", "1", "--format", "xlsx", "--db", db], in: work.path)
        #expect(second.status == 0, "\(second)")
        #expect(second.stderr.contains(String(name.dropLast(5)) + "-2.xlsx"), "\(second.stderr)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "meine Notizen", "an existing file stays as it was")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).count == 2)

        // --output names the file: replaced, as export plan --format xlsx does; a directory is refused.
        let named = work.appendingPathComponent("nachweis.xlsx").path
        try Data("alt".utf8).write(to: URL(fileURLWithPath: named))
        #expect(try CLIRun.run(["proof", "export", "--phase", "1", "--format", "xlsx", "--output", named, "--db", db]).status == 0)
        #expect(PlanXLSX.looksLikeWorkbook(try Data(contentsOf: URL(fileURLWithPath: named))))
        let refused = try CLIRun.run(["proof", "export", "--phase", "1", "--format", "xlsx", "--output", work.path, "--db", db])
        #expect(refused.status == 2 && refused.stderr.contains("ist ein Verzeichnis"), "\(refused)")
        // --output - writes the bytes to standard output when that is no terminal (here a file).
        let piped = try CLIRun.run(["proof", "export", "--phase", "1", "--format", "xlsx", "--output", "-", "--db", db])
        #expect(piped.status == 0 && piped.stderr.isEmpty, "\(piped.stderr)")
    }
}
