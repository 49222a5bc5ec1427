import Foundation

// A database shared by a Unix group: the directory 2770 (setgid, the group's), the database and
// its -wal/-shm 0660 for that group, nothing for others. SQLite gives -wal/-shm the mode of the
// database; the setgid bit gives them the group. These checks run on every opening.

/// One file of a database as `ls -l` shows it (for `teamwork init` and `teamwork where`).
public struct FileState: Sendable, Hashable {
    public let path: String
    public let exists: Bool
    /// The file may exist, but this account cannot look (a directory on the way is closed to it).
    public let denied: Bool
    public let isDirectory: Bool
    /// Permission bits including setgid/setuid/sticky (`0o2770`).
    public let mode: UInt32
    public let owner: String
    public let group: String

    /// `drwxrws---`, `-rw-rw----`.
    public var symbolic: String {
        var s = isDirectory ? "d" : "-"
        let bits: [(UInt32, Character)] = [(0o400, "r"), (0o200, "w"), (0o100, "x"), (0o040, "r"), (0o020, "w"),
                                           (0o010, "x"), (0o004, "r"), (0o002, "w"), (0o001, "x")]
        for (i, (bit, char)) in bits.enumerated() {
            var c: Character = mode & bit != 0 ? char : "-"
            if i == 2 && mode & 0o4000 != 0 { c = c == "x" ? "s" : "S" }
            if i == 5 && mode & 0o2000 != 0 { c = c == "x" ? "s" : "S" }
            if i == 8 && mode & 0o1000 != 0 { c = c == "x" ? "t" : "T" }
            s.append(c)
        }
        return s
    }

    /// `drwxrws---  root teamwork  /srv/teamwork` or `(fehlt)  /srv/teamwork/teamwork.sqlite-wal`.
    public var line: String {
        exists ? "\(symbolic)  \(owner) \(group)  \(path)" : (denied ? "(kein Zugriff)  " : "(fehlt)     ") + path
    }

    public init(path: String) {
        self.path = path
        var st = stat()
        if stat(path, &st) == 0 {
            exists = true; denied = false
            isDirectory = (st.st_mode & S_IFMT) == S_IFDIR
            mode = UInt32(st.st_mode & 0o7777)
            owner = Account.name(ofUID: st.st_uid)
            group = SharedAccess.groupName(st.st_gid)
        } else {
            denied = errno == EACCES
            exists = false; isDirectory = false; mode = 0; owner = ""; group = ""
        }
    }
}

enum SharedAccess {
    static func status(_ path: String) -> stat? {
        var st = stat()
        return stat(path, &st) == 0 ? st : nil
    }

    static func groupName(_ gid: gid_t) -> String {
        if let entry = getgrgid(gid), let name = entry.pointee.gr_name { return String(cString: name) }
        return "\(gid)"
    }

    static func octal(_ mode: mode_t) -> String {
        let s = String(mode & 0o7777, radix: 8)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }

    /// Whether this process (real uid) may use `gid` now: primary or supplementary group.
    static func inGroupNow(_ gid: gid_t) -> Bool {
        if getuid() == 0 || getgid() == gid || getegid() == gid { return true }
        let count = getgroups(0, nil)
        guard count > 0 else { return false }
        var groups = [gid_t](repeating: 0, count: Int(count))
        let n = getgroups(count, &groups)
        return n > 0 && groups.prefix(Int(n)).contains(gid)
    }

    /// Whether the account is listed as a member of `gid` (it may still need to log in again).
    static func listedInGroup(_ gid: gid_t) -> Bool {
        guard let entry = getpwuid(getuid()) else { return false }
        let primary = entry.pointee.pw_gid
        if primary == gid { return true }
        var count: Int32 = 64
        var groups = [gid_t](repeating: 0, count: Int(count))
        if getgrouplist(entry.pointee.pw_name, primary, &groups, &count) < 0 {
            groups = [gid_t](repeating: 0, count: Int(count))
            guard getgrouplist(entry.pointee.pw_name, primary, &groups, &count) >= 0 else { return false }
        }
        return groups.prefix(Int(count)).contains(gid)
    }

