import Testing
@testable import TeamworkCore

@Suite struct VCardTests {
    let werke = Stakeholder(
        id: 7, name: "Stadtwerke Schwerin GmbH (SWS)", kind: .municipalCompany,
        role: "Betreiber der Datenplattform; Partner für Sensorik, LoRaWAN", contactPerson: "Dr. Anna Müller",
        email: "a.mueller@stadtwerke-schwerin.de", phone: "+49 385 633-1234", address: "Eckdrift 43–45, 19061 Schwerin",
        link: "https://www.stadtwerke-schwerin.de/smart-city?a=1,2;b", notes: "Rahmenvertrag bis 2027.\nAblage: C:\\Projekte\\SWS")
    let verein = Stakeholder(id: 42, name: "Bürgerverein Großer Dreesch e. V. 🏘️", kind: .association, role: "")

    func ids(_ list: [Stakeholder]) -> [String: Int64] {
        Dictionary(uniqueKeysWithValues: list.map { (VCard.uid(stakeholderID: $0.id), $0.id) })
    }

    // MARK: Writing

    @Test func writesTheExpectedText() {
        let expected = contentText([
            "BEGIN:VCARD",
            "VERSION:4.0",
            "UID:urn:uuid:96df66e2-bc51-5712-8f98-18f3ab33c3f7",
            "KIND:org",
            "FN:Stadtwerke Schwerin GmbH (SWS)",
            "ORG:Stadtwerke Schwerin GmbH (SWS)",
            "N:Müller;Anna;;Dr.;",
            "X-TEAMWORK-CONTACT:Dr. Anna Müller",
            #"ROLE:Betreiber der Datenplattform\; Partner für Sensorik\, LoRaWAN"#,
            "EMAIL;PREF=1:a.mueller@stadtwerke-schwerin.de",
            "TEL;VALUE=text;PREF=1:+49 385 633-1234",
            #"ADR:;;Eckdrift 43–45\, 19061 Schwerin;;;;"#,
            "URL:https://www.stadtwerke-schwerin.de/smart-city?a=1,2;b",
            #"NOTE:Rahmenvertrag bis 2027.\nAblage: C:\\Projekte\\SWS"#,
            "CATEGORIES:Städtisches Unternehmen",
            "END:VCARD",
            "BEGIN:VCARD",
            "VERSION:4.0",
            "UID:urn:uuid:341d60be-4f4f-50bf-a201-6d34d88b6f49",
            "KIND:org",
            "FN:Bürgerverein Großer Dreesch e. V. 🏘️",
            "ORG:Bürgerverein Großer Dreesch e. V. 🏘️",
            "CATEGORIES:Verein/Verband",
            "END:VCARD",
        ])
        let text = VCard.write([werke, verein])
        #expect(text == expected)
        if text != expected { print(text) }
        #expect(VCard.write([]) == "")
    }

    @Test func requiredPropertiesArePresent() {
        let all = StakeholderKind.allCases.enumerated().map { i, kind in
            Stakeholder(id: Int64(i + 1), name: "Partner \(i)", kind: kind, role: "Rolle \(i)")
        }
        let lines = ContentLines.unfold(VCard.write(all)).lines.map(\.text)
        let cards = lines.split(separator: "BEGIN:VCARD")
        #expect(cards.count == all.count)
        for (card, s) in zip(cards, all) {
            #expect(card.first == "VERSION:4.0")
            #expect(card.last == "END:VCARD")
            #expect(card.filter { $0.hasPrefix("UID:urn:uuid:") }.count == 1)
            #expect(card.contains("UID:" + VCard.uid(stakeholderID: s.id)))
            #expect(card.contains("FN:\(s.name)") && card.contains("KIND:org"))
            #expect(card.contains("CATEGORIES:\(s.kind.title)"))
            #expect(!card.contains { $0.hasPrefix("N:") || $0.hasPrefix("EMAIL") || $0.hasPrefix("TEL") })
        }
        #expect(Set(all.map { VCard.uid(stakeholderID: $0.id) }).count == all.count)
    }

