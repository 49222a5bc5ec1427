import ArgumentParser
import Foundation
import TeamworkCore
import TeamworkStore

// `teamwork import events` (iCalendar) and `teamwork import contacts` (vCard). Exit codes: 0
// done, 2 input unusable (German message with line, or card number and line); nothing is
// written then. The plan import and `export` are in InterchangeCommands.swift.

struct ImportEvents: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Liest Termine aus einer iCalendar-Datei (.ics) ein: neu anlegen oder nach UID aktualisieren.",
        discussion: """
        Die UID jedes Termins bleibt erhalten: ein erneutes Einlesen derselben Datei (oder eines \
        späteren Exports aus Google, Outlook oder Thunderbird) aktualisiert den Termin, statt ihn \
        doppelt anzulegen. Eine UID der Form event-<Nr>@teamwork.schwerin.de (aus teamwork export \
        events) ändert den Termin mit dieser Nummer. DESCRIPTION wird zu den Notizen, ATTENDEEs \
        werden Akteuren zugeordnet (E-Mail oder Name), die übrigen stehen in den Notizen. \
        Ganztägige Termine (VALUE=DATE) bleiben ganze Tage. Wiederholungen (RRULE: täglich, \
        wöchentlich, monatlich, jährlich; EXDATE) werden als eine Reihe bis zum Ende des \
        Förderzeitraums eingetragen. Aufgaben (VTODO) und Journaleinträge (VJOURNAL) werden \
        übersprungen und gezählt. Alles in einem Schritt, mit Änderungsprotokoll. Ausgabe: je \
        Termin neu / geändert / unverändert, dann die Summen.
        """)

    @Argument(help: ArgumentHelp("iCalendar-Datei (- = Standardeingabe).", valueName: "FILE.ics"))
    var file: String

    @Flag(name: .customLong("dry-run"), help: "Nur zählen, was sich ändern würde; nichts speichern.")
    var dryRun = false

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        try reportingErrors {
            let name = InterchangeIO.displayName(file)
            let calendar: CalendarFile
            do { calendar = try ICalendar.readCalendar(try InterchangeIO.readBytes(file)) } catch let error as InterchangeError {
                throw CLIError.unusable("\(name): \(error)")
            }
            // Nothing to import is unusable input (exit 2), for .ics and .vcf alike: most likely the wrong file.
            guard !calendar.events.isEmpty else { throw CLIError.unusable("\(name): keine Termine gefunden – nichts eingelesen") }
            let result = try InterchangeIO.storing(name, database) { store, user in
                try store.importEvents(calendar.events, user: user, dryRun: dryRun)
            }
            var report = InterchangeIO.recordReport(file: name, read: calendar.events.count, noun: ("Termin", "Termine"),
                                                    result: result, dryRun: dryRun)
            if let skipped = calendar.skippedSummary { report += "Hinweis: \(skipped)\n" }
            try Output.write(report, to: nil)
        }
    }
}

struct ImportContacts: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts",
        abstract: "Liest Akteure aus einer vCard-Datei (.vcf) ein: neu anlegen oder nach UID aktualisieren.",
        discussion: """
        vCard 2.1, 3.0 und 4.0, wie Google Kontakte, Outlook und Thunderbird sie schreiben \
        (CHARSET, QUOTED-PRINTABLE, Windows-1252). Die UID aus teamwork export contacts ändert den \
        Akteur, von dem sie stammt; eine fremde UID bleibt erhalten und findet den Akteur beim \
        nächsten Einlesen wieder; sonst gilt ein Akteur mit gleichem Namen als derselbe (nur \
        ausgefüllte Felder der Karte werden übernommen), alle anderen werden neu angelegt. ORG \
        wird die Organisation; mehrere EMAIL/TEL bleiben erhalten (die bevorzugte zuerst). Eine \
        unlesbare Karte wird mit Nummer und Grund genannt, und nichts wird gespeichert – mit \
        --skip-invalid werden die übrigen eingelesen und die übersprungenen aufgelistet. Alles \
        in einem Schritt, mit Änderungsprotokoll. Ausgabe: je Karte neu / geändert / \
        unverändert, dann die Summen.
        """)

    @Argument(help: ArgumentHelp("vCard-Datei (- = Standardeingabe).", valueName: "FILE.vcf"))
    var file: String

    @Flag(name: .customLong("dry-run"), help: "Nur zählen, was sich ändern würde; nichts speichern.")
    var dryRun = false

    @Flag(name: .customLong("skip-invalid"),
          help: "Unlesbare oder ungültige Karten überspringen (und auflisten), statt nichts einzulesen.")
    var skipInvalid = false

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        try reportingErrors {
            let name = InterchangeIO.displayName(file)
            let cards: ContactFile
            do { cards = try VCard.readFile(try InterchangeIO.readBytes(file)) } catch let error as InterchangeError {
                throw CLIError.unusable("\(name): \(error)")
            }
            guard !cards.contacts.isEmpty || !cards.invalid.isEmpty else {
                throw CLIError.unusable("\(name): keine Karten gefunden – nichts eingelesen")
            }
            if !cards.invalid.isEmpty && !skipInvalid {
                let count = cards.invalid.count
                throw CLIError.unusable("\(name): \(count) " + (count == 1 ? "Karte ist" : "Karten sind")
                    + " nicht lesbar – nichts eingelesen (mit --skip-invalid werden die übrigen eingelesen):\n"
                    + cards.invalid.map { "  \($0)" }.joined(separator: "\n"))
            }
            var result = try InterchangeIO.storing(name, database) { store, user in
                try store.importContacts(cards.contacts, user: user, dryRun: dryRun, skipInvalid: skipInvalid)
            }
            result.notes = cards.invalid.map { "\($0) – übersprungen" } + result.notes
            try Output.write(InterchangeIO.recordReport(file: name, read: cards.contacts.count + cards.invalid.count,
                                                        noun: ("Karte", "Karten"), result: result, dryRun: dryRun),
                             to: nil)
        }
    }
}

extension VCard.Version: ExpressibleByArgument {}