    /// "setgid, group-writable, closed to others": a directory made by `teamwork init --group`.
    static func isSharedDirectory(_ path: String) -> Bool {
        guard let st = status(path) else { return false }
        return st.st_mode & mode_t(S_ISGID) != 0 && st.st_mode & 0o070 == 0o070 && st.st_mode & 0o007 == 0
    }

    static func sudo(_ owner: uid_t) -> String { getuid() == 0 || owner == getuid() ? "" : "sudo " }

    /// A German `.cannotOpen` for EACCES and friends that names the directory or file in the way
    /// and, for a group database, the group and the one command that lets the account in.
    static func denied(_ path: String, errno code: Int32) -> StoreError {
        guard code == EACCES || code == EPERM else { return .cannotOpen(path, StoreError.explain(errno: code)) }
        // The first directory on the way that this account cannot enter, else the file itself.
        var blocker = path
        var current = ""
        for component in Opening.parent(path).split(separator: "/", omittingEmptySubsequences: true) {
            current += "/" + component
            if access(current, X_OK) != 0 { blocker = current; break }
        }
        var reason = "keine Berechtigung"
        let what = blocker == path ? "die Datei" : "das Verzeichnis"
        if let st = status(blocker) {
            let group = groupName(st.st_gid)
            let account = Account.real
            if st.st_mode & 0o070 != 0 && !inGroupNow(st.st_gid) {
                reason += " – \(what) \"\(blocker)\" ist nur für die Gruppe „\(group)“ zugänglich "
                    + "(Modus \(octal(st.st_mode))), und das Konto „\(account)“ "
                if listedInGroup(st.st_gid) {
                    reason += "ist zwar eingetragen, diese Anmeldung aber noch nicht: neu anmelden (oder newgrp \(group))"
                } else {
                    reason += "gehört nicht dazu. Aufnehmen (als root): usermod -aG \(group) \(account), danach neu anmelden"
                }
            } else {
                reason += " (\(what) \"\(blocker)\": Modus \(octal(st.st_mode)), Eigentümer "
                    + "\(Account.name(ofUID: st.st_uid)), Gruppe „\(group)“)"
            }
        }
        return .cannotOpen(path, reason)
    }

    /// Why the existing file `path` cannot be written, in German.
    static func whyNotWritable(_ path: String) -> String {
        guard let st = status(path) else { return "keine Schreibberechtigung" }
        let group = groupName(st.st_gid)
        if st.st_mode & 0o020 != 0 && !inGroupNow(st.st_gid) {
            return "keine Schreibberechtigung – schreiben dürfen nur Mitglieder der Gruppe „\(group)“ "
                + "(aufnehmen als root: usermod -aG \(group) \(Account.real), danach neu anmelden)"
        }
        return "keine Schreibberechtigung (Modus \(octal(st.st_mode)), Eigentümer \(Account.name(ofUID: st.st_uid)), "
            + "Gruppe „\(group)“)"
    }

    /// Refuses a database whose modes let other accounts in: writable by everyone, or writable by
    /// its group while its directory lets anybody else enter.
    static func refuseUnsafe(_ path: String) throws(StoreError) {
        guard let file = status(path) else { return }
        let directory = Opening.parent(path)
        guard let dir = status(directory) else { return }
        func refuse(_ reason: String) -> StoreError {
            StoreError(kind: .cannotOpen,
                       message: "Datenbank \"\(path)\" wird nicht geöffnet: \(reason)")
        }
        if file.st_mode & 0o002 != 0 {
            throw refuse("die Datei ist für alle Konten beschreibbar (Modus \(octal(file.st_mode))); jeder könnte "
                         + "Pläne und Änderungsprotokoll verändern. Beheben mit: \(sudo(file.st_uid))chmod o-rwx \"\(path)\"")
        }
        guard file.st_mode & 0o020 != 0, dir.st_mode & 0o007 != 0 else { return }
        let group = groupName(file.st_gid)
        let fix: String
        if dir.st_mode & 0o002 != 0 || dir.st_mode & 0o1000 != 0 {
            fix = "eine gemeinsame Datenbank gehört in ein eigenes Verzeichnis, z. B.: "
                + "teamwork init --db /srv/teamwork/teamwork.sqlite --group \(group)"
        } else {
            fix = "Beheben mit: \(sudo(dir.st_uid))chmod 2770 \"\(directory)\" (gemeinsam für die Gruppe) oder "
                + "\(sudo(file.st_uid))chmod 0600 \"\(path)\" (nur für \(Account.name(ofUID: file.st_uid)))"
        }
        throw refuse("die Datei ist für die Gruppe „\(group)“ beschreibbar (Modus \(octal(file.st_mode))), aber ihr "
                     + "Verzeichnis \"\(directory)\" lässt alle anderen Konten hinein (Modus \(octal(dir.st_mode))); "
                     + "die -wal- und -shm-Dateien der Gruppe lägen dort offen. \(fix)")
    }

