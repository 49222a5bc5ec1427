// teamwork-bench: prints one table of figures (no pass/fail).
//
// The dashboard figures come from the real release binary (`teamwork` next to this executable)
// run on a pseudo-terminal this program opens itself; the library figures call the package's code.
import Foundation
import TeamworkCore
import TeamworkStore
import TeamworkUI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Helpers

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
/// CLOCK_MONOTONIC in ns: the clock teamwork's start-up milestones use (TEAMWORK_STARTUP_TIMES).
func monotonic() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}
func ms(_ nanoseconds: UInt64) -> Double { Double(nanoseconds) / 1_000_000 }

func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/// Median duration in milliseconds of `runs` calls of `body` (after one warm-up call).
func timeMedian(runs: Int, _ body: () -> Void) -> Double {
    body()
    var samples: [Double] = []
    for _ in 0..<runs {
        let start = now()
        body()
        samples.append(ms(now() - start))
    }
    return median(samples)
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("teamwork-bench: \(message)\n".utf8))
    exit(2)
}

func removeDatabase(_ path: String) {
    for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
}

/// Peak resident set (VmHWM) of a process in KiB, from /proc/<pid>/status.
func peakRSSKiB(_ pid: String) -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    }
    return nil
}

func which(_ tool: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for directory in path.split(separator: ":") {
        let candidate = "\(directory)/\(tool)"
        if access(candidate, X_OK) == 0 { return candidate }
    }
    return nil
}

/// Removes escape sequences (CSI, OSC, charset selection) so text split by attribute changes can be found.
func visibleText(_ bytes: [UInt8]) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    while i < bytes.count {
        let byte = bytes[i]
        if byte == 0x1B, i + 1 < bytes.count {
            let next = bytes[i + 1]
            if next == UInt8(ascii: "[") {
                i += 2
                while i < bytes.count, !(0x40...0x7E).contains(bytes[i]) { i += 1 }
                i += 1
            } else if next == UInt8(ascii: "]") {
                i += 2
                while i < bytes.count, bytes[i] != 0x07, !(bytes[i] == 0x1B) { i += 1 }
                i += 1
            } else if [UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "#")].contains(next) {
                i += 3
            } else {
                i += 2
            }
            continue
        }
        if byte >= 0x20 || byte == 0x0A { out.append(byte) }
        i += 1
    }
    return String(decoding: out, as: UTF8.self)
}

// MARK: - Setup

let executableDirectory = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                                ?? CommandLine.arguments[0]).deletingLastPathComponent()
let teamworkBinary = ProcessInfo.processInfo.environment["TEAMWORK_BIN"]
    ?? executableDirectory.appendingPathComponent("teamwork").path
guard access(teamworkBinary, X_OK) == 0 else {
    fail("\(teamworkBinary) fehlt – erst `swift build -c release` ausführen")
}

let workDirectory = FileManager.default.temporaryDirectory
    .appendingPathComponent("teamwork-bench-\(getpid())", isDirectory: true)
try? FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: workDirectory) }
let database = workDirectory.appendingPathComponent("bench.sqlite").path
if CommandLine.arguments.dropFirst().contains("ledger") {  // only the ledger figures (LedgerBench.swift)
    LedgerBench.printOnly(workDirectory: workDirectory)
}

var childEnvironment: [String: String] = [
    "TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
    "HOME": ProcessInfo.processInfo.environment["HOME"] ?? workDirectory.path,
    "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
    "XDG_DATA_HOME": workDirectory.path,
]

struct Row {
    var label: String
    var value: String
    var unit: String
    var note: String = ""
}
var rows: [Row] = []
@MainActor func add(_ label: String, _ value: String, _ unit: String, _ note: String = "") {
    rows.append(Row(label: label, value: value, unit: unit, note: note))
}
func format(_ value: Double, digits: Int = 2) -> String {
    value.isNaN ? "–" : String(format: "%.\(digits)f", value)
}

FileHandle.standardError.write(Data("teamwork-bench: messe … (etwa 10 s)\n".utf8))

