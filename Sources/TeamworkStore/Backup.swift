import Foundation
import GRDB
import TeamworkCore

// Backup and restore of the database file.
//
// Backup: SQLite's online backup API (GRDB `Database.backup(to:)`) copies the database as one
// consistent snapshot (a read transaction of the store's pool) while other processes keep
// writing. The copy goes into a new temporary file (mode 0600) in the target directory, is
// switched to a single self-contained file (journal mode DELETE), checked, fsynced and only then
// renamed to its name; an existing file is never overwritten.
//
// Restore: the file is copied next to the database (temporary name, 0600, fsync) and checked
// there: `PRAGMA integrity_check` = ok, the migration table contains "v1-schema" and nothing
// newer than this teamwork knows, the project loads. Only then is the current database kept as
// `<name>.vor-restore-YYYYMMDD-HHMMSS` (online backup, so consistent), checkpointed, and replaced
// by renaming the checked copy over it; stale -wal/-shm files of the old database are removed.
// A file that fails a check leaves the current database untouched.

/// Result of `ProjectStore.restore`.
public struct RestoreResult: Sendable, Hashable {
    /// Path of the copy of the previous database; nil when there was none.
    public let previousCopy: String?
    /// The restored project (as loaded during the check).
    public let project: Project
}

extension ProjectStore {
    /// Writes a consistent copy of the open database to `destination`, a file that must not exist
    /// yet; it is created with mode 0600. Returns the size in bytes.
    @discardableResult
    public func backup(to destination: String) throws(StoreError) -> Int64 {
        let destination = Self.absolutePath(destination)
        let fm = FileManager.default
        guard !fm.fileExists(atPath: destination) else {
            throw StoreError(kind: .invalidInput,
                             message: "Datei \"\(destination)\" existiert bereits; eine Sicherung überschreibt nichts")
        }
        let directory = (destination as NSString).deletingLastPathComponent
        let temp = try Self.createTempFile(in: directory, for: destination)
        var done = false
        defer { if !done { Self.removeDatabaseFiles(temp) } }
        do {
            try Self.withQueue(temp, readOnly: false) { dest in
                try read("Sichern der Datenbank") { db in
                    try dest.writeWithoutTransaction { destDB in try db.backup(to: destDB) }
                }
                try dest.writeWithoutTransaction { db in
                    _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")
                }
            }
        } catch {
            throw StoreError.wrap(error, path: destination, action: "Sichern")
        }
        _ = try Self.verify(temp, shownAs: destination)
        try Self.syncFile(temp)
        guard !fm.fileExists(atPath: destination) else {
            throw StoreError(kind: .invalidInput,
                             message: "Datei \"\(destination)\" existiert bereits; eine Sicherung überschreibt nichts")
        }
        guard rename(temp, destination) == 0 else {
            let code = errno
            throw StoreError(kind: .other, message: "Sicherung \"\(destination)\" kann nicht angelegt werden: "
                             + StoreError.explain(errno: code))
        }
        done = true
        Self.removeDatabaseFiles(temp)
        Self.fsyncDirectory(directory)
        var st = stat()
        return stat(destination, &st) == 0 ? Int64(st.st_size) : 0
    }

    /// Replaces the database at `path` with the teamwork database in `file` (see the top of this
    /// file). Nothing of the current database changes unless `file` passes every check.
    /// `now` names the copy of the previous database (local time). A missing directory of `path`
    /// is created only with `createDirectory` (the default location). The restored file keeps the
    /// group and mode of the database it replaces (or gets those of a shared group directory).
    public static func restore(from file: String, to path: String, createDirectory: Bool = true,
                               now: Date = Date()) throws(StoreError) -> RestoreResult {
        let file = absolutePath(file), path = absolutePath(path)
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw StoreError(kind: .invalidInput, message: "Datei \"\(file)\" existiert nicht")
        }
        guard access(file, R_OK) == 0 else {
            throw StoreError(kind: .invalidInput, message: "Datei \"\(file)\" ist nicht lesbar (keine Leserechte)")
        }
        guard file != path else {
            throw StoreError(kind: .invalidInput, message: "Datei \"\(file)\" ist die Datenbank selbst")
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !fm.fileExists(atPath: directory) {
            guard createDirectory else {
                throw StoreError(kind: .missingFile, message: "Datenbank \"\(path)\" kann nicht angelegt werden: das "
                                 + "Verzeichnis \"\(directory)\" existiert nicht (Tippfehler im Pfad?)")
            }
            // A fresh machine: the database directory is created as on first start (0700).
            do {
                try fm.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                       attributes: [.posixPermissions: 0o700])
            } catch {
                throw StoreError(kind: .cannotOpen, message: "Verzeichnis \"\(directory)\" der Datenbank kann nicht "
                                 + "angelegt werden: \(error.localizedDescription)")
            }
        }
        let temp = try createTempFile(in: directory, for: path)
        var done = false
        defer { if !done { removeDatabaseFiles(temp) } }
        try copyFile(file, to: temp)
        let project = try verify(temp, shownAs: file)
        // verify() may have left -wal/-shm of the temp copy (WAL source); fold and drop them.
        try checkpointAndClose(temp, shownAs: file)
        try SharedAccess.adoptPermissions(temp, from: path)
        try syncFile(temp)

