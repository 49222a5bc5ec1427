# Writes the interchange fixtures byte for byte (kept for reference, not run by the tests).
import sys
def fold_bytes(line: bytes, width=75):
    out=[]; first=True
    while len(line) > (width if first else width-1):
        n = width if first else width-1
        out.append(line[:n]); line=line[n:]; first=False
    out.append(line)
    return b"\r\n ".join(out)
def ics(lines, fold=True, enc="utf-8"):
    b=b""
    for l in lines:
        raw=l.encode(enc) if isinstance(l,str) else l
        b+= (fold_bytes(raw) if fold else raw) + b"\r\n"
    return b
TZ=["BEGIN:VTIMEZONE","TZID:Europe/Berlin","X-LIC-LOCATION:Europe/Berlin","BEGIN:DAYLIGHT","TZOFFSETFROM:+0100","TZOFFSETTO:+0200","TZNAME:CEST","DTSTART:19700329T020000","RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU","END:DAYLIGHT","BEGIN:STANDARD","TZOFFSETFROM:+0200","TZOFFSETTO:+0100","TZNAME:CET","DTSTART:19701025T030000","RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU","END:STANDARD","END:VTIMEZONE"]
# The description is built so that a 75-octet fold falls between the two bytes of "ü".
desc_prefix="DESCRIPTION:Agenda: Begrüßung\\, Bericht der Arbeitsgruppe\\, Fragen zur F"
desc=desc_prefix+"ührung des Quartiersbüros\\nBitte Unterlagen mitbringen."
assert len(desc_prefix.encode())==74, len(desc_prefix.encode())
def google(moved=False):
    L=["BEGIN:VCALENDAR","PRODID:-//Google Inc//Google Calendar 70.9054//EN","VERSION:2.0","CALSCALE:GREGORIAN","METHOD:PUBLISH","X-WR-CALNAME:Smart City Schwerin","X-WR-TIMEZONE:Europe/Berlin"]+TZ
    L+=["BEGIN:VEVENT",
        "DTSTART;TZID=Europe/Berlin:"+("20270615T140000" if moved else "20270608T140000"),
        "DTEND;TZID=Europe/Berlin:"+("20270615T160000" if moved else "20270608T160000"),
        "DTSTAMP:20261201T090000Z","ORGANIZER;CN=Projektbüro TEAMWORK:mailto:teamwork@example.org",
        "UID:5q2h0ltbk3v7m0c9n1a8f4d6e2@google.com",
        "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=j.koehler@stadtwerke-beispiel.de;X-NUM-GUESTS=0:mailto:j.koehler@stadtwerke-beispiel.de",
        "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;CN=Büro des Oberbürgermeisters;X-NUM-GUESTS=0:mailto:ob-buero@example.org",
        "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=OPT-PARTICIPANT;PARTSTAT=TENTATIVE;CN=Erika Gast;X-NUM-GUESTS=0:mailto:erika.gast@example.net",
        "CREATED:20261120T101010Z", desc,
        "LAST-MODIFIED:20261201T085959Z","LOCATION:Stadthaus Schwerin\\, Am Packhof 2-6\\, 19053 Schwerin","SEQUENCE:"+("1" if moved else "0"),"STATUS:CONFIRMED",
        "SUMMARY:Quartiersforum Feldstadt","TRANSP:OPAQUE",
        "BEGIN:VALARM","ACTION:DISPLAY","DESCRIPTION:This is an event reminder","TRIGGER:-P0DT0H30M0S","END:VALARM","END:VEVENT"]
    L+=["BEGIN:VEVENT","DTSTART;VALUE=DATE:20271011","DTEND;VALUE=DATE:20271014","DTSTAMP:20261201T090000Z",
        "UID:7d1c3b2a9e8f@google.com","CREATED:20261120T101010Z","DESCRIPTION:","LAST-MODIFIED:20261120T101010Z","LOCATION:",
        "SEQUENCE:0","STATUS:CONFIRMED","SUMMARY:"+("Smart-City-Konferenz Schwerin (Programm steht)" if moved else "Smart-City-Konferenz Schwerin"),"TRANSP:TRANSPARENT","END:VEVENT"]
    L+=["BEGIN:VEVENT","DTSTART;TZID=Europe/Berlin:20270104T090000","DTEND;TZID=Europe/Berlin:20270104T100000",
        "RRULE:FREQ=WEEKLY;WKST=MO;UNTIL=20270329T075959Z;BYDAY=MO","EXDATE;TZID=Europe/Berlin:20270201T090000",
        "DTSTAMP:20261201T090000Z","UID:0a9b8c7d6e5f4g3h2i1j@google.com","CREATED:20261120T101010Z",
        "DESCRIPTION:Wöchentliche Abstimmung der Projektgruppe","LAST-MODIFIED:20261120T101010Z",
        "LOCATION:Raum 2.17","SEQUENCE:0","STATUS:CONFIRMED","SUMMARY:Jour fixe TEAMWORK","TRANSP:OPAQUE","END:VEVENT"]
    L+=["BEGIN:VEVENT","DTSTART;TZID=Europe/Berlin:20270309T100000","DTEND;TZID=Europe/Berlin:20270309T110000",
        "DTSTAMP:20261201T090000Z","UID:0a9b8c7d6e5f4g3h2i1j@google.com","RECURRENCE-ID;TZID=Europe/Berlin:20270308T090000",
        "CREATED:20261120T101010Z","DESCRIPTION:Wöchentliche Abstimmung der Projektgruppe","LAST-MODIFIED:20261125T101010Z",
        "LOCATION:Raum 2.17","SEQUENCE:1","STATUS:CONFIRMED","SUMMARY:Jour fixe TEAMWORK (verschoben)","TRANSP:OPAQUE","END:VEVENT"]
    L+=["END:VCALENDAR"]
    return ics(L)
