import Testing
@testable import TeamworkCore

/// Lines joined with CRLF, one after the last.
func contentText(_ lines: [String]) -> String { lines.map { $0 + "\r\n" }.joined() }

/// Physical lines of written text (split at CRLF on the bytes), with the UTF-8 of each.
func physicalContentLines(_ text: String) -> [[UInt8]] {
    var lines: [[UInt8]] = []
    var current: [UInt8] = []
    var bytes = Array(text.utf8)[...]
    while let b = bytes.first {
        bytes = bytes.dropFirst()
        if b == 0x0D, bytes.first == 0x0A {
            bytes = bytes.dropFirst(); lines.append(current); current = []
        } else {
            current.append(b)
        }
    }
    #expect(current.isEmpty, "text must end with CRLF")
    return lines
}

/// Every line at most 75 octets, each valid UTF-8 on its own, no bare CR or LF.
func expectWellFolded(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
    for line in physicalContentLines(text) {
        #expect(line.count <= 75, "\(line.count) octets: \(String(decoding: line, as: UTF8.self))",
                sourceLocation: sourceLocation)
        #expect(String(validating: line, as: UTF8.self) != nil, "broken UTF-8", sourceLocation: sourceLocation)
        #expect(!line.contains(0x0A) && !line.contains(0x0D), sourceLocation: sourceLocation)
    }
}

/// Deterministic pseudo-random text for round trips (no CR: line breaks are normalised to LF).
struct InterchangeTextGenerator {
    var state: UInt64
    static let alphabet: [String] = ["a", "Z", " ", "ä", "Ö", "ß", "€", "😀", "👩‍👩‍👧", "🏙️", "e\u{301}", ",", ";", ":", "\\",
                                     "\n", "\t", "\"", "^", "=", "x", "1", "-", "."]

    mutating func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }

    mutating func text(maxLength: Int, from alphabet: [String] = alphabet) -> String {
        (0..<next(maxLength + 1)).map { _ in alphabet[next(alphabet.count)] }.joined()
    }
}

@Suite struct ICalendarTests {
    let now = UTCDateTime(year: 2026, month: 4, day: 30, hour: 8, minute: 15, second: 5)
    let names: [Int64: String] = [3: "Stadtwerke Schwerin GmbH (SWS)", 7: "WEMAG AG", 9: "Hochschule Wismar"]
    let measures: [Int64: String] = [12: "Digitaler Zwilling Schwerin"]
    let series = [EventSeries(id: 2, title: "Smart-City-Forum", format: "Forum", cadence: "jährlich",
                              description: "", organiser: "Stabsstelle", source: "IV.1")]

    var forum: Event {
        Event(id: 41, seriesID: 2, title: "Smart-City-Forum 2026: Daten, Plattform; Beteiligung", format: "Forum",
              start: LocalDateTime(year: 2026, month: 5, day: 4, hour: 9, minute: 30),
              end: LocalDateTime(year: 2026, month: 5, day: 4, hour: 16),
              place: "Rathaus Schwerin, Demmlersaal", organiser: "Stabsstelle Digitalisierung",
              measureID: 12, stakeholderIDs: [3, 7])
    }

    var workshop: Event {
        Event(id: 42, title: "Workshop Straßenbeleuchtung – Bürgerbeteiligung in Großer Dreesch 🏙️", format: "Workshop",
              start: LocalDateTime(year: 2026, month: 11, day: 17, hour: 18),
              end: LocalDateTime(year: 2026, month: 11, day: 17, hour: 20, minute: 30),
              place: "Stadtteilbüro\nHegelstraße 1", organiser: "", stakeholderIDs: [9, 99])
    }

    var allDay: Event {
        Event(id: 43, title: "Tag der offenen Tür", format: "", start: LocalDateTime(year: 2026, month: 9, day: 12),
              end: LocalDateTime(year: 2026, month: 9, day: 14))
    }

    func write(_ events: [Event]) -> String {
        ICalendar.write(events: events, series: series, stakeholderNames: names, measureTitles: measures, now: now)
    }

    // MARK: Writing

