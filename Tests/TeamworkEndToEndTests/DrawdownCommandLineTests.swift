import Foundation
import Testing

/// `teamwork terms`, `drawdown …`, `proof submitted` and their rules in `check`, through the real binary.
@Suite(.enabled(if: E2E.hasBinary, Comment(rawValue: E2E.binarySkipReason ?? "")))
struct DrawdownCommandLineTests {
    let directory: URL
    let database: String

    init() throws {
        directory = try E2E.makeTempDirectory()
        database = directory.appendingPathComponent("teamwork.sqlite").path
        let created = try runCommand(E2E.binary, ["init", "--db", database])
        guard created.status == 0 else { throw E2EError("teamwork init: \(created.stderr)") }
    }

    func teamwork(_ arguments: String...) throws -> CommandResult {
        try runCommand(E2E.binary, arguments + ["--db", database], stdin: nil)
    }

    /// The findings of `check --format json` for one rule.
    func findings(_ rule: String) throws -> [[String: Any]] {
        let result = try teamwork("check", "--format", "json")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let all = json?["findings"] as? [[String: Any]] ?? []
        return all.filter { $0["rule"] as? String == rule }
    }

    @Test func termsShowTheDeadlineOnceTheZusageIsSet() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let before = try teamwork("terms")
        #expect(before.status == 0, "\(before.stderr)")
        #expect(before.stdout.contains("nicht eingetragen"))
        #expect(before.stdout.contains("proof-months-1"))
        #expect(try findings("proof-deadline").isEmpty, "no Zusage, no deadline")

