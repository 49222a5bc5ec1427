import ArgumentParser
import Foundation
import TeamworkCore
import TeamworkStore
import TeamworkUI

/// `teamwork proof …`: the Verwendungsnachweis of a phase.
struct Proof: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proof",
        abstract: "Verwendungsnachweis: Einreichung vermerken.",
        subcommands: [Submitted.self])

    struct Submitted: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Vermerkt, dass der Verwendungsnachweis einer Phase eingereicht wurde (beendet die Fristwarnung).")
        @Option(help: ArgumentHelp("Phase: 1 (Strategiephase) oder 2 (Umsetzungsphase).", valueName: "1|2"))
        var phase: String
        @Option(help: ArgumentHelp("Tag der Einreichung (TT.MM.JJJJ oder JJJJ-MM-TT).", valueName: "DATE"))
        var date: String
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try reportingErrors {
                let which = try FundingCLI.phase(phase)
                let day = try FundingCLI.date(date, option: "--date")
                if day > LocalDateTime.now().dateOnly {
                    throw CLIError.unusable("--date \(day.germanDate) liegt in der Zukunft – vermerkt wird eine "
                                            + "Einreichung, die stattgefunden hat")
                }
                let store = try database.open()
                let changed = try FundingCLI.storing {
                    try store.recordProofSubmission(phase: which, date: day, user: FundingCLI.user)
                }
                let terms = try FundingCLI.storing { try store.fundingTerms() }
                var out = changed
                    ? "Verwendungsnachweis \(which.title): eingereicht am \(day.germanDate) vermerkt.\n"
                    : "Verwendungsnachweis \(which.title): eingereicht am \(day.germanDate) war schon vermerkt.\n"
                if let due = terms.proofDeadline(which) {
                    out += day <= due ? "  Frist \(due.germanDate) eingehalten.\n"
                        : "  Frist \(due.germanDate) um \(day.days(until: due) * -1) Tage überschritten.\n"
                }
                try Output.write(out, to: nil)
            }
        }
    }
}
