import GRDB
import GRDBSQLite

/// A prepared INSERT run many times with values bound straight through SQLite's C API: no
/// `StatementArguments` (an array of existentials) per row. For the bulk imports (100.000 rows
/// and their audit rows in one transaction); errors are GRDB's `DatabaseError`, as for every
/// other statement.
struct BulkStatement {
    let statement: Statement
    private let handle: OpaquePointer
    private let connection: OpaquePointer?

    init(_ db: Database, sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
        handle = statement.sqliteStatement
        connection = db.sqliteConnection
    }

    /// SQLite copies the bytes before `bind` returns (SQLITE_TRANSIENT).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func bind(_ index: Int32, _ text: String) {
        var text = text
        text.withUTF8 { bytes in
            if let base = bytes.baseAddress {
                base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    _ = sqlite3_bind_text(handle, index, $0, Int32(bytes.count), BulkStatement.transient)
                }
            } else {
                _ = sqlite3_bind_text(handle, index, "", 0, BulkStatement.transient)   // "" is not NULL
            }
        }
    }

    func bind(_ index: Int32, _ value: Int64) {
        _ = sqlite3_bind_int64(handle, index, value)
    }

    /// Runs the statement with the values bound; throws SQLite's error (constraint, I/O …).
    func step() throws {
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) }
            let extended = connection.map { sqlite3_extended_errcode($0) } ?? code
            sqlite3_reset(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: extended), message: message, sql: statement.sql)
        }
        sqlite3_reset(handle)
    }
}