raw=google()
assert b"F\xc3\r\n \xbchrung" in raw, "fold must fall inside ü"
open("google-calendar.ics","wb").write(raw)
open("google-calendar-moved.ics","wb").write(google(True))

OTZ=["BEGIN:VTIMEZONE","TZID:W. Europe Standard Time","BEGIN:STANDARD","DTSTART:16011028T030000","RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10","TZOFFSETFROM:+0200","TZOFFSETTO:+0100","END:STANDARD","BEGIN:DAYLIGHT","DTSTART:16010325T020000","RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3","TZOFFSETFROM:+0100","TZOFFSETTO:+0200","END:DAYLIGHT","END:VTIMEZONE"]
L=["BEGIN:VCALENDAR","PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN","VERSION:2.0","METHOD:PUBLISH","X-MS-OLK-FORCEINSPECTOROPEN:TRUE"]+OTZ
L+=["BEGIN:VEVENT","CLASS:PUBLIC","CREATED:20261128T120000Z",
    "DESCRIPTION:Lenkungskreis mit den Fachdiensten.\\nTagesordnung folgt per E-Mail.\\n",
    "DTEND;TZID=\"W. Europe Standard Time\":20270304T120000","DTSTAMP:20261201T080000Z",
    "DTSTART;TZID=\"W. Europe Standard Time\":20270304T100000","LAST-MODIFIED:20261128T120000Z",
    "LOCATION:Rathaus\\, Großer Saal","PRIORITY:5","RRULE:FREQ=MONTHLY;COUNT=6;BYDAY=1TH","SEQUENCE:0",
    "SUMMARY;LANGUAGE=de-de:Lenkungskreis Smart City","TRANSP:OPAQUE",
    "UID:040000008200E00074C5B7101A82E0080000000020A5C1F1B2C4D801000000000000000010000000D2F3A4B5C6D7E8F9A0B1C2D3E4F5A6B7",
    "X-ALT-DESC;FMTTYPE=text/html:<html><body><p>Lenkungskreis mit den Fachdiensten.</p></body></html>",
    "X-MICROSOFT-CDO-BUSYSTATUS:BUSY","X-MICROSOFT-CDO-IMPORTANCE:1","X-MICROSOFT-DISALLOW-COUNTER:FALSE",
    "END:VEVENT"]
L+=["BEGIN:VEVENT","CLASS:PUBLIC","CREATED:20261128T120000Z","DESCRIPTION:\\n","DTEND;VALUE=DATE:20270602","DTSTAMP:20261201T080000Z",
    "DTSTART;VALUE=DATE:20270601","PRIORITY:5","SEQUENCE:0","SUMMARY;LANGUAGE=de-de:Tag der offenen Tür im Stadtlabor","TRANSP:TRANSPARENT",
    "UID:040000008200E00074C5B7101A82E00800000000A1B2C3D4E5F6D801000000000000000010000000AABBCCDDEEFF00112233445566778899",
    "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE","X-MICROSOFT-CDO-BUSYSTATUS:FREE","END:VEVENT"]