    @Test func writesTheExpectedText() {
        let expected = contentText([
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Smart City Schwerin//teamwork//DE",
            "CALSCALE:GREGORIAN",
            "BEGIN:VTIMEZONE",
            "TZID:Europe/Berlin",
            "BEGIN:DAYLIGHT",
            "TZOFFSETFROM:+0100",
            "TZOFFSETTO:+0200",
            "TZNAME:CEST",
            "DTSTART:19700329T020000",
            "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
            "END:DAYLIGHT",
            "BEGIN:STANDARD",
            "TZOFFSETFROM:+0200",
            "TZOFFSETTO:+0100",
            "TZNAME:CET",
            "DTSTART:19701025T030000",
            "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
            "END:STANDARD",
            "END:VTIMEZONE",
            "BEGIN:VEVENT",
            "UID:event-41@teamwork.schwerin.de",
            "DTSTAMP:20260430T081505Z",
            "DTSTART;TZID=Europe/Berlin:20260504T093000",
            "DTEND;TZID=Europe/Berlin:20260504T160000",
            #"SUMMARY:Smart-City-Forum 2026: Daten\, Plattform\; Beteiligung"#,
            #"LOCATION:Rathaus Schwerin\, Demmlersaal"#,
            #"DESCRIPTION:Format: Forum\nVeranstalter: Stabsstelle Digitalisierung\nMaßn"#,
            #" ahme: Digitaler Zwilling Schwerin\nBeteiligte: Stadtwerke Schwerin GmbH (S"#,
            #" WS)\, WEMAG AG\nReihe: Smart-City-Forum (jährlich)"#,
            "CATEGORIES:Forum",
            "X-TEAMWORK-NOTES:",
            "X-TEAMWORK-ORGANISER:Stabsstelle Digitalisierung",
            "X-TEAMWORK-MEASURE:12",
            "X-TEAMWORK-STAKEHOLDERS:3,7",
            "X-TEAMWORK-SERIES:2",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:event-43@teamwork.schwerin.de",
            "DTSTAMP:20260430T081505Z",
            "DTSTART;VALUE=DATE:20260912",
            "DTEND;VALUE=DATE:20260914",
            "SUMMARY:Tag der offenen Tür",
            "END:VEVENT",
            "END:VCALENDAR",
        ])
        let text = write([forum, allDay])
        #expect(text == expected)
        if text != expected { print(text) }
    }

    @Test func requiredPropertiesArePresent() {
        let text = write([forum, workshop, allDay])
        let lines = ContentLines.unfold(text).lines.map(\.text)
        #expect(lines.first == "BEGIN:VCALENDAR" && lines.last == "END:VCALENDAR")
        for required in ["VERSION:2.0", "PRODID:-//Smart City Schwerin//teamwork//DE", "CALSCALE:GREGORIAN",
                         "BEGIN:VTIMEZONE", "TZID:Europe/Berlin"] {
            #expect(lines.filter { $0 == required }.count == 1, "\(required)")
        }
        let events = lines.split(separator: "BEGIN:VEVENT").dropFirst()
        #expect(events.count == 3)
        for event in events {
            for name in ["UID:", "DTSTAMP:", "DTSTART", "DTEND", "SUMMARY:"] {
                #expect(event.filter { $0.hasPrefix(name) }.count == 1, "\(name) in \(event)")
            }
        }
        #expect(!text.contains("ORGANIZER"))
        #expect(lines.contains("UID:event-42@teamwork.schwerin.de"))
        #expect(lines.contains("DTSTART;TZID=Europe/Berlin:20261117T180000"))
        #expect(lines.contains("DTEND;TZID=Europe/Berlin:20261117T203000"))
        #expect(lines.contains(#"LOCATION:Stadtteilbüro\nHegelstraße 1"#))
        #expect(lines.contains(#"DESCRIPTION:Format: Workshop\nBeteiligte: Hochschule Wismar\, #99"#))
        // Without series list the description names no series; the id is still carried.
        let bare = ICalendar.write(events: [forum], series: nil, stakeholderNames: [:], measureTitles: [:],
                                   uidDomain: "example.org", now: now)
        let bareLines = ContentLines.unfold(bare).lines.map(\.text)
        #expect(bareLines.contains(#"DESCRIPTION:Format: Forum\nVeranstalter: Stabsstelle Digitalisierung\nMaßnahme: #12\nBeteiligte: #3\, #7"#))
        #expect(bareLines.contains("UID:event-41@example.org"))
        #expect(bareLines.contains("X-TEAMWORK-SERIES:2"))
    }

