import TeamworkCore

// The forms of the Mittelabruf pane: a drawdown, one funding term, the submission of a
// Verwendungsnachweis – their builders, field checks and the effect each saves with.

extension FormState {
    /// A drawdown; `phase` prefills the phase of a new one, `today` its date.
    static func drawdown(_ d: Drawdown?, phase: FundingPhase?, today: LocalDateTime?) -> FormState {
        FormState(record: .drawdown(d), title: d == nil ? "Neuer Mittelabruf" : "Mittelabruf bearbeiten", fields: [
            Field(.phase, "Phase (1 oder 2)", kind: .phase, value: (d?.phase ?? phase).map { "\($0.rawValue)" } ?? ""),
            Field(.date, "Abruf am", kind: .date, value: d?.requestedOn.germanDate ?? today?.germanDate ?? ""),
            Field(.amount, "Betrag (€)", kind: .money, value: d?.amount.formatted ?? ""),
            Field(.receivedOn, "Eingang am", kind: .optionalDate, value: d?.receivedOn?.germanDate ?? ""),
            Field(.receivedAmount, "Eingangsbetrag (€)", kind: .optionalMoney, value: d?.receivedAmount?.formatted ?? ""),
            Field(.notes, "Notiz", value: d?.note ?? ""),
        ], hint: "Phase 1 = Strategiephase, 2 = Umsetzungsphase · Datum TT.MM.JJJJ · Eingang leer lassen, "
            + "bis das Geld da ist; ohne Eingangsbetrag gilt der abgerufene Betrag.")
    }

    /// One funding term: its caption as the title, the value as it is typed in.
    static func term(_ key: FundingTermKey, terms: FundingTerms) -> FormState {
        let seen = key.editText(terms)
        return FormState(record: .term(key, seen: seen), title: "Förderbedingung: \(key.caption)", fields: [
            Field(.value, key.rawValue, kind: .fundingTerm(key), value: seen),
        ], hint: "Erwartet: \(key.accepted). Gespeichert wird mit Protokoll; u macht es rückgängig.")
    }

    /// When the Verwendungsnachweis of `phase` was submitted (empty: not submitted).
    static func proof(_ phase: FundingPhase, submitted: LocalDateTime?) -> FormState {
        FormState(record: .proof(phase, seen: submitted), title: "Verwendungsnachweis \(phase.title)", fields: [
            Field(.date, "Eingereicht am", kind: .optionalDate, value: submitted?.germanDate ?? ""),
        ], hint: "Datum TT.MM.JJJJ, an dem der Nachweis an die KfW ging; das beendet die Fristwarnung. "
            + "Leer: nicht eingereicht.")
    }

    /// The effect that saves a funding form and Core's rule errors (nil: a field did not parse).
    func fundingEffect(project: Project) -> (Effect, [Validation.FieldError])? {
        let effect: Effect
        let errors: [Validation.FieldError]
        switch record {
        case .drawdown(let d):
            // `validated` ran `check` on every field first: they parse.
            guard let phase = FundingPhase(argument: self[.phase]), let on = try? Validation.parseDay(self[.date]),
                  let amount = try? Money.parse(self[.amount], allowNegative: false) else { return nil }
            var dd = d ?? Drawdown(phase: phase, requestedOn: on, amount: amount)
            dd.phase = phase; dd.requestedOn = on; dd.amount = amount
            dd.receivedOn = self[.receivedOn].isEmpty ? nil : try? Validation.parseDay(self[.receivedOn])
            dd.receivedAmount = self[.receivedAmount].isEmpty ? nil : try? Money.parse(self[.receivedAmount], allowNegative: false)
            dd.note = self[.notes]
            (effect, errors) = (.saveDrawdown(dd), Validation.validate(dd))
        case .term(let key, let seen):
            (effect, errors) = (.setFundingTerm(key, value: self[.value], expected: seen), [])
        case .proof(let phase, let seen):
            let date = self[.date].isEmpty ? nil : try? Validation.parseDay(self[.date])
            (effect, errors) = (.setProofSubmission(phase, date: date, expected: seen), [])
        default:
            return nil
        }
        return (effect, errors)
    }

    /// The German message for a wrong phase, amount or term, or nil.
    static func checkFunding(_ field: Field, value: String, project: Project) -> String? {
        switch field.kind {
        case .phase:
            return FundingPhase(argument: value) == nil
                ? "\"\(value)\" – 1 (Strategiephase) oder 2 (Umsetzungsphase) eintragen" : nil
        case .money, .optionalMoney:
            if value.isEmpty && field.kind == .optionalMoney { return nil }
            do {
                let amount = try Money.parse(value, allowNegative: false)
                return amount.cents > 0 ? nil : "\(amount.formatted) € – der Betrag muss größer als 0,00 € sein"
            } catch {
                return "\(value.isEmpty ? "fehlt" : "\"\(value)\"") – \(error.reason); z. B. 95.000,00"
            }
        case .fundingTerm(let key):
            do {
                _ = try key.applying(value, to: project.terms)
                return nil
            } catch {
                return error.message
            }
        default:
            return nil
        }
    }
}