L+=["BEGIN:VEVENT","CLASS:PUBLIC","DTSTAMP:20261201T080000Z","DTSTART;TZID=\"W. Europe Standard Time\":20270415T180000",
    "SUMMARY;LANGUAGE=de-de:Frist Zwischenbericht (Erinnerung)","UID:040000008200E00074C5B7101A82E0080000000055AA55AA55AAD8010000000000000000100000001122334455667788",
    "END:VEVENT"]
L+=["END:VCALENDAR"]
open("outlook-calendar.ics","wb").write(ics(L))

L=["BEGIN:VCALENDAR","PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN","VERSION:2.0"]+TZ
L+=["BEGIN:VEVENT","CREATED:20261130T090000Z","LAST-MODIFIED:20261130T090000Z","DTSTAMP:20261130T090000Z",
    "UID:3f2a1b0c-9d8e-4f7a-b6c5-d4e3f2a1b0c9","SUMMARY:Werkstatt Datenplattform","DTSTART;TZID=Europe/Berlin:20270510T093000",
    "DTEND;TZID=Europe/Berlin:20270510T153000","RRULE:FREQ=DAILY;COUNT=3","DESCRIPTION:Drei Tage Werkstatt mit Partnerstädten",
    "LOCATION:Stadtlabor","TRANSP:OPAQUE","X-MOZ-GENERATION:1","END:VEVENT"]
L+=["BEGIN:VEVENT","CREATED:20261130T090000Z","DTSTAMP:20261130T090000Z","UID:8c7b6a59-4837-4261-9f0e-1d2c3b4a5968",
    "SUMMARY:Stichtag Mittelabruf","DTSTART;VALUE=DATE:20270331","RRULE:FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=31","END:VEVENT"]
L+=["BEGIN:VTODO","CREATED:20261130T090000Z","DTSTAMP:20261130T090000Z","UID:a1b2c3d4-0000-4000-8000-000000000001",
    "SUMMARY:Verwendungsnachweis vorbereiten","DUE;VALUE=DATE:20270430","STATUS:NEEDS-ACTION","END:VTODO"]
L+=["BEGIN:VTODO","CREATED:20261130T090000Z","DTSTAMP:20261130T090000Z","UID:a1b2c3d4-0000-4000-8000-000000000002",
    "SUMMARY:Raum buchen","END:VTODO"]
L+=["BEGIN:VJOURNAL","DTSTAMP:20261130T090000Z","UID:a1b2c3d4-0000-4000-8000-000000000003","SUMMARY:Notiz zur Sitzung","DESCRIPTION:Protokoll folgt","END:VJOURNAL"]
L+=["END:VCALENDAR"]
open("thunderbird-calendar.ics","wb").write(ics(L))

L=["BEGIN:VCALENDAR","PRODID:-//Google Inc//Google Calendar 70.9054//EN","VERSION:2.0",
   "BEGIN:VEVENT","DTSTART;TZID=America/New_York:20270610T090000","DTEND;TZID=America/New_York:20270610T100000",
   "DTSTAMP:20261201T090000Z","UID:ny-call@google.com","SUMMARY:Call mit Partnerstadt","END:VEVENT","END:VCALENDAR"]
open("unknown-timezone.ics","wb").write(ics(L))

# vCards
def vcf(lines, enc="utf-8", fold=False):
    b=b""
    for l in lines:
        raw=l if isinstance(l,bytes) else l.encode(enc)
        b+=(fold_bytes(raw) if fold else raw)+b"\r\n"
    return b
