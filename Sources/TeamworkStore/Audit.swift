import Foundation
import GRDB
import TeamworkCore

/// One row of the audit trail: who changed what, when. Plain strings, independent of the Core types.
///
/// - `at`: ISO 8601 UTC with seconds, `2026-05-04T07:30:12Z` (sorts as text).
/// - `entity`: "plan", "measure", "staffing", "stakeholder", "event", "series", "baseline",
///   "expense", "terms", "drawdown" or "proof" (since migration v3-audit-any-entity the table admits
///   any non-empty name).
/// - `entityID`: the record id; for the plan `code/year` ("1.1.1/2021"); for a baseline its name.
/// - `field`: the Swift property that changed ("email", "value", "stakeholderIDs", …); nil for
///   creating or deleting a whole record.
/// - `oldValue` / `newValue`: display text (German number format, `04.05.2026 09:30`); nil when
///   there was none (creation, deletion, empty optional).
/// - `summary`: one German line for the UI: `Akteur "VHS": E-Mail "" → "info@vhs-schwerin.de"`.
/// - `user`: the display name stored with the row (`TEAMWORK_USER`, else the account).
/// - `account`: the Unix account of the writing process's real uid; nil for rows written before
///   teamwork recorded it (migration "v3-audit-account") and for rows of migrations.
/// - `author`: what the change log and the report show: `anna (Anna Schmidt)`, `anna`, or the
///   stored text of an old row.
public struct AuditEntry: Sendable, Hashable, Identifiable {
    public let id: Int64
    public let at: String
    public let user: String
    public let account: String?
    public let entity: String
    public let entityID: String
    public let field: String?
    public let oldValue: String?
    public let newValue: String?
    public let summary: String

    public init(id: Int64, at: String, user: String, account: String? = nil, entity: String, entityID: String,
                field: String?, oldValue: String?, newValue: String?, summary: String) {
        self.id = id; self.at = at; self.user = user; self.account = account; self.entity = entity
        self.entityID = entityID; self.field = field; self.oldValue = oldValue; self.newValue = newValue
        self.summary = summary
    }

    /// `anna (Anna Schmidt)`: the real account, with the display name beside it when it differs.
    public var author: String { Account.author(account: account, user: user) }

    /// Every value `entity` can take.
    public static let entities = ["plan", "measure", "staffing", "stakeholder", "event", "series", "baseline", "expense",
                                  "terms", "drawdown", "proof"]

    init(row: Row) {
        // `account` is missing in a database opened read-only before its migration ran: nil.
        self.init(id: row["id"], at: row["at"], user: row["user"], account: row["account"], entity: row["entity"],
                  entityID: row["entity_id"], field: row["field"], oldValue: row["old_value"],
                  newValue: row["new_value"], summary: row["summary"])
    }
}

/// Writes audit rows inside the caller's write transaction (one timestamp, display name and
/// account per transaction). `account` is always `Account.real`, whatever the caller names as user.
struct AuditLog {
    let db: Database
    let at: String
    let user: String
    var account: String = Account.real

    /// `anna (Anna Schmidt)` for this transaction.
    var author: String { Account.author(account: account, user: user) }

