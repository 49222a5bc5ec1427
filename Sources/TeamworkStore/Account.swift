import Foundation

/// Who is writing: the Unix account of the process's REAL uid (getuid + getpwuid), never a value
/// from the environment. `TEAMWORK_USER` only adds a display name shown beside the account:
/// `anna (Anna Schmidt)`. The audit trail stores both (column `account` and column `user`).
public enum Account {
    /// Login name of the real uid; `uid 1234` when the passwd database has no entry.
    public static let real: String = name(ofUID: getuid())

    /// Login name of `uid`, or `uid N` when there is no passwd entry.
    public static func name(ofUID uid: uid_t) -> String {
        if let entry = getpwuid(uid), let raw = entry.pointee.pw_name {
            let value = inert(String(cString: raw))
            if !value.isEmpty { return value }
        }
        return "uid \(uid)"
    }

    /// Display name from `TEAMWORK_USER` (trimmed, control characters removed, at most 60
    /// characters); nil when unset or empty.
    public static func displayName(environment: [String: String]) -> String? {
        guard let raw = environment["TEAMWORK_USER"] else { return nil }
        let value = inert(raw)
        return value.isEmpty ? nil : String(value.prefix(60))
    }

    /// How a writer is shown: `anna` when the display name is missing or the same as the account,
    /// else `anna (Anna Schmidt)`. Rows written before the account was recorded (`account` nil)
    /// show their stored text as it is.
    public static func author(account: String?, user: String) -> String {
        guard let account, !account.isEmpty else { return user }
        let user = user.trimmingCharacters(in: .whitespacesAndNewlines)
        return user.isEmpty || user == account ? account : "\(account) (\(user))"
    }

    /// Trimmed, with control characters (C0, C1, DEL) and bidi controls dropped, so a name cannot
    /// steer a terminal.
    static func inert(_ text: String) -> String {
        let scalars = text.unicodeScalars.filter { scalar in
            let v = scalar.value
            if v < 0x20 || (0x7F...0x9F).contains(v) { return false }
            if (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F {
                return false
            }
            return true
        }
        return String(String.UnicodeScalarView(scalars)).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
