import GRDB
import GRDBSQLite
import TeamworkCore

// Reading the project's tables at start-up without GRDB's generic record machinery.
//
// `Record.order(…).fetchAll(db)` builds its SQL through the query interface and decodes each row
// through Codable's keyed containers; in a fresh process the Swift runtime then instantiates
// generic metadata and scans the conformance tables for every record type – most of the time
// `loadProject` took at start. Here a statement is stepped through SQLite's C API and each column
// is read by the index its name has in the result (looked up once per query). Columns are found
// by name, as with Codable: a missing optional column reads as nil (a database opened read-only
// before a migration added it), a missing or NULL required one is an error.

/// One result row of a `RawQuery`, valid only inside the closure that receives it (the same
/// object moves on to the next row).
final class RawRow {
    fileprivate let handle: OpaquePointer
    /// The result's column names, by index.
    private let names: [String]
    fileprivate let table: String
    /// Where the search for the next name starts. A `make` closure reads the same columns in the
    /// same order on every row, mostly the order of the table, so the search mostly hits at once
    /// – hashing each name cost the start a tenth of its time reading the project.
    private var next = 0

    fileprivate init(handle: OpaquePointer, names: [String], table: String) {
        self.handle = handle
        self.names = names
        self.table = table
    }

    private func index(_ name: String) -> Int32? {
        var i = next
        for _ in 0..<names.count {
            if i == names.count { i = 0 }
            if names[i] == name {
                next = i + 1
                return Int32(i)
            }
            i += 1
        }
        return nil
    }

    private func column(_ name: String) throws -> Int32 {
        guard let index = index(name) else {
            throw StoreError(kind: .invalidData, message: "Tabelle \(table): Spalte \"\(name)\" fehlt")
        }
        return index
    }

    private func missing(_ name: String) -> StoreError {
        StoreError(kind: .invalidData, message: "Tabelle \(table): Spalte \"\(name)\" ist leer (NULL)")
    }

    func string(_ name: String) throws -> String {
        guard let value = optionalString(name) else {
            _ = try column(name)
            throw missing(name)
        }
        return value
    }

    func optionalString(_ name: String) -> String? {
        guard let index = index(name) else { return nil }
        switch sqlite3_column_type(handle, index) {
        case SQLITE_NULL:
            return nil
        default:
            // Text as stored (SQLite converts numbers to their text, as GRDB's String does not –
            // but no column read here holds numbers where text is expected).
            guard let bytes = sqlite3_column_text(handle, index) else { return "" }
            let count = Int(sqlite3_column_bytes(handle, index))
            return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
        }
    }

    func int64(_ name: String) throws -> Int64 {
        guard let value = optionalInt64(name) else {
            _ = try column(name)
            throw missing(name)
        }
        return value
    }

    func int(_ name: String) throws -> Int { Int(try int64(name)) }

    func optionalInt64(_ name: String) -> Int64? {
        guard let index = index(name), sqlite3_column_type(handle, index) != SQLITE_NULL else { return nil }
        return sqlite3_column_int64(handle, index)
    }

    func optionalBool(_ name: String) -> Bool? { optionalInt64(name).map { $0 != 0 } }

    /// Column `index` of the SELECT list (for large tables read with an explicit column list).
    func string(at index: Int32) throws -> String {
        guard sqlite3_column_type(handle, index) != SQLITE_NULL else {
            throw StoreError(kind: .invalidData, message: "Tabelle \(table): Spalte Nr. \(index + 1) ist leer (NULL)")
        }
        guard let bytes = sqlite3_column_text(handle, index) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, index))),
                      as: UTF8.self)
    }

    func int64(at index: Int32) throws -> Int64 {
        guard sqlite3_column_type(handle, index) != SQLITE_NULL else {
            throw StoreError(kind: .invalidData, message: "Tabelle \(table): Spalte Nr. \(index + 1) ist leer (NULL)")
        }
        return sqlite3_column_int64(handle, index)
    }
}

