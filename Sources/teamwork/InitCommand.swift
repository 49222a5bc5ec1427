import ArgumentParser
import Foundation
import TeamworkStore

/// `teamwork init [--db PATH] [--group NAME] [--repair]`: creates and seeds a new database
/// (never overwrites one), optionally shared by a Unix group; `--repair` fixes the modes of a
/// shared one.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Legt eine neue Datenbank an und füllt sie mit den Angaben des Förderantrags – auf Wunsch für eine Unix-Gruppe.",
        discussion: """
        Eine vorhandene Datei wird nie überschrieben. Ohne --db gilt der Pfad, den teamwork where \
        zeigt; nur am Standardort werden fehlende Verzeichnisse angelegt.

        Mit --group NAME teilen sich alle Mitglieder der Gruppe die Datenbank: das Verzeichnis \
        bekommt Modus 2770 (setgid, Gruppe NAME), die Datenbank und ihre -wal/-shm-Dateien 0660; \
        andere Konten haben keinen Zugriff. Das Verzeichnis wird angelegt, wenn es fehlt (sein \
        übergeordnetes muss existieren), oder muss leer sein. Als root oder als Mitglied der Gruppe.

        --repair prüft eine vorhandene gemeinsame Datenbank und setzt Gruppe und Modus von \
        Verzeichnis, Datenbank, -wal und -shm neu (Gruppe: --group, sonst die der Datenbank).
        """)

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: ArgumentHelp("Unix-Gruppe, die die Datenbank gemeinsam nutzt.", valueName: "NAME"))
    var group: String?

    @Flag(name: .long, help: "Gruppe und Modus einer vorhandenen gemeinsamen Datenbank prüfen und reparieren.")
    var repair = false

    func run() throws {
        try reportingErrors {
            let location = try database.location()
            let path = location.path
            if repair {
                let changes: [String]
                do { changes = try ProjectStore.repairShared(path: path, group: group) } catch {
                    throw CLIError.unusable("\(error)")
                }
                var text = changes.isEmpty ? "Rechte in Ordnung, nichts geändert:\n" : "Repariert:\n"
                text += changes.map { "  \($0)\n" }.joined()
                if !changes.isEmpty { text += "Jetzt:\n" }
                text += Self.listing(path)
                try Output.write(text, to: nil)
                return
            }
            do {
                try ProjectStore.initialize(path: path, group: group, create: location.creation)
            } catch {
                throw CLIError.unusable("\(error)")
            }
            var text = "Datenbank angelegt: \(path) (gewählt durch \(location.sourceDescription))\n"
            if let group {
                text += "Gemeinsam für die Gruppe „\(group)“: Verzeichnis 2770 (setgid), Datenbank 0660; "
                    + "-wal und -shm entstehen beim Öffnen mit denselben Rechten.\n"
            }
            text += Self.listing(path)
            if group != nil && location.source == .option {
                text += "Damit alle Konten sie ohne --db öffnen (systemweite Einstellung):\n"
                    + "  echo 'db = \"\(path)\"' | sudo tee /etc/teamwork.toml\n"
            }
            try Output.write(text, to: nil)
        }
    }

    static func listing(_ path: String) -> String {
        ProjectStore.fileStates(path).filter(\.exists).map { "  " + $0.line + "\n" }.joined()
    }
}
