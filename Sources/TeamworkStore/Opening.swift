import Foundation
import GRDB

// The file-system side of opening a database: who may create a missing file, where its
// directories come from, and how a reader gets in when it cannot create -wal/-shm.

extension ProjectStore {
    /// Whether opening may create a missing database file.
    public enum Creation: Sendable, Equatable {
        /// The file must exist (show, check, report, export, baseline, backup).
        case never
        /// Create the file when its directory exists (dashboard, import, restore, init with a path).
        case file
        /// Create the file and missing directories (0700): only for the default location.
        case fileAndDirectories
    }
}

enum Opening {
    enum Probe {
        case missing
        case file
        case directory
        /// stat failed for another reason than a missing entry (EACCES: a directory on the way
        /// cannot be entered).
        case failed(Int32)
    }

    static func probe(_ path: String) -> Probe {
        var st = stat()
        if stat(path, &st) == 0 { return (st.st_mode & S_IFMT) == S_IFDIR ? .directory : .file }
        let code = errno
        return code == ENOENT || code == ENOTDIR ? .missing : .failed(code)
    }

    static func parent(_ path: String) -> String {
        let parent = (path as NSString).deletingLastPathComponent
        return parent.isEmpty ? "/" : parent
    }

    /// Checks the path before SQLite sees it; creates the file (and with `.fileAndDirectories`
    /// its directories) when allowed. Returns whether the file was created here.
    static func prepare(_ path: String, readOnly: Bool, create: ProjectStore.Creation) throws(StoreError) -> Bool {
        switch probe(path) {
        case .directory:
            throw .cannotOpen(path, "der Pfad ist ein Verzeichnis, keine Datei")
        case .failed(let code):
            throw SharedAccess.denied(path, errno: code)
        case .file:
            guard access(path, R_OK) == 0 else { throw SharedAccess.denied(path, errno: errno) }
            if !readOnly && access(path, W_OK) != 0 {
                throw StoreError(kind: .readOnly, message: "Datenbank \"\(path)\" kann nicht zum Schreiben geöffnet "
                                 + "werden: \(SharedAccess.whyNotWritable(path)); nur Lesen ist möglich (Dashboard: teamwork --read-only)")
            }
            return false
        case .missing:
            if readOnly {
                throw .cannotOpen(path, "Datei existiert nicht (nur-lesend wird keine neue Datenbank angelegt)",
                                  kind: .missingFile)
            }
            switch create {
            case .never:
                var missing = parent(path)
                while case .missing = probe(parent(missing)), missing != "/" { missing = parent(missing) }
                let detail = { if case .missing = probe(missing) { return " (das Verzeichnis \"\(missing)\" gibt es nicht)" }
                               return "" }()
                throw StoreError(kind: .missingFile, message: "Datenbank \"\(path)\" existiert nicht" + detail)
            case .file:
                try walkParents(of: path, create: false)
            case .fileAndDirectories:
                try walkParents(of: path, create: true)
            }
            try createFile(at: path)
            return true
        }
    }

    /// Walks the parent directories of `path`: each must be a directory; missing ones are created
    /// (0700) with `create`, else the first missing one is named. The parent must be writable.
    static func walkParents(of path: String, create: Bool) throws(StoreError) {
        let parent = self.parent(path)
        var current = ""
        for component in parent.split(separator: "/", omittingEmptySubsequences: true) {
            current += "/" + component
            var st = stat()
            if stat(current, &st) == 0 {
                guard (st.st_mode & S_IFMT) == S_IFDIR else {
                    throw .cannotOpen(path, "\"\(current)\" ist eine Datei, kein Verzeichnis")
                }
                continue
            }
            let code = errno
            guard code == ENOENT else { throw SharedAccess.denied(path, errno: code) }
            guard create else {
                throw .cannotOpen(path, "das Verzeichnis \"\(current)\" existiert nicht (Tippfehler im Pfad?)",
                                  kind: .missingFile)
            }
            if mkdir(current, 0o700) != 0 && errno != EEXIST {
                let code = errno
                throw .cannotOpen(path, "Verzeichnis \"\(current)\" kann nicht angelegt werden: "
                                  + StoreError.explain(errno: code))
            }
        }
        guard access(parent, W_OK | X_OK) == 0 else {
            throw .cannotOpen(path, "Verzeichnis nicht beschreibbar")
        }
    }

    /// Creates an empty database file: 0600 (owner only), or 0660 for the directory's group when
    /// the directory is a shared group directory (setgid, group-writable, closed to others).
    /// SQLite gives the -wal and -shm files the same mode.
    static func createFile(at path: String) throws(StoreError) {
        let mode: mode_t = SharedAccess.isSharedDirectory(parent(path)) ? 0o660 : 0o600
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, mode)
        if fd < 0 {
            let code = errno
            if code == EEXIST { return }
            if code == EACCES { throw .cannotOpen(path, "Verzeichnis nicht beschreibbar") }
            throw .cannotOpen(path, StoreError.explain(errno: code))
        }
        defer { close(fd) }
        if fchmod(fd, mode) != 0 {
            let code = errno
            throw .cannotOpen(path, StoreError.explain(errno: code))
        }
    }

    /// `file:` URI that opens `path` immutable: SQLite reads the main file only, takes no locks and
    /// needs no -wal/-shm (for a reader in a directory it cannot write).
    static func immutableURI(_ path: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "/-._~")
        let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
        return "file:\(encoded)?immutable=1"
    }

    /// Whether a read-only open failed because SQLite could not create or use -wal/-shm.
    static func needsImmutable(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return error.resultCode == .SQLITE_CANTOPEN || error.resultCode == .SQLITE_READONLY
    }

    /// Opens the pool and reads once (SQLite opens -wal/-shm only then). A reader that cannot
    /// create them gets the file immutable instead; the second value says so.
    static func openPool(_ path: String, configuration: Configuration) throws -> (DatabasePool, Bool) {
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            _ = try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master") }
            return (pool, false)
        } catch where configuration.readonly && needsImmutable(error) {
            let pool = try DatabasePool(path: immutableURI(path), configuration: configuration)
            _ = try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master") }
            return (pool, true)
        }
    }

    /// German note for a database opened immutable.
    static func immutableNotice(_ path: String) -> String {
        var text = "Das Verzeichnis \"\(parent(path))\" ist nicht beschreibbar: die Datenbank ist unveränderlich "
            + "(immutable) und nur lesend geöffnet; Änderungen anderer erscheinen erst beim nächsten Start"
        var st = stat()
        if stat(path + "-wal", &st) == 0, st.st_size > 0 {
            text += ", und noch nicht eingearbeitete Änderungen aus \"\(path)-wal\" fehlen"
        }
        return text
    }

    /// Removes a database file created by a failed open, with its -wal/-shm/-journal.
    static func removeCreated(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
    }
}

extension ProjectStore {
    /// Whether this account could open `path` for writing: the file readable and writable, and
    /// its directory writable (for -wal/-shm) unless both exist and are writable. True for a
    /// missing file, so that the normal opening explains what is missing.
    public static func mayWrite(_ path: String) -> Bool {
        let path = absolute(path)
        guard case .file = Opening.probe(path) else { return true }
        guard access(path, R_OK | W_OK) == 0 else { return false }
        if access(Opening.parent(path), W_OK | X_OK) == 0 { return true }
        return access(path + "-wal", R_OK | W_OK) == 0 && access(path + "-shm", R_OK | W_OK) == 0
    }
}
