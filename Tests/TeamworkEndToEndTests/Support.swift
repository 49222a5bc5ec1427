import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the real binary and the tools the end-to-end tests need are. The tests run the debug binary
/// that `swift build` / `swift test` leave in `<package root>/.build/debug/teamwork`.
enum E2E {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let binary: String = {
        if let override = ProcessInfo.processInfo.environment["TEAMWORK_E2E_BINARY"], !override.isEmpty {
            return override
        }
        return packageRoot.appendingPathComponent(".build/debug/teamwork").path
    }()

    static let hasBinary = FileManager.default.isExecutableFile(atPath: binary)
    static let tmux = which("tmux")
    static let sqlite3 = which("sqlite3")

    /// Why a tmux test cannot run (printed as the skip reason), nil when it can.
    static let tmuxSkipReason: String? = {
        if !hasBinary { return "teamwork-Binary fehlt (\(binary)) – erst `swift build` ausführen" }
        if tmux == nil { return "tmux ist nicht installiert (apt-get install tmux) – Terminaltest übersprungen" }
        return nil
    }()
    static let canRunTmux = tmuxSkipReason == nil

    static let binarySkipReason: String? =
        hasBinary ? nil : "teamwork-Binary fehlt (\(binary)) – erst `swift build` ausführen"

    static let sqliteSkipReason: String? = {
        if let reason = tmuxSkipReason { return reason }
        if sqlite3 == nil { return "sqlite3 (CLI) ist nicht installiert – Test mit feindlichen Daten übersprungen" }
        return nil
    }()

    static func which(_ tool: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The environment for child processes: no TMUX (we might run inside tmux), a known locale.
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["TMUX"] = nil
        env["TMUX_PANE"] = nil
        env["NO_COLOR"] = nil
        env["TEAMWORK_DB"] = nil
        env["LANG"] = "C.UTF-8"
        env["LC_ALL"] = "C.UTF-8"
        for (key, value) in extra { env[key] = value }
        return env
    }

    static func makeTempDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("teamwork-e2e-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Polls `condition` every `interval` ms until it returns a value or `seconds` pass.
    static func poll<T>(seconds: Double = 8, interval: UInt32 = 30, _ condition: () -> T?) -> T? {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if let value = condition() { return value }
            if Date() >= deadline { return nil }
            usleep(interval * 1000)
        }
    }
}

struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
    var timedOut: Bool
}

// glibc 2.34+: closes every descriptor from `low` up in the child (not imported into Swift).
@_silgen_name("posix_spawn_file_actions_addclosefrom_np")
func c_posix_spawn_file_actions_addclosefrom_np(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>,
                                                _ low: Int32) -> Int32

/// Runs a program to completion (killed after `timeout` seconds); output goes through temporary
/// files, so large outputs cannot dead-lock on a full pipe. Uses posix_spawn and waitpid directly:
/// Foundation's `Process.waitUntilExit` can hang on Linux when several tests spawn at once.
@discardableResult
func runCommand(_ executable: String, _ arguments: [String], stdin: Data? = nil,
                environment: [String: String] = E2E.environment(), timeout: Double = 20) throws -> CommandResult {
    let directory = try E2E.makeTempDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let outPath = directory.appendingPathComponent("out").path
    let errPath = directory.appendingPathComponent("err").path
    var inPath = "/dev/null"
    if let stdin {
        inPath = directory.appendingPathComponent("in").path
        try stdin.write(to: URL(fileURLWithPath: inPath))
    }

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, inPath, O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    // A tmux server started here must not inherit the test runner's pipes.
    _ = c_posix_spawn_file_actions_addclosefrom_np(&actions, 3)

    // Tests run on dispatch worker threads, which block asynchronous signals; the mask is
    // inherited across exec, and a tmux server (and the shells and teamwork it starts) would
    // never see SIGWINCH, SIGTERM or SIGHUP. Start children with an empty mask and default actions.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var emptyMask = sigset_t()
    sigemptyset(&emptyMask)
    posix_spawnattr_setsigmask(&attributes, &emptyMask)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGWINCH, SIGCHLD, SIGALRM, SIGUSR1, SIGUSR2] {
        sigaddset(&defaults, signal)
    }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        argv.forEach { free($0) }
        envp.forEach { free($0) }
    }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
    guard rc == 0 else { throw E2EError("posix_spawn \(executable): \(String(cString: strerror(rc)))") }

    var status: Int32 = 0
    func reaped() -> Bool { waitpid(pid, &status, WNOHANG) == pid }
    var finished = E2E.poll(seconds: timeout, interval: 2) { reaped() ? true : nil } ?? false
    if !finished {
        kill(pid, SIGTERM)
        finished = E2E.poll(seconds: 2) { reaped() ? true : nil } ?? false
        if !finished {
            kill(pid, SIGKILL)
            waitpid(pid, &status, 0)
        }
    }
    let exitStatus: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
    return CommandResult(status: exitStatus, stdout: out, stderr: err, timedOut: !finished)
}

/// A private tmux server (`tmux -L teamwork-e2e-<uuid>`) with one window running an interactive
/// `bash --norc` without job control; teamwork is started from that shell with `send-keys`.
final class TmuxSession {
    let socket = "teamwork-e2e-\(UUID().uuidString)"
    let directory: URL
    let database: String
    private var closed = false