    @discardableResult
    func record(_ entity: String, _ entityID: String, field: String? = nil, old: String? = nil, new: String? = nil,
                summary: String) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO audit (at, "user", account, entity, entity_id, field, old_value, new_value, summary)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [at, user, account, entity, entityID, field, old, new, summary])
        return db.lastInsertedRowID
    }

    /// Stamps the account on audit rows this transaction wrote by other means (plain SQL shared
    /// with migrations, e.g. `Schema.freezeBaseline`): rows after `auditID` without an account.
    func stampAccount(afterAuditID auditID: Int64) throws {
        try db.execute(sql: "UPDATE audit SET account = ? WHERE id > ? AND account IS NULL",
                       arguments: [account, auditID])
    }

    /// Now, as ISO 8601 UTC with seconds: `2026-05-04T07:30:12Z`.
    static func timestamp(_ date: Date = Date()) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ v: Int32, _ n: Int) -> String {
            let s = String(v); return String(repeating: "0", count: max(0, n - s.count)) + s
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))Z"
    }

    /// The display name as stored: trimmed, without control characters, at most 60 characters;
    /// empty becomes the account (the audit needs a name).
    static func normalise(_ user: String) -> String {
        let inert = Account.inert(user)
        return inert.isEmpty ? Account.real : String(inert.prefix(60))
    }

    /// `von anna (04.05.2026 07:30 UTC)` for the latest audit row of a record, else
    /// `von jemand anderem` — for conflict messages.
    static func lastChange(_ db: Database, entity: String, entityID: String) throws -> String {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT at, "user", account FROM audit WHERE entity = ? AND entity_id = ? ORDER BY id DESC LIMIT 1
            """, arguments: [entity, entityID]) else { return "von jemand anderem" }
        let at: String = row["at"], user: String = row["user"], account: String? = row["account"]
        return "von \(Account.author(account: account, user: user)) (\(germanTimestamp(at)))"
    }

    /// `2026-05-04T07:30:12Z` → `04.05.2026 07:30 UTC`.
    static func germanTimestamp(_ iso: String) -> String {
        let chars = Array(iso)
        guard chars.count >= 16 else { return iso }
        let s = { (a: Int, b: Int) in String(chars[a..<b]) }
        return "\(s(8, 10)).\(s(5, 7)).\(s(0, 4)) \(s(11, 16)) UTC"
    }
}

extension ProjectStore {
    // MARK: Audit trail

    /// Audit rows, newest first. `entity` filters by kind ("plan", "measure", …); `since` keeps rows
    /// with `at >= since` (ISO 8601 UTC, e.g. the value of `lastReview()`); all of them unless a
    /// `limit` is given (no silent cap: the weekly report must see every change of a big import).
    public func auditTrail(entity: String? = nil, since: String? = nil, limit: Int? = nil) throws(StoreError)
        -> [AuditEntry] {
        try read("Lesen des Änderungsprotokolls") { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let entity { conditions.append("entity = ?"); arguments += [entity] }
            if let since { conditions.append("at >= ?"); arguments += [since] }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            var sql = "SELECT * FROM audit \(filter) ORDER BY id DESC"
            if let limit { sql += " LIMIT ?"; arguments += [max(0, limit)] }
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(AuditEntry.init(row:))
        }
    }

    /// Audit rows with an id greater than `id`, OLDEST first (in commit order): what changed, and
    /// by whom, since the UI last looked. Start with `latestAuditID()`.
    public func lastAudit(after id: Int64) throws(StoreError) -> [AuditEntry] {
        try read("Lesen des Änderungsprotokolls") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit WHERE id > ? ORDER BY id", arguments: [id])
                .map(AuditEntry.init(row:))
        }
    }

    /// Id of the newest audit row, 0 when the trail is empty.
    public func latestAuditID() throws(StoreError) -> Int64 {
        try read("Lesen des Änderungsprotokolls") { db in try Self.readLatestAuditID(db.handle) }
    }

    // MARK: Reviews

    /// Records that `user` has looked at the changes now. Returns the timestamp written
    /// (ISO 8601 UTC). Not itself audited: the review table is its own log.
    @discardableResult
    public func markReview(user: String) throws(StoreError) -> String {
        try write("Vermerken der Durchsicht", user: user) { db, audit in
            try db.execute(sql: "INSERT INTO review (at, \"user\", account) VALUES (?, ?, ?)",
                           arguments: [audit.at, audit.user, audit.account])
            return audit.at
        }
    }

    /// Timestamp (ISO 8601 UTC) of the latest review — by `user` when given, else by anyone;
    /// nil when there is none. Pass it as `since:` to `auditTrail` for "changed since last review".
    public func lastReview(user: String? = nil) throws(StoreError) -> String? {
        try read("Lesen der Durchsichten") { db in
            if let user {
                return try String.fetchOne(db, sql: "SELECT at FROM review WHERE \"user\" = ? ORDER BY id DESC LIMIT 1",
                                           arguments: [AuditLog.normalise(user)])
            }
            return try Self.readLastReview(db.handle)
        }
    }
}
