import Foundation

// `teamwork init`: a new database, private or shared by a Unix group, and `--repair` of the
// modes of a shared one.

extension ProjectStore {
    /// The files of a database, as `ls -l` shows them: directory, database, -wal, -shm.
    public static func fileStates(_ path: String) -> [FileState] {
        let path = absolute(path)
        return [FileState(path: Opening.parent(path)), FileState(path: path),
                FileState(path: path + "-wal"), FileState(path: path + "-shm")]
    }

    /// Creates and seeds a new database at `path`; an existing file is refused.
    ///
    /// Without `group` the file is private (0600; 0660 in a shared group directory) and missing
    /// directories are created only with `create == .fileAndDirectories`.
    ///
    /// With `group` the database is shared by that Unix group: its directory (created when
    /// missing — its parent must exist — or an existing empty one) gets the group and mode 2770
    /// (setgid: new -wal/-shm files get the group), the database 0660. Only root or a member of
    /// the group may do this. Nothing is left behind when a step fails.
    public static func initialize(path: String, group: String? = nil,
                                  create: Creation = .file) throws(StoreError) {
        let path = absolute(path)
        switch Opening.probe(path) {
        case .missing: break
        case .directory: throw .cannotOpen(path, "der Pfad ist ein Verzeichnis, keine Datei")
        case .failed(let code): throw SharedAccess.denied(path, errno: code)
        case .file:
            throw StoreError(kind: .invalidInput, message: "Datenbank \"\(path)\" existiert bereits – teamwork init legt "
                             + "nur neue an und überschreibt nichts (Rechte einer gemeinsamen Datenbank prüfen und "
                             + "reparieren: teamwork init --repair --db \(path))")
        }
        guard let group else {
            let store = try ProjectStore(path: path, create: create)
            _ = store
            return
        }
        let gid = try groupID(group)
        let directory = Opening.parent(path)
        var createdDirectory = false
        switch Opening.probe(directory) {
        case .directory:
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            let st = SharedAccess.status(directory)
            let alreadyShared = st.map { $0.st_gid == gid && $0.st_mode & 0o7777 == 0o2770 } ?? false
            guard entries.isEmpty || alreadyShared else {
                throw StoreError(kind: .invalidInput, message: "Verzeichnis \"\(directory)\" ist nicht leer und nicht "
                                 + "für die Gruppe „\(group)“ eingerichtet (Modus \(st.map { SharedAccess.octal($0.st_mode) } ?? "?")); "
                                 + "eine gemeinsame Datenbank bekommt ein eigenes Verzeichnis, z. B. \(directory)/teamwork/teamwork.sqlite")
            }
        case .missing:
            guard case .directory = Opening.probe(Opening.parent(directory)) else {
                throw .cannotOpen(path, "das Verzeichnis \"\(Opening.parent(directory))\" existiert nicht", kind: .missingFile)
            }
            guard mkdir(directory, 0o700) == 0 else {
                let code = errno
                throw .cannotOpen(path, "Verzeichnis \"\(directory)\" kann nicht angelegt werden: " + StoreError.explain(errno: code))
            }
            createdDirectory = true
        case .file:
            throw .cannotOpen(path, "\"\(directory)\" ist eine Datei, kein Verzeichnis")
        case .failed(let code):
            throw SharedAccess.denied(path, errno: code)
        }
        var done = false
        defer {
            if !done {
                Opening.removeCreated(path)
                if createdDirectory { rmdir(directory) }
            }
        }
        try setShared(directory, gid: gid, mode: 0o2770, group: group)
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let code = errno
            throw .cannotOpen(path, StoreError.explain(errno: code))
        }
        let ok = fchown(fd, uid_t.max, gid) == 0 && fchmod(fd, 0o660) == 0
        let code = errno
        close(fd)
        guard ok else { throw .cannotOpen(path, "Gruppe und Modus 0660 lassen sich nicht setzen: " + StoreError.explain(errno: code)) }
        let store = try ProjectStore(path: path, create: .never)
        if let warning = store.notices.first { throw StoreError(kind: .other, message: warning) }
        done = true
    }

    /// `teamwork init --repair`: gives the directory of a shared database mode 2770 and the group,
    /// the database and its -wal/-shm 0660 and the group. `group` defaults to the database's own.
    /// Returns what was changed (German, one line each); needs root or the owner of each file.
    public static func repairShared(path: String, group: String? = nil) throws(StoreError) -> [String] {
        let path = absolute(path)
        guard case .file = Opening.probe(path) else {
            if case .failed(let code) = Opening.probe(path) { throw SharedAccess.denied(path, errno: code) }
            throw StoreError(kind: .missingFile, message: "Datenbank \"\(path)\" existiert nicht")
        }
        let gid: gid_t
        let name: String
        if let group {
            gid = try groupID(group); name = group
        } else {
            gid = SharedAccess.status(path)!.st_gid; name = SharedAccess.groupName(gid)
        }
        var changes: [String] = []
        let directory = Opening.parent(path)
        if try setShared(directory, gid: gid, mode: 0o2770, group: name) { changes.append("\(directory): 2770, Gruppe \(name)") }
        for file in [path, path + "-wal", path + "-shm"] where SharedAccess.status(file) != nil {
            if try setShared(file, gid: gid, mode: 0o660, group: name) { changes.append("\(file): 0660, Gruppe \(name)") }
        }
        return changes
    }

    static func groupID(_ group: String) throws(StoreError) -> gid_t {
        guard let entry = getgrnam(group) else {
            throw StoreError(kind: .invalidInput, message: "Gruppe „\(group)“ gibt es nicht – anlegen (als root): "
                             + "groupadd \(group), Mitglieder aufnehmen: usermod -aG \(group) KONTO")
        }
        let gid = entry.pointee.gr_gid
        guard SharedAccess.inGroupNow(gid) else {
            throw StoreError(kind: .invalidInput, message: "Das Konto „\(Account.real)“ gehört nicht zur Gruppe "
                             + "„\(group)“ und kann ihr keine Datenbank geben – als root ausführen oder aufnehmen: "
                             + "usermod -aG \(group) \(Account.real), danach neu anmelden")
        }
        return gid
    }

    /// chown :gid and chmod `mode` when they differ; true when something changed.
    @discardableResult
    static func setShared(_ path: String, gid: gid_t, mode: mode_t, group: String) throws(StoreError) -> Bool {
        guard let st = SharedAccess.status(path) else { return false }
        guard st.st_gid != gid || st.st_mode & 0o7777 != mode else { return false }
        // chown first: it may clear the setgid bit.
        guard chown(path, uid_t.max, gid) == 0, chmod(path, mode) == 0 else {
            let code = errno
            throw StoreError(kind: .cannotOpen, message: "\"\(path)\": Gruppe „\(group)“ und Modus "
                             + "\(SharedAccess.octal(mode)) lassen sich nicht setzen (\(StoreError.explain(errno: code))); "
                             + "als root ausführen: sudo teamwork init --repair --db …")
        }
        return true
    }
}