    @Test func uidIsStableAcrossExports() {
        let later = ICalendar.write(events: [forum], series: series, stakeholderNames: names, measureTitles: measures,
                                    now: UTCDateTime(year: 2027, month: 1, day: 1))
        #expect(later.contains("UID:event-41@teamwork.schwerin.de\r\n"))
        #expect(later.contains("DTSTAMP:20270101T000000Z\r\n"))
        #expect(ICalendar.uid(eventID: 41) == "UID:event-41@teamwork.schwerin.de".dropFirst(4))
    }

    @Test func emptyCalendarIsValid() throws {
        let text = write([])
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        #expect(try ICalendar.read(text) == [])
    }

    // MARK: Round trip

    @Test func roundTripIsByteIdentical() throws {
        let events = [forum, workshop, allDay]
        let first = write(events)
        let imported = try ICalendar.read(first)
        #expect(imported.count == 3)
        let back = imported.map { $0.event(id: $0.eventID()!) }
        #expect(back == events)
        #expect(write(back) == first)
    }

    @Test func randomEventsRoundTrip() throws {
        var g = InterchangeTextGenerator(state: 2026)
        var events: [Event] = []
        for id in 1...300 {
            let start = LocalDateTime(year: 2020 + g.next(10), month: 1 + g.next(12), day: 1 + g.next(28),
                                      hour: g.next(24), minute: g.next(60))
            let end = g.next(5) == 0 ? start : BerlinClock.adding(g.next(5000), to: start)
            events.append(Event(id: Int64(id), seriesID: g.next(3) == 0 ? 2 : nil, title: g.text(maxLength: 60),
                                format: g.text(maxLength: 8), start: start, end: end, place: g.text(maxLength: 50),
                                organiser: g.text(maxLength: 30), measureID: g.next(2) == 0 ? Int64(g.next(20)) : nil,
                                stakeholderIDs: (0..<g.next(4)).map { _ in Int64(g.next(12)) }))
        }
        events.append(allDay)
        let first = write(events)
        expectWellFolded(first)
        let back = try ICalendar.read(first).map { $0.event(id: $0.eventID()!) }
        // A tab (a control character) is written as a space.
        func inert(_ e: Event) -> Event {
            var e = e
            for k in [\Event.title, \Event.format, \Event.place, \Event.organiser] {
                e[keyPath: k] = e[keyPath: k].replacingOccurrences(of: "\t", with: " ")
            }
            return e
        }
        #expect(back == events.map(inert))
        #expect(write(back) == first)
    }