    /// After opening a group database: gives -wal/-shm the database's group and mode and the
    /// directory its setgid bit where this account may; returns a German warning for what it
    /// cannot fix (with the one command that does), nil when all is well.
    static func repairCompanions(_ path: String) -> String? {
        guard let file = status(path), file.st_mode & 0o060 != 0 else { return nil }
        let wanted = file.st_mode & 0o660
        let gid = file.st_gid
        let group = groupName(gid)
        var problems: [String] = []
        for suffix in ["-wal", "-shm"] {
            let companion = path + suffix
            guard var st = status(companion) else { continue }
            if st.st_gid != gid && (st.st_uid == getuid() || getuid() == 0) {
                _ = chown(companion, uid_t.max, gid)
            }
            if st.st_mode & 0o777 != wanted && (st.st_uid == getuid() || getuid() == 0) {
                _ = chmod(companion, wanted)
            }
            st = status(companion) ?? st
            if st.st_gid != gid || st.st_mode & 0o777 != wanted {
                problems.append("\"\(companion)\" hat Gruppe „\(groupName(st.st_gid))“ und Modus \(octal(st.st_mode & 0o777)) "
                                + "statt „\(group)“ und \(octal(wanted))")
            }
        }
        let directory = Opening.parent(path)
        if var dir = status(directory) {
            let setgid = dir.st_mode & mode_t(S_ISGID) != 0
            if (!setgid || dir.st_gid != gid) && (dir.st_uid == getuid() || getuid() == 0) {
                if dir.st_gid != gid { _ = chown(directory, uid_t.max, gid) }
                _ = chmod(directory, (dir.st_mode & 0o777) | mode_t(S_ISGID))
                dir = status(directory) ?? dir
            }
            if dir.st_mode & mode_t(S_ISGID) == 0 || dir.st_gid != gid {
                problems.append("das Verzeichnis \"\(directory)\" (Gruppe „\(groupName(dir.st_gid))“, Modus "
                                + "\(octal(dir.st_mode))) gibt neuen -wal/-shm-Dateien nicht die Gruppe „\(group)“ "
                                + "(setgid fehlt)")
            }
        }
        guard !problems.isEmpty else { return nil }
        return problems.joined(separator: "; ") + " – andere Mitglieder der Gruppe „\(group)“ können die Datenbank "
            + "dann nicht öffnen. Beheben mit: sudo teamwork init --repair --db \(path)"
    }

    /// Gives `file` (a private temporary copy) the group and mode that `database` has, or 0660 and
    /// the directory's group in a shared group directory when `database` does not exist yet.
    static func adoptPermissions(_ file: String, from database: String) throws(StoreError) {
        let directory = Opening.parent(database)
        let gid: gid_t, mode: mode_t
        if let st = status(database) {
            gid = st.st_gid; mode = st.st_mode & 0o660
        } else if isSharedDirectory(directory), let dir = status(directory) {
            gid = dir.st_gid; mode = 0o660
        } else {
            return
        }
        guard mode & 0o060 != 0 else { return }
        guard chown(file, uid_t.max, gid) == 0, chmod(file, mode) == 0 else {
            let code = errno
            throw StoreError(kind: .cannotOpen, message: "Die Datenbank \"\(database)\" gehört der Gruppe "
                             + "„\(groupName(gid))“; die wiederhergestellte Datei bekommt Gruppe und Modus "
                             + "\(octal(mode)) nicht (\(StoreError.explain(errno: code))) – nichts wurde geändert")
        }
    }
}