    init(width: Int = 80, height: Int = 24, database: String? = nil) throws {
        directory = try E2E.makeTempDirectory()
        self.database = database ?? directory.appendingPathComponent("teamwork.sqlite").path
        let shellCommand = "env PS1='$ ' HISTFILE=/dev/null bash --norc --noprofile -i"
        let result = try tmux(["-f", "/dev/null", "new-session", "-d", "-s", "e2e", "-x", "\(width)", "-y", "\(height)", shellCommand])
        guard result.status == 0 else {
            throw E2EError("tmux new-session fehlgeschlagen: \(result.stderr)")
        }
        // Keep the window at the size we ask for even if a client attaches.
        try tmux(["set-option", "-g", "window-size", "manual"])
        // Without job control bash neither saves nor restores the terminal modes around a
        // command: what teamwork leaves behind is exactly what the next `stty -g` sees.
        try shell("set +m")
    }

    deinit { close() }

    func close() {
        guard !closed else { return }
        closed = true
        _ = try? tmux(["kill-server"], timeout: 5)
        try? FileManager.default.removeItem(at: directory)
    }

    @discardableResult
    func tmux(_ arguments: [String], timeout: Double = 10) throws -> CommandResult {
        guard let tmux = E2E.tmux else { throw E2EError("tmux fehlt") }
        return try runCommand(tmux, ["-L", socket] + arguments, timeout: timeout)
    }

    /// Types a command line into the pane's shell and presses Enter.
    func shell(_ line: String) throws {
        try tmux(["send-keys", "-t", "e2e", "-l", line])
        try tmux(["send-keys", "-t", "e2e", "Enter"])
    }

    /// Sends tmux key names (`Escape`, `NPage`, `C-c`) or single characters.
    func keys(_ keys: String...) throws {
        for key in keys {
            if key.count == 1 {
                try tmux(["send-keys", "-t", "e2e", "-l", key])
            } else {
                try tmux(["send-keys", "-t", "e2e", key])
            }
        }
    }

    func resize(width: Int, height: Int) throws {
        let result = try tmux(["resize-window", "-t", "e2e", "-x", "\(width)", "-y", "\(height)"])
        guard result.status == 0 else { throw E2EError("resize-window: \(result.stderr)") }
    }

    /// The visible screen, one string per row (with `escapes`, including SGR sequences).
    func capture(escapes: Bool = false) -> [String] {
        let arguments = ["capture-pane", "-p", "-t", "e2e"] + (escapes ? ["-e"] : [])
        guard let result = try? tmux(arguments), result.status == 0 else { return [] }
        var lines = result.stdout.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// Waits until the screen satisfies `predicate` and has settled; returns the screen, or nil on timeout.
    /// tmux may show a frame half-way through its bytes, so a match counts only when a second
    /// capture a moment later is the same: what the caller then reads from the screen is one whole frame.
    func waitForScreen(seconds: Double = 8, escapes: Bool = false, _ predicate: ([String]) -> Bool) -> [String]? {
        E2E.poll(seconds: seconds) {
            let screen = capture(escapes: escapes)
            guard predicate(screen) else { return nil }
            usleep(40_000)
            return capture(escapes: escapes) == screen ? screen : nil
        }
    }

    func waitForText(_ texts: String..., seconds: Double = 8) -> [String]? {
        waitForScreen(seconds: seconds) { screen in
            let joined = screen.joined(separator: "\n")
            return texts.allSatisfy { joined.contains($0) }
        }
    }

    /// Starts the dashboard from the pane's shell with the given extra environment.
    func startTeamwork(environment: String = "LANG=C.UTF-8 LC_ALL=C.UTF-8", arguments: String = "") throws {
        try shell("TERM=xterm-256color \(environment) \(quoted(E2E.binary)) --db \(quoted(database)) \(arguments)")
    }

    /// The pid of the dashboard, found by its unique database path.
    func teamworkPID(seconds: Double = 8) -> pid_t? {
        E2E.poll(seconds: seconds) { () -> pid_t? in
            guard let pgrep = E2E.which("pgrep"),
                  let result = try? runCommand(pgrep, ["-f", "--", database], timeout: 5), result.status == 0
            else { return nil }
            return result.stdout.split(separator: "\n").compactMap { pid_t($0) }.first
        }
    }

    /// Waits until the process is gone (the shell has reaped it).
    func waitForExit(pid: pid_t, seconds: Double = 8) -> Bool {
        E2E.poll(seconds: seconds) { kill(pid, 0) != 0 && errno == ESRCH ? true : nil } ?? false
    }

    /// Runs `command > file` in the pane's shell and returns the file's content once written.
    func shellOutput(_ command: String, name: String, seconds: Double = 8) throws -> String? {
        let file = directory.appendingPathComponent(name).path
        let partial = file + ".part"
        try shell("\(command) > \(quoted(partial)) 2>&1; mv \(quoted(partial)) \(quoted(file))")
        return E2E.poll(seconds: seconds) { try? String(contentsOfFile: file, encoding: .utf8) }
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}

struct E2EError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension Array where Element == String {
    var text: String { joined(separator: "\n") }
}