    @Test func importedFieldsOfOwnExport() throws {
        let imported = try ICalendar.read(write([forum, workshop, allDay]))
        let f = imported[0]
        #expect(f.uid == "event-41@teamwork.schwerin.de" && f.eventID() == 41)
        #expect(f.eventID(uidDomain: "example.org") == nil)
        #expect(f.title == "Smart-City-Forum 2026: Daten, Plattform; Beteiligung")
        #expect(f.format == "Forum" && f.place == "Rathaus Schwerin, Demmlersaal")
        #expect(f.start == LocalDateTime(year: 2026, month: 5, day: 4, hour: 9, minute: 30))
        #expect(f.end == LocalDateTime(year: 2026, month: 5, day: 4, hour: 16))
        #expect(!f.allDay)
        #expect(f.description == """
            Format: Forum
            Veranstalter: Stabsstelle Digitalisierung
            Maßnahme: Digitaler Zwilling Schwerin
            Beteiligte: Stadtwerke Schwerin GmbH (SWS), WEMAG AG
            Reihe: Smart-City-Forum (jährlich)
            """)
        #expect(f.organiser == "Stabsstelle Digitalisierung" && f.measureID == 12 && f.stakeholderIDs == [3, 7])
        #expect(f.seriesID == 2 && f.recurrenceRule == nil && f.line == 22)
        #expect(imported[1].place == "Stadtteilbüro\nHegelstraße 1")
        #expect(imported[1].title.hasSuffix("Dreesch 🏙️"))
        #expect(imported[2].allDay && imported[2].end == LocalDateTime(year: 2026, month: 9, day: 14))
    }

    // MARK: Folding and escaping

    @Test func foldsAt75OctetsWithoutBreakingCharacters() throws {
        let pieces = ["ä", "ö", "ü", "ß", "€", "😀", "👩‍👩‍👧", "🏙️", "a", "e\u{301}", ",", ";", "\\", "\n"]
        for shift in 0..<8 {
            var title = String(repeating: "x", count: shift)
            for i in 0..<120 { title += pieces[(i * 7 + shift) % pieces.count] }
            let event = Event(id: 1, title: title, format: "", start: LocalDateTime(year: 2026, month: 1, day: 1, hour: 9),
                              end: LocalDateTime(year: 2026, month: 1, day: 1, hour: 10), place: title)
            let text = write([event])
            expectWellFolded(text)
            let summary = ContentLines.unfold(text).lines.first { $0.text.hasPrefix("SUMMARY:") }!.text
            #expect(summary == "SUMMARY:" + ContentLines.escape(title))
            let back = try ICalendar.read(text)
            #expect(back[0].title == title && back[0].place == title)
        }
    }

    @Test func foldingDetails() {
        let exactly75 = "SUMMARY:" + String(repeating: "a", count: 67)
        #expect(ContentLines.fold(exactly75) == exactly75 + "\r\n")
        let seventySix = exactly75 + "b"
        #expect(ContentLines.fold(seventySix) == exactly75 + "\r\n b\r\n")
        // A 2-octet ü that would straddle octet 75 moves to the next line.
        let straddle = String(repeating: "a", count: 74) + "ü" + "z"
        let folded = ContentLines.fold(straddle)
        #expect(folded == String(repeating: "a", count: 74) + "\r\n üz\r\n")
        // A 4-octet emoji at octets 73–76 likewise; continuation lines carry 74 octets after the space.
        let emoji = String(repeating: "a", count: 72) + "😀" + String(repeating: "b", count: 80)
        let lines = physicalContentLines(ContentLines.fold(emoji))
        #expect(lines.map(\.count) == [72, 75, 11])
        #expect(ContentLines.unfold(ContentLines.fold(emoji)).lines.map(\.text) == [emoji])
    }

    @Test func escaping() {
        #expect(ContentLines.escape(#"a,b;c\d"# + "\ne\r\nf\rg") == #"a\,b\;c\\d\ne\nf\ng"#)
        #expect(ContentLines.unescape(#"a\,b\;c\\d\ne\Nf\:g\xh"#) == "a,b;c\\d\ne\nf:g\\xh")
        #expect(ContentLines.unescape(#"\\n"#) == #"\n"#)
        for s in [#"\"#, #"\\,"#, "a\n\nb", ";;,,", #"C:\Users\n"#, ""] {
            #expect(ContentLines.unescape(ContentLines.escape(s)) == s)
        }
        #expect(ContentLines.split(#"a\,b,c\\,d"#, at: ",") == [#"a\,b"#, #"c\\"#, "d"])
    }

    @Test func unfoldsCRLFLFAndTabs() throws {
        let text = "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:x\nDTSTART:20260504T\n 093000\nSUMMARY:Lan\n\tger T\r\n itel\r\n"
            + "\nEND:VEVENT\rEND:VCALENDAR"
        let e = try ICalendar.read(text)
        #expect(e.count == 1 && e[0].title == "Langer Titel")
        #expect(e[0].start == LocalDateTime(year: 2026, month: 5, day: 4, hour: 9, minute: 30))
    }

    @Test func parsesParameters() throws {
        let l = try ContentLines.parseLine(#"item1.ADR;TYPE=work,pref;LABEL="Am Markt 1^nSchwerin; ^'MV^'":;;Am Markt 1"#,
                                           number: 3)
        #expect(l.name == "ADR" && l.number == 3 && l.value == ";;Am Markt 1")
        #expect(l.params("TYPE") == ["work", "pref"])
        #expect(l.param("LABEL") == "Am Markt 1\nSchwerin; \"MV\"")
        #expect(throws: InterchangeError(line: 4, reason: #""SUMMARY Text" ist keine gültige Inhaltszeile (der Doppelpunkt fehlt)"#)) {
            try ContentLines.parseLine("SUMMARY Text", number: 4)
        }
        #expect(throws: InterchangeError.self) { try ContentLines.parseLine(#"X;A="offen:wert"#, number: 1) }
        #expect(throws: InterchangeError.self) { try ContentLines.parseLine(":wert", number: 1) }
    }

    // MARK: Times

    func start(_ value: String) throws -> LocalDateTime {
        try ICalendar.read(contentText(["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:t", value, "END:VEVENT",
                                 "END:VCALENDAR"]))[0].start
    }

    func local(_ y: Int, _ m: Int, _ d: Int, _ h: Int, _ mi: Int) -> LocalDateTime {
        LocalDateTime(year: y, month: m, day: d, hour: h, minute: mi)
    }

    @Test func utcTimesBecomeBerlinTime() throws {
        #expect(try start("DTSTART:20260115T120000Z") == local(2026, 1, 15, 13, 0))   // winter +1
        #expect(try start("DTSTART:20260715T120000Z") == local(2026, 7, 15, 14, 0))   // summer +2
        #expect(try start("DTSTART:20261231T233000Z") == local(2027, 1, 1, 0, 30))     // across the year
        // Spring switch, Sunday 29 March 2026, 01:00 UTC: 02:00 CET becomes 03:00 CEST.
        #expect(try start("DTSTART:20260329T005959Z") == local(2026, 3, 29, 1, 59))
        #expect(try start("DTSTART:20260329T010000Z") == local(2026, 3, 29, 3, 0))
        #expect(try start("DTSTART:20260328T120000Z") == local(2026, 3, 28, 13, 0))
        #expect(try start("DTSTART:20260329T120000Z") == local(2026, 3, 29, 14, 0))
        // Autumn switch, Sunday 25 October 2026, 01:00 UTC: 03:00 CEST becomes 02:00 CET.
        #expect(try start("DTSTART:20261025T005900Z") == local(2026, 10, 25, 2, 59))
        #expect(try start("DTSTART:20261025T010000Z") == local(2026, 10, 25, 2, 0))
        #expect(try start("DTSTART:20261025T120000Z") == local(2026, 10, 25, 13, 0))
        #expect(try start("DTSTART:20261024T120000Z") == local(2026, 10, 24, 14, 0))
        // 2027: 28 March and 31 October.
        #expect(try start("DTSTART:20270328T010000Z") == local(2027, 3, 28, 3, 0))
        #expect(try start("DTSTART:20271031T005959Z") == local(2027, 10, 31, 2, 59))
        #expect(try start("DTSTART:20271031T010000Z") == local(2027, 10, 31, 2, 0))
        // UTC named as a zone; Berlin and its equivalents as they stand; floating as it stands.
        #expect(try start("DTSTART;TZID=UTC:20260715T120000") == local(2026, 7, 15, 14, 0))
        #expect(try start("DTSTART;TZID=Europe/Berlin:20260715T120000") == local(2026, 7, 15, 12, 0))
        #expect(try start("DTSTART;TZID=\"W. Europe Standard Time\":20260715T120000") == local(2026, 7, 15, 12, 0))
        #expect(try start("DTSTART;TZID=/mozilla.org/20050126_1/Europe/Berlin:20260715T120000") == local(2026, 7, 15, 12, 0))
        #expect(try start("DTSTART:20260715T120000") == local(2026, 7, 15, 12, 0))
    }

    @Test func utcDateTime() {
        let t = UTCDateTime(year: 2026, month: 3, day: 29, hour: 1, minute: 0, second: 0)
        #expect(t.basic == "20260329T010000Z" && t.berlin == local(2026, 3, 29, 3, 0))
        #expect(UTCDateTime(unixTime: t.unixTime) == t)
        #expect(UTCDateTime(unixTime: 0).basic == "19700101T000000Z")
        #expect(UTCDateTime(unixTime: 1_777_536_905).basic == "20260430T081505Z")
        #expect(UTCDateTime(unixTime: -1).basic == "19691231T235959Z")
        #expect(UTCDateTime(berlin: local(2026, 1, 15, 13, 0)) == UTCDateTime(year: 2026, month: 1, day: 15, hour: 12))
        #expect(UTCDateTime(berlin: local(2026, 7, 15, 14, 0)) == UTCDateTime(year: 2026, month: 7, day: 15, hour: 12))
        #expect(UTCDateTime(berlin: local(2026, 10, 25, 2, 30)) == UTCDateTime(year: 2026, month: 10, day: 25, minute: 30))
        #expect(UTCDateTime(berlin: local(2026, 3, 29, 2, 30)) == UTCDateTime(year: 2026, month: 3, day: 29, hour: 1, minute: 30))
        // Every minute-hour of a year maps back.
        var minute = UTCDateTime(year: 2026, month: 1, day: 1).unixTime / 60
        while minute < UTCDateTime(year: 2027, month: 1, day: 1).unixTime / 60 {
            let u = UTCDateTime(unixTime: minute * 60)
            let b = u.berlin
            let summer = BerlinClock.offset(utcMinutes: Int(minute)) == 120
            #expect(BerlinClock.minutes(b) - Int(minute) == (summer ? 120 : 60))
            if !(b.month == 10 && b.day == 25 && b.hour == 2) { #expect(UTCDateTime(berlin: b) == u) }
            minute += 37
        }
    }

    @Test func allDayEvents() throws {
        let base = ["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:a"]
        let one = try ICalendar.read(contentText(base + ["DTSTART;VALUE=DATE:20260504", "END:VEVENT", "END:VCALENDAR"]))[0]
        #expect(one.allDay && one.start == local(2026, 5, 4, 0, 0) && one.end == local(2026, 5, 5, 0, 0))
        let three = try ICalendar.read(contentText(base + ["DTSTART;VALUE=DATE:20261230", "DTEND;VALUE=DATE:20270102",
                                                    "END:VEVENT", "END:VCALENDAR"]))[0]
        #expect(three.start == local(2026, 12, 30, 0, 0) && three.end == local(2027, 1, 2, 0, 0))
        let bare = try ICalendar.read(contentText(base + ["DTSTART:20260228", "DURATION:P2D", "END:VEVENT", "END:VCALENDAR"]))[0]
        #expect(bare.allDay && bare.end == local(2026, 3, 2, 0, 0))
        // Written back as all-day.
        let text = write([one.event(id: 5)])
        #expect(text.contains("DTSTART;VALUE=DATE:20260504\r\nDTEND;VALUE=DATE:20260505\r\n"))
    }

    @Test func endFromDurationOrDefault() throws {
        func event(_ props: [String]) throws -> ImportedEvent {
            try ICalendar.read(contentText(["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:d"] + props
                                    + ["END:VEVENT", "END:VCALENDAR"]))[0]
        }
        // RFC 5545 3.6.1: a date-time without DTEND and DURATION has no length.
        #expect(try event(["DTSTART:20260504T093000"]).end == local(2026, 5, 4, 9, 30))
        #expect(try event(["DTSTART:20260504T233000"]).end == local(2026, 5, 4, 23, 30))
        #expect(try event(["DTSTART:20260504T093000", "DURATION:PT1H45M"]).end == local(2026, 5, 4, 11, 15))
        #expect(try event(["DTSTART:20260504T093000", "DURATION:PT90M"]).end == local(2026, 5, 4, 11, 0))
        #expect(try event(["DTSTART:20260504T093000", "DURATION:P1D"]).end == local(2026, 5, 5, 9, 30))
        #expect(try event(["DTSTART:20260504T093000", "DURATION:P1DT2H"]).end == local(2026, 5, 5, 11, 30))
        #expect(try event(["DTSTART:20260504T093000", "DURATION:P1W"]).end == local(2026, 5, 11, 9, 30))
        #expect(try event(["DURATION:PT30M", "DTSTART:20260504T093000"]).end == local(2026, 5, 4, 10, 0))
        #expect(try event(["DTSTART:20260504T093000", "DTEND:20260504T093000"]).end == local(2026, 5, 4, 9, 30))
        #expect(throws: InterchangeError(line: 6, reason: #""PT1X" ist keine gültige Dauer (erwartet z. B. PT1H30M oder P1D)"#)) {
            try event(["DTSTART:20260504T093000", "DURATION:PT1X"])
        }
        #expect(throws: InterchangeError(line: 6, reason: #""P1H" ist keine gültige Dauer (erwartet z. B. PT1H30M oder P1D)"#)) {
            try event(["DTSTART:20260504T093000", "DURATION:P1H"])
        }
        #expect(throws: InterchangeError.self) { try event(["DTSTART:20260504T093000", "DURATION:-PT1H"]) }
        #expect(throws: InterchangeError(line: 6, reason: "DTEND (04.05.2026 09:00) liegt vor DTSTART (04.05.2026 09:30)")) {
            try event(["DTSTART:20260504T093000", "DTEND:20260504T090000"])
        }
    }

    // MARK: Foreign files

    @Test func readsForeignCalendar() throws {
        let text = contentText([
            "BEGIN:VCALENDAR",
            "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
            "VERSION:2.0",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:Stadt",
            "BEGIN:VTIMEZONE",
            "TZID:Europe/Berlin",
            "BEGIN:STANDARD",
            "DTSTART:19701025T030000",
            "TZOFFSETFROM:+0200",
            "TZOFFSETTO:+0100",
            "END:STANDARD",
            "END:VTIMEZONE",
            "BEGIN:VEVENT",
            "DTSTART:20260612T070000Z",
            "DTEND:20260612T083000Z",
            "RRULE:FREQ=WEEKLY;COUNT=4",
            "DTSTAMP:20260501T100000Z",
            "ORGANIZER;CN=Anna Müller:mailto:anna@schwerin.de",
            "UID:abc123@google.com",
            "CATEGORIES:Sitzung,Intern",
            "DESCRIPTION:Agenda:\\n1. Begrüßung",
            "LOCATION:",
            "STATUS:CONFIRMED",
            "SUMMARY:Jour fixe",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "DESCRIPTION:This is an event reminder",
            "TRIGGER:-P0DT0H10M0S",
            "END:VALARM",
            "END:VEVENT",
            "BEGIN:VTODO",
            "UID:todo",
            "SUMMARY:Aufgabe",
            "END:VTODO",
            "END:VCALENDAR",
        ])
        let file = try ICalendar.readCalendar(Array(text.utf8))
        let events = file.events
        #expect(events.count == 1)
        let e = try #require(events.first)
        #expect(e.uid == "abc123@google.com" && e.title == "Jour fixe" && e.format == "Sitzung, Intern")
        #expect(e.start == local(2026, 6, 12, 9, 0) && e.end == local(2026, 6, 12, 10, 30) && !e.allDay)
        #expect(e.place == "" && e.notes == "Agenda:\n1. Begrüßung" && e.organiser == "Anna Müller")
        #expect(e.recurrenceRule == "FREQ=WEEKLY;COUNT=4" && e.line == 14 && e.ruleInUTC)
        #expect(e.occurrences(limit: local(2030, 12, 31, 23, 59)).events.map(\.start.day) == [12, 19, 26, 3])
        #expect(file.skipped == ["VTODO": 1])
        #expect(events[0].eventID() == nil)
    }

    @Test func readsSeveralCalendars() throws {
        let one = write([forum])
        let two = write([workshop])
        #expect(try ICalendar.read(one + two).map(\.uid) == ["event-41@teamwork.schwerin.de", "event-42@teamwork.schwerin.de"])
    }

    // MARK: Malformed input

    func failure(_ lines: [String]) -> InterchangeError? {
        do { _ = try ICalendar.read(contentText(lines)); return nil } catch { return error }
    }

    @Test func missingDTSTARTNamesBothLines() {
        let e = failure([
            "BEGIN:VCALENDAR",      // 1
            "VERSION:2.0",
            "PRODID:x",
            "BEGIN:VEVENT",         // 4
            "UID:1",
            "DTSTART:20260504T090000",
            "END:VEVENT",
            "BEGIN:VEVENT",         // 8
            "UID:2",
            "SUMMARY:Ohne Beginn",
            "DTEND:20260504T100000",
            "END:VEVENT",           // 12
            "END:VCALENDAR",
        ])
        #expect(e == InterchangeError(line: 12, reason: "DTSTART fehlt im VEVENT ab Zeile 8"))
        #expect(e?.description == "Zeile 12: DTSTART fehlt im VEVENT ab Zeile 8")
    }

    @Test func malformedInputs() {
        let head = ["BEGIN:VCALENDAR", "VERSION:2.0"]
        #expect(failure(head + ["BEGIN:VEVENT", "UID:1", "DTSTART:20260504T090000", "END:VEVENT"])
                == InterchangeError(line: 6, reason: "END:VCALENDAR fehlt (BEGIN:VCALENDAR in Zeile 1)"))
        #expect(failure(head + ["BEGIN:VEVENT", "UID:1", "DTSTART:20260504T090000"])
                == InterchangeError(line: 5, reason: "END:VEVENT fehlt (BEGIN:VEVENT in Zeile 3)"))
        #expect(failure(head + ["BEGIN:VEVENT", "DTSTART:20260504T090000", "END:VEVENT", "END:VCALENDAR"])
                == InterchangeError(line: 5, reason: "UID fehlt im VEVENT ab Zeile 3"))
        #expect(failure(head + ["BEGIN:VEVENT", "UID:1", "DTSTART:20261301T090000", "END:VEVENT", "END:VCALENDAR"])
                == InterchangeError(line: 5, reason: #""20261301T090000" ist kein gültiges Datum"#))
        #expect(failure(head + ["BEGIN:VEVENT", "UID:1", "DTSTART:2026-13-01", "END:VEVENT", "END:VCALENDAR"])
                == InterchangeError(line: 5, reason: #""2026-13-01" ist kein gültiges Datum"#))
        #expect(failure(head + ["BEGIN:VEVENT", "UID:1", "DTSTART;VALUE=DATE:20260230", "END:VEVENT", "END:VCALENDAR"])
                == InterchangeError(line: 5, reason: #""20260230" ist kein gültiges Datum"#))
        #expect(failure(head + ["BEGIN:VEVENT", "UID:1", "DTSTART:20260504T250000", "END:VEVENT", "END:VCALENDAR"])
                == InterchangeError(line: 5, reason: #""20260504T250000" ist keine gültige Uhrzeit"#))
        #expect(failure(head + ["BEGIN:VEVENT", "UID:1", "DTSTART;TZID=America/New_York:20260504T090000", "END:VEVENT",
                                "END:VCALENDAR"])
                == InterchangeError(line: 5, reason: "Zeitzone \"America/New_York\" wird nicht unterstützt "
                                    + "(erwartet Europe/Berlin, UTC oder Ortszeit ohne Zeitzone)"))
        #expect(failure(head + ["BEGIN:VEVENT", "UID:1", "DTSTART:20260504T090000", "DTSTART:20260504T100000",
                                "END:VEVENT", "END:VCALENDAR"])
                == InterchangeError(line: 6, reason: "DTSTART kommt im VEVENT ab Zeile 3 mehrfach vor"))
        #expect(failure(head + ["BEGIN:VEVENT", "UID:1", "DTSTART:20260504T090000", "END:VTODO", "END:VCALENDAR"])
                == InterchangeError(line: 6, reason: "END:VTODO passt nicht zu BEGIN:VEVENT in Zeile 3"))
        #expect(failure(head + ["BEGIN:VEVENT", "UID:1", "BEGIN:VEVENT"])
                == InterchangeError(line: 5, reason: "VEVENT innerhalb von VEVENT ab Zeile 3; erlaubt nur direkt im VCALENDAR"))
        #expect(failure(["BEGIN:VCARD", "VERSION:4.0", "END:VCARD"])
                == InterchangeError(line: 1, reason: "erwartet wird BEGIN:VCALENDAR, nicht BEGIN:VCARD"))
        #expect(failure(["SUMMARY:x"]) == InterchangeError(line: 1, reason: "SUMMARY steht außerhalb von BEGIN:VCALENDAR … END:VCALENDAR"))
        #expect(failure(head + ["END:VCALENDAR", "END:VCALENDAR"])
                == InterchangeError(line: 4, reason: "END:VCALENDAR ohne zugehöriges BEGIN"))
        #expect(failure(["BEGIN:VCALENDAR", "VERSION:1.0", "END:VCALENDAR"])
                == InterchangeError(line: 2, reason: "iCalendar-Version \"1.0\" wird nicht unterstützt (erwartet 2.0)"))
        #expect(failure(["BEGIN:VCALENDAR", "PRODID:x", "END:VCALENDAR"])
                == InterchangeError(line: 3, reason: "VERSION fehlt im VCALENDAR ab Zeile 1"))
        #expect(failure(head + ["BEGIN:VEVENT", "UID:1", "DTSTART:20260504T090000", "X-TEAMWORK-MEASURE:zwölf",
                                "END:VEVENT", "END:VCALENDAR"])
                == InterchangeError(line: 6, reason: #""zwölf" ist keine Nummer"#))
        #expect(failure([]) == InterchangeError(line: 1, reason: "keine Kalenderdaten gefunden (BEGIN:VCALENDAR fehlt)"))
        // Line numbers count physical lines: a folded line reports where it starts.
        #expect(failure(head + ["BEGIN:VEVENT", "UID:1", "SUMMARY:lang", " er Titel", "DTSTART:2026050", " 4T99",
                                "END:VEVENT", "END:VCALENDAR"])
                == InterchangeError(line: 7, reason: #""20260504T99" ist kein gültiges Datum"#))
    }
}
