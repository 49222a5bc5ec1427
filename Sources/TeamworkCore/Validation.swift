/// Checks of user input, with German messages for the status line and the edit forms.
///
/// Pure functions, no I/O. Optional fields (e-mail, phone) accept the empty string; use
/// `required` where a value is mandatory. Parsers throw a `FieldError` that names the field and
/// says why the input was rejected.
public enum Validation {
    /// One rejected field: `field` is the German caption shown in the form ("E-Mail"),
    /// `message` says what is wrong ("… fehlt das @").
    public struct FieldError: Error, Equatable, Sendable, CustomStringConvertible {
        public var field: String
        public var message: String

        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }

        /// `E-Mail: "a@b" – nach dem @ fehlt eine Domain mit Punkt (z. B. schwerin.de)`
        public var description: String { "\(field): \(message)" }
    }

    // MARK: Single fields

    /// A mandatory text: not empty and not only whitespace.
    public static func required(_ text: String, field: String) -> FieldError? {
        text.trimmingWhitespace().isEmpty ? FieldError(field: field, message: "darf nicht leer sein") : nil
    }

    /// An e-mail address, or the empty string (the field is optional).
    ///
    /// Simple but sane: exactly one `@`, a non-empty local part, a domain with a dot that neither
    /// starts nor ends with a dot and has no empty label, no whitespace, no control characters.
    public static func email(_ text: String, field: String = "E-Mail") -> FieldError? {
        let value = text.trimmingWhitespace()
        guard !value.isEmpty else { return nil }
        func fail(_ reason: String) -> FieldError { FieldError(field: field, message: "\"\(value)\" – \(reason)") }
        if value.contains(where: { $0.isWhitespace }) { return fail("eine E-Mail-Adresse enthält keine Leerzeichen") }
        if value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return fail("enthält Steuerzeichen")
        }
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        if parts.count == 1 { return fail("es fehlt das @ (z. B. name@schwerin.de)") }
        if parts.count > 2 { return fail("enthält mehr als ein @") }
        let local = parts[0], domain = parts[1]
        if local.isEmpty { return fail("vor dem @ fehlt der Name") }
        if domain.isEmpty { return fail("nach dem @ fehlt die Domain (z. B. schwerin.de)") }
        if !domain.contains(".") { return fail("die Domain nach dem @ braucht einen Punkt (z. B. schwerin.de)") }
        if domain.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
            return fail("die Domain nach dem @ ist unvollständig (Punkt am Anfang, am Ende oder doppelt)")
        }
        if local.hasPrefix(".") || local.hasSuffix(".") || local.contains("..") {
            return fail("der Name vor dem @ darf nicht mit einem Punkt beginnen oder enden")
        }
        if value.contains(where: { "<>(),;:\\\"[]".contains($0) }) {
            return fail("enthält ein unzulässiges Zeichen")
        }
        return nil
    }

    /// A phone number, or the empty string (the field is optional).
    ///
    /// Digits, spaces, `+`, `/`, `-`, `(`, `)` and at least five digits: `+49 385 545-0`,
    /// `0385 / 545 1234`, `(0385) 5450`. A `+` only at the start.
    public static func phone(_ text: String, field: String = "Telefon") -> FieldError? {
        let value = text.trimmingWhitespace()
        guard !value.isEmpty else { return nil }
        func fail(_ reason: String) -> FieldError { FieldError(field: field, message: "\"\(value)\" – \(reason)") }
        for ch in value where !(ch.isASCII && (ch.isNumber || " +/-()".contains(ch))) {
            return fail("unerlaubtes Zeichen \"\(ch)\" (erlaubt sind Ziffern, Leerzeichen und + / - ( ))")
        }
        if value.dropFirst().contains("+") { return fail("das + ist nur am Anfang erlaubt (z. B. +49 385 545-0)") }
        let digits = value.filter(\.isNumber).count
        if digits < 5 { return fail("zu kurz, eine Telefonnummer hat mindestens 5 Ziffern") }
        if digits > 20 { return fail("zu lang, höchstens 20 Ziffern") }
        return nil
    }

    /// Parses German `04.05.2026 09:30` (also `4.5.2026 9:30`, or the date alone = 00:00) and the
    /// storage form `2026-05-04 09:30` (also with `T`).
    public static func parseDateTime(_ text: String, field: String = "Datum") throws(FieldError) -> LocalDateTime {
        let value = text.trimmingWhitespace()
        func fail(_ reason: String) -> FieldError {
            FieldError(field: field, message: value.isEmpty ? reason : "\"\(value)\" – \(reason)")
        }
        guard !value.isEmpty else { throw fail("fehlt (Format TT.MM.JJJJ HH:MM, z. B. 04.05.2026 09:30)") }
        let pieces = value.split(whereSeparator: { $0 == " " || $0 == "T" })
        guard pieces.count <= 2 else {
            throw fail("unerwarteter Text nach der Uhrzeit (Format TT.MM.JJJJ HH:MM)")
        }
        let datePart = pieces[0]
        var year = 0, month = 0, day = 0
        func number(_ s: Substring, maxDigits: Int) -> Int? {
            guard !s.isEmpty, s.count <= maxDigits, s.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int(s)
        }
        if datePart.contains(".") {
            let dmy = datePart.split(separator: ".", omittingEmptySubsequences: false)
            guard dmy.count == 3, let d = number(dmy[0], maxDigits: 2), let m = number(dmy[1], maxDigits: 2),
                  dmy[2].count == 4, let y = number(dmy[2], maxDigits: 4)
            else { throw fail("kein Datum (Format TT.MM.JJJJ, z. B. 04.05.2026)") }
            (year, month, day) = (y, m, d)
        } else if datePart.contains("-") {
            let ymd = datePart.split(separator: "-", omittingEmptySubsequences: false)
            guard ymd.count == 3, ymd[0].count == 4, let y = number(ymd[0], maxDigits: 4),
                  let m = number(ymd[1], maxDigits: 2), let d = number(ymd[2], maxDigits: 2)
            else { throw fail("kein Datum (Format JJJJ-MM-TT, z. B. 2026-05-04)") }
            (year, month, day) = (y, m, d)
        } else {
            throw fail("kein Datum (Format TT.MM.JJJJ HH:MM, z. B. 04.05.2026 09:30)")
        }
        var hour = 0, minute = 0
        if pieces.count == 2 {
            let hm = pieces[1].split(separator: ":", omittingEmptySubsequences: false)
            guard hm.count == 2, let h = number(hm[0], maxDigits: 2), hm[1].count == 2,
                  let mi = number(hm[1], maxDigits: 2)
            else { throw fail("keine Uhrzeit (Format HH:MM, z. B. 09:30)") }
            (hour, minute) = (h, mi)
        }
        guard (1...12).contains(month) else { throw fail("Monat \(month) gibt es nicht") }
        guard (1900...9999).contains(year) else { throw fail("Jahr \(year) liegt außerhalb von 1900 bis 9999") }
        let result = LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute)
        guard (0...23).contains(hour) else { throw fail("Stunde \(hour) gibt es nicht (0 bis 23)") }
        guard (0...59).contains(minute) else { throw fail("Minute \(minute) gibt es nicht (0 bis 59)") }
        guard result.isValid else {
            let pad = month < 10 ? "0\(month)" : "\(month)"
            throw fail("den \(day). gibt es im Monat \(pad).\(year) nicht")
        }
        return result
    }

    /// The end of an event must not lie before its start (equal is allowed).
    public static func endNotBeforeStart(start: LocalDateTime, end: LocalDateTime, field: String = "Ende")
        -> FieldError? {
        end < start
            ? FieldError(field: field, message: "\(end.german) liegt vor dem Beginn \(start.german)")
            : nil
    }

    /// A staff share in hundredths of a post: `"1,5"` → 150, `"0,25"` → 25, `"2"` → 200.
    /// Negative shares are rejected; more than 999 posts too.
    public static func parseStaffingShare(_ text: String, field: String = "Stellenanteil") throws(FieldError) -> Int64 {
        let value = text.trimmingWhitespace()
        guard !value.isEmpty else { throw FieldError(field: field, message: "fehlt (z. B. 1,5 für anderthalb Stellen)") }
        let raw: Int64
        do {
            raw = try Fixed2.parse(value, allowNegative: false)
        } catch {
            throw FieldError(field: field, message: "\"\(value)\" ist kein Stellenanteil: \(error.reason)")
        }
        guard raw <= 99_900 else {
            throw FieldError(field: field, message: "\"\(value)\" ist kein Stellenanteil: mehr als 999 Stellen")
        }
        return raw
    }

    /// An amount in hundredths (cents, or hundredths of a percent) via `Fixed2.parse`, with the
    /// context (plan line and year, or a caption) as the field: `1.1.1 / 2021: "12,345" ist kein
    /// Betrag: mehr als zwei Nachkommastellen`.
    public static func parseAmount(_ text: String, context: String, allowNegative: Bool = true)
        throws(FieldError) -> Int64 {
        do {
            return try Fixed2.parse(text, allowNegative: allowNegative)
        } catch {
            throw FieldError(field: context, message: error.description)
        }
    }

    // MARK: Records

    /// Name required; e-mail and phone well-formed when given.
    public static func validate(_ stakeholder: Stakeholder) -> [FieldError] {
        [
            required(stakeholder.name, field: "Name"),
            email(stakeholder.email),
            phone(stakeholder.phone),
        ].compactMap { $0 }
    }

    /// Title required; start and end real dates; end not before start.
    public static func validate(_ event: Event) -> [FieldError] {
        var errors: [FieldError] = []
        if let e = required(event.title, field: "Titel") { errors.append(e) }
        if !event.start.isValid { errors.append(FieldError(field: "Beginn", message: "\(event.start.iso) ist kein gültiger Zeitpunkt")) }
        if !event.end.isValid { errors.append(FieldError(field: "Ende", message: "\(event.end.iso) ist kein gültiger Zeitpunkt")) }
        if event.start.isValid && event.end.isValid, let e = endNotBeforeStart(start: event.start, end: event.end) {
            errors.append(e)
        }
        return errors
    }

    /// Unit required; shares not negative; funded share not above the involved share.
    public static func validate(_ unit: StaffingUnit) -> [FieldError] {
        var errors: [FieldError] = []
        if let e = required(unit.unit, field: "Organisationseinheit") { errors.append(e) }
        if unit.involved < 0 {
            errors.append(FieldError(field: "Stellenanteil beteiligt", message: "darf nicht negativ sein"))
        }
        if unit.funded < 0 {
            errors.append(FieldError(field: "Stellenanteil gefördert", message: "darf nicht negativ sein"))
        }
        if unit.involved >= 0 && unit.funded > unit.involved {
            errors.append(FieldError(
                field: "Stellenanteil gefördert",
                message: "\(Fixed2.format(unit.funded)) ist mehr als der beteiligte Anteil \(Fixed2.format(unit.involved))"))
        }
        return errors
    }

    /// Title required; number from 1; cost not negative.
    public static func validate(_ measure: Measure) -> [FieldError] {
        var errors: [FieldError] = []
        if let e = required(measure.title, field: "Titel") { errors.append(e) }
        if measure.number < 1 { errors.append(FieldError(field: "Nummer", message: "muss 1 oder größer sein")) }
        if let cost = measure.cost, cost.cents < 0 {
            errors.append(FieldError(field: "Kosten", message: "dürfen nicht negativ sein"))
        }
        return errors
    }

    /// Title required.
    public static func validate(_ series: EventSeries) -> [FieldError] {
        [required(series.title, field: "Titel")].compactMap { $0 }
    }
}