// Seeding a new database (also creates the database the dashboard runs on).
var seedSamples: [Double] = []
for run in 0..<5 {
    let path = workDirectory.appendingPathComponent("seed-\(run).sqlite").path
    removeDatabase(path)
    let start = now()
    do { _ = try ProjectStore(path: path) } catch { fail("ProjectStore(path:): \(error)") }
    seedSamples.append(ms(now() - start))
    removeDatabase(path)
}
let project: Project
do {
    let store = try ProjectStore(path: database)
    project = try store.loadProject()
} catch {
    fail("Datenbank \(database): \(error)")
}
if CommandLine.arguments.dropFirst().contains("filter") {  // only the filter keystrokes (FilterBench.swift)
    let filter = FilterBench.keystrokes(project: project, events: 100_000, columns: 80, rows: 24)
    print("Filter-Taste 100.000 Termine 80×24: Median \(format(filter.median)) ms, erste \(format(filter.first)) ms, langsamste \(format(filter.max)) ms")
    exit(0)
}
if CommandLine.arguments.dropFirst().contains("ledger-frames") {  // only the frames of LedgerFrameBench.swift
    for f in LedgerFrameBench.figures(project: project) { print("\(f.label)  \(f.value) \(f.unit)  \(f.note)") }
    exit(0)
}

// MARK: - Dashboard through a pseudo-terminal

/// Start-up phases of teamwork (TEAMWORK_STARTUP_TIMES), in the order they happen.
let phases: [(milestone: String, label: String)] = [
    ("main", "Prozessstart (bis main)"), ("arguments", "Argumente lesen"),
    ("store", "Projekt laden"), ("state", "Farbschemata, Basis, Zustand (Modelle, Prüfung)"),
    ("terminal", "Terminal (curses, parallel gestartet)"), ("render", "erstes Bild zeichnen"), ("flush", "erstes Bild ausgeben"),
]

/// Spawn → first complete frame (footer visible), in ms; also the peak RSS after that frame and,
/// with `timesFile`, the milestones the program wrote (ms after the spawn).
@MainActor func firstFrame(executable: String, arguments: [String], columns: Int, rows: Int, footer: [String],
                quitKey: String, timesFile: String? = nil) -> (milliseconds: Double, peakKiB: Int?, milestones: [String: Double])? {
    var environment = childEnvironment
    if let timesFile { unlink(timesFile); environment["TEAMWORK_STARTUP_TIMES"] = timesFile }
    let start = now()
    guard let process = try? PTYProcess(executable: executable, arguments: arguments, columns: columns, rows: rows,
                                        environment: environment) else { return nil }
    defer { process.terminate(quitKey: quitKey) }
    guard process.read(until: footer, seconds: 10) else { return nil }
    let elapsed = ms(now() - start)
    let seen = monotonic()
    var milestones: [String: Double] = [:]
    if let timesFile, let text = try? String(contentsOfFile: timesFile, encoding: .utf8) {
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let t = UInt64(parts[1]), t >= process.spawnedAt {
                milestones[String(parts[0])] = ms(t - process.spawnedAt)
            }
        }
        milestones["seen"] = ms(seen - process.spawnedAt)
    }
    return (elapsed, peakRSSKiB(String(process.pid)), milestones)
}

let teamworkArguments = ["--db", database]
let startSamples = 25
var frameMedians: [String: Double] = [:]
var frameFastest: [String: Double] = [:]
for (columns, height) in [(80, 24), (200, 60)] {
    var samples: [Double] = []
    var peaks: [Int] = []
    var milestoneSamples: [String: [Double]] = [:]
    let timesFile = workDirectory.appendingPathComponent("startup-times").path
    // 25 starts: on a shared host single starts vary by ±20 %; the median of 25 by a few %.
    for _ in 0..<startSamples {
        guard let result = firstFrame(executable: teamworkBinary, arguments: teamworkArguments, columns: columns,
                                      rows: height, footer: ["q Ende", "qEnde"], quitKey: "q", timesFile: timesFile)
        else { continue }
        samples.append(result.milliseconds)
        if let peak = result.peakKiB { peaks.append(peak) }
        for (name, value) in result.milestones { milestoneSamples[name, default: []].append(value) }
    }
    let value = median(samples)
    frameMedians["\(columns)x\(height)"] = value
    frameFastest["\(columns)x\(height)"] = samples.min()
    add("Erstes Bild teamwork \(columns)×\(height)", format(value, digits: 1), "ms",
        "Median von \(samples.count) Starts, schnellster \(format(samples.min() ?? .nan, digits: 1)) ms")
    if columns == 80 {
        // Median of each phase's duration (milestone minus the previous one), over the same starts.
        var previous = "spawn"
        for phase in phases + [("seen", "bis das Bild im Pseudo-Terminal gelesen ist")] {
            guard let ends = milestoneSamples[phase.milestone] else { continue }
            let starts = previous == "spawn" ? Array(repeating: 0, count: ends.count) : (milestoneSamples[previous] ?? [])
            guard starts.count == ends.count else { continue }
            add("  davon \(phase.label)", format(median(zip(starts, ends).map { $1 - $0 }), digits: 2), "ms",
                "Median; Meilenstein „\(phase.milestone)“ bei \(format(median(ends), digits: 2)) ms nach posix_spawn")
            previous = phase.milestone
        }
        // The second thread, in parallel with "Projekt laden": when "state" waits, it waits for this.
        for (milestone, label) in [("themesLoaded", "Farbschemata geladen"), ("cursesStarted", "curses gestartet")] {
            guard let times = milestoneSamples[milestone], !times.isEmpty else { continue }
            add("  parallel: \(label)", format(median(times), digits: 2), "ms", "Median; nach posix_spawn (zweiter Thread)")
        }
    }
    if let peak = peaks.max() {
        add("Spitzen-RSS teamwork \(columns)×\(height)", format(Double(peak) / 1024, digits: 1), "MiB",
            (columns == 80 ? "Ziel ≤ 20; " : "") + "VmHWM nach dem ersten Bild")
    }
}