        var previous: String?
        if fm.fileExists(atPath: path) {
            let copy = datedCopyPath(for: path, now: now)
            var readable = true
            do {
                let store = try ProjectStore(path: path, readOnly: true)
                try store.backup(to: copy)
            } catch {
                // The current file may be the reason for the restore (damaged, not a teamwork
                // database): keep its bytes as they are.
                readable = false
                do throws(StoreError) {
                    for suffix in ["", "-wal"] where fm.fileExists(atPath: path + suffix) {
                        let target = try createTempFile(in: directory, for: copy + suffix)
                        try copyFile(path + suffix, to: target)
                        guard rename(target, copy + suffix) == 0 else {
                            unlink(target)
                            throw StoreError(kind: .other, message: StoreError.explain(errno: errno))
                        }
                    }
                } catch {
                    throw StoreError(kind: error.kind, message: "Der bisherige Stand kann nicht gesichert werden – "
                                     + "nichts wurde geändert: \(error.message)")
                }
            }
            previous = copy
            if readable { try checkpointAndClose(path, shownAs: path) }
        }
        guard rename(temp, path) == 0 else {
            let code = errno
            throw StoreError(kind: .other, message: "Datenbank \"\(path)\" kann nicht ersetzt werden: "
                             + StoreError.explain(errno: code))
        }
        done = true
        // The old file's WAL and shared memory belong to the replaced file: a WAL left next to
        // the new file would be replayed into it.
        unlink(path + "-wal")
        unlink(path + "-shm")
        removeDatabaseFiles(temp)
        fsyncDirectory(directory)
        return RestoreResult(previousCopy: previous, project: project)
    }

    /// `<path>.vor-restore-YYYYMMDD-HHMMSS` (local time); `-2`, `-3`, … if taken.
    static func datedCopyPath(for path: String, now: Date) -> String {
        var seconds = time_t(now.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        localtime_r(&seconds, &parts)
        func pad(_ v: Int32, _ n: Int) -> String {
            let s = String(v); return String(repeating: "0", count: max(0, n - s.count)) + s
        }
        let stamp = "\(pad(parts.tm_year + 1900, 4))\(pad(parts.tm_mon + 1, 2))\(pad(parts.tm_mday, 2))-"
            + "\(pad(parts.tm_hour, 2))\(pad(parts.tm_min, 2))\(pad(parts.tm_sec, 2))"
        let base = "\(path).vor-restore-\(stamp)"
        var candidate = base
        var n = 2
        while FileManager.default.fileExists(atPath: candidate) {
            candidate = "\(base)-\(n)"; n += 1
        }
        return candidate
    }

    // MARK: Helpers

    /// The checks of a candidate file; messages name `shownAs`.
    static func verify(_ file: String, shownAs name: String) throws(StoreError) -> Project {
        func refuse(_ reason: String) -> StoreError {
            StoreError(kind: .invalidInput, message: "\"\(name)\" ist keine brauchbare teamwork-Datenbank: \(reason)")
        }
        do {
            let (integrity, migrations) = try withQueue(file, readOnly: true) { queue in
                try queue.read { db -> ([String], [String]?) in
                    let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
                    guard try db.tableExists("grdb_migrations") else { return (integrity, nil) }
                    return (integrity, try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
                }
            }
            guard integrity == ["ok"] else {
                throw refuse("die Integritätsprüfung meldet Schäden (\(integrity.prefix(3).joined(separator: "; ")))")
            }
            guard let migrations, migrations.contains(Schema.schemaV1) else {
                throw refuse("das teamwork-Schema fehlt (keine Migration \"\(Schema.schemaV1)\")")
            }
            let unknown = Set(migrations).subtracting(Schema.allMigrations)
            guard unknown.isEmpty else {
                throw refuse("sie stammt von einer neueren teamwork-Version (\(unknown.sorted().joined(separator: ", ")))")
            }
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            switch error.resultCode {
            case .SQLITE_NOTADB: throw refuse("die Datei ist keine SQLite-Datenbank")
            case .SQLITE_CORRUPT: throw refuse("die Datei ist beschädigt")
            default: throw refuse("sie lässt sich nicht lesen (\(error.message ?? "SQLite-Fehler \(error.resultCode.rawValue)"))")
            }
        } catch {
            throw refuse("\(error)")
        }
        do {
            let store = try ProjectStore(path: file, readOnly: true)
            return try store.loadProject()
        } catch {
            throw refuse(error.message.replacingOccurrences(of: file, with: name))
        }
    }

    /// Opens a plain connection, runs `body`, closes it.
    static func withQueue<T>(_ path: String, readOnly: Bool, _ body: (DatabaseQueue) throws -> T) throws -> T {
        var config = Configuration()
        config.readonly = readOnly
        config.busyMode = .timeout(busyTimeout)
        config.label = "teamwork.backup"
        let queue = try DatabaseQueue(path: path, configuration: config)
        defer { try? queue.close() }
        return try body(queue)
    }

    /// Folds the WAL of `path` into the main file (TRUNCATE) so the main file alone is complete.
    static func checkpointAndClose(_ path: String, shownAs name: String) throws(StoreError) {
        do {
            let busy = try withQueue(path, readOnly: false) { queue in
                try queue.writeWithoutTransaction { db -> Int in
                    guard try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal" else { return 0 }
                    return try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")?[0] ?? 0
                }
            }
            guard busy == 0 else {
                throw StoreError(kind: .busy, message: "Datenbank \"\(name)\" wird gerade benutzt (Sicherungspunkt nicht "
                                 + "möglich); bitte laufende teamwork-Sitzungen beenden und erneut versuchen")
            }
        } catch {
            throw StoreError.wrap(error, path: name, action: "Abschließen des Schreibprotokolls")
        }
    }

    /// A new empty file `.<name>.<random>.tmp` with mode 0600 in `directory`.
    static func createTempFile(in directory: String, for name: String) throws(StoreError) -> String {
        let base = (name as NSString).lastPathComponent
        let dir = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        for _ in 0..<20 {
            let candidate = "\(dir)/.\(base).\(UInt32.random(in: 0...UInt32.max)).tmp"
            let fd = open(candidate, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
            if fd >= 0 {
                fchmod(fd, 0o600)
                close(fd)
                return candidate
            }
            let code = errno
            if code != EEXIST {
                throw StoreError(kind: .cannotOpen, message: "Im Verzeichnis \"\(dir)\" kann keine Datei angelegt werden: "
                                 + StoreError.explain(errno: code))
            }
        }
        throw StoreError(kind: .other, message: "Im Verzeichnis \"\(dir)\" ist keine temporäre Datei frei")
    }

    /// Copies the bytes of `source` into the existing file `destination` and fsyncs it.
    static func copyFile(_ source: String, to destination: String) throws(StoreError) {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else {
            let code = errno
            throw StoreError(kind: .invalidInput, message: "Datei \"\(source)\" kann nicht gelesen werden: "
                             + StoreError.explain(errno: code))
        }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_TRUNC | O_CLOEXEC)
        guard output >= 0 else {
            let code = errno
            throw StoreError(kind: .cannotOpen, message: "Datei \"\(destination)\" kann nicht geschrieben werden: "
                             + StoreError.explain(errno: code))
        }
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { posixRead(input, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                let code = errno
                throw StoreError(kind: .invalidInput, message: "Datei \"\(source)\" kann nicht gelesen werden: "
                                 + StoreError.explain(errno: code))
            }
            if n == 0 { break }
            var written = 0
            while written < n {
                let w = buffer.withUnsafeBytes { posixWrite(output, $0.baseAddress! + written, n - written) }
                if w < 0 {
                    if errno == EINTR { continue }
                    let code = errno
                    throw StoreError(kind: .other, message: "Datei \"\(destination)\" kann nicht geschrieben werden: "
                                     + StoreError.explain(errno: code))
                }
                written += w
            }
        }
        guard posixFsync(output) == 0 else {
            let code = errno
            throw StoreError(kind: .other, message: "Datei \"\(destination)\" kann nicht gespeichert werden: "
                             + StoreError.explain(errno: code))
        }
    }

    static func syncFile(_ path: String) throws(StoreError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            throw StoreError(kind: .other, message: "Datei \"\(path)\": " + StoreError.explain(errno: code))
        }
        defer { close(fd) }
        guard posixFsync(fd) == 0 else {
            let code = errno
            throw StoreError(kind: .other, message: "Datei \"\(path)\" kann nicht gespeichert werden: "
                             + StoreError.explain(errno: code))
        }
    }

    static func fsyncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = posixFsync(fd)
        close(fd)
    }

    /// Removes `path` and its -wal, -shm and -journal files (missing ones are fine).
    static func removeDatabaseFiles(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
    }

    static func absolutePath(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if path == "~" || path.hasPrefix("~/") { return NSHomeDirectory() + path.dropFirst() }
        let cwd = FileManager.default.currentDirectoryPath
        return cwd.hasSuffix("/") ? cwd + path : cwd + "/" + path
    }
}

// Free functions: inside `ProjectStore`, `read`/`write` name the store's own methods.
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int { read(fd, buffer, count) }
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int { write(fd, buffer, count) }
private func posixFsync(_ fd: Int32) -> Int32 { fsync(fd) }
