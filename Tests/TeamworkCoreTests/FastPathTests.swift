import Testing
@testable import TeamworkCore

/// The byte fast paths behind the 100.000-expense import (issue 12 item 6) give exactly what the
/// general code gives: values, and for bad input the same error. Inputs are drawn from small
/// alphabets so that the awkward cases (signs, separators, spaces, €, non-ASCII) come up often.
@Suite struct FastPathTests {
    static func strings(_ alphabet: [String], count: Int, maxLength: Int, seed: UInt64) -> [String] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            let length = Int(rng.next() % UInt64(maxLength + 1))
            return (0..<length).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }.joined()
        }
    }

    static let amountAlphabet = ["0", "1", "2", "5", "9", ".", ".", ",", ",", "-", "+", " ", "€", "−", "a", "%", "\t"]

    @Test func fixed2ParseEqualsGeneralParser() {
        for text in Self.strings(Self.amountAlphabet, count: 30_000, maxLength: 14, seed: 1)
            + ["1.234.567,89", "999.999.999.999,99", "9.999.999.999.999,99", "1234567890123", "12345678901234",
               "-0", "+0,5", "000.000", "1.23", "1.2345", "1,234", "1.234,", ",", ".", "-.5", "1.234.56"] {
            for allowNegative in [true, false] {
                let fast = Result { () throws(Fixed2.ParseError) in try Fixed2.parse(text, allowNegative: allowNegative) }
                let general = Result { () throws(Fixed2.ParseError) in
                    try Fixed2.parseGeneral(text, allowNegative: allowNegative)
                }
                #expect(fast == general, "\"\(text)\" allowNegative: \(allowNegative)")
            }
        }
    }

    @Test func fixed2FormatEqualsCharacterFormatter() {
        var rng = SplitMix64(seed: 2)
        var values: [Int64] = [0, 1, -1, 99, 100, 999, 1_000, 99_999, 100_000, -100_000, .max, .min, .min + 1,
                               Fixed2.maxMagnitude, -Fixed2.maxMagnitude]
        for _ in 0..<20_000 {
            let digits = Int(rng.next() % 19)
            var magnitude: UInt64 = 1
            for _ in 0..<digits { magnitude *= 10 }
            let value = Int64(truncatingIfNeeded: rng.next() % magnitude)
            values.append(rng.next() % 2 == 0 ? value : -value)
        }
        for value in values {
            #expect(Fixed2.format(value) == Fixed2.formatReference(value))
            #expect(Fixed2.format(value, grouped: false) == Fixed2.formatReference(value, grouped: false))
        }
    }

    /// The trimming as it was before the fast path (Characters from both ends).
    static func trimmedReference(_ text: String) -> String {
        var scalars = Substring(text)
        while let first = scalars.first, first.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.isWhitespace { scalars = scalars.dropLast() }
        return String(scalars)
    }

    @Test func trimmingEqualsCharacterTrimming() {
        let alphabet = ["a", "Z", "1", " ", " ", "\t", "\n", "\r\n", "\u{A0}", "é", "e\u{301}", "\u{301}", "\u{2003}",
                        "\u{600}", "\u{1F469}\u{200D}\u{1F4BB}", ".", "-"]
        for text in Self.strings(alphabet, count: 20_000, maxLength: 6, seed: 3) {
            #expect(text.trimmingWhitespace() == Self.trimmedReference(text), "\(Array(text.unicodeScalars))")
        }
    }

    @Test func expenseAmountFastPathEqualsTrimmedPath() {
        // A leading space takes the general path (trim, €, EUR, trailing minus); without it the
        // fast path may answer. Both must agree, errors included.
        for text in Self.strings(Self.amountAlphabet + ["EUR", "E"], count: 20_000, maxLength: 12, seed: 4)
        where !(text.first?.isWhitespace ?? true) {
            let fast = Result { () throws(Validation.FieldError) in try Validation.parseExpenseAmount(text) }
            let general = Result { () throws(Validation.FieldError) in try Validation.parseExpenseAmount(" " + text) }
            #expect(fast == general, "\"\(text)\"")
        }
    }

    @Test func datesFormatAsBefore() {
        func pad(_ v: Int, _ n: Int) -> String {
            let s = String(v); return String(repeating: "0", count: max(0, n - s.count)) + s
        }
        var rng = SplitMix64(seed: 5)
        var dates = [LocalDate(year: 2026, month: 5, day: 4), LocalDate(year: 0, month: 0, day: 0),
                     LocalDate(year: 999, month: 12, day: 31), LocalDate(year: 10_000, month: 1, day: 1),
                     LocalDate(year: -5, month: 1, day: 1), LocalDate(year: 2024, month: 100, day: 7)]
        for _ in 0..<5_000 {
            dates.append(LocalDate(year: Int(rng.next() % 12_000), month: Int(rng.next() % 110), day: Int(rng.next() % 110)))
        }
        for d in dates {
            #expect(d.iso == "\(pad(d.year, 4))-\(pad(d.month, 2))-\(pad(d.day, 2))")
            #expect(d.german == "\(d.day < 10 ? "0\(d.day)" : "\(d.day)").\(d.month < 10 ? "0\(d.month)" : "\(d.month)").\(d.year)")
        }
    }

    @Test func belegListeOrderEqualsSortedExpenses() {
        let plan = schwerinPlan()
        let lines = KfW436.bookableLines(in: plan).map(\.code)
        var rng = SplitMix64(seed: 6)
        // Few dates and receipt numbers: many ties, so the receipt number and the id decide.
        let expenses = (0..<3_000).map { index in
            Expense(id: Int64(3_000 - index), line: lines[Int(rng.next() % 3)],
                    date: LocalDate(year: plan.years[Int(rng.next() % 2)], month: 1 + Int(rng.next() % 2), day: 1),
                    payee: "P", purpose: "", amount: Money(cents: 1 + Int64(rng.next() % 100)),
                    receipt: "R-\(rng.next() % 7)")
        }
        let ledger = Ledger(plan: plan, expenses: expenses)
        for code in lines.prefix(3) {
            for year in [nil] + plan.years.prefix(2).map(Optional.some) {
                let expected = expenses.filter { $0.line == code && (year == nil || $0.date.year == year) }
                    .sorted(by: Receipts.order)
                #expect(ledger.receipts(line: code, year: year).expenses == expected)
            }
        }
        #expect(ledger.receipts(line: "9.9.9").expenses.isEmpty)
        #expect(ledger.receipts() == expenses.sorted(by: Receipts.order))
    }

    /// `LocalDateTime <` compares the fields; it must order exactly as the stored `iso` text does.
    @Test func dateTimeOrderIsTheOrderOfItsISOText() {
        var rng = SplitMix64(seed: 9)
        func random() -> LocalDateTime {
            LocalDateTime(year: 2020 + Int(rng.next() % 10), month: 1 + Int(rng.next() % 12), day: 1 + Int(rng.next() % 28),
                          hour: Int(rng.next() % 24), minute: Int(rng.next() % 60))
        }
        for _ in 0..<20_000 {
            let a = random(), b = Bool.random(using: &rng) ? random() : LocalDateTime(year: a.year, month: a.month, day: a.day,
                                                                                       hour: a.hour, minute: Int(rng.next() % 60))
            #expect((a < b) == (a.iso < b.iso), "\(a.iso) / \(b.iso)")
        }
    }
}