// `teamwork-bench start`: only the start-up figures above and htop below.
if !CommandLine.arguments.dropFirst().contains("start") {
    // Bytes written per key.
    for (columns, height) in [(80, 24), (200, 60)] {
        guard let process = try? PTYProcess(executable: teamworkBinary, arguments: teamworkArguments, columns: columns,
                                            rows: height, environment: childEnvironment),
              process.read(until: ["q Ende", "qEnde"], seconds: 10)
        else {
            add("Bytes je Zeilenwechsel \(columns)×\(height)", "–", "B", "Start fehlgeschlagen")
            continue
        }
        let toCosts = process.bytesAfter(key: "3")
        var moves: [Double] = []
        for _ in 0..<10 { moves.append(Double(process.bytesAfter(key: "j"))) }
        var switches: [Double] = [Double(toCosts)]
        for pane in ["1", "2", "3", "4", "5", "6", "7", "8", "1"] {
            switches.append(Double(process.bytesAfter(key: pane)))
        }
        process.terminate(quitKey: "q")
        add("Bytes je Zeilenwechsel (3, j) \(columns)×\(height)", format(median(moves), digits: 0), "B",
            "Median von \(moves.count) × j, min \(Int(moves.min() ?? 0)), max \(Int(moves.max() ?? 0))")
        add("Bytes je Bereichswechsel \(columns)×\(height)", format(median(switches), digits: 0), "B",
            "Median von \(switches.count) Wechseln 1…8, max \(Int(switches.max() ?? 0))")
    }

    // MARK: - Library figures

    let schwerinChecks = timeMedian(runs: 200) { _ = Checks.run(project) }
    add("Checks.run Schwerin-Plan", format(schwerinChecks, digits: 3), "ms",
        "\(project.plan.lines.count) Zeilen, Median von 200")

    let bigPlan = SamplePlans.generated(lines: 10_000, seed: 1)
    let bigChecks = timeMedian(runs: 20) {
        _ = Checks.run(plan: bigPlan, terms: .kfw436Haushaltsnotlage)
    }
    add("Checks.run 10.000 Zeilen", format(bigChecks, digits: 2), "ms",
        "SamplePlans.generated(lines: 10_000, seed: 1), Median von 20")

    for figure in LedgerBench.figures(workDirectory: workDirectory) {
        add(figure.label, figure.value, figure.unit, figure.note)
    }
    for figure in LedgerFrameBench.figures(project: project) {
        add(figure.label, figure.value, figure.unit, figure.note)
    }

    // Render time of the Termine pane with 10,000 events.
    var eventProject = project
    var rng = SplitMix64(seed: 7)
    let places = ["Rathaus", "Digitales Innovationszentrum", "Stadtbibliothek", "VHS", "online"]
    let formats = ["Workshop", "Forum", "Schulung", "Meetup", "Sprechstunde"]
    eventProject.events = (0..<10_000).map { index in
        let year = 2021 + Int(rng.next() % 8)
        let month = 1 + Int(rng.next() % 12)
        let day = 1 + Int(rng.next() % 28)
        let hour = 8 + Int(rng.next() % 10)
        return Event(id: Int64(index + 1), title: "Veranstaltung \(index + 1) – Smart City Schwerin",
                     format: formats[index % formats.count],
                     start: LocalDateTime(year: year, month: month, day: day, hour: hour, minute: 0),
                     end: LocalDateTime(year: year, month: month, day: day, hour: hour + 2, minute: 0),
                     place: places[index % places.count], organiser: "TEAMWORK")
    }
    for (columns, height) in [(80, 24), (200, 60)] {
        var state = AppState(project: eventProject, width: columns, height: height)
        state.handle(.char("7"))
        var samples: [Double] = []
        _ = Renderer.render(state)
        for frame in 0..<50 {
            state.handle(frame % 10 == 9 ? .pageDown : .down)
            let start = now()
            _ = Renderer.render(state)
            samples.append(ms(now() - start))
        }
        add("Renderer.render Termine, 10.000 Termine \(columns)×\(height)", format(median(samples), digits: 3), "ms",
            "Median von 50 Bildern (j / Bild↓)")
    }

    // Filter keystroke over 100.000 rows (issue 17 item 12; FilterBench.swift).
    do {
        let filter = FilterBench.keystrokes(project: project, events: 100_000, columns: 80, rows: 24)
        add("Filter-Taste 100.000 Termine 80×24", format(filter.median, digits: 2), "ms",
            "Ziel < 16; Median der Tasten 2–11 von \"forum stadt\" (Aktualisieren + Bild); erste \(format(filter.first, digits: 2)) ms, langsamste \(format(filter.max, digits: 2)) ms")
    }

    add("Neue Datenbank anlegen und füllen", format(median(seedSamples), digits: 1), "ms",
        "ProjectStore(path:) auf neuem Pfad, Median von 5")

    // Peak memory of the bench itself (includes the 10,000-line plan and 10,000 events).
    if let peak = peakRSSKiB("self") {
        add("Spitzen-RSS teamwork-bench", format(Double(peak) / 1024, digits: 1), "MiB", "VmHWM des Benchmarks selbst")
    }
}