        let set = try teamwork("terms", "set", "zusage-1", "31.08.2021")
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains("nicht eingetragen → 31.08.2021"))
        let after = try teamwork("terms")
        #expect(after.stdout.contains("fällig am 29.02.2024"), "\(after.stdout)")
        let overdue = try findings("proof-deadline")
        #expect(overdue.count == 1)
        #expect(overdue.first?["severity"] as? String == "error")
        #expect(overdue.first?["expected"] as? String == "29.02.2024")

        let submitted = try teamwork("proof", "submitted", "--phase", "1", "--date", "20.02.2024")
        #expect(submitted.status == 0, "\(submitted.stderr)")
        #expect(submitted.stdout.contains("eingehalten"))
        #expect(try findings("proof-deadline").isEmpty, "submitted: the deadline no longer warns")
    }

    @Test func badTermsAreRefusedWithExitCodeTwo() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        for (key, value, text) in [("zusage-2", "31.02.2022", "den 31. gibt es"), ("quota", "150", "0 bis 100"),
                                   ("interval", "6", "möglich sind"), ("proof-months-2", "3,5", "keine ganze Zahl")] {
            let result = try teamwork("terms", "set", key, value)
            #expect(result.status == 2, "\(key) \(value)")
            #expect(result.stderr.contains(text), "\(result.stderr)")
        }
        #expect(try teamwork("terms").stdout.contains("90,00 %"), "nothing changed")
    }

    @Test func drawdownOverTheQuotaIsAnErrorNamingTheAmount() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        // No expenses in a fresh database: every euro drawn is over the quota.
        let escape = try teamwork("drawdown", "add", "--phase", "2", "--date", "01.10.2026", "--amount", "1",
                                  "--note", "Test\u{1B}[31m")
        #expect(escape.status == 2 && escape.stderr.contains("Steuerzeichen"), "\(escape.stderr)")
        let add = try teamwork("drawdown", "add", "--phase", "2", "--date", "01.10.2026", "--amount", "5.000,00",
                               "--note", "Test\u{202E}abc")
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stdout.contains("Mittelabruf Nr. 1 angelegt"))
        let over = try findings("drawdown-over-quota")
        #expect(over.count == 1)
        #expect((over.first?["message"] as? String)?.contains("5.000,00 € zu viel abgerufen") == true)
        let list = try teamwork("drawdown", "list")
        #expect(list.stdout.contains("5.000,00"))
        #expect(!list.stdout.contains("\u{202E}"), "a bidi override never reaches the terminal raw")
        #expect(list.stdout.contains("Test·abc"))
        let status = try teamwork("drawdown", "status")
        #expect(status.stdout.contains("Jetzt abrufbar"))
        #expect(status.stdout.contains("drawdown-over-quota"))

        #expect(try teamwork("drawdown", "add", "--phase", "3", "--date", "01.10.2026", "--amount", "1").status == 2)
        #expect(try teamwork("drawdown", "add", "--phase", "1", "--date", "01.10.2026", "--amount", "1",
                             "--received", "01.01.2099").stderr.contains("in der Zukunft"))
        #expect(try teamwork("drawdown", "add", "--phase", "1", "--date", "01.10.2026", "--amount", "1,234").status == 2)
        let edit = try teamwork("drawdown", "edit", "1", "--received", "15.10.2026")
        #expect(edit.status == 0 && edit.stdout.contains("eingegangen am 15.10.2026"), "\(edit.stdout)\(edit.stderr)")
        #expect(try teamwork("drawdown", "delete", "1").status == 0)
        #expect(try findings("drawdown-over-quota").isEmpty)
        #expect(try teamwork("drawdown", "delete", "1").status == 2)
    }

    /// Phase 1: 48.500 + 12.399,90 + 18.500 − 350 + 120.000 = 199.049,90 Ist; phase 2: 12.300 + 87.654,32 = 99.954,32.
    static let receipts = """
        Datum;Planzeile;Empfänger;Verwendungszweck;Betrag;Beleg-Nr
        17.01.2022;1.1.1;Landeshauptstadt Schwerin;Personalkosten Januar 2022;48.500,00;ER-2022-0013
        11.02.2022;1.1.3;Bürobedarf Müller GmbH;"Büromöbel; Arbeitsplätze";12.399,90;ER-2022-0041
        07.03.2022;1.1.5;Beratungsbüro Nord GmbH;Moderation Auftaktworkshop;18.500,00;ER-2022-0077
        16.05.2022;1.1.5;Beratungsbüro Nord GmbH;Gutschrift Reisekosten;-350,00;GS-2022-0007
        17.03.2023;1.2.1;Plattformbetrieb Nord GmbH;Teamwork-Plattform;120.000,00;ER-2023-0058
        06.02.2024;2.1.1;Landeshauptstadt Schwerin;Personalkosten Januar 2024;12.300,00;ER-2024-0019
        28.07.2025;2.2.1;Sensorik & Funk GmbH;Sensorik Pilotgebiet;87.654,32;ER-2025-0133

        """

    @Test func callableAndProofFromAReceiptsFile() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("belege.csv")
        try Self.receipts.write(to: file, atomically: true, encoding: .utf8)
        #expect(try teamwork("import", "expenses", file.path).status == 0)
        #expect(try teamwork("drawdown", "add", "--phase", "1", "--date", "01.04.2022", "--amount", "100.000",
                             "--received", "20.04.2022").status == 0)
        #expect(try teamwork("drawdown", "add", "--phase", "1", "--date", "01.10.2023", "--amount", "70.000",
                             "--received", "15.10.2023").status == 0)
        #expect(try teamwork("drawdown", "add", "--phase", "2", "--date", "01.09.2025", "--amount", "80.000").status == 0)
        let status = try teamwork("drawdown", "status")
        let callable = try #require(status.stdout.split(separator: "\n").first { $0.hasPrefix("Jetzt abrufbar") })
        // 199.049,90 × 90 % = 179.144,91 − 170.000 = 9.144,91; 99.954,32 × 90 % = 89.958,888 → 89.958,88 − 80.000.
        #expect(callable.split(separator: " ").suffix(3) == ["9.144,91", "9.958,88", "19.103,79"], "\(status.stdout)")
        #expect(try findings("drawdown-over-quota").isEmpty)
        #expect(try teamwork("drawdown", "add", "--phase", "2", "--date", "01.11.2026", "--amount", "14.958,88").status == 0)
        let over = try findings("drawdown-over-quota")
        #expect((over.first?["message"] as? String)?.contains("5.000,00 € zu viel abgerufen") == true, "\(over)")

        let md = try teamwork("proof", "export", "--phase", "1", "--format", "md")
        #expect(md.status == 0, "\(md.stderr)")
        #expect(md.stdout.contains("| **1** | **Summe Strategiephase** | **2.255.000,00** | **199.049,90** |"))
        #expect(md.stdout.contains("**Summe der Belegliste: 199.049,90 € (= Ist 199.049,90 €)**"))
        let out = directory.appendingPathComponent("nachweis.csv")
        #expect(try teamwork("proof", "export", "--phase", "all", "--format", "csv", "--output", out.path).status == 0)
        let bytes = try Data(contentsOf: out)
        #expect(bytes.prefix(3) == Data([0xEF, 0xBB, 0xBF]), "UTF-8 with BOM for German Excel")
        let csv = String(decoding: bytes, as: UTF8.self)
        #expect(csv.contains("\r\n;;;;Summe Belegliste;299004,22\r\n"))
        let actuals = try teamwork("show", "actuals")
        #expect(actuals.stdout.contains("299.004,22"))
        #expect(try teamwork("proof", "export", "--phase", "3", "--format", "md").status == 2)
        #expect(try teamwork("proof", "export", "--phase", "1", "--format", "md", "--baseline", "Fehlt").status == 2)
    }
}
