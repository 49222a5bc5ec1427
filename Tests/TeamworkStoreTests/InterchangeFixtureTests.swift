import Foundation
import Testing
import TeamworkCore
@testable import TeamworkStore

/// Calendars and address books as Google, Outlook and Thunderbird write them (issue 15):
/// Fixtures/interchange, written byte for byte by Fixtures/interchange/make_fixtures.py.
@Suite struct InterchangeFixtureTests {
    static let now = UTCDateTime(year: 2026, month: 12, day: 1, hour: 21, minute: 0)

    static func fixture(_ name: String) throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/interchange/\(name)")
        return [UInt8](try Data(contentsOf: url))
    }

    static func calendar(_ name: String) throws -> CalendarFile { try ICalendar.readCalendar(try fixture(name)) }
    static func cards(_ name: String) throws -> ContactFile { try VCard.readFile(try fixture(name)) }

    static func importAllContacts(_ store: ProjectStore) throws {
        for name in ["google-contacts.vcf", "outlook-contacts.vcf", "thunderbird-contacts.vcf"] {
            _ = try store.importContacts(try cards(name).contacts, user: "test")
        }
    }

    // MARK: iCalendar reading

    @Test func googleFoldInsideUmlautIsUnfoldedBeforeDecoding() throws {
        let bytes = try Self.fixture("google-calendar.ics")
        // The fixture really folds between the two octets of "ü".
        #expect(String(decoding: bytes, as: UTF8.self).contains("F\u{FFFD}\r\n \u{FFFD}hrung"))
        let file = try ICalendar.readCalendar(bytes)
        let forum = try #require(file.events.first { $0.title == "Quartiersforum Feldstadt" })
        #expect(forum.notes.contains("Fragen zur Führung des Quartiersbüros\nBitte Unterlagen mitbringen."))
        #expect(forum.uid == "5q2h0ltbk3v7m0c9n1a8f4d6e2@google.com")
        #expect(forum.attendees.map(\.email) == ["j.koehler@stadtwerke-beispiel.de", "ob-buero@example.org",
                                                 "erika.gast@example.net"])
        #expect(forum.attendees[1].name == "Büro des Oberbürgermeisters")
        #expect(forum.place == "Stadthaus Schwerin, Am Packhof 2-6, 19053 Schwerin")
    }

    @Test func invalidUTF8NamesItsLine() throws {
        let bytes = Array("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:F".utf8) + [0xFC]
            + Array("r\r\nDTSTART:20270101T100000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n".utf8)
        #expect(throws: InterchangeError(line: 5, reason: "SUMMARY: kein gültiges UTF-8")) {
            try ICalendar.readCalendar(bytes)
        }
    }

    @Test func allDayEventsAreWholeDaysAndShownWithoutTimes() throws {
        let google = try Self.calendar("google-calendar.ics")
        let conference = try #require(google.events.first { $0.title == "Smart-City-Konferenz Schwerin" })
        #expect(conference.allDay)
        #expect(conference.start == LocalDateTime(year: 2027, month: 10, day: 11))
        #expect(conference.end == LocalDateTime(year: 2027, month: 10, day: 14))
        #expect(EventDate.display(start: conference.start, end: conference.end) == "11.10.–13.10.2027")
        let outlook = try Self.calendar("outlook-calendar.ics")
        let open = try #require(outlook.events.first { $0.title == "Tag der offenen Tür im Stadtlabor" })
        #expect(EventDate.display(start: open.start, end: open.end) == "01.06.2027")
        #expect(EventDate.display(start: LocalDateTime(year: 2027, month: 12, day: 30),
                                  end: LocalDateTime(year: 2028, month: 1, day: 3)) == "30.12.2027–02.01.2028")
        #expect(EventDate.display(start: LocalDateTime(year: 2027, month: 5, day: 4, hour: 9, minute: 30),
                                  end: LocalDateTime(year: 2027, month: 5, day: 4, hour: 12)) == "04.05.2027 09:30–12:00")
    }

    @Test func missingEndFollowsRFC5545() throws {
        let outlook = try Self.calendar("outlook-calendar.ics")
        let reminder = try #require(outlook.events.first { $0.title.hasPrefix("Frist Zwischenbericht") })
        #expect(reminder.start == reminder.end)          // a date-time without DTEND has no length
        let thunderbird = try Self.calendar("thunderbird-calendar.ics")
        let deadline = try #require(thunderbird.events.first { $0.title == "Stichtag Mittelabruf" })
        #expect(deadline.allDay)
        #expect(deadline.end == LocalDateTime(year: 2027, month: 4, day: 1))   // a date lasts one day
    }

    @Test func tasksAndJournalsAreSkippedAndCounted() throws {
        let file = try Self.calendar("thunderbird-calendar.ics")
        #expect(file.events.count == 2)
        #expect(file.skipped == ["VTODO": 2, "VJOURNAL": 1])
        #expect(file.skippedSummary == "übersprungen: 1 Journaleintrag (VJOURNAL), 2 Aufgaben (VTODO)")
    }

    @Test func unknownTimeZoneIsRefusedByName() throws {
        #expect(throws: InterchangeError.self) { try Self.calendar("unknown-timezone.ics") }
        do { _ = try ICalendar.readCalendar(try Self.fixture("unknown-timezone.ics")) } catch let error as InterchangeError {
            #expect(error.description.contains("Zeitzone \"America/New_York\" wird nicht unterstützt"))
            #expect(error.line == 5)
        }
    }

    @Test func weeklyRuleWithExdateAndMovedOccurrence() throws {
        let file = try Self.calendar("google-calendar.ics")
        #expect(file.events.count == 3)          // the changed occurrence is merged into its series
        let jourFixe = try #require(file.events.first { $0.title == "Jour fixe TEAMWORK" })
        let (dates, complete) = jourFixe.occurrences(limit: LocalDateTime(year: 2030, month: 12, day: 31, hour: 23, minute: 59))
        #expect(complete)
        // Mondays 4.1.–29.3.2027 = 13, without 1.2. (EXDATE); 8.3. moved to Tuesday 9.3. 10:00.
        #expect(dates.count == 12)
        #expect(!dates.contains { $0.start.day == 1 && $0.start.month == 2 })
        let moved = try #require(dates.first { $0.recurrenceID == "20270308T090000" })
        #expect(moved.start == LocalDateTime(year: 2027, month: 3, day: 9, hour: 10))
        #expect(moved.title == "Jour fixe TEAMWORK (verschoben)")
        #expect(dates.last?.start == LocalDateTime(year: 2027, month: 3, day: 29, hour: 9))
    }

    @Test func monthlyByDayDailyCountAndYearly() throws {
        let limit = LocalDateTime(year: 2030, month: 12, day: 31, hour: 23, minute: 59)
        let outlook = try Self.calendar("outlook-calendar.ics")
        let steering = try #require(outlook.events.first { $0.title == "Lenkungskreis Smart City" })
        let monthly = steering.occurrences(limit: limit).events.map(\.start.germanDate)
        #expect(monthly == ["04.03.2027", "01.04.2027", "06.05.2027", "03.06.2027", "01.07.2027", "05.08.2027"])
        let thunderbird = try Self.calendar("thunderbird-calendar.ics")
        let workshop = try #require(thunderbird.events.first { $0.title == "Werkstatt Datenplattform" })
        #expect(workshop.occurrences(limit: limit).events.map(\.start.day) == [10, 11, 12])
        let deadline = try #require(thunderbird.events.first { $0.title == "Stichtag Mittelabruf" })
        let (yearly, complete) = deadline.occurrences(limit: limit)
        #expect(yearly.map(\.start.year) == [2027, 2028, 2029, 2030])
        #expect(!complete)                      // no end: goes on after the funding period
        let rule = try RecurrenceRule("FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=-1;COUNT=3")
        #expect(rule.occurrences(from: LocalDateTime(year: 2027, month: 1, day: 31, hour: 8), limit: limit).starts
                    .map(\.germanDate) == ["31.01.2027", "31.03.2027", "31.05.2027"])
        #expect(throws: RecurrenceError.self) { try RecurrenceRule("FREQ=WEEKLY;BYSETPOS=1") }
        #expect(throws: RecurrenceError.self) { try RecurrenceRule("FREQ=HOURLY") }
    }

    @Test func utcRuleWithUTCUntilAcrossSummerTime() throws {
        let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:utc@example.org\r\nSUMMARY:Call\r\n"
            + "DTSTART:20270322T090000Z\r\nDTEND:20270322T093000Z\r\nRRULE:FREQ=WEEKLY;UNTIL=20270405T083000Z\r\n"
            + "END:VEVENT\r\nEND:VCALENDAR\r\n"
        let e = try #require(try ICalendar.readCalendar(Array(text.utf8)).events.first)
        let starts = e.occurrences(limit: LocalDateTime(year: 2030, month: 12, day: 31, hour: 23, minute: 59)).events.map(\.start)
        // 09:00 UTC is 10:00 CET, and 11:00 CEST after 28.3.; 5.4. 09:00 UTC is after UNTIL 08:30 UTC.
        #expect(starts == [LocalDateTime(year: 2027, month: 3, day: 22, hour: 10), LocalDateTime(year: 2027, month: 3, day: 29, hour: 11)])
    }

    // MARK: vCard reading

    @Test func googleContactsKeepOrganisationAllAddressesAndUnescapedURL() throws {
        let file = try Self.cards("google-contacts.vcf")
        #expect(file.invalid.isEmpty)
        let j = file.contacts[0]
        #expect(j.name == "Jürgen Köhler")
        #expect(j.organisation == "Stadtwerke Beispiel GmbH")
        #expect(j.emails == ["j.koehler@stadtwerke-beispiel.de", "juergen.koehler@example.org"])
        #expect(j.phones == ["+49 170 1234567", "+49 385 7654321"])
        #expect(j.link == "https://www.stadtwerke-beispiel.de/team")
        #expect(j.notes == "Kennengelernt beim Forum, März 2026\nmag Datenplattformen")
        #expect(j.address == "Musterstraße 1, 19053 Schwerin, Deutschland")
        #expect(file.contacts[1].name == "Verein Digitales Schwerin e.V.")     // FN empty → ORG
        #expect(file.contacts[2].organisation == "Hochschule Beispiel, Fakultät Informatik")
    }

    @Test func outlook21WithWindows1252AndQuotedPrintable() throws {
        let file = try Self.cards("outlook-contacts.vcf")
        #expect(file.invalid.isEmpty)
        let g = file.contacts[0]
        #expect(g.name == "Grete Müller")
        #expect(g.organisation == "Förderverein Schloßgarten e.V., Öffentlichkeitsarbeit")
        #expect(g.emails == ["grete.mueller@example.org", "vorstand@foerderverein.example"])
        #expect(g.notes == "Bitte nur vormittags anrufen.\nGrüße an das Büro des Vereins – danke!")
        #expect(g.address == "Schloßstraße 5, 19055 Schwerin, Deutschland")
        let b = file.contacts[1]
        #expect(b.name == "Björn Weiß")
        #expect(b.organisation == "Wohnungsgesellschaft Schwerin Grün")
    }

    @Test func unreadableCardsAreNamedWithPositionAndReason() throws {
        let file = try Self.cards("broken-contacts.vcf")
        #expect(file.contacts.map(\.name) == ["Lesbar Eins", "Lesbar Zwei"])
        #expect(file.invalid.map(\.description) == [
            "Karte 2 (Zeile 6): vCard-Version \"5.0\" wird nicht unterstützt (erwartet 2.1, 3.0 oder 4.0)",
            "Karte 3 (Zeile 10): kein Name: FN, ORG und N sind leer oder fehlen",
        ])
        #expect(throws: InterchangeError.self) { try VCard.read(String(decoding: try Self.fixture("broken-contacts.vcf"), as: UTF8.self)) }
    }

    // MARK: Store: import, re-import, round trip

    @Test func calendarImportIsIdempotentAndReportsPerEvent() throws {
        try withSeededStore { store in
            try Self.importAllContacts(store)
            let first = try store.importEvents(try Self.calendar("google-calendar.ics").events, user: "test")
            #expect(first.inserted == 14 && first.updated == 0 && first.unchanged == 0)
            #expect(first.details.first == "neu         08.06.2027 14:00–16:00  Quartiersforum Feldstadt")
            #expect(first.details[1] == "neu         11.10.–13.10.2027  Smart-City-Konferenz Schwerin")
            #expect(first.details[2].hasPrefix("neu         Reihe „Jour fixe TEAMWORK“ (wöchentlich (Mo)): 12 Termine"))
            let again = try store.importEvents(try Self.calendar("google-calendar.ics").events, user: "test")
            #expect(again.inserted == 0 && again.updated == 0 && again.unchanged == 14)
            #expect(again.details.allSatisfy { $0.hasPrefix("unverändert") })

            let project = try store.loadProject()
            let forum = try #require(project.events.first { $0.title == "Quartiersforum Feldstadt" })
            #expect(forum.uid == "5q2h0ltbk3v7m0c9n1a8f4d6e2@google.com")
            let names = forum.stakeholderIDs.compactMap { id in project.stakeholders.first { $0.id == id }?.name }
            #expect(Set(names) == ["Jürgen Köhler", "Büro des Oberbürgermeisters"])
            #expect(forum.notes.hasSuffix("Teilnehmende: Erika Gast <erika.gast@example.net>"))
            let series = try #require(project.series.first { $0.uid == "0a9b8c7d6e5f4g3h2i1j@google.com" })
            #expect(project.events.filter { $0.seriesID == series.id }.count == 12)
        }
    }

    @Test func movedEventIsReimportedAsChanged() throws {
        try withSeededStore { store in
            _ = try store.importEvents(try Self.calendar("google-calendar.ics").events, user: "test")
            let count = try store.loadProject().events.count
            let moved = try store.importEvents(try Self.calendar("google-calendar-moved.ics").events, user: "test")
            #expect(moved.updated == 2 && moved.inserted == 0)
            #expect(moved.details[0] == "geändert    15.06.2027 14:00–16:00  Quartiersforum Feldstadt")
            #expect(moved.details[1] == "geändert    11.10.–13.10.2027  Smart-City-Konferenz Schwerin (Programm steht)")
            #expect(try store.loadProject().events.count == count)
        }
    }

    @Test func shortenedSeriesRemovesOccurrencesNoLongerInTheFile() throws {
        try withSeededStore { store in
            let bytes = try Self.fixture("google-calendar.ics")
            _ = try store.importEvents(try ICalendar.readCalendar(bytes).events, user: "test")
            // Replaced octet for octet (the file folds inside "ü", so it is no UTF-8 text as it stands).
            let latin1 = String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
                .replacingOccurrences(of: "UNTIL=20270329T075959Z", with: "UNTIL=20270302T075959Z")
            let shorter = latin1.unicodeScalars.map { UInt8($0.value) }
            let result = try store.importEvents(try ICalendar.readCalendar(shorter).events, user: "test")
            // Mondays 4.1.–1.3. without 1.2. = 8, and the moved 9.3. stays; 15., 22., 29.3. go.
            #expect(result.removed == 3 && result.unchanged == 11 && result.inserted == 0, "\(result.details)")
            #expect(result.summary == "neu: 0, geändert: 0, unverändert: 11, entfernt: 3")
            let jourFixe = try store.loadProject().events.filter { $0.uid == "0a9b8c7d6e5f4g3h2i1j@google.com" }
            #expect(jourFixe.count == 9)
        }
    }

    @Test func exportKeepsForeignUIDsAndRoundTripsUnchanged() throws {
        try withSeededStore { store in
            for name in ["google-calendar.ics", "outlook-calendar.ics", "thunderbird-calendar.ics"] {
                _ = try store.importEvents(try Self.calendar(name).events, user: "test")
            }
            let text = try store.exportEvents(now: Self.now)
            #expect(text.contains("UID:5q2h0ltbk3v7m0c9n1a8f4d6e2@google.com\r\n"))
            #expect(text.contains("RECURRENCE-ID;TZID=Europe/Berlin:20270308T090000\r\n"))
            #expect(text.contains("DTSTART;VALUE=DATE:20271011\r\nDTEND;VALUE=DATE:20271014\r\n"))
            let back = try ICalendar.readCalendar(Array(text.utf8))
            let result = try store.importEvents(back.events, user: "test")
            #expect(result.inserted == 0 && result.updated == 0, "\(result.details.filter { !$0.hasPrefix("unver") })")
            #expect(result.unchanged == back.events.count)
            #expect(try store.exportEvents(now: Self.now) == text)
        }
    }

    @Test func contactImportIsIdempotentAndKeepsUIDOnExport() throws {
        try withSeededStore { store in
            let first = try store.importContacts(try Self.cards("google-contacts.vcf").contacts, user: "test")
            #expect(first.inserted == 3)
            #expect(first.details[0] == "neu         Jürgen Köhler (Stadtwerke Beispiel GmbH; j.koehler@stadtwerke-beispiel.de, "
                    + "juergen.koehler@example.org)")
            let again = try store.importContacts(try Self.cards("google-contacts.vcf").contacts, user: "test")
            #expect(again.unchanged == 3 && again.inserted == 0 && again.updated == 0)
            _ = try store.importContacts(try Self.cards("thunderbird-contacts.vcf").contacts, user: "test")
            _ = try store.importContacts(try Self.cards("outlook-contacts.vcf").contacts, user: "test")
            for version in VCard.Version.allCases {
                let text = try store.exportContacts(version: version)
                #expect(text.contains("UID:6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0\r\n"))
                let back = try VCard.readFile(Array(text.utf8))
                #expect(back.invalid.isEmpty)
                let result = try store.importContacts(back.contacts, user: "test")
                #expect(result.inserted == 0 && result.updated == 0, "vCard \(version.rawValue)")
            }
        }
    }

    @Test func exportCarriesNoRawControlCharacters() throws {
        let odd = Stakeholder(id: 7, name: "Glocke\u{07}Name", kind: .network, role: "Rolle\u{1B}[31m",
                              link: "https://example.org/\u{1B}[2J", notes: "Tab\there\u{0B}\u{85}")
        let event = Event(id: 3, title: "Titel\u{1B}]0;x\u{07}", format: "", start: LocalDateTime(year: 2027, month: 1, day: 1, hour: 9),
                          end: LocalDateTime(year: 2027, month: 1, day: 1, hour: 10), notes: "a\u{00}b")
        for text in [VCard.write([odd]), VCard.write([odd], version: .v3),
                     ICalendar.write(events: [event], series: nil, stakeholderNames: [:], measureTitles: [:], now: Self.now)] {
            let controls = text.unicodeScalars.filter {
                ($0.value < 0x20 && $0 != "\r" && $0 != "\n") || (0x7F..<0xA0).contains($0.value)
            }
            #expect(controls.isEmpty)
            #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        }
    }

    @Test func allOrNothingUnlessSkipInvalid() throws {
        try withSeededStore { store in
            let bad = ImportedContact(name: "Kaputt", emails: ["keine-adresse"], line: 9, position: 2)
            let good = ImportedContact(name: "Gut", line: 1, position: 1)
            let before = try store.loadProject().stakeholders.count
            var error: StoreError?
            do { _ = try store.importContacts([good, bad], user: "test") } catch let e as StoreError { error = e }
            #expect(error?.message.hasPrefix("Karte 2 (Zeile 9): Akteur \"Kaputt\" kann nicht eingelesen werden") == true)
            #expect(try store.loadProject().stakeholders.count == before)
            let skipped = try store.importContacts([good, bad], user: "test", skipInvalid: true)
            #expect(skipped.inserted == 1)
            #expect(skipped.notes.contains { $0.hasPrefix("Karte 2 (Zeile 9): Akteur \"Kaputt\" übersprungen") })
        }
    }
}
