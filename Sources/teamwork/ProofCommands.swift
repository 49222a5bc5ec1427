import ArgumentParser
import Foundation
import TeamworkCore
import TeamworkStore
import TeamworkUI
import TeamworkXLSX

/// `teamwork proof …`: the Verwendungsnachweis of a phase.
struct Proof: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proof",
        abstract: "Verwendungsnachweis: schreiben (zahlenmäßiger Nachweis, Belegliste, Sachbericht) und Einreichung vermerken.",
        subcommands: [ExportProof.self, Submitted.self])

    struct ExportProof: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Schreibt den Verwendungsnachweis einer Phase als Markdown, CSV oder Excel-Arbeitsmappe (.xlsx).",
            discussion: """
            Zahlenmäßiger Nachweis im Aufbau des Kosten- und Finanzierungsplans (Soll aus dem Basisplan, \
            sonst „Antrag“; Ist = Zahlungen bis --until; Differenz = Ist − Soll), Finanzierung (Bundesmittel \
            Soll gegen eingegangene Mittelabrufe), Belegliste je Planzeile nach Datum mit Zwischensummen und \
            Summe (= Ist), Gerüst des Sachberichts je Maßnahme (Ziel laut Antrag, Planzeile Soll/Ist, \
            Veranstaltungen im Zeitraum). csv: eine Datei mit Abschnitten (Kopf, Ausgaben, Finanzierung, \
            Mittelabrufe, Belegliste, Sachbericht), Semikolon, UTF-8 mit BOM, Dezimalkomma, CRLF – so öffnet \
            sie ein deutsches Excel direkt. xlsx: Blätter „Nachweis“, „Mittelabrufe“, „Belegliste“, „Sachbericht“;             Beträge als Zahlen, Daten als Datumszellen, Summen als Formeln mit gespeichertem Wert. Ohne --output             schreibt xlsx in eine neue Datei teamwork-verwendungsnachweis-PHASE-DATUM.xlsx im aktuellen Verzeichnis             (nie überschrieben; sonst -2, -3 …); --output FILE ersetzt FILE wie export plan --format xlsx;             --output - nur in eine Umleitung, nie binär ins Terminal.
            """)
        enum Format: String, ExpressibleByArgument, CaseIterable { case md, csv, xlsx }
        @Option(help: ArgumentHelp("Phase: 1, 2 oder all (beide).", valueName: "1|2|all")) var phase: String
        @Option(help: ArgumentHelp("Zahlungen bis einschließlich (sonst heute).", valueName: "DATE")) var until: String?
        @Option(help: ArgumentHelp("Basisplan für das Soll (sonst „Antrag“).", valueName: "NAME")) var baseline: String?
        @Option(help: "Format: md, csv oder xlsx.") var format: Format
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
                                      events: project.events, controlling: project.controlling, staffing: project.staffing,
                                      stakeholders: project.stakeholders)
                }
                let proof = ProofOfUse.build(input)
                var written = output.flatMap { $0 == "-" ? nil : $0 }
                switch format {
                case .md: try Output.write(ProofRender.markdown(proof), to: output)
                case .csv: try Output.write(ProofRender.csv(proof), to: output)
                case .xlsx: written = try Proof.writeWorkbook(proof, output: output, today: LocalDateTime.now())
                }
                if let written {
                    FileHandle.standardError.write(Data(("Verwendungsnachweis \(proof.title) geschrieben: \(written) "
                        + "(Ist \(proof.totalIst.formatted) €, \(proof.belegliste.map(\.receipts.count).reduce(0, +)) Belege)\n").utf8))
                }
            }
        }
    }

    /// The workbook to `output` (replaced atomically, as `export plan --format xlsx` does), to
    /// standard output for `-` when that is not a terminal, or without `--output` to a new file
    /// `teamwork-verwendungsnachweis-PHASE-DATE.xlsx` in the current directory (like the dashboard's
    /// exports: never overwritten, `-2`, `-3` … appended). Returns the path written, nil for stdout.
    static func writeWorkbook(_ proof: ProofOfUse, output: String?, today: LocalDateTime) throws -> String? {
        do {
            if let output, output != "-" {
                if let problem = FileErrorText.writeProblem(output) { throw CLIError.unusable(problem) }
                try ProofWorkbook.write(proof, to: output)
                return output
            }
            if output == "-" {
                guard isatty(STDOUT_FILENO) == 0 else {
                    throw CLIError.unusable("eine .xlsx-Datei ist binär: bitte --output FILE.xlsx angeben")
                }
                FileHandle.standardOutput.write(try ProofWorkbook.data(proof))
                return nil
            }
            let data = try ProofWorkbook.data(proof)
            let stem = "teamwork-verwendungsnachweis-\(proof.phase.map { "\($0.rawValue)" } ?? "alle")-\(today.iso.prefix(10))"
            var name = stem + ".xlsx"
            var counter = 2
            while true {
                if !FileManager.default.fileExists(atPath: name) {
                    do {
                        try data.write(to: URL(fileURLWithPath: name), options: .withoutOverwriting)
                        return name
                    } catch where !FileManager.default.fileExists(atPath: name) || counter >= 1000 {
                        throw CLIError.unusable("Datei \"\(name)\" kann nicht geschrieben werden: \(FileErrorText.reason(error))")
                    } catch {
                        // Another process was first with this name: take the next one.
                    }
                }
                name = "\(stem)-\(counter).xlsx"
                counter += 1
            }
        } catch let error as Workbook.WriteError {
            throw CLIError.unusable(error.description)
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