enum RawQuery {
    /// Every row of `sql` (a SELECT on `table`), each made by `make`.
    /// `texts` are bound to the `?` of `sql` in order.
    static func all<T>(_ db: Database, table: String, _ sql: String, texts: [String] = [],
                       _ make: (RawRow) throws -> T) throws -> [T] {
        try all(db.handle, table: table, sql, texts: texts, make)
    }

    /// The same on a connection of SQLite's C API (the dashboard's start, `StartupRead`).
    static func all<T>(_ connection: OpaquePointer, table: String, _ sql: String, texts: [String] = [],
                       _ make: (RawRow) throws -> T) throws -> [T] {
        var prepared: OpaquePointer?
        let code = sqlite3_prepare_v2(connection, sql, -1, &prepared, nil)
        guard code == SQLITE_OK, let handle = prepared else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
        defer { sqlite3_finalize(handle) }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (offset, text) in texts.enumerated() {
            _ = sqlite3_bind_text(handle, Int32(offset + 1), text, -1, transient)
        }
        let names = (0..<sqlite3_column_count(handle)).map { index in
            sqlite3_column_name(handle, index).map { String(cString: $0) } ?? ""
        }
        let row = RawRow(handle: handle, names: names, table: table)
        var out: [T] = []
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                    message: String(cString: sqlite3_errmsg(connection)), sql: sql)
            }
            out.append(try make(row))
        }
        return out
    }

    /// Whether a table of that name exists (cheaper than GRDB's `tableExists`, which loads the
    /// whole schema first).
    static func tableExists(_ connection: OpaquePointer, _ name: String) throws -> Bool {
        try !all(connection, table: "sqlite_master",
                 "SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = ?", texts: [name]) { _ in true }.isEmpty
    }

    /// Runs a statement without result rows (BEGIN, COMMIT).
    static func execute(_ connection: OpaquePointer, _ sql: String) throws {
        let code = sqlite3_exec(connection, sql, nil, nil, nil)
        guard code == SQLITE_OK else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
    }
}

extension Database {
    /// The connection's SQLite handle, for `RawQuery` inside a GRDB read or write.
    var handle: OpaquePointer { sqliteConnection! }
}

// MARK: - The records read by `loadProject` (columns as their CodingKeys name them)

extension ProjectRecord {
    init(raw row: RawRow) throws {
        id = try row.int64("id")
        name = try row.string("name")
        version = try row.int64("version")
    }
}

extension FundingTermsRecord {
    init(raw row: RawRow) throws {
        id = try row.int64("id")
        name = try row.string("name")
        federalQuotaBP = try row.int64("federal_quota_bp")
        minMunicipalShareBP = try row.int64("min_municipal_share_bp")
        consultantNumerator = try row.int64("consultant_numerator")
        consultantDenominator = try row.int64("consultant_denominator")
        strategyMaxCents = try row.int64("strategy_max_cents")
        firstInvestmentsMaxCents = try row.int64("first_investments_max_cents")
        implementationMaxCents = try row.int64("implementation_max_cents")
        overrunToleranceBP = row.optionalInt64("overrun_tolerance_bp")
        zusage1 = row.optionalString("zusage_1")
        zusage2 = row.optionalString("zusage_2")
        proofMonths1 = try row.int("proof_months_1")
        proofMonths2 = try row.int("proof_months_2")
        drawdownIntervalMonths = try row.int("drawdown_interval_months")
        overdrawInterestBP = try row.int64("overdraw_interest_bp")
        proofWarningDays = try row.int("proof_warning_days")
        version = try row.int64("version")
    }
}

extension PlanLineRecord {
    init(raw row: RawRow) throws {
        code = try row.string("code")
        position = try row.int("position")
        label = try row.string("label")
        section = try row.string("section")
        kind = try row.string("kind")
        parts = try row.string("parts")
        statedTotal = try row.int64("stated_total")
        version = try row.int64("version")
    }
}

extension PlanValueRecord {
    init(raw row: RawRow) throws {
        lineCode = try row.string("line_code")
        year = try row.int("year")
        value = try row.int64("value")
        version = try row.int64("version")
    }
}

