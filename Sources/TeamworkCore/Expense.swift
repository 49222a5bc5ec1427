/// One payment booked against an item line of the cost plan (Ist-Ausgabe), with its receipt.
///
/// The amount is exact in cents and never zero; a refund or credit note is negative and must
/// say what it refunds (purpose). Receipt number, date and amount together identify a payment:
/// the store keeps them unique, and a re-import skips a row equal to a stored expense.
public struct Expense: Hashable, Sendable, Codable, Identifiable {
    public var id: Int64
    /// Item line of sections 1 or 2 (1.1.1 … 2.2.3).
    public var line: String
    /// Zahlungsdatum.
    public var date: LocalDate
    /// Empfänger.
    public var payee: String
    /// Verwendungszweck; required for refunds (negative amounts).
    public var purpose: String
    /// Betrag; negative for a refund or credit note.
    public var amount: Money
    /// Beleg-Nr.
    public var receipt: String
    /// Buchungsreferenz of the finance system (optional).
    public var bookingReference: String
    /// Notiz (optional).
    public var note: String
    public var version: Int64

    public init(id: Int64 = 0, line: String, date: LocalDate, payee: String, purpose: String, amount: Money,
                receipt: String, bookingReference: String = "", note: String = "", version: Int64 = 1) {
        self.id = id; self.line = line; self.date = date; self.payee = payee; self.purpose = purpose
        self.amount = amount; self.receipt = receipt; self.bookingReference = bookingReference; self.note = note
        self.version = version
    }

    /// What identifies a payment: Beleg-Nr., date and amount (unique in the store).
    public var key: Key { Key(receipt: receipt, date: date.ordinal, cents: amount.cents) }

    public struct Key: Hashable, Sendable {
        public var receipt: String
        public var date: Int
        public var cents: Int64
    }

    /// `Beleg R-2024-017 vom 05.03.2024 (1.234,50 €)`
    public var label: String { "Beleg \(receipt) vom \(date.german) (\(amount.formatted) €)" }
}

extension KfW436 {
    /// The lines an expense may be booked on: the item lines of sections 1 and 2, in plan order.
    public static func bookableLines(in plan: Plan) -> [PlanLine] {
        plan.lines.filter(isBookable)
    }

    public static func isBookable(_ line: PlanLine) -> Bool {
        line.kind == .item && (line.section == .strategy || line.section == .implementation)
    }

    /// Phase of a cost line: 1 (Strategiephase, codes 1.x) or 2 (Umsetzungsphase, 2.x); nil otherwise.
    public static func phase(ofCode code: String) -> Int? {
        if code.hasPrefix("1.") { return 1 }
        if code.hasPrefix("2.") { return 2 }
        return nil
    }
}

extension Validation {
    /// Why `code` cannot carry an expense in `plan`, or nil when it can. Field "Planzeile".
    public static func bookableLine(_ code: String, in plan: Plan, field: String = "Planzeile") -> FieldError? {
        let value = code.trimmingWhitespace()
        guard !value.isEmpty else { return FieldError(field: field, message: "fehlt (z. B. 1.1.3)") }
        guard let line = plan[value] else {
            return FieldError(field: field, message: "\"\(value)\" gibt es im Finanzplan nicht "
                              + "(gebucht wird auf Einzelposten 1.1.1–1.2.1 oder 2.1.1–2.2.3)")
        }
        switch line.kind {
        case .group:
            let parts = line.parts
            let range = parts.count > 1 ? "\(parts.first!)–\(parts.last!)" : parts.first ?? ""
            return FieldError(field: field, message: "\(value) ist eine Zwischensumme; gebucht wird auf ihre "
                              + "Einzelposten (\(range))")
        case .total, .control, .share:
            return FieldError(field: field, message: "\(value) ist eine berechnete Zeile (\(line.label)); gebucht "
                              + "wird auf Einzelposten der Kostenplanung")
        case .item:
            guard KfW436.isBookable(line) else {
                return FieldError(field: field, message: "\(value) ist eine Finanzierungszeile (\(line.label)); "
                                  + "gebucht wird auf Einzelposten der Kostenplanung 1.x und 2.x")
            }
            return nil
        }
    }

