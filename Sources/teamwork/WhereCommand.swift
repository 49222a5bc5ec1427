import ArgumentParser
import Foundation
import TeamworkStore

/// `teamwork where`: which database teamwork opens, which setting chose it, its files and modes,
/// and under which account changes are recorded.
struct Where: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "where",
        abstract: "Zeigt, welche Datenbank teamwork öffnet, welche Einstellung sie gewählt hat und unter welchem Konto es schreibt.",
        discussion: """
        Reihenfolge (jede Stufe überstimmt die vorige): /etc/teamwork/config.toml (sonst \
        /etc/teamwork.toml), $XDG_CONFIG_HOME/teamwork/config.toml (sonst \
        ~/.config/teamwork/config.toml), die Variable TEAMWORK_DB, die Option --db. Eine \
        Einstellungsdatei enthält die Zeile  db = "/srv/teamwork/teamwork.sqlite".
        """)

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        try reportingErrors {
            let location = try database.location()
            let environment = ProcessInfo.processInfo.environment
            var text = "Datenbank:     \(location.path)\n"
            text += "Gewählt durch: \(location.sourceDescription)\n"
            for other in location.overridden { text += "Überstimmt:    \(other)\n" }
            let files = ProjectStore.fileStates(location.path)
            if files[1].denied {
                text += "Zustand:       kein Zugriff für das Konto \(Account.real) (siehe teamwork show plan für den Grund)\n"
            } else if files[1].exists {
                let writable = ProjectStore.mayWrite(location.path)
                text += "Zustand:       vorhanden, " + (writable ? "lesen und schreiben" : "nur lesen") + "\n"
            } else {
                text += "Zustand:       existiert noch nicht – anlegen mit teamwork init"
                    + (location.source == .defaultLocation ? "" : " --db \(location.path)") + "\n"
            }
            text += "Dateien:\n" + files.map { "  " + $0.line + "\n" }.joined()
            let display = Account.displayName(environment: environment)
            text += "Konto:         \(Account.real)"
                + (display.map { $0 == Account.real ? "" : " – Anzeigename „\($0)“ (TEAMWORK_USER)" } ?? "")
                + "; das Änderungsprotokoll nennt \(Account.author(account: Account.real, user: display ?? Account.real))\n"
            try Output.write(text, to: nil)
        }
    }
}
