import ArgumentParser
import Foundation
import TeamworkCore
import TeamworkStore
import TeamworkUI

// `teamwork measures` (status table) and `teamwork measure …` (set status, responsibility,
// milestones, progress notes). NR is the number of the measures pane (`IV.2-1`). Exit codes:
// 0 done, 2 input unusable (one German line on stderr naming the valid values); nothing is
// written then.

struct Measures: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measures",
        abstract: "Zeigt den Stand aller Maßnahmen: Status, seit wann, wer verantwortlich ist, nächster Meilenstein.",
        discussion: "Ein \"!\" vor dem Meilenstein: überfällig (Fälligkeitstag vorbei, nicht erledigt). "
            + "Lange Einträge werden in ihrer Spalte umbrochen; die Breite ist die des Terminals, sonst 80 Spalten.")

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: ArgumentHelp("Breite der Tabelle in Spalten (Standard: Terminalbreite, sonst 80).", valueName: "N"))
    var width: Int?

    func run() throws {
        try reportingErrors {
            if let width, width < 40 {
                throw CLIError.unusable("--width \(width) ist zu schmal – mindestens 40 Spalten")
            }
            let context = try MeasureCLI.load(database)
            try Output.write(MeasureCLI.table(context, width: width ?? Output.terminalWidth ?? 80), to: nil)
        }
    }
}

