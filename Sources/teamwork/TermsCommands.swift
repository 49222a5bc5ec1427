import ArgumentParser
import Foundation
import TeamworkCore
import TeamworkStore
import TeamworkUI

/// `teamwork terms` (show all terms with the deadlines they give) and `teamwork terms set KEY VALUE`.
struct Terms: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terms",
        abstract: "Förderbedingungen: zeigen (mit den Fristen, die sich daraus ergeben) oder einen Wert ändern.",
        discussion: "Schlüssel für terms set: "
            + FundingTermKey.allCases.map { "\($0.rawValue) (\($0.caption))" }.joined(separator: ", ") + ".",
        subcommands: [ShowTerms.self, SetTerm.self], defaultSubcommand: ShowTerms.self)

    struct ShowTerms: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Zeigt alle Förderbedingungen und die Fristen, die sich aus ihnen ergeben.")
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try reportingErrors {
                let store = try database.open()
                let (terms, register) = try FundingCLI.storing { (try store.fundingTerms(), try store.drawdownRegister()) }
                try Output.write(Terms.render(terms, register: register, today: LocalDateTime.now()), to: nil)
            }
        }
    }

    struct SetTerm: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Ändert eine Förderbedingung (geprüft, im Änderungsprotokoll vermerkt).",
            usage: "teamwork terms set <KEY> <VALUE> [--db <PATH>]",
            discussion: FundingTermKey.allCases.map { "\($0.rawValue): \($0.accepted)" }.joined(separator: "\n"))
        @Argument(help: ArgumentHelp("Schlüssel, z. B. zusage-1, quota, proof-months-2.", valueName: "KEY"))
        var key: String
        /// Captures what ArgumentParser does not recognise, so that a value starting with "-"
        /// (`-` clears a date or the tolerance, `-5` is refused by the term's own validation)
        /// reaches `setFundingTerm` instead of being taken for an option. `--db` is still an option.
        @Argument(parsing: .allUnrecognized,
                  help: ArgumentHelp("Neuer Wert (deutsches Format), z. B. 31.08.2021, 90, 2.500.000; - löscht ein Datum "
                                     + "oder schaltet die Toleranz aus.", valueName: "VALUE"))
        var values: [String] = []
        @OptionGroup var database: DatabaseOptions

        /// The one VALUE; a missing one, several, or an unknown `--option` are usage errors (exit 2).
        /// The habitual `--` before a dash value (`terms set overrun-tolerance -- -5`) is allowed.
        static func value(of captured: [String], key: String) throws -> String {
            var values = captured
            if let terminator = values.firstIndex(of: "--") { values.remove(at: terminator) }
            if let option = values.first(where: { $0.hasPrefix("--") && $0.count > 2 }) {
                throw CLIError.unusable("unbekannte Option '\(option)' – Aufruf: teamwork terms set KEY VALUE [--db PATH]")
            }
            switch values.count {
            case 1: return values[0]
            case 0: throw CLIError.unusable("es fehlt der Wert für \(key) – Aufruf: teamwork terms set KEY VALUE "
                                            + "(teamwork terms set --help nennt die gültigen Werte)")
            default:
                throw CLIError.unusable("ein Wert erwartet, angegeben sind \(values.count): "
                                        + values.map { "'\($0)'" }.joined(separator: " ")
                                        + " – ein Wert mit Leerzeichen in Anführungszeichen")
            }
        }

        func run() throws {
            try reportingErrors {
                let value = try Self.value(of: values, key: key)
                let which: FundingTermKey
                do { which = try FundingTermKey.parse(key) } catch { throw CLIError.unusable("\(error)") }
                let store = try database.open()
                let before = try FundingCLI.storing { try store.fundingTerms() }
                let (terms, changed) = try FundingCLI.storing {
                    try store.setFundingTerm(which, to: value, user: FundingCLI.user)
                }
                var out = changed
                    ? "\(which.caption): \(FundingCLI.inert(which.display(before))) → \(FundingCLI.inert(which.display(terms)))\n"
                    : "\(which.caption): unverändert \(FundingCLI.inert(which.display(terms)))\n"
                if [.zusage1, .zusage2, .proofMonths1, .proofMonths2, .proofWarningDays].contains(which) {
                    let register = try FundingCLI.storing { try store.drawdownRegister() }
                    out += FundingCLI.indented(FundingCLI.deadlineLines(terms, register: register,
                                                                        today: LocalDateTime.now()))
                }
                try Output.write(out, to: nil)
            }
        }
    }

    static func render(_ terms: FundingTerms, register: DrawdownRegister, today: LocalDateTime) -> String {
        var out = "Förderbedingungen: \(FundingCLI.inert(terms.name)) (Schlüssel name)\n\n"
        let rows = FundingTermKey.allCases.filter { $0 != .name }.map { [$0.shortCaption, $0.rawValue, $0.display(terms)] }
        out += Reports.table([.init("Bedingung"), .init("Schlüssel"), .init("Wert", right: true)], rows,
                             color: Output.useColor)
        out += "\nFristen (Stand \(today.germanDate))\n"
        out += FundingCLI.indented(FundingCLI.deadlineLines(terms, register: register, today: today))
        let status = Funding.status(plan: Plan(years: [], lines: []), terms: terms, register: register, actual: [:],
                                    asOf: today)
        out += FundingCLI.indented(status.phases.map { p in
            "\(p.title): nächster regulärer Mittelabruf " + FundingCLI.nextDrawdownText(p, terms: terms, today: today)
        })
        out += "\nÄndern: teamwork terms set SCHLÜSSEL WERT (teamwork terms set --help nennt die gültigen Werte)\n"
        return out
    }
}

extension FundingTermKey {
    /// Caption short enough for an 80-column table.
    var shortCaption: String {
        switch self {
        case .name: "Bezeichnung"
        case .quota: "Förderquote höchstens"
        case .minimumShare: "Kommunaler Anteil mindestens"
        case .consultantFraction: "Externe Beratung höchstens"
        case .maxGrant1: "Höchstförderung Strategiephase"
        case .maxGrantFirstInvestments: "Höchstförderung 1.2"
        case .maxGrant2: "Höchstförderung Umsetzungsphase"
        case .zusage1: "Zusage Strategiephase"
        case .zusage2: "Zusage Umsetzungsphase"
        case .proofMonths1: "Nachweis nach Monaten, Phase 1"
        case .proofMonths2: "Nachweis nach Monaten, Phase 2"
        case .drawdownIntervalMonths: "Abrufabstand in Monaten"
        case .overdrawInterest: "Zinsen Überzahlung (Pp.)"
        case .proofWarningDays: "Warnung vor Frist (Tage)"
        case .overrunTolerance: "Toleranz Ist über Soll je Zeile"
        }
    }
}
