/// The funding terms as named keys (`teamwork terms set KEY VALUE`): parse, validate, apply and
/// show each term, with German messages that name the valid values.

public enum FundingTermKey: String, CaseIterable, Sendable {
    case name
    case quota
    case minimumShare = "minimum-share"
    case consultantFraction = "consultant-fraction"
    case maxGrant1 = "max-grant-1"
    case maxGrantFirstInvestments = "max-grant-first-investments"
    case maxGrant2 = "max-grant-2"
    case zusage1 = "zusage-1"
    case zusage2 = "zusage-2"
    case proofMonths1 = "proof-months-1"
    case proofMonths2 = "proof-months-2"
    case drawdownIntervalMonths = "drawdown-interval-months"
    case overdrawInterest = "overdraw-interest"
    case proofWarningDays = "proof-warning-days"
    case overrunTolerance = "overrun-tolerance"

    /// German caption for listings and the audit trail.
    public var caption: String {
        switch self {
        case .name: "Bezeichnung der Förderbedingungen"
        case .quota: "Förderquote (Bundesanteil höchstens)"
        case .minimumShare: "Kommunaler Anteil mindestens"
        case .consultantFraction: "Externe Beratung höchstens (Anteil an Personal- und Sachkosten)"
        case .maxGrant1: "Höchstförderung Strategiephase"
        case .maxGrantFirstInvestments: "Höchstförderung erste Investitionen (1.2)"
        case .maxGrant2: "Höchstförderung Umsetzungsphase"
        case .zusage1: "Zusage der KfW, Strategiephase"
        case .zusage2: "Zusage der KfW, Umsetzungsphase"
        case .proofMonths1: "Verwendungsnachweis fällig nach Zusage, Strategiephase (Monate)"
        case .proofMonths2: "Verwendungsnachweis fällig nach Zusage, Umsetzungsphase (Monate)"
        case .drawdownIntervalMonths: "Abstand regulärer Mittelabrufe (Monate)"
        case .overdrawInterest: "Zinsen auf zu viel Abgerufenes (Prozentpunkte über Basiszinssatz)"
        case .proofWarningDays: "Warnung vor der Nachweisfrist (Tage)"
        case .overrunTolerance: "Toleranz je Planzeile für Ist über Soll"
        }
    }

    /// What the key accepts, in German, for help and error messages.
    public var accepted: String {
        switch self {
        case .name: "ein nicht leerer Text"
        case .quota: "ein Prozentsatz von 0 bis 100 mit höchstens zwei Nachkommastellen, z. B. 90 oder 65,5"
        case .minimumShare: "ein Prozentsatz von 0 bis 100 mit höchstens zwei Nachkommastellen, z. B. 10"
        case .consultantFraction: "ein Bruch ZÄHLER/NENNER mit Nenner > 0, z. B. 1/3"
        case .maxGrant1, .maxGrantFirstInvestments, .maxGrant2: "ein Betrag ≥ 0 in Euro, z. B. 2.500.000 oder 2500000,00"
        case .zusage1, .zusage2: "ein Datum TT.MM.JJJJ oder JJJJ-MM-TT, z. B. 31.08.2021; - löscht das Datum"
        case .proofMonths1, .proofMonths2: "eine ganze Zahl von 1 bis 240"
        case .drawdownIntervalMonths: "eine ganze Zahl von 1 bis 120"
        case .overdrawInterest: "Prozentpunkte von 0 bis 100, z. B. 5"
        case .proofWarningDays: "eine ganze Zahl von 0 bis 365"
        case .overrunTolerance: "ein Prozentsatz von 0 bis 100, z. B. 20; - schaltet die Toleranz aus"
        }
    }

    public struct Error: Swift.Error, Equatable, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// The key named `text`, or an error listing all keys.
    public static func parse(_ text: String) throws(Error) -> FundingTermKey {
        if let key = FundingTermKey(rawValue: text.trimmingWhitespace().lowercased()) { return key }
        throw Error(message: "unbekannter Schlüssel \"\(text)\" – möglich sind: "
                    + allCases.map(\.rawValue).joined(separator: ", "))
    }

    /// The current value, German-formatted ("90,00 %", "2.500.000,00 €", "31.08.2021", "nicht eingetragen").
    public func display(_ t: FundingTerms) -> String {
        switch self {
        case .name: t.name
        case .quota: t.federalQuota.description
        case .minimumShare: t.minMunicipalShare.description
        case .consultantFraction: "\(t.consultantNumerator)/\(t.consultantDenominator) (\(t.consultantFractionText))"
        case .maxGrant1: t.strategyPhaseMaxGrant.formatted + " €"
        case .maxGrantFirstInvestments: t.firstInvestmentsMaxGrant.formatted + " €"
        case .maxGrant2: t.implementationPhaseMaxGrant.formatted + " €"
        case .zusage1: t.strategyZusage?.germanDate ?? "nicht eingetragen"
        case .zusage2: t.implementationZusage?.germanDate ?? "nicht eingetragen"
        case .proofMonths1: "\(t.strategyProofMonths)"
        case .proofMonths2: "\(t.implementationProofMonths)"
        case .drawdownIntervalMonths: "\(t.drawdownIntervalMonths)"
        case .overdrawInterest: t.overdrawInterestPoints.formatted
        case .proofWarningDays: "\(t.proofWarningDays)"
        case .overrunTolerance: t.overrunTolerance?.description ?? "aus"
        }
    }