    @Test func uidsAreNameBasedUUIDs() {
        // Reference values from Python: uuid.uuid5(uuid.NAMESPACE_URL, "https://teamwork.schwerin.de/stakeholder/1").
        #expect(VCard.uid(stakeholderID: 1) == "urn:uuid:7b5b7aff-b9f1-593b-a901-713fdb82db99")
        #expect(VCard.uid(stakeholderID: 7) == "urn:uuid:96df66e2-bc51-5712-8f98-18f3ab33c3f7")
        #expect(VCard.uid(stakeholderID: 42) == "urn:uuid:341d60be-4f4f-50bf-a201-6d34d88b6f49")
        #expect(VCard.uid(stakeholderID: 42, uidDomain: "example.org") != VCard.uid(stakeholderID: 42))
        func hex(_ b: [UInt8]) -> String { b.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() }
        #expect(hex(SHA1.hash(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(hex(SHA1.hash([])) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(hex(SHA1.hash(Array(repeating: UInt8(ascii: "a"), count: 1000))) == "291e9a6c66994949b57ba5e650361e98fc36b1ba")
    }

    @Test func contactPersonNameComponents() {
        #expect(VCard.nameComponents("Dr. Anna Müller") == ("Müller", "Anna", "Dr."))
        #expect(VCard.nameComponents("Frau Prof. Dr. Erika Maria Mustermann") == ("Mustermann", "Erika Maria", "Frau Prof. Dr."))
        #expect(VCard.nameComponents("Müller") == ("Müller", "", ""))
        #expect(VCard.nameComponents("Herr") == ("Herr", "", ""))
        let odd = Stakeholder(id: 1, name: "A;B,C\\D", kind: .network, role: "", contactPerson: "Müller, Anna; Schulz")
        let lines = ContentLines.unfold(VCard.write([odd])).lines.map(\.text)
        #expect(lines.contains(#"FN:A\;B\,C\\D"#) && lines.contains(#"ORG:A\;B\,C\\D"#))
        #expect(lines.contains(#"N:Schulz;Müller\, Anna\;;;;"#))
        #expect(lines.contains(#"X-TEAMWORK-CONTACT:Müller\, Anna\; Schulz"#))
    }

    // MARK: Round trip

    @Test func roundTripIsByteIdentical() throws {
        let tricky = Stakeholder(
            id: 99, name: "Netzwerk \"Smart Cities\"; MV, Nord\\Ost", kind: .network,
            role: "Austausch\r\nmit Partnerstädten", contactPerson: "Jürgen", email: "info@example.org",
            phone: "0385 / 12 34-5 (Zentrale; Mo–Fr)", address: "Postfach 11 12\nc/o Rathaus, 19055 Schwerin",
            link: "www.example.org", notes: "  eingerückt \t mit Tab  ")
        var all = [werke, verein, tricky]
        all += StakeholderKind.allCases.enumerated().map { i, kind in
            Stakeholder(id: Int64(100 + i), name: "Art \(i) " + String(repeating: "Ä😀ß,", count: i * 9), kind: kind,
                        role: String(repeating: "🏙️ Rolle; ", count: i), notes: String(repeating: "x", count: i * 40))
        }
        let first = VCard.write(all)
        expectWellFolded(first)
        let imported = try VCard.read(first)
        #expect(imported.count == all.count)
        let byUID = ids(all)
        let back = imported.map { $0.stakeholder(id: byUID[$0.uid]!, kind: $0.kind!) }
        var expected = all
        expected[2].role = "Austausch\nmit Partnerstädten"   // line breaks come back as LF
        expected[2].notes = "  eingerückt   mit Tab  "          // a tab (control character) is written as a space
        #expect(back == expected)
        #expect(VCard.write(back) == first)
    }

