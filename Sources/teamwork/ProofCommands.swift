import ArgumentParser
import Foundation
import TeamworkCore
import TeamworkStore
import TeamworkUI

/// `teamwork proof …`: the Verwendungsnachweis of a phase.
struct Proof: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proof",
        abstract: "Verwendungsnachweis: schreiben (zahlenmäßiger Nachweis, Belegliste, Sachbericht) und Einreichung vermerken.",
        subcommands: [ExportProof.self, Submitted.self])

    struct ExportProof: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Schreibt den Verwendungsnachweis einer Phase als Markdown oder CSV.",
            discussion: """
            Zahlenmäßiger Nachweis im Aufbau des Kosten- und Finanzierungsplans (Soll aus dem Basisplan, \
            sonst „Antrag“; Ist = Zahlungen bis --until; Differenz = Ist − Soll), Finanzierung (Bundesmittel \
            Soll gegen eingegangene Mittelabrufe), Belegliste je Planzeile nach Datum mit Zwischensummen und \
            Summe (= Ist), Gerüst des Sachberichts je Maßnahme (Ziel laut Antrag, Planzeile Soll/Ist, \
            Veranstaltungen im Zeitraum). csv: eine Datei mit Abschnitten (Kopf, Ausgaben, Finanzierung, \
            Mittelabrufe, Belegliste, Sachbericht), Semikolon, UTF-8 mit BOM, Dezimalkomma, CRLF – so öffnet \
            sie ein deutsches Excel direkt.
            """)
        enum Format: String, ExpressibleByArgument, CaseIterable { case md, csv }
        @Option(help: ArgumentHelp("Phase: 1, 2 oder all (beide).", valueName: "1|2|all")) var phase: String
        @Option(help: ArgumentHelp("Zahlungen bis einschließlich (sonst heute).", valueName: "DATE")) var until: String?
        @Option(help: ArgumentHelp("Basisplan für das Soll (sonst „Antrag“).", valueName: "NAME")) var baseline: String?
        @Option(help: "Format: md oder csv.") var format: Format
        @Option(help: ArgumentHelp("Zieldatei (sonst Standardausgabe).", valueName: "FILE")) var output: String?
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try reportingErrors {
                let which: FundingPhase? = phase.lowercased() == "all" ? nil
                    : try FundingCLI.phase(phase, option: "--phase (1, 2 oder all)")
                let day = try until.map { try FundingCLI.date($0, option: "--until") } ?? LocalDateTime.now().dateOnly
                let store = try database.open()
                let name = baseline ?? ProjectStore.antragBaselineName
                let input = try FundingCLI.storing { () -> ProofInput in
                    let project = try store.loadProject()
                    return ProofInput(projectName: project.name, phase: which, until: day, baselineName: name,
                                      baseline: try store.baselinePlan(name: name), plan: project.plan,
                                      receipts: FundingCLI.receipts(project, upTo: day),
                                      drawdowns: project.drawdowns.drawdowns, measures: project.measures,
                                      events: project.events)
                }
                let proof = ProofOfUse.build(input)
                let text = format == .md ? ProofRender.markdown(proof) : ProofRender.csv(proof)
                try Output.write(text, to: output)
                if let output, output != "-" {
                    FileHandle.standardError.write(Data(("Verwendungsnachweis \(proof.title) geschrieben: \(output) "
                        + "(Ist \(proof.totalIst.formatted) €, \(proof.belegliste.map(\.receipts.count).reduce(0, +)) Belege)\n").utf8))
                }
            }
        }
    }

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
