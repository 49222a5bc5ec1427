import Foundation
import Testing
import TeamworkCore

/// `teamwork export all`: the whole project as JSON, with the receipts ledger, the drawdown
/// register, the newer funding terms and the Maßnahmen-Controlling; the same bytes after a
/// backup is restored into another database (there is no JSON import: backup/restore moves a project).
@Suite(.enabled(if: CLIRun.hasBinary, "teamwork-Binary fehlt (.build/debug/teamwork) – erst `swift build` ausführen"))
struct ExportAllCLITests {
    @Test func exportHasLedgerDrawdownsTermsAndSurvivesBackupAndRestoreByteForByte() throws {
        let dir = try CLIRun.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try ProofCLITests.database(in: dir)
        for arguments in [["terms", "set", "zusage-1", "31.08.2021"], ["terms", "set", "overrun-tolerance", "20"],
                          ["terms", "set", "proof-months-2", "60"],
                          ["drawdown", "add", "--phase", "2", "--date", "01.09.2025", "--amount", "80.000", "--note", "offen"],
                          ["proof", "submitted", "--phase", "1", "--date", "20.02.2024"],
                          ["measure", "add-milestone", "IV.2-1", "--title", "Ausschreibung", "--due", "31.03.2027"],
                          ["measure", "set-status", "IV.2-1", "umsetzung", "--date", "01.10.2026"]] {
            let result = try CLIRun.run(arguments + ["--db", db])
            #expect(result.status == 0, "\(arguments): \(result)")
        }
        let export = try CLIRun.run(["export", "all", "--db", db])
        #expect(export.status == 0, "\(export)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as? [String: Any])

        let expenses = try #require(json["expenses"] as? [[String: Any]])
        #expect(expenses.count == 7)
        let cents = expenses.compactMap { ($0["amount"] as? [String: Any])?["cents"] as? Int }
        #expect(cents.reduce(0, +) == 299_004_22, "the ledger's sum is the Ist of show actuals")
        let credit = try #require(expenses.first { $0["receipt"] as? String == "GS-2022-0007" })
        #expect((credit["amount"] as? [String: Any])?["text"] as? String == "-350,00")
        #expect((credit["date"] as? [String: Any])?["iso"] as? String == "2022-05-16")
        #expect((credit["date"] as? [String: Any])?["text"] as? String == "16.05.2022")
        #expect(credit["line"] as? String == "1.1.5" && credit["purpose"] as? String == "Gutschrift Reisekosten")

        let drawdowns = try #require(json["drawdowns"] as? [[String: Any]])
        #expect(drawdowns.count == 2)
        #expect((drawdowns[0]["receivedOn"] as? [String: Any])?["text"] as? String == "20.04.2022")
        #expect((drawdowns[0]["receivedAmount"] as? [String: Any])?["cents"] as? Int == 100_000_00)
        #expect(drawdowns[1]["receivedOn"] == nil && drawdowns[1]["phase"] as? Int == 2)
        #expect((drawdowns[1]["drawn"] as? [String: Any])?["text"] as? String == "80.000,00")
        let submissions = try #require(json["proofSubmissions"] as? [[String: Any]])
        #expect(submissions.count == 1 && (submissions[0]["submittedOn"] as? [String: Any])?["iso"] as? String == "2024-02-20")

        let terms = try #require(json["terms"] as? [String: Any])
        #expect((terms["strategyZusage"] as? [String: Any])?["text"] as? String == "31.08.2021")
        #expect((terms["strategyProofDeadline"] as? [String: Any])?["text"] as? String == "29.02.2024")
        #expect(terms["implementationZusage"] == nil && terms["implementationProofDeadline"] == nil)
        #expect(terms["strategyProofMonths"] as? Int == 30 && terms["implementationProofMonths"] as? Int == 60)
        #expect(terms["drawdownIntervalMonths"] as? Int == 6 && terms["proofWarningDays"] as? Int == 90)
        #expect((terms["overrunTolerance"] as? [String: Any])?["hundredths"] as? Int == 2000)
        #expect((terms["overdrawInterestPoints"] as? [String: Any])?["text"] as? String == "5,00")

        let controlling = try #require(json["controlling"] as? [String: Any])
        let milestones = try #require(controlling["milestones"] as? [[String: Any]])
        #expect(milestones.count == 1 && (milestones[0]["due"] as? [String: Any])?["iso"] as? String == "2027-03-31")
        let states = try #require(controlling["states"] as? [[String: Any]])
        #expect(states.contains { $0["status"] as? String == "inProgress" && $0["statusTitle"] as? String == "in Umsetzung" })

        // Backup, restore into another database, export again: the same bytes.
        let backup = dir.appendingPathComponent("sicherung.sqlite").path
        #expect(try CLIRun.run(["backup", backup, "--db", db]).status == 0)
        let other = dir.appendingPathComponent("andere.sqlite").path
        try CLIRun.seed(other)
        let restored = try CLIRun.run(["restore", backup, "--db", other])
        #expect(restored.status == 0, "\(restored)")
        let again = try CLIRun.run(["export", "all", "--db", other])
        #expect(again.status == 0 && again.stdout == export.stdout)
        // And the export is deterministic for the same database.
        #expect(try CLIRun.run(["export", "all", "--format", "json", "--db", db]).stdout == export.stdout)
    }
}