    /// Every rejected field of an expense against `plan`: bookable line, date within the plan
    /// years, payee and receipt number given, amount not zero, a refund with a purpose.
    /// (A date after today is allowed here and reported by the check `expense-date`.)
    public static func validate(_ expense: Expense, plan: Plan) -> [FieldError] {
        var errors: [FieldError] = []
        if let e = bookableLine(expense.line, in: plan) { errors.append(e) }
        errors += validateDate(expense.date, plan: plan)
        if let e = required(expense.payee, field: "Empfänger") { errors.append(e) }
        errors += validateAmount(expense.amount, purpose: expense.purpose)
        if let e = required(expense.receipt, field: "Beleg-Nr.") { errors.append(e) }
        // Field by field in this order (no array of the four texts per expense: the import checks 100.000).
        func controls(_ text: String, _ field: String) {
            if hasControlCharacter(text) {
                errors.append(FieldError(field: field, message: "enthält Steuerzeichen (Zeilenumbruch, Tabulator, ESC)"))
            }
        }
        controls(expense.payee, "Empfänger")
        controls(expense.purpose, "Verwendungszweck")
        controls(expense.receipt, "Beleg-Nr.")
        controls(expense.bookingReference, "Buchungsreferenz")
        return errors
    }

    /// A scalar below U+0020 or U+007F. Read as UTF-8 bytes: every byte of a longer sequence is
    /// 0x80 or above, so a byte below 0x20 or equal to 0x7F is exactly such a scalar.
    @inline(__always)
    public static func hasControlCharacter(_ text: String) -> Bool {
        text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F })
    }

    /// A payment date must fall in one of the plan years (other years have no column).
    public static func validateDate(_ date: LocalDate, plan: Plan, field: String = "Datum") -> [FieldError] {
        guard date.isValid else { return [FieldError(field: field, message: "\(date.iso) ist kein gültiges Datum")] }
        guard let first = plan.years.first, let last = plan.years.last else { return [] }
        guard plan.yearIndex(date.year) != nil else {
            return [FieldError(field: field, message: "\(date.german) liegt außerhalb der Planjahre \(first)–\(last)")]
        }
        return []
    }

    /// Not zero; a negative amount (refund, credit note) needs a purpose.
    public static func validateAmount(_ amount: Money, purpose: String, field: String = "Betrag") -> [FieldError] {
        if amount.cents == 0 {
            return [FieldError(field: field, message: "0,00 ist keine Zahlung")]
        }
        if amount.cents.magnitude > Fixed2.maxMagnitude.magnitude {
            return [FieldError(field: field, message: "\(amount.formatted) ist zu groß")]
        }
        if amount.cents < 0 && purpose.trimmingWhitespace().isEmpty {
            return [FieldError(field: "Verwendungszweck",
                               message: "eine Erstattung oder Gutschrift (\(amount.formatted) €) braucht einen Verwendungszweck")]
        }
        return []
    }

    /// An expense amount the German way: `1.234,56`, `-1.234,56`, `1.234,56 €` and the trailing
    /// minus of finance systems (`1.234,56-`).
    public static func parseExpenseAmount(_ text: String, field: String = "Betrag") throws(FieldError) -> Money {
        // What finance systems write nearly always: digits, dots, a comma, a leading sign, ending
        // in a digit. Nothing to trim or strip then; Fixed2's own fast path reads it.
        if let last = text.utf8.last, last >= 48 && last <= 57,
           let cents = Fixed2.parsePlain(text.utf8, allowNegative: true) {
            return Money(cents: cents)
        }
        var value = text.trimmingWhitespace()
        if value.hasSuffix("€") { value = String(value.dropLast()).trimmingWhitespace() }
        if value.hasPrefix("EUR ") { value = String(value.dropFirst(4)) }
        if value.hasSuffix(" EUR") { value = String(value.dropLast(4)) }
        var negative = false
        if value.count > 1, value.hasSuffix("-") || value.hasSuffix("−") {
            negative = true
            value = String(value.dropLast()).trimmingWhitespace()
            if value.hasPrefix("-") || value.hasPrefix("−") {
                throw FieldError(field: field, message: "\"\(TerminalSafety.echo(text.trimmingWhitespace()))\" ist kein Betrag: Minus vorn und hinten")
            }
        }
        guard !value.isEmpty else { throw FieldError(field: field, message: "fehlt (z. B. 1.234,56)") }
        do {
            let cents = try Fixed2.parse(value)
            return Money(cents: negative ? -cents : cents)
        } catch {
            throw FieldError(field: field, message: "\"\(TerminalSafety.echo(text.trimmingWhitespace()))\" ist kein Betrag: \(error.reason)")
        }
    }
}