    /// The current value as it is typed in (`applying` reads it back unchanged): "90,00",
    /// "2.500.000,00", "1/3", "31.08.2021", "" for an empty date and "-" for no tolerance.
    public func editText(_ t: FundingTerms) -> String {
        switch self {
        case .quota: t.federalQuota.formatted
        case .minimumShare: t.minMunicipalShare.formatted
        case .consultantFraction: "\(t.consultantNumerator)/\(t.consultantDenominator)"
        case .maxGrant1: t.strategyPhaseMaxGrant.formatted
        case .maxGrantFirstInvestments: t.firstInvestmentsMaxGrant.formatted
        case .maxGrant2: t.implementationPhaseMaxGrant.formatted
        case .zusage1: t.strategyZusage?.germanDate ?? ""
        case .zusage2: t.implementationZusage?.germanDate ?? ""
        case .overrunTolerance: t.overrunTolerance?.formatted ?? "-"
        case .name, .proofMonths1, .proofMonths2, .drawdownIntervalMonths, .overdrawInterest, .proofWarningDays: display(t)
        }
    }

    /// `terms` with this key set to `text`; throws a German message naming the accepted values.
    public func applying(_ text: String, to terms: FundingTerms) throws(Error) -> FundingTerms {
        var t = terms
        let value = text.trimmingWhitespace()
        func fail(_ reason: String) -> Error {
            Error(message: "\(rawValue): \"\(value)\" – \(reason); erwartet: \(accepted)")
        }
        func percent(max: Int64 = 10_000) throws(Error) -> Percent {
            let raw: Int64
            do { raw = try Fixed2.parse(value, allowNegative: false) } catch { throw fail(error.reason) }
            guard raw <= max else { throw fail("mehr als \(Fixed2.format(max))") }
            return Percent(basisPoints: raw)
        }
        func money() throws(Error) -> Money {
            do { return try Money.parse(value, allowNegative: false) } catch { throw fail(error.reason) }
        }
        func integer(_ range: ClosedRange<Int>) throws(Error) -> Int {
            let digits = value.hasPrefix("-") ? value.dropFirst() : Substring(value)
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.count <= 6, let n = Int(value)
            else { throw fail("keine ganze Zahl") }
            guard range.contains(n) else { throw fail("außerhalb von \(range.lowerBound) bis \(range.upperBound)") }
            return n
        }
        func date() throws(Error) -> LocalDateTime? {
            if value == "-" || value.isEmpty { return nil }
            do { return try Validation.parseDay(value, field: rawValue) } catch {
                throw Error(message: "\(rawValue): \(error.message); erwartet: \(accepted)")
            }
        }
        switch self {
        case .name:
            guard !value.isEmpty else { throw fail("darf nicht leer sein") }
            guard !value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
                throw fail("enthält Steuerzeichen")
            }
            t.name = value
        case .quota: t.federalQuota = try percent()
        case .minimumShare: t.minMunicipalShare = try percent()
        case .consultantFraction:
            let parts = value.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2,
                  let n = Int64(String(parts[0]).trimmingWhitespace()), let d = Int64(String(parts[1]).trimmingWhitespace()),
                  n >= 0, n <= 1_000, d <= 1_000
            else { throw fail("kein Bruch") }
            guard d > 0 else { throw fail("der Nenner muss größer als 0 sein") }
            t.consultantNumerator = n; t.consultantDenominator = d
        case .maxGrant1: t.strategyPhaseMaxGrant = try money()
        case .maxGrantFirstInvestments: t.firstInvestmentsMaxGrant = try money()
        case .maxGrant2: t.implementationPhaseMaxGrant = try money()
        case .zusage1: t.strategyZusage = try date()
        case .zusage2: t.implementationZusage = try date()
        case .proofMonths1: t.strategyProofMonths = try integer(1...240)
        case .proofMonths2: t.implementationProofMonths = try integer(1...240)
        case .drawdownIntervalMonths: t.drawdownIntervalMonths = try integer(1...120)
        case .overdrawInterest: t.overdrawInterestPoints = try percent()
        case .proofWarningDays: t.proofWarningDays = try integer(0...365)
        case .overrunTolerance: t.overrunTolerance = value == "-" || value.lowercased() == "aus" ? nil : try percent()
        }
        return t
    }
}
