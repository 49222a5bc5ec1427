import Testing
import TeamworkCore

@Suite struct ValidationTests {
    @Test func email() {
        for ok in ["", "info@schwerin.de", "a.b-c+d@stadtwerke-schwerin.de", "  x@y.de  "] {
            #expect(Validation.email(ok) == nil, "\(ok)")
        }
        #expect(Validation.email("info.schwerin.de")?.description
                == "E-Mail: \"info.schwerin.de\" – es fehlt das @ (z. B. name@schwerin.de)")
        #expect(Validation.email("a@b@c.de")?.message == "\"a@b@c.de\" – enthält mehr als ein @")
        #expect(Validation.email("@schwerin.de")?.message == "\"@schwerin.de\" – vor dem @ fehlt der Name")
        #expect(Validation.email("info@schwerin")?.message
                == "\"info@schwerin\" – die Domain nach dem @ braucht einen Punkt (z. B. schwerin.de)")
        #expect(Validation.email("info@schwerin.")?.message.contains("unvollständig") == true)
        #expect(Validation.email("in fo@schwerin.de")?.message.contains("keine Leerzeichen") == true)
        #expect(Validation.email("info@")?.field == "E-Mail")
    }

    @Test func phone() {
        for ok in ["", "+49 385 545-0", "0385 / 545 1234", "(0385) 5450", "03855450"] {
            #expect(Validation.phone(ok) == nil, "\(ok)")
        }
        #expect(Validation.phone("abc")?.description
                == "Telefon: \"abc\" – unerlaubtes Zeichen \"a\" (erlaubt sind Ziffern, Leerzeichen und + / - ( ))")
        #expect(Validation.phone("0385")?.message == "\"0385\" – zu kurz, eine Telefonnummer hat mindestens 5 Ziffern")
        #expect(Validation.phone("0385+5450")?.message.contains("nur am Anfang") == true)
    }

    @Test func required() {
        #expect(Validation.required("  ", field: "Name") == Validation.FieldError(field: "Name", message: "darf nicht leer sein"))
        #expect(Validation.required("VHS", field: "Name") == nil)
    }

    @Test func dateTime() throws {
        let expected = LocalDateTime(year: 2026, month: 5, day: 4, hour: 9, minute: 30)
        #expect(try Validation.parseDateTime("04.05.2026 09:30") == expected)
        #expect(try Validation.parseDateTime("4.5.2026 9:30") == expected)
        #expect(try Validation.parseDateTime("2026-05-04 09:30") == expected)
        #expect(try Validation.parseDateTime("2026-05-04T09:30") == expected)
        #expect(try Validation.parseDateTime(" 04.05.2026 ") == LocalDateTime(year: 2026, month: 5, day: 4))
        func reason(_ text: String) -> String? {
            do { _ = try Validation.parseDateTime(text, field: "Beginn"); return nil } catch { return error.description }
        }
        #expect(reason("31.02.2026 10:00") == "Beginn: \"31.02.2026 10:00\" – den 31. gibt es im Monat 02.2026 nicht")
        #expect(reason("29.02.2028 10:00") == nil)
        #expect(reason("04.13.2026 10:00") == "Beginn: \"04.13.2026 10:00\" – Monat 13 gibt es nicht")
        #expect(reason("04.05.2026 25:00") == "Beginn: \"04.05.2026 25:00\" – Stunde 25 gibt es nicht (0 bis 23)")
        #expect(reason("04.05.2026 09:60")?.contains("Minute 60") == true)
        #expect(reason("04.05.26 09:30")?.contains("kein Datum") == true)
        #expect(reason("morgen")?.contains("kein Datum") == true)
        #expect(reason("04.05.2026 9.30")?.contains("keine Uhrzeit") == true)
        #expect(reason("") == "Beginn: fehlt (Format TT.MM.JJJJ HH:MM, z. B. 04.05.2026 09:30)")
    }

    @Test func endNotBeforeStart() {
        let start = LocalDateTime(year: 2027, month: 5, day: 12, hour: 10)
        #expect(Validation.endNotBeforeStart(start: start, end: start) == nil)
        #expect(Validation.endNotBeforeStart(start: start, end: LocalDateTime(year: 2027, month: 5, day: 12, hour: 9))?
            .description == "Ende: 12.05.2027 09:00 liegt vor dem Beginn 12.05.2027 10:00")
    }

    @Test func staffingShareAndAmount() throws {
        #expect(try Validation.parseStaffingShare("1,5") == 150)
        #expect(try Validation.parseStaffingShare("0,25") == 25)
        #expect(try Validation.parseStaffingShare("2") == 200)
        #expect(throws: Validation.FieldError(field: "Stellenanteil",
                                              message: "\"-1\" ist kein Stellenanteil: negative Beträge sind hier nicht erlaubt")) {
            try Validation.parseStaffingShare("-1")
        }
        #expect(throws: Validation.FieldError.self) { try Validation.parseStaffingShare("1,555") }
        #expect(try Validation.parseAmount("1.234,5", context: "1.1.1 / 2021") == 123_450)
        #expect(throws: Validation.FieldError(field: "1.1.1 / 2021",
                                              message: "\"12,345\" ist kein Betrag: mehr als zwei Nachkommastellen")) {
            try Validation.parseAmount("12,345", context: "1.1.1 / 2021")
        }
        #expect(throws: Validation.FieldError.self) { try Validation.parseAmount("-5", context: "x", allowNegative: false) }
    }

    @Test func records() {
        let s = Stakeholder(name: "", kind: .business, role: "", email: "x", phone: "abc")
        #expect(Validation.validate(s).map(\.field) == ["Name", "E-Mail", "Telefon"])
        #expect(Validation.validate(Stakeholder(name: "VHS", kind: .education, role: "", email: "info@vhs.de",
                                                phone: "+49 385 545-0")).isEmpty)

        let start = LocalDateTime(year: 2027, month: 5, day: 12, hour: 10)
        let bad = Event(title: " ", format: "", start: start, end: LocalDateTime(year: 2027, month: 5, day: 11))
        #expect(Validation.validate(bad).map(\.field) == ["Titel", "Ende"])
        let invalidDate = Event(title: "x", format: "", start: LocalDateTime(year: 2027, month: 2, day: 30), end: start)
        #expect(Validation.validate(invalidDate).map(\.field) == ["Beginn"])

        #expect(Validation.validate(StaffingUnit(unit: "", involved: -1, funded: 0)).map(\.field)
                == ["Organisationseinheit", "Stellenanteil beteiligt"])
        #expect(Validation.validate(StaffingUnit(unit: "TEAMWORK", involved: 100, funded: 150)).map(\.message)
                == ["1,50 ist mehr als der beteiligte Anteil 1,00"])
        #expect(Validation.validate(Measure(stage: .strategy, number: 1, title: "")).map(\.description)
                == ["Titel: darf nicht leer sein"])
        #expect(Validation.validate(EventSeries(title: "", format: "", cadence: "", description: "", organiser: "",
                                                source: "")).map(\.field) == ["Titel"])
    }
}
