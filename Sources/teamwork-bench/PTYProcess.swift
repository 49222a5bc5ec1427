// The pseudo-terminal the bench runs teamwork and htop on (main.swift measures through it).
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Pseudo-terminal

// Glibc's Swift module is built without _XOPEN_SOURCE, so the pty functions of <stdlib.h> are not
// imported; they take and return plain C types, so they are declared here by their symbol names.
@_silgen_name("posix_openpt") func c_posix_openpt(_ flags: Int32) -> Int32
@_silgen_name("grantpt") func c_grantpt(_ fd: Int32) -> Int32
@_silgen_name("unlockpt") func c_unlockpt(_ fd: Int32) -> Int32
/// glibc's POSIX_SPAWN_SETSID (a GNU extension, not imported): setsid() in the child before the file actions.
let posixSpawnSetsid: Int32 = 0x80
@_silgen_name("ptsname") func c_ptsname(_ fd: Int32) -> UnsafeMutablePointer<CChar>?

/// A program running on a pseudo-terminal opened with posix_openpt; the slave is its controlling
/// terminal (POSIX_SPAWN_SETSID, then opened as fd 0) and its stdin, stdout and stderr.
final class PTYProcess {
    let master: Int32
    let pid: pid_t
    private(set) var exited = false
    private(set) var output: [UInt8] = []
    /// CLOCK_MONOTONIC just before posix_spawn.
    private(set) var spawnedAt: UInt64 = 0

    init(executable: String, arguments: [String], columns: Int, rows: Int, environment: [String: String]) throws {
        let master = c_posix_openpt(O_RDWR | O_NOCTTY)
        guard master >= 0, c_grantpt(master) == 0, c_unlockpt(master) == 0, let name = c_ptsname(master) else {
            throw BenchError("posix_openpt/grantpt/unlockpt/ptsname: \(String(cString: strerror(errno)))")
        }
        let slavePath = String(cString: name)
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        guard ioctl(master, UInt(TIOCSWINSZ), &size) == 0 else {
            close(master)
            throw BenchError("TIOCSWINSZ: \(String(cString: strerror(errno)))")
        }
        _ = fcntl(master, F_SETFD, FD_CLOEXEC)
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // After setsid the first terminal opened without O_NOCTTY becomes the controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGWINCH] { sigaddset(&defaultSignals, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setflags(&attributes, Int16(posixSpawnSetsid | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        spawnedAt = monotonic()
        let rc = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard rc == 0 else {
            close(master)
            throw BenchError("posix_spawn \(executable): \(String(cString: strerror(rc)))")
        }
        self.master = master
        self.pid = pid
    }

    deinit {
        terminate()
        close(master)
    }

    /// Reads whatever is available within `milliseconds`; returns the number of bytes read.
    @discardableResult
    func read(waitingUpTo milliseconds: Int32) -> Int {
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, milliseconds) > 0 else { return 0 }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var total = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(master, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            output.append(contentsOf: buffer[0..<count])
            total += count
        }
        return total
    }

    /// Reads until `text` is visible (escape sequences ignored) or `seconds` pass; true when found.
    func read(until texts: [String], seconds: Double) -> Bool {
        let deadline = now() + UInt64(seconds * 1e9)
        var checkedUpTo = 0
        while now() < deadline {
            if read(waitingUpTo: 20) > 0 || checkedUpTo < output.count {
                // Only look at the tail that can contain a new match.
                let from = max(0, checkedUpTo - 256)
                let visible = visibleText(Array(output[from...]))
                if texts.contains(where: { visible.contains($0) }) { return true }
                checkedUpTo = output.count
            }
            if hasExited() { return false }
        }
        return false
    }

    /// Bytes the program writes after `key` until `quiet` ms pass without output (first byte: up to 1 s).
    func bytesAfter(key: String, quietMilliseconds quiet: Int32 = 50) -> Int {
        drain(quietMilliseconds: quiet)
        write(key)
        var total = read(waitingUpTo: 1_000)
        guard total > 0 else { return 0 }
        while true {
            let count = read(waitingUpTo: quiet)
            if count == 0 { break }
            total += count
        }
        return total
    }

    func drain(quietMilliseconds quiet: Int32 = 50) {
        while read(waitingUpTo: quiet) > 0 {}
    }

    func write(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(master, $0.baseAddress, $0.count) }
    }

    func hasExited() -> Bool {
        if exited { return true }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid { exited = true }
        return exited
    }

    /// Waits up to `seconds` for the program to end, draining its output meanwhile.
    func waitForExit(seconds: Double) -> Bool {
        let deadline = now() + UInt64(seconds * 1e9)
        while now() < deadline {
            if hasExited() { return true }
            read(waitingUpTo: 10)
        }
        return hasExited()
    }

    /// Asks politely (`quitKey`), then SIGTERM, then SIGKILL; never blocks for more than ~3 s.
    func terminate(quitKey: String? = nil) {
        if hasExited() { return }
        if let quitKey {
            write(quitKey)
            if waitForExit(seconds: 1) { return }
        }
        kill(pid, SIGTERM)
        if waitForExit(seconds: 1) { return }
        kill(pid, SIGKILL)
        _ = waitForExit(seconds: 1)
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
