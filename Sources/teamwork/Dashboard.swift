import ArgumentParser
import Foundation
import TeamworkCore
import TeamworkApp
import TeamworkStore
import TeamworkTerminal
import TeamworkUI

struct Dashboard: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Öffnet das Dashboard (Standard, wenn kein Unterbefehl angegeben ist).")

    @OptionGroup var options: InteractiveOptions

    func run() throws {
        try options.runInteractive(review: false)
    }
}

struct Review: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Öffnet die Statusrunde: eine schreibgeschützte Präsentation für den Beamer.")

    @OptionGroup var options: InteractiveOptions

    func run() throws {
        try options.runInteractive(review: true)
    }
}

/// Options and the main loop shared by the dashboard and the review presentation.
struct InteractiveOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: ArgumentHelp("Farbschema: Name einer Datei in Themes/ (default, kontrast, monochrom).", valueName: "NAME"))
    var theme: String?

    @Flag(name: .customLong("read-only"), help: "Datenbank nur lesen: Bearbeiten ist abgeschaltet.")
    var readOnly = false

    @Option(name: .long, help: ArgumentHelp("Basis, mit der b vergleicht (Standard: Antrag; siehe teamwork baseline list).", valueName: "NAME"))
    var baseline: String?

    func runInteractive(review: Bool) throws {
        try DashboardLaunch(db: database.db, theme: theme, readOnly: readOnly, baseline: baseline, review: review).run()
    }
}

/// What the dashboard starts with, parsed by ArgumentParser (`dashboard`, `review`) or, for the
/// usual start, by `FastStart` without it: building ArgumentParser's option values costs a
/// noticeable part of the first frame.
struct DashboardLaunch {
    var db: String?
    var theme: String?
    var readOnly = false
    var baseline: String?
    var review = false

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let isTerminal = NcursesScreen.isTTY(STDIN_FILENO) && NcursesScreen.isTTY(STDOUT_FILENO)
        // The colour schemes (TOML parsed) and then curses start on a second thread while the
        // snapshot is read here; the state needs only the schemes, so it need not wait for curses.
        // The store opens on a second thread after the first frame (StartupRead.swift).
        let themesLoaded = Handoff<(themes: [Theme], warnings: [String])>()
        let screenStarted = Handoff<ScreenStart>()
        Thread {
            let loaded = ThemeCatalog.load(environment: environment)
            StartupTimings.mark(.themesLoaded)  // before put: the main thread writes the times after it
            themesLoaded.put(loaded)
            guard isTerminal else { return screenStarted.put(.notATerminal) }
            do {
                let screen = try NcursesScreen.start(environment: environment)
                StartupTimings.mark(.cursesStarted)
                screenStarted.put(.started(screen))
            } catch {
                screenStarted.put(.failed("\(error)"))
            }
        }.start()
        /// A start that fails once curses may have begun gives the terminal back before it says why.
        func failure(_ message: String) -> ExitCode {
            if case .started(let screen) = screenStarted.value { screen.stop() }
            FileHandle.standardError.write(Data("teamwork: \(TerminalSafety.escaped(message))\n".utf8))
            return ExitCode(2)
        }
        let baselineName = baseline ?? ProjectStore.antragBaselineName
        let opened: (snapshot: StartupSnapshot, store: PendingStore)
        do {
            opened = try DatabaseOptions.dashboard(db: db, readOnly: readOnly, baseline: baselineName, environment: environment)
        } catch CLIError.unusable(let message) {
            throw failure(message)
        }
        let snapshot = opened.snapshot
        StartupTimings.mark(.store)
        let (themes, warnings) = themesLoaded.value
        var state = AppState(project: snapshot.project, themes: themes, today: LocalDateTime.now())
        state.readOnly = readOnly
        state.exportDirectory = FileManager.default.currentDirectoryPath
        if baseline != nil, let error = snapshot.baselineError { throw failure("\(error)") }
        state.lastReview = snapshot.lastReview
        if let theme {
            guard let index = themes.firstIndex(where: { ThemeCatalog.fileName($0) == theme.lowercased() || $0.name.lowercased() == theme.lowercased() }) else {
                let known = themes.map { ThemeCatalog.fileName($0) }.joined(separator: ", ")
                throw failure("unbekanntes Farbschema \"\(theme)\" – vorhanden: \(known)")
            }
            state.themeIndex = index
        } else if TerminalEnvironment(environment).noColor,
                  let mono = themes.firstIndex(where: { ThemeCatalog.fileName($0) == "monochrom" }) {
            state.themeIndex = mono
        }
        state.status = warnings.first
        if review {
            state.startReview(standalone: true, lastReview: state.lastReview)
            if let theme, let index = themes.firstIndex(where: { ThemeCatalog.fileName($0) == theme.lowercased() }) {
                state.themeIndex = index
            }
        }
        StartupTimings.mark(.state)

        let screen: NcursesScreen
        switch screenStarted.value {
        case .notATerminal:
            FileHandle.standardError.write(Data("teamwork: das Dashboard braucht ein Terminal – für Text gibt es \"teamwork show …\" und \"teamwork check\".\n".utf8))
            throw ExitCode(2)
        case .failed(let reason):
            FileHandle.standardError.write(Data("teamwork: Terminal kann nicht initialisiert werden: \(reason)\n".utf8))
            throw ExitCode(2)
        case .started(let started):
            screen = started
        }
        defer { screen.stop() }
        StartupTimings.mark(.terminal)
        state.update(.tick(MainLoop.systemClock()))
        MainLoop.draw(&state, on: screen, rendered: { StartupTimings.mark(.render) })
        StartupTimings.mark(.flush)
        opened.store.start()

        let store: ProjectStore
        do {
            store = try opened.store.wait()
        } catch {
            throw failure("\(error)")
        }
        if let notice = store.notices.first { state.status = notice }
        if snapshot.baselineError == nil,
           let plan = try? store.baselinePlan(name: baselineName, layout: snapshot.project.plan) {
            state.baseline = plan
            state.baselineName = baselineName
        }
        let runner = EffectRunner(store: store, user: ProjectStore.currentUser(environment: environment))
        var loop = MainLoop(state: state, screen: screen, runner: runner,
                            refresh: LiveRefresh(store: store, dataVersion: snapshot.dataVersion,
                                                 lastAuditID: snapshot.lastAuditID))
        loop.run()
        // What this session wrote goes from the WAL into the file: the next start reads no WAL back.
        store.checkpoint()
    }
}

/// How curses started on the background thread (not a `Result`: its metadata would cost the
/// first frame a scan of the runtime's conformance tables).
enum ScreenStart {
    case started(NcursesScreen)
    case notATerminal
    case failed(String)
}

extension LocalDateTime {
    static func now() -> LocalDateTime {
        // localtime_r, not Foundation's Calendar: the latter loads ICU's calendar data (megabytes
        // of resident memory) for one date.
        var seconds = time(nil)
        var parts = tm()
        localtime_r(&seconds, &parts)
        return LocalDateTime(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday),
                             hour: Int(parts.tm_hour), minute: Int(parts.tm_min))
    }
}

/// A value one thread hands to another: `put` once, `value` waits until then.
final class Handoff<T>: @unchecked Sendable {
    private var result: T?
    private let done = DispatchSemaphore(value: 0)

    /// Once, from the thread that makes the value.
    func put(_ value: T) {
        result = value
        done.signal()
    }

    var value: T {
        done.wait()
        done.signal()   // later reads do not block
        return result!
    }
}