    @Test func randomStakeholdersRoundTrip() throws {
        var g = InterchangeTextGenerator(state: 6350)
        let linkAlphabet = InterchangeTextGenerator.alphabet.filter { $0 != "\n" && $0 != "\t" }
        var all: [Stakeholder] = []
        for id in 1...300 {
            var name = g.text(maxLength: 50)
            if name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { name = "Akteur \(id)" }  // FN may not be blank
            all.append(Stakeholder(
                id: Int64(id), name: name, kind: StakeholderKind.allCases[g.next(9)],
                role: g.text(maxLength: 80), contactPerson: g.text(maxLength: 25), email: g.text(maxLength: 20),
                phone: g.next(4) == 0 ? "tel:" + g.text(maxLength: 10) : g.text(maxLength: 15),
                address: g.text(maxLength: 60), link: g.text(maxLength: 40, from: linkAlphabet),
                notes: g.text(maxLength: 200)))
        }
        let first = VCard.write(all)
        expectWellFolded(first)
        let byUID = ids(all)
        let back = try VCard.read(first).map { $0.stakeholder(id: byUID[$0.uid]!, kind: $0.kind!) }
        // A tab (a control character) is written as a space; blank e-mails and phones are no values.
        let expected = all.map { s in
            var s = s
            for k in [\Stakeholder.name, \Stakeholder.role, \Stakeholder.contactPerson, \Stakeholder.email,
                      \Stakeholder.phone, \Stakeholder.address, \Stakeholder.notes] {
                s[keyPath: k] = s[keyPath: k].replacingOccurrences(of: "\t", with: " ")
            }
            if s.email.trimmingCharacters(in: .whitespaces).isEmpty { s.email = "" }
            if s.phone.trimmingCharacters(in: .whitespaces).isEmpty { s.phone = "" }
            return s
        }
        #expect(back.count == expected.count)
        for (a, b) in zip(back, expected) where a != b {
            Issue.record("gelesen:   \(a)\nerwartet: \(b)")
            break
        }
        #expect(VCard.write(back) == first)
    }

    /// Found by Fuzz/VCFFuzz.swift: a name with a NUL and an escaped line break reads back with
    /// U+FFFD for the NUL (never raw) and the line break kept.
    @Test func controlCharactersInANameReadBackInert() throws {
        let card = "BEGIN:VCARD\r\nVERSION:4.0\r\nORG:A\u{0}B;Verein/Verb\\nd\r\nEND:VCARD\r\n"
        let c = try VCard.read(card)
        #expect(c.map(\.name) == ["A\u{0}B, Verein/Verb\nd"])
        let written = VCard.write(c.map { $0.stakeholder(id: 1, kind: .network) })
        #expect(!written.unicodeScalars.contains("\u{0}"))
        #expect(try VCard.read(written).map(\.name) == ["A\u{FFFD}B, Verein/Verb\nd"])
        #expect(ContentLines.inertText("A\u{0}B\r\nC\tD") == "A\u{FFFD}B\nC D")
    }