// htop for comparison.
var htopNote: String?
if let htop = which("htop") {
    var samples: [Double] = []
    let htopHome = workDirectory.appendingPathComponent("htop-home").path
    try? FileManager.default.createDirectory(atPath: htopHome, withIntermediateDirectories: true)
    let saved = childEnvironment
    childEnvironment["HOME"] = htopHome  // no htoprc of the user; htop may write one here
    childEnvironment["XDG_CONFIG_HOME"] = htopHome
    for _ in 0..<startSamples {
        if let result = firstFrame(executable: htop, arguments: [], columns: 80, rows: 24,
                                   footer: ["F10Quit", "F10 Quit", "Quit"], quitKey: "q") {
            samples.append(result.milliseconds)
        }
    }
    childEnvironment = saved
    let htopMedian = median(samples)
    add("Erstes Bild htop 80×24", format(htopMedian, digits: 1), "ms",
        "Median von \(samples.count) Starts, schnellster \(format(samples.min() ?? .nan, digits: 1)) ms")
    if let ours = frameMedians["80x24"], samples.count > 0 {
        add("Verhältnis teamwork / htop 80×24", format(ours / htopMedian, digits: 2), "×", "Ziel ≤ 0,10; Mediane")
        if let fastest = frameFastest["80x24"], let htopFastest = samples.min() {
            add("  dasselbe der schnellsten Starts", format(fastest / htopFastest, digits: 2), "×",
                "ohne die Schwankung eines geteilten Rechners")
        }
    }
} else {
    htopNote = "htop nicht installiert – Vergleich übersprungen"
}

// MARK: - Table

let labelWidth = max("Messgröße".count, rows.map(\.label.count).max() ?? 0)
let valueWidth = max("Wert".count, rows.map(\.value.count).max() ?? 0)
let unitWidth = max("Einheit".count, rows.map(\.unit.count).max() ?? 0)
func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let padding = String(repeating: " ", count: max(0, width - text.count))
    return right ? padding + text : text + padding
}
print("teamwork-bench – \(ProcessInfo.processInfo.activeProcessorCount) Kerne, \(teamworkBinary)")
print("Methode: teamwork (Release) läuft auf einem eigenen Pseudo-Terminal (posix_openpt, TIOCSWINSZ, TERM=xterm-256color,")
print("LANG=C.UTF-8); gemessen wird vom Start bis „q Ende“ der Fußzeile gelesen ist, Bytes je Taste bis 50 ms Ruhe.")
print("Bibliothekswerte: Median wiederholter Aufrufe im Prozess (Release), Datenbank vorher angelegt.")
print("")
print("\(pad("Messgröße", labelWidth))  \(pad("Wert", valueWidth, right: true))  \(pad("Einheit", unitWidth))  Bemerkung")
print("\(String(repeating: "-", count: labelWidth))  \(String(repeating: "-", count: valueWidth))  \(String(repeating: "-", count: unitWidth))  \(String(repeating: "-", count: 9))")
for row in rows {
    print("\(pad(row.label, labelWidth))  \(pad(row.value, valueWidth, right: true))  \(pad(row.unit, unitWidth))  \(row.note)")
}
if let htopNote { print("\n\(htopNote)") }
