import Foundation
import Testing
import TeamworkCore
@testable import TeamworkStore

private func day(_ text: String) -> LocalDateTime { try! Validation.parseDay(text) }

@Suite struct DrawdownStoreTests {
    @Test func migrationAddsTheDeadlineTermsEmptyAndKeepsTheAuditTrail() throws {
        try withSeededStore { store in
            let terms = try store.fundingTerms()
            #expect(terms.strategyZusage == nil && terms.implementationZusage == nil, "no Zusage date is invented")
            #expect(terms.strategyProofMonths == 30 && terms.implementationProofMonths == 66)
            #expect(terms.drawdownIntervalMonths == 6)
            #expect(terms.overdrawInterestPoints == Percent(basisPoints: 500))
            #expect(terms.proofWarningDays == 90)
            #expect(try store.loadProject().terms == terms)
            // The audit table was rebuilt: the baseline row of the seed is still there.
            #expect(try store.auditTrail(entity: "baseline").count == 1)
            #expect(try store.drawdownRegister() == DrawdownRegister())
        }
    }

    @Test func settingATermIsValidatedAndAudited() throws {
        try withSeededStore { store in
            let (terms, changed) = try store.setFundingTerm(.zusage1, to: "31.08.2021", user: "anna")
            #expect(changed && terms.strategyZusage == day("31.08.2021"))
            #expect(try store.fundingTerms().proofDeadline(.strategy) == day("29.02.2024"))
            let audit = try #require(try store.auditTrail(entity: "terms").first)
            #expect(audit.user == "anna" && audit.field == "zusage-1")
            #expect(audit.oldValue == "nicht eingetragen" && audit.newValue == "31.08.2021")
            #expect(try store.setFundingTerm(.zusage1, to: "2021-08-31", user: "anna").changed == false)
            #expect(try store.auditTrail(entity: "terms").count == 1, "the same value again writes nothing")

            let error = storeError { () throws(StoreError) in _ = try store.setFundingTerm(.quota, to: "120", user: "anna") }
            #expect(error?.kind == .invalidInput)
            #expect(error?.message.contains("erwartet") == true)
            #expect(try store.fundingTerms().federalQuota == Percent(basisPoints: 9_000))
            _ = try store.setFundingTerm(.quota, to: "65", user: "bert")
            #expect(try store.fundingTerms().federalQuota == Percent(basisPoints: 6_500))
            #expect(try store.fundingTerms().strategyZusage == day("31.08.2021"), "other terms unchanged")
        }
    }

    @Test func drawdownsAreSavedEditedDeletedWithVersionsAndAudit() throws {
        try withSeededStore { store in
            let first = try store.save(Drawdown(phase: .strategy, requestedOn: day("15.03.2026"), amount: Money(euros: 45_000),
                                                note: "  Abruf 1 "), user: "anna")
            #expect(first.id > 0 && first.version == 1 && first.note == "Abruf 1")
            var edit = first
            edit.receivedOn = day("02.04.2026")
            let received = try store.save(edit, user: "anna")
            #expect(received.version == 2)
            #expect(received.receivedAmount == Money(euros: 45_000), "received without amount: the amount requested")
            // A stale version is a conflict carrying the stored record.
            var stale = first
            stale.amount = Money(euros: 1)
            let conflict = storeError { () throws(StoreError) in _ = try store.save(stale, user: "bert") }
            #expect(conflict?.kind == .conflict)
            #expect(conflict?.conflict == .drawdown(received))
            let invalid = storeError { () throws(StoreError) in _ = try store.save(Drawdown(phase: .implementation, requestedOn: day("01.01.2026"),
                                                                   amount: .zero), user: "anna") }
            #expect(invalid?.fieldErrors.map(\.field) == ["Betrag"])
            try store.deleteDrawdown(id: received.id, version: received.version, user: "anna")
            #expect(try store.drawdownRegister().drawdowns.isEmpty)
            let trail = try store.auditTrail(entity: "drawdown").map(\.summary)
            #expect(trail.count == 4, "\(trail)") // created, received date, received amount, deleted
            #expect(trail.first?.hasSuffix("gelöscht") == true)
            #expect(trail.contains { $0.contains("Eingangsdatum") && $0.contains("02.04.2026") })
        }
    }

    @Test func proofSubmissionIsStoredAndAudited() throws {
        try withSeededStore { store in
            #expect(try store.recordProofSubmission(phase: .strategy, date: day("20.02.2024"), user: "anna"))
            #expect(try !store.recordProofSubmission(phase: .strategy, date: day("20.02.2024"), user: "anna"))
            #expect(try store.recordProofSubmission(phase: .strategy, date: day("21.02.2024"), user: "anna"))
            let register = try store.drawdownRegister()
            #expect(register.submission(.strategy)?.submittedOn == day("21.02.2024"))
            #expect(register.submission(.implementation) == nil)
            let trail = try store.auditTrail(entity: "proof")
            #expect(trail.count == 2)
            #expect(trail.first?.summary.contains("(vorher 20.02.2024)") == true)
        }
    }
}
