import Foundation
import Testing
import TeamworkCore
import TeamworkStore

/// `teamwork terms set KEY VALUE` with values that start with "-": `-` clears a date or the
/// tolerance, `-5` reaches the term's own validation (German message, exit 2) instead of being
/// taken for an option by ArgumentParser.
@Suite(.enabled(if: CLIRun.hasBinary, "teamwork-Binary fehlt (.build/debug/teamwork) – erst `swift build` ausführen"))
struct TermsCLITests {
    @Test func dashClearsAndNegativeValuesGetTheGermanValidation() throws {
        let dir = try CLIRun.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("teamwork.sqlite").path
        try CLIRun.seed(db)
        func terms(_ arguments: String...) throws -> CLIResult { try CLIRun.run(["terms"] + arguments + ["--db", db]) }
        func stored() throws -> FundingTerms { try ProjectStore(path: db, readOnly: true).fundingTerms() }

        #expect(try terms("set", "zusage-1", "31.08.2021").status == 0)
        #expect(try terms("set", "overrun-tolerance", "20").status == 0)
        #expect(try stored().overrunTolerance?.basisPoints == 2000)

        let negative = try terms("set", "overrun-tolerance", "-5")
        #expect(negative.status == 2, "\(negative)")
        #expect(negative.stdout.isEmpty)
        #expect(negative.stderr == "teamwork: overrun-tolerance: \"-5\" – negative Beträge sind hier nicht erlaubt; "
                + "erwartet: ein Prozentsatz von 0 bis 100, z. B. 20; - schaltet die Toleranz aus\n", "\(negative.stderr)")
        #expect(try stored().overrunTolerance?.basisPoints == 2000, "a refused value changes nothing")
        let months = try terms("set", "proof-months-2", "-3")
        #expect(months.status == 2 && months.stderr.contains("proof-months-2: \"-3\"")
                && months.stderr.contains("eine ganze Zahl von 1 bis 240"), "\(months)")
        let quota = try CLIRun.run(["terms", "set", "--db", db, "quota", "-90"])
        #expect(quota.status == 2 && quota.stderr.contains("quota: \"-90\" – negative Beträge"), "--db first: \(quota)")
        let terminated = try CLIRun.run(["terms", "set", "--db", db, "overrun-tolerance", "--", "-5"])
        #expect(terminated.status == 2 && terminated.stderr.contains("overrun-tolerance: \"-5\" – negative Beträge"),
                "the habitual -- before the value: \(terminated)")
        let audited = try CLIRun.userAudit(db).count

        let tolerance = try terms("set", "overrun-tolerance", "-")
        #expect(tolerance.status == 0, "\(tolerance)")
        #expect(tolerance.stdout.hasPrefix("Toleranz je Planzeile für Ist über Soll: 20,00 % → aus\n"), "\(tolerance.stdout)")
        #expect(try stored().overrunTolerance == nil)
        let zusage = try terms("set", "zusage-1", "-")
        #expect(zusage.status == 0, "\(zusage)")
        #expect(zusage.stdout.hasPrefix("Zusage der KfW, Strategiephase: 31.08.2021 → nicht eingetragen\n"), "\(zusage.stdout)")
        #expect(try stored().strategyZusage == nil)
        #expect(try CLIRun.userAudit(db).count == audited + 2, "each clearing is in the audit trail")
        #expect(try terms().stdout.contains("keine Frist – Zusage-Datum nicht eingetragen"))
    }

    @Test func missingSeveralOrOptionLikeValuesAreUsageErrors() throws {
        let dir = try CLIRun.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("teamwork.sqlite").path
        try CLIRun.seed(db)
        let before = CLIRun.fileBytes(db)
        for (arguments, text) in [(["overrun-tolerance"], "es fehlt der Wert für overrun-tolerance"),
                                  (["overrun-tolerance", "-5", "7"], "ein Wert erwartet, angegeben sind 2: '-5' '7'"),
                                  (["quota", "--dry-run"], "unbekannte Option '--dry-run'"),
                                  (["quota", "90", "--dbx", "x"], "unbekannte Option '--dbx'")] {
            let result = try CLIRun.run(["terms", "set"] + arguments + ["--db", db])
            #expect(result.status == 2, "\(arguments): \(result)")
            #expect(result.stderr.contains(text), "\(arguments): \(result.stderr)")
        }
        #expect(CLIRun.fileBytes(db) == before)
        let help = try CLIRun.run(["terms", "set", "--help"])
        #expect(help.status == 0 && help.stdout.contains("teamwork terms set <KEY> <VALUE> [--db <PATH>]"), "\(help.stdout)")
    }
}