struct MeasureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measure",
        abstract: "Ändert den Stand einer Maßnahme: Status, Verantwortung, Meilensteine, Fortschrittsnotizen.",
        discussion: """
        NR ist die Nummer aus dem Maßnahmen-Bereich bzw. aus teamwork measures, z. B. IV.2-1. \
        Jede Änderung steht mit Benutzer und Zeit im Änderungsprotokoll. Unbrauchbare Eingaben \
        enden mit Exit-Code 2 und einer Meldung, die die möglichen Werte nennt; dann wird nichts gespeichert.
        """,
        subcommands: [SetStatus.self, SetResponsible.self, AddMilestone.self, DoneMilestone.self, Note.self])

    struct SetStatus: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-status",
            abstract: "Setzt den Status: geplant, in Vorbereitung, in Umsetzung, abgeschlossen, verschoben, gestoppt.")
        @Argument(help: "Nummer der Maßnahme, z. B. IV.2-1.") var nr: String
        @Argument(help: ArgumentHelp("Status, Groß-/Kleinschreibung egal (umsetzung, \"In Umsetzung\").", valueName: "STATUS"))
        var status: [String]
        @Option(name: .long, help: ArgumentHelp("Tag, seit dem der Status gilt (TT.MM.JJJJ; Standard: heute).", valueName: "DATUM"))
        var date: String?
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try reportingErrors {
                let word = status.joined(separator: " ")
                let parsed = try MeasureCLI.field { () throws(Validation.FieldError) in try Validation.parseStatus(word) }
                let day = try MeasureCLI.day(date, option: "--date")
                let c = try MeasureCLI.load(database)
                let measure = try c.measure(nr)
                var state = c.controlling.state(of: measure)
                let before = state
                if state.status == parsed && date == nil {
                    try MeasureCLI.say("\(MeasureCLI.label(measure)) ist bereits \(parsed.title)"
                                     + (state.since.map { " (seit \($0.german))" } ?? "") + "; nichts geändert.")
                    return
                }
                state.status = parsed
                state.since = day
                try c.write { store, user in _ = try store.save(state, user: user) }
                try MeasureCLI.say("\(MeasureCLI.label(measure)): Status \(before.status.title) → \(parsed.title) "
                                 + "(seit \(day.german)).")
            }
        }
    }

    struct SetResponsible: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-responsible",
            abstract: "Setzt die verantwortliche Organisationseinheit (Name oder eindeutiger Anfang; - entfernt sie).")
        @Argument(help: "Nummer der Maßnahme, z. B. IV.2-1.") var nr: String
        @Argument(help: ArgumentHelp("Organisationseinheit aus den Stellenanteilen, z. B. TEAMWORK.", valueName: "UNIT"))
        var unit: [String]
        @Option(name: .long, help: ArgumentHelp("Zusätzlich ein Akteur (Name oder eindeutiger Anfang; - entfernt ihn).", valueName: "NAME"))
        var stakeholder: String?
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try reportingErrors {
                let c = try MeasureCLI.load(database)
                let measure = try c.measure(nr)
                let name = unit.joined(separator: " ")
                var state = c.controlling.state(of: measure)
                let chosen: StaffingUnit? = name == "-" ? nil : try MeasureCLI.pick(
                    name, in: c.project.staffing, by: \.unit, what: "Organisationseinheit")
                state.responsibleUnitID = chosen?.id
                var person: Stakeholder?
                if let stakeholder {
                    person = stakeholder == "-" ? nil : try MeasureCLI.pick(
                        stakeholder, in: c.project.stakeholders, by: \.name, what: "Akteur")
                    state.stakeholderID = person?.id
                }
                try c.write { store, user in _ = try store.save(state, user: user) }
                var text = "\(MeasureCLI.label(measure)): verantwortlich \(chosen.map { "„\($0.unit)“" } ?? "niemand")"
                if stakeholder != nil { text += ", Akteur \(person.map { "„\($0.name)“" } ?? "keiner")" }
                try MeasureCLI.say(text + ".")
            }
        }
    }

    struct AddMilestone: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-milestone", abstract: "Legt einen Meilenstein mit Fälligkeitstag an.")
        @Argument(help: "Nummer der Maßnahme, z. B. IV.2-1.") var nr: String
        @Option(name: .long, help: ArgumentHelp("Titel des Meilensteins (eindeutig je Maßnahme).", valueName: "TEXT"))
        var title: String
        @Option(name: .long, help: ArgumentHelp("Fällig am (TT.MM.JJJJ).", valueName: "DATUM"))
        var due: String
        @Option(name: .long, help: ArgumentHelp("Notiz zum Meilenstein.", valueName: "TEXT"))
        var note: String = ""
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try reportingErrors {
                let dueDay = try MeasureCLI.field { () throws(Validation.FieldError) in
                    try Validation.parseDate(due, field: "--due")
                }
                let c = try MeasureCLI.load(database)
                let measure = try c.measure(nr)
                var stored: Milestone?
                try c.write { store, user in
                    stored = try store.save(Milestone(measureID: measure.id, title: title, due: dueDay, note: note), user: user)
                }
                let today = CalendarDate(LocalDateTime.now())
                let late = dueDay < today ? " – schon überfällig" : ""
                try MeasureCLI.say("\(MeasureCLI.label(measure)): Meilenstein „\(stored?.title ?? title)“ "
                                 + "(fällig \(dueDay.german)) angelegt\(late).")
            }
        }
    }

    struct DoneMilestone: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "done-milestone", abstract: "Vermerkt einen Meilenstein als erledigt.")
        @Argument(help: "Nummer der Maßnahme, z. B. IV.2-1.") var nr: String
        @Argument(help: ArgumentHelp("Titel des Meilensteins (oder sein eindeutiger Anfang).", valueName: "TITEL"))
        var title: [String]
        @Option(name: .long, help: ArgumentHelp("Erledigt am (TT.MM.JJJJ; Standard: heute).", valueName: "DATUM"))
        var date: String?
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try reportingErrors {
                let day = try MeasureCLI.day(date, option: "--date")
                let c = try MeasureCLI.load(database)
                let measure = try c.measure(nr)
                let list = c.controlling.milestones(of: measure.id)
                guard !list.isEmpty else {
                    throw CLIError.unusable("\(MeasureCLI.label(measure)) hat keine Meilensteine – "
                                            + "anlegen mit: teamwork measure add-milestone \(measure.reference) --title TEXT --due DATUM")
                }
                var milestone = try MeasureCLI.pick(title.joined(separator: " "), in: list, by: \.title, what: "Meilenstein")
                milestone.done = day
                try c.write { store, user in _ = try store.save(milestone, user: user) }
                try MeasureCLI.say("\(MeasureCLI.label(measure)): Meilenstein „\(milestone.title)“ erledigt am \(day.german).")
            }
        }
    }

    struct Note: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "note", abstract: "Schreibt eine Fortschrittsnotiz ins Protokoll der Maßnahme.")
        @Argument(help: "Nummer der Maßnahme, z. B. IV.2-1.") var nr: String
        @Argument(help: ArgumentHelp("Text der Notiz.", valueName: "TEXT")) var text: [String]
        @Option(name: .long, help: ArgumentHelp("Datum der Notiz (TT.MM.JJJJ; Standard: heute).", valueName: "DATUM"))
        var date: String?
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try reportingErrors {
                let day = try MeasureCLI.day(date, option: "--date")
                let c = try MeasureCLI.load(database)
                let measure = try c.measure(nr)
                let body = text.joined(separator: " ")
                try c.write { store, user in
                    _ = try store.save(ProgressNote(measureID: measure.id, date: day, text: body), user: user)
                }
                try MeasureCLI.say("\(MeasureCLI.label(measure)): Notiz vom \(day.german) vermerkt.")
            }
        }
    }
}
