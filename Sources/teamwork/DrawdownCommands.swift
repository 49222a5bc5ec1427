import ArgumentParser
import Foundation
import TeamworkCore
import TeamworkStore
import TeamworkUI

/// `teamwork drawdown add|list|status|edit|delete`: the register of Mittelabrufe.
struct DrawdownCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drawdown",
        abstract: "Mittelabrufe: erfassen, auflisten, berichtigen, löschen; was jetzt abrufbar ist.",
        discussion: """
        Abrufbar je Phase = min(Förderquote × Ist der Phase bis zum Stichtag, Höchstförderung der Phase, \
        Bundesmittel 3.1.3 des Plans) − alle Abrufe der Phase, auf Cent abgerundet; nie negativ (ein \
        Zuviel meldet teamwork check als drawdown-over-quota). Als abgerufen zählt der eingegangene \
        Betrag, solange nichts eingegangen ist der angeforderte.
        """,
        subcommands: [Add.self, List.self, Status.self, Edit.self, Delete.self], defaultSubcommand: List.self)

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Erfasst einen Mittelabruf.")
        @Option(help: ArgumentHelp("Phase: 1 (Strategiephase) oder 2 (Umsetzungsphase).", valueName: "1|2"))
        var phase: String
        @Option(help: ArgumentHelp("Abrufdatum (TT.MM.JJJJ oder JJJJ-MM-TT).", valueName: "DATE"))
        var date: String
        @Option(help: ArgumentHelp("Angeforderter Betrag, z. B. 45.000,00.", valueName: "BETRAG"))
        var amount: String
        @Option(help: ArgumentHelp("Eingangsdatum, sobald das Geld da ist.", valueName: "DATE"))
        var received: String?
        @Option(name: .customLong("received-amount"),
                help: ArgumentHelp("Eingegangener Betrag (ohne Angabe: der angeforderte).", valueName: "BETRAG"))
        var receivedAmount: String?
        @Option(help: ArgumentHelp("Notiz, z. B. Aktenzeichen.", valueName: "TEXT"))
        var note: String = ""
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try reportingErrors {
                let drawdown = Drawdown(
                    phase: try FundingCLI.phase(phase), requestedOn: try FundingCLI.date(date, option: "--date"),
                    amount: try FundingCLI.amount(amount, option: "--amount"),
                    receivedOn: try received.map { try FundingCLI.date($0, option: "--received") },
                    receivedAmount: try receivedAmount.map { try FundingCLI.amount($0, option: "--received-amount") },
                    note: note)
                try FundingCLI.refuseFutureReceipt(drawdown)
                let store = try database.open()
                let saved = try FundingCLI.storing { try store.save(drawdown, user: FundingCLI.user) }
                var out = "Mittelabruf Nr. \(saved.id) angelegt: \(FundingCLI.inert(saved.summary))"
                    + (saved.receivedOn.map { ", eingegangen am \($0.germanDate)" } ?? "") + "\n"
                out += try DrawdownCommand.hints(store)
                try Output.write(out, to: nil)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Listet alle Mittelabrufe nach Abrufdatum.")
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try reportingErrors {
                let store = try database.open()
                let register = try FundingCLI.storing { try store.drawdownRegister() }
                try Output.write(DrawdownCommand.list(register), to: nil)
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Zeigt je Phase und gesamt: Ist, Bundesanteil, abgerufen, jetzt abrufbar, nächster regulärer Abruf.")
        @Option(help: ArgumentHelp("Stichtag (sonst heute): Ist der bis dahin gezahlten Ausgaben.", valueName: "DATE"))
        var date: String?
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try reportingErrors {
                let day = try date.map { try FundingCLI.date($0, option: "--date") } ?? LocalDateTime.now().dateOnly
                let store = try database.open()
                let project = try FundingCLI.storing { try store.loadProject() }
                let status = Funding.status(project, asOf: day)
                try Output.write(DrawdownCommand.render(status, terms: project.terms, register: project.drawdowns), to: nil)
            }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Berichtigt einen Mittelabruf; nur die angegebenen Felder ändern sich (- leert Eingang bzw. Notiz).")
        @Argument(help: "Nummer des Abrufs (teamwork drawdown list).") var id: Int64
        @Option(help: ArgumentHelp("Phase: 1 oder 2.", valueName: "1|2")) var phase: String?
        @Option(help: ArgumentHelp("Abrufdatum.", valueName: "DATE")) var date: String?
        @Option(help: ArgumentHelp("Angeforderter Betrag.", valueName: "BETRAG")) var amount: String?
        @Option(help: ArgumentHelp("Eingangsdatum (- = noch nicht eingegangen).", valueName: "DATE")) var received: String?
        @Option(name: .customLong("received-amount"), help: ArgumentHelp("Eingegangener Betrag.", valueName: "BETRAG"))
        var receivedAmount: String?
        @Option(help: ArgumentHelp("Notiz (- = leer).", valueName: "TEXT")) var note: String?
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try reportingErrors {
                let store = try database.open()
                var d = try FundingCLI.storing { try store.drawdown(id: id) }
                if let phase { d.phase = try FundingCLI.phase(phase) }
                if let date { d.requestedOn = try FundingCLI.date(date, option: "--date") }
                if let amount {
                    let old = d.amount
                    d.amount = try FundingCLI.amount(amount, option: "--amount")
                    // A received amount that merely mirrored the request follows it.
                    if d.receivedAmount == old && receivedAmount == nil { d.receivedAmount = d.amount }
                }
                if let received {
                    if received == "-" { d.receivedOn = nil; d.receivedAmount = nil } else {
                        d.receivedOn = try FundingCLI.date(received, option: "--received")
                    }
                }
                if let receivedAmount { d.receivedAmount = try FundingCLI.amount(receivedAmount, option: "--received-amount") }
                if let note { d.note = note == "-" ? "" : note }
                try FundingCLI.refuseFutureReceipt(d)
                let saved = try FundingCLI.storing { try store.save(d, user: FundingCLI.user) }
                var out = saved.version == d.version
                    ? "Mittelabruf Nr. \(saved.id): nichts geändert\n"
                    : "Mittelabruf Nr. \(saved.id) geändert: \(FundingCLI.inert(saved.summary))"
                        + (saved.receivedOn.map { ", eingegangen am \($0.germanDate) (\(saved.drawn.formatted) €)" } ?? "")
                        + "\n"
                out += try DrawdownCommand.hints(store)
                try Output.write(out, to: nil)
            }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Löscht einen falsch erfassten Mittelabruf (im Änderungsprotokoll vermerkt).")
        @Argument(help: "Nummer des Abrufs (teamwork drawdown list).") var id: Int64
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try reportingErrors {
                let store = try database.open()
                let d = try FundingCLI.storing { try store.drawdown(id: id) }
                try FundingCLI.storing { try store.deleteDrawdown(id: d.id, version: d.version, user: FundingCLI.user) }
                try Output.write("Mittelabruf Nr. \(d.id) gelöscht: \(FundingCLI.inert(d.summary))\n", to: nil)
            }
        }
    }

    // MARK: Output

    /// Drawdown findings for today, as indented lines after a write (empty when none).
    static func hints(_ store: ProjectStore) throws -> String {
        let today = LocalDateTime.now().dateOnly
        let project = try FundingCLI.storing { try store.loadProject() }
        let findings = Funding.checks(project, today: today)
            .filter { $0.rule != .proofDeadline }
        return FundingCLI.indented(findings.map { "Achtung (\($0.rule.rawValue)): " + $0.message }, indent: 0)
    }

    static func list(_ register: DrawdownRegister) -> String {
        let ordered = register.ordered
        guard !ordered.isEmpty else {
            return "Noch keine Mittelabrufe erfasst (teamwork drawdown add --phase 1 --date TT.MM.JJJJ --amount BETRAG).\n"
        }
        var rows = ordered.map { d in
            ["\(d.id)", "\(d.phase.rawValue)", d.requestedOn.germanDate, d.amount.formatted,
             d.receivedOn?.germanDate ?? "offen", d.arrived?.formatted ?? "", d.note]
        }
        rows.append(["", "", "Summe", ordered.map(\.amount).sum().formatted, "",
                     ordered.compactMap(\.arrived).sum().formatted, ""])
        return Reports.table([.init("Nr", right: true), .init("Phase"), .init("Abruf am"), .init("Betrag", right: true),
                              .init("Eingang am"), .init("Eingegangen", right: true), .init("Notiz", maxWidth: 20)],
                             rows, color: Output.useColor)
    }

    static func render(_ s: DrawdownStatus, terms: FundingTerms, register: DrawdownRegister) -> String {
        let columns = s.phases + [s.total]
        var out = "Mittelabrufe, Stand \(s.asOf.germanDate) (Förderquote \(terms.federalQuota))\n\n"
        func money(_ m: Money) -> String { m.formatted }
        var rows: [[String]] = [
            ["Ist (gezahlt bis \(s.asOf.germanDate))"] + columns.map { money($0.actual) },
            ["Bundesanteil (\(terms.federalQuota))"] + columns.map { money($0.federalShare) },
            ["Höchstförderung"] + columns.map { money($0.maxGrant) },
        ]
        if let federal = s.total.planFederal {
            // One pot for both phases: it caps each phase and the total, shown once.
            rows.append(["Bundesmittel lt. Plan (3.1.3)", "", "", money(federal)])
        }
        rows += [
            ["Abrufbar höchstens"] + columns.map { money($0.ceiling) },
            ["Abgerufen"] + columns.map { money($0.drawn) },
            ["  davon eingegangen"] + columns.map { money($0.received) },
            ["  noch nicht eingegangen"] + columns.map { money($0.pending) },
            ["Jetzt abrufbar"] + columns.map { money($0.callable) },
            ["Zu viel abgerufen"] + columns.map { money($0.overdraw) },
            ["Nächster regulärer Abruf"] + columns.map { p in
                guard let next = p.nextRegular else { return "jederzeit" }
                return next <= s.asOf ? "jetzt" : "ab \(next.germanDate)"
            },
        ]
        out += Reports.table([.init("in €"), .init("Strategiephase", right: true), .init("Umsetzungsphase", right: true),
                              .init("Gesamt", right: true)], rows, color: Output.useColor)
        out += "\nNächster regulärer Abruf (Abstand \(terms.drawdownIntervalMonths) Monate)\n"
        for p in s.phases {
            out += "  \(p.title): " + FundingCLI.nextDrawdownText(p, terms: terms, today: s.asOf) + "\n"
        }
        out += "\nFristen\n"
        out += FundingCLI.indented(FundingCLI.deadlineLines(terms, register: register, today: s.asOf))
        let findings = Funding.checks(s, terms: terms)
        if !findings.isEmpty {
            out += "\nBefunde (wie in teamwork check)\n"
            for f in findings {
                let prefix = "  \(f.severity.title) \(f.rule.rawValue):"
                let lines = TextLayout.wrap(FundingCLI.inert(f.message), 76)
                out += prefix + "\n" + lines.map { "    " + $0 + "\n" }.joined()
            }
        }
        return out
    }
}
