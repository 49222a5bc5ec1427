import Foundation
import TeamworkCore
import TeamworkStore
import TeamworkUI

/// Helpers shared by `terms`, `drawdown` and `proof`: parsing of options with German messages
/// (exit code 2 through `CLIError`), inert output, and the Ist per phase.
enum FundingCLI {
    static var user: String { ProjectStore.currentUser(environment: ProcessInfo.processInfo.environment) }

    /// Text from the database made harmless for the terminal (control and bidi characters shown as symbols).
    static func inert(_ text: String) -> String {
        String(text.map { ch -> Character in
            let (symbol, _) = Terminal.display(ch)
            return symbol.count == 1 ? symbol.first! : ch
        })
    }

    static func date(_ text: String, option: String) throws -> LocalDateTime {
        do { return try Validation.parseDay(text, field: option) } catch {
            throw CLIError.unusable("\(error)")
        }
    }

    static func amount(_ text: String, option: String) throws -> Money {
        do { return try Money.parse(text, allowNegative: false) } catch {
            throw CLIError.unusable("\(option): \(error)")
        }
    }

    static func phase(_ text: String, option: String = "--phase") throws -> FundingPhase {
        guard let phase = FundingPhase(argument: text) else {
            throw CLIError.unusable("\(option) \"\(text)\" – möglich sind 1 (Strategiephase) und 2 (Umsetzungsphase)")
        }
        return phase
    }

    /// Money cannot have arrived after today.
    static func refuseFutureReceipt(_ d: Drawdown) throws {
        let today = LocalDateTime.now().dateOnly
        if let on = d.receivedOn, on > today {
            throw CLIError.unusable("--received \(on.germanDate) liegt in der Zukunft – eingetragen wird der Tag, an dem "
                                    + "das Geld eingegangen ist (bis dahin ohne --received erfassen)")
        }
    }

    /// Runs a store call; its German message becomes the one-line error with exit code 2.
    static func storing<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as CLIError { throw error } catch {
            throw CLIError.unusable("\(error)")
        }
    }

    /// The payments of the receipts ledger up to `day`, as the proof needs them (`Ledger.receipts(through:)`).
    static func receipts(_ project: Project, upTo day: LocalDateTime) -> [ProofReceipt] {
        Ledger(plan: project.plan, expenses: project.expenses).receipts(through: LocalDate(day)).map(ProofReceipt.init)
    }

    /// "jederzeit (noch kein Abruf)" or "ab 01.06.2027 (letzter Abruf 01.12.2026 + 6 Monate)".
    static func nextDrawdownText(_ p: DrawdownPosition, terms: FundingTerms, today: LocalDateTime) -> String {
        p.nextDrawdownText(intervalMonths: terms.drawdownIntervalMonths, today: today)
    }

    /// One line per phase: the proof deadline, or why there is none yet.
    static func deadlineLines(_ terms: FundingTerms, register: DrawdownRegister, today: LocalDateTime) -> [String] {
        Funding.deadlineLines(terms: terms, register: register, today: today) {
            "teamwork terms set zusage-\($0.rawValue) TT.MM.JJJJ"
        }.map(\.text)
    }

    /// Lines wrapped to 80 columns with `indent` spaces, continuation lines indented two more.
    static func indented(_ lines: [String], indent: Int = 2) -> String {
        let pad = String(repeating: " ", count: indent)
        return lines.map { line in
            TextLayout.wrap(inert(line), 78 - indent).enumerated()
                .map { ($0.offset == 0 ? pad : pad + "  ") + $0.element + "\n" }.joined()
        }.joined()
    }
}