    @Test func importedFieldsOfOwnExport() throws {
        let c = try VCard.read(VCard.write([werke, verein]))
        #expect(c[0] == ImportedContact(
            uid: "urn:uuid:96df66e2-bc51-5712-8f98-18f3ab33c3f7", name: "Stadtwerke Schwerin GmbH (SWS)",
            kindTitle: "Städtisches Unternehmen", role: "Betreiber der Datenplattform; Partner für Sensorik, LoRaWAN",
            contactPerson: "Dr. Anna Müller", email: "a.mueller@stadtwerke-schwerin.de", phone: "+49 385 633-1234",
            address: "Eckdrift 43–45, 19061 Schwerin", link: "https://www.stadtwerke-schwerin.de/smart-city?a=1,2;b",
            notes: "Rahmenvertrag bis 2027.\nAblage: C:\\Projekte\\SWS", line: 1))
        #expect(c[0].kind == .municipalCompany)
        #expect(c[1] == ImportedContact(uid: VCard.uid(stakeholderID: 42), name: "Bürgerverein Großer Dreesch e. V. 🏘️",
                                        kindTitle: "Verein/Verband", version: "4.0", line: 17, position: 2))
        #expect(c[1].kind == .association)
    }

    @Test func foldsLongValuesWithUmlautsAndEmoji() throws {
        for shift in 0..<6 {
            let notes = String(repeating: "-", count: shift) + String(repeating: "Grüße aus Schwerin 👋🏽, ; \\ \n", count: 12)
            let s = Stakeholder(id: 5, name: "Ämter & Ößterreich 😀", kind: .network, role: "", notes: notes)
            let text = VCard.write([s])
            expectWellFolded(text)
            let note = ContentLines.unfold(text).lines.first { $0.text.hasPrefix("NOTE:") }!.text
            #expect(note == "NOTE:" + ContentLines.escape(notes))
            #expect(try VCard.read(text)[0].notes == notes)
        }
        // The URL is not TEXT: written as it stands, control characters percent-encoded.
        let odd = Stakeholder(id: 1, name: "x", kind: .network, role: "", link: "https://example.org/a\nb")
        #expect(VCard.write([odd]).contains("URL:https://example.org/a%0Ab\r\n"))
    }

    // MARK: Foreign cards

    @Test func readsVCard30FromAddressBook() throws {
        let text = contentText([
            "BEGIN:VCARD",
            "VERSION:3.0",
            "PRODID:-//Apple Inc.//macOS 14.0//EN",
            "N:Schulz;Ben;;Herr;",
            "FN:Ben Schulz",
            "ORG:Landeshauptstadt Schwerin;Fachdienst Digitalisierung",
            "TITLE:Sachgebietsleiter",
            "EMAIL;type=INTERNET;type=WORK:ben.schulz@schwerin.de",
            "EMAIL;type=INTERNET;type=HOME;type=pref:ben@example.org",
            "TEL;type=WORK:0385 545-0",
            "TEL;type=CELL;type=VOICE;type=pref:0171 1234567",
            "item1.ADR;type=WORK;type=pref:;;Am Packhof 2-6;Schwerin;;19053;Deutschland",
            "item1.X-ABADR:de",
            "NOTE:Erreichbar Mo–Do",
            "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD",
            " /2wBDAAgGBgcGBQgHBwcJCQgKDBQN",
            "URL;type=pref:https\\://www.schwerin.de",
            "CATEGORIES:Smart City,Verwaltung",
            "END:VCARD",
        ])
        let c = try VCard.read(text)
        #expect(c == [ImportedContact(
            uid: "", name: "Ben Schulz", kindTitle: "Smart City, Verwaltung", role: "Sachgebietsleiter",
            contactPerson: "Herr Ben Schulz", organisation: "Landeshauptstadt Schwerin, Fachdienst Digitalisierung",
            emails: ["ben@example.org", "ben.schulz@schwerin.de"], phones: ["0171 1234567", "0385 545-0"],
            address: "Am Packhof 2-6, 19053 Schwerin, Deutschland", link: "https://www.schwerin.de",
            notes: "Erreichbar Mo–Do", version: "3.0", line: 1)])
        #expect(c[0].kind == .administration)
        #expect(c[0].stakeholder(id: 3, kind: .administration).contactPerson == "Herr Ben Schulz")
    }

    @Test func readsVCard40FromOtherPrograms() throws {
        let text = "BEGIN:VCARD\nVERSION:4.0\nUID:urn:uuid:0000\nFN:WEMAG AG\nEMAIL;PREF=2:a@wemag.com\n"
            + "EMAIL;PREF=1:b@wemag.com\nTEL;VALUE=uri;TYPE=work:tel:+49-385-755-0\n"
            + "ADR;LABEL=\"Obotritenring 40^n19053 Schwerin\":;;;;;;\nNOTE:eins\nNOTE:zwei\nEND:VCARD\n"
        let c = try VCard.read(text)[0]
        #expect(c.uid == "urn:uuid:0000" && c.email == "b@wemag.com" && c.phone == "+49-385-755-0")
        #expect(c.address == "Obotritenring 40, 19053 Schwerin")
        #expect(c.notes == "eins\nzwei" && c.kindTitle == "" && c.kind == nil && c.contactPerson == "")
    }

    @Test func emptyTextHasNoCards() throws {
        #expect(try VCard.read("") == [])
        #expect(try VCard.read("\r\n\r\n") == [])
    }

    // MARK: Malformed input

    func failure(_ lines: [String]) -> InterchangeError? {
        do { _ = try VCard.read(contentText(lines)); return nil } catch { return error }
    }

    @Test func malformedInputs() throws {
        let ok = ["BEGIN:VCARD", "VERSION:4.0", "FN:A", "END:VCARD"]
        // FN missing: the name is ORG (then N); version 2.1 is read too.
        #expect(failure(ok + ["BEGIN:VCARD", "VERSION:4.0", "UID:x", "ORG:Ohne FN", "END:VCARD"]) == nil)
        #expect(try VCard.read(contentText(ok + ["BEGIN:VCARD", "VERSION:4.0", "ORG:Ohne FN", "END:VCARD"]))[1].name == "Ohne FN")
        #expect(failure(["BEGIN:VCARD", "VERSION:2.1", "FN:Alt", "END:VCARD"]) == nil)
        #expect(failure(["BEGIN:VCARD", "VERSION:5.0", "FN:Neu", "END:VCARD"])
                == InterchangeError(line: 1, reason: "Karte 1: vCard-Version \"5.0\" wird nicht unterstützt (erwartet 2.1, 3.0 oder 4.0)"))
        #expect(failure(["BEGIN:VCARD", "FN:Ohne Version", "END:VCARD"])
                == InterchangeError(line: 1, reason: "Karte 1: VERSION fehlt"))
        #expect(failure(ok + ["BEGIN:VCARD", "VERSION:4.0", "FN:", "N:;;;;", "END:VCARD"])
                == InterchangeError(line: 5, reason: "Karte 2: kein Name: FN, ORG und N sind leer oder fehlen"))
        #expect(failure(ok + ["BEGIN:VCARD", "VERSION:4.0", "FN:B"])
                == InterchangeError(line: 7, reason: "END:VCARD fehlt (BEGIN:VCARD in Zeile 5)"))
        #expect(failure(["BEGIN:VCARD", "VERSION:4.0", "FN:B", "BEGIN:VCARD", "VERSION:4.0", "FN:C", "END:VCARD"])
                == InterchangeError(line: 4, reason: "BEGIN:VCARD innerhalb der vCard ab Zeile 1 (END:VCARD fehlt?)"))
        #expect(failure(ok + ["FN:lose"])
                == InterchangeError(line: 5, reason: "FN steht außerhalb von BEGIN:VCARD … END:VCARD"))
        #expect(failure(["BEGIN:VCALENDAR"]) == InterchangeError(line: 1, reason: "erwartet wird BEGIN:VCARD, nicht BEGIN:VCALENDAR"))
        #expect(failure(["BEGIN:VCARD", "VERSION:4.0", "FN:A", "END:VEVENT"])
                == InterchangeError(line: 4, reason: "END:VEVENT passt nicht zu BEGIN:VCARD in Zeile 1"))
        #expect(failure(["END:VCARD"]) == InterchangeError(line: 1, reason: "END:VCARD ohne zugehöriges BEGIN:VCARD"))
        #expect(failure(["BEGIN:VCARD", "VERSION:4.0", "FN Ohne Doppelpunkt", "END:VCARD"])
                == InterchangeError(line: 3, reason: "\"FN Ohne Doppelpunkt\" ist keine gültige Inhaltszeile (der Doppelpunkt fehlt)"))
        #expect(failure(["BEGIN:VCARD", "VERSION:4.0", "VERSION:3.0", "FN:A", "END:VCARD"])
                == InterchangeError(line: 1, reason: "Karte 1: VERSION kommt mehrfach vor (Zeile 3)"))
    }
}