extension MeasureRecord {
    init(raw row: RawRow) throws {
        id = row.optionalInt64("id")
        stage = try row.string("stage")
        number = try row.int("number")
        title = try row.string("title")
        link = try row.string("link")
        costCents = row.optionalInt64("cost_cents")
        planLine = row.optionalString("plan_line")
        summary = try row.string("summary")
        scope = try row.string("scope")
        rolemodel = try row.string("rolemodel")
        rolemodelLink = try row.string("rolemodel_link")
        goal = try row.string("goal")
        goalReached = row.optionalBool("goal_reached")
        contribution = try row.string("contribution")
        costTypes = try row.string("cost_types")
        operation = try row.string("operation")
        rollout = try row.string("rollout")
        transfer = try row.string("transfer")
        version = try row.int64("version")
    }
}

extension StaffingUnitRecord {
    init(raw row: RawRow) throws {
        id = row.optionalInt64("id")
        unit = try row.string("unit")
        involved = try row.int64("involved_hundredths")
        funded = try row.int64("funded_hundredths")
        position = try row.int("position")
        version = try row.int64("version")
    }
}

extension StakeholderRecord {
    init(raw row: RawRow) throws {
        id = row.optionalInt64("id")
        name = try row.string("name")
        kind = try row.string("kind")
        role = try row.string("role")
        contactPerson = try row.string("contact_person")
        email = try row.string("email")
        phone = try row.string("phone")
        address = try row.string("address")
        link = try row.string("link")
        notes = try row.string("notes")
        uid = try row.string("uid")
        organisation = try row.string("organisation")
        moreEmails = try row.string("more_emails")
        morePhones = try row.string("more_phones")
        version = try row.int64("version")
    }
}

extension EventSeriesRecord {
    init(raw row: RawRow) throws {
        id = row.optionalInt64("id")
        title = try row.string("title")
        format = try row.string("format")
        cadence = try row.string("cadence")
        description = try row.string("description")
        organiser = try row.string("organiser")
        measureID = row.optionalInt64("measure_id")
        source = try row.string("source")
        uid = try row.string("uid")
        version = try row.int64("version")
    }
}

extension EventRecord {
    init(raw row: RawRow) throws {
        id = row.optionalInt64("id")
        seriesID = row.optionalInt64("series_id")
        title = try row.string("title")
        format = try row.string("format")
        start = try row.string("start")
        end = try row.string("end")
        place = try row.string("place")
        organiser = try row.string("organiser")
        measureID = row.optionalInt64("measure_id")
        notes = try row.string("notes")
        uid = try row.string("uid")
        recurrenceID = try row.string("recurrence_id")
        version = try row.int64("version")
    }
}

extension EventStakeholderRecord {
    init(raw row: RawRow) throws {
        eventID = try row.int64("event_id")
        stakeholderID = try row.int64("stakeholder_id")
    }
}

extension MeasureStateRecord {
    init(raw row: RawRow) throws {
        measureID = try row.int64("measure_id")
        status = try row.string("status")
        statusDate = row.optionalString("status_date")
        unitID = row.optionalInt64("unit_id")
        stakeholderID = row.optionalInt64("stakeholder_id")
        version = try row.int64("version")
    }
}

extension MilestoneRecord {
    init(raw row: RawRow) throws {
        id = row.optionalInt64("id")
        measureID = try row.int64("measure_id")
        title = try row.string("title")
        due = try row.string("due")
        done = row.optionalString("done")
        note = try row.string("note")
        version = try row.int64("version")
    }
}

extension ProgressNoteRecord {
    init(raw row: RawRow) throws {
        id = row.optionalInt64("id")
        measureID = try row.int64("measure_id")
        date = try row.string("date")
        text = try row.string("text")
        author = try row.string("author")
        version = try row.int64("version")
    }
}

extension DrawdownRecord {
    init(raw row: RawRow) throws {
        id = row.optionalInt64("id")
        phase = try row.int("phase")
        requestedOn = try row.string("requested_on")
        amountCents = try row.int64("amount_cents")
        receivedOn = row.optionalString("received_on")
        receivedCents = row.optionalInt64("received_cents")
        note = try row.string("note")
        version = try row.int64("version")
    }
}