G=["BEGIN:VCARD","VERSION:3.0","FN:Jürgen Köhler","N:Köhler;Jürgen;;;","EMAIL;TYPE=INTERNET;TYPE=WORK:j.koehler@stadtwerke-beispiel.de",
   "EMAIL;TYPE=INTERNET;TYPE=HOME:juergen.koehler@example.org","TEL;TYPE=CELL:+49 170 1234567","TEL;TYPE=WORK:+49 385 7654321",
   "item1.ADR;TYPE=WORK:;;Musterstraße 1;Schwerin;;19053;Deutschland","item1.X-ABLabel:","ORG:Stadtwerke Beispiel GmbH",
   "TITLE:Leiter Digitalisierung","URL;TYPE=WORK:https\\://www.stadtwerke-beispiel.de/team","NOTE:Kennengelernt beim Forum\\, März 2026\\nmag Datenplattformen",
   "CATEGORIES:myContacts,Partner","END:VCARD",
   "BEGIN:VCARD","VERSION:3.0","FN:","N:;;;;","ORG:Verein Digitales Schwerin e.V.","EMAIL;TYPE=INTERNET:kontakt@digitales-schwerin.example",
   "CATEGORIES:myContacts","END:VCARD",
   "BEGIN:VCARD","VERSION:3.0","FN:Ömer Çelik","N:Çelik;Ömer;;;","EMAIL;TYPE=INTERNET:oemer.celik@example.net","ORG:Hochschule Beispiel;Fakultät Informatik",
   "END:VCARD"]
open("google-contacts.vcf","wb").write(vcf(G, fold=True))
O=[b"BEGIN:VCARD",b"VERSION:2.1","N;LANGUAGE=de;CHARSET=Windows-1252:Müller;Grete".encode("cp1252"),
   "FN;CHARSET=Windows-1252:Grete Müller".encode("cp1252"),
   "ORG;CHARSET=Windows-1252:Förderverein Schloßgarten e.V.;Öffentlichkeitsarbeit".encode("cp1252"),
   b"TITLE:Vorsitzende",b"TEL;WORK;VOICE:+49 385 1111111",b"TEL;CELL;VOICE:+49 160 2222222",
   "ADR;WORK;PREF;CHARSET=Windows-1252:;;Schloßstraße 5;Schwerin;;19055;Deutschland".encode("cp1252"),
   b"LABEL;WORK;PREF;ENCODING=QUOTED-PRINTABLE;CHARSET=Windows-1252:Schlo=DFstra=DFe 5=0D=0A=",
   b"19055 Schwerin",
   b"EMAIL;PREF;INTERNET:grete.mueller@example.org",b"EMAIL;INTERNET:vorstand@foerderverein.example",
   b"NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=Windows-1252:Bitte nur vormittags anrufen.=0D=0AGr=FC=DFe an das B=FCro=",
   b" des Vereins \x96 danke!",
   b"REV:20261130T101500Z",b"END:VCARD",
   b"BEGIN:VCARD",b"VERSION:2.1",b"N;CHARSET=utf-8;ENCODING=QUOTED-PRINTABLE:Wei=C3=9F;Bj=C3=B6rn",
   b"FN;CHARSET=utf-8;ENCODING=QUOTED-PRINTABLE:Bj=C3=B6rn Wei=C3=9F",b"ORG;CHARSET=utf-8;ENCODING=QUOTED-PRINTABLE:Wohnungsgesellschaft Schwerin Gr=C3=BCn",
   b"TEL;WORK;VOICE:0385 3333333",b"EMAIL;PREF;INTERNET:bjoern.weiss@example.org",b"END:VCARD"]
open("outlook-contacts.vcf","wb").write(b"\r\n".join(O)+b"\r\n")
T=["BEGIN:VCARD","VERSION:4.0","EMAIL;PREF=1:anke.schroeder@example.org","FN:Anke Schröder","N:Schröder;Anke;;;",
   "ORG:Landesamt für Digitales","TEL;TYPE=work;VALUE=TEXT:0385 4444444","TEL;TYPE=cell;VALUE=TEXT:0171 5555555",
   "NOTE:Ansprechpartnerin Förderung\\; Rückfragen per E-Mail","UID:6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0","END:VCARD"]
open("thunderbird-contacts.vcf","wb").write(vcf(T))
B=["BEGIN:VCARD","VERSION:3.0","FN:Lesbar Eins","ORG:Erste GmbH","END:VCARD",
   "BEGIN:VCARD","VERSION:5.0","FN:Zukunft","END:VCARD",
   "BEGIN:VCARD","VERSION:3.0","FN:","N:;;;;","EMAIL:niemand@example.org","END:VCARD",
   "BEGIN:VCARD","VERSION:3.0","FN:Lesbar Zwei","END:VCARD"]
open("broken-contacts.vcf","wb").write(vcf(B))
