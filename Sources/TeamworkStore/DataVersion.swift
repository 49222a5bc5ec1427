import Foundation
import GRDB
import GRDBSQLite

/// The dedicated connection behind `ProjectStore.dataVersion()`: read-only, never writing, its
/// one statement `PRAGMA data_version` prepared once. Opened through SQLite's C API: a GRDB
/// connection reads and parses the whole schema when it opens (its file-format check), which
/// this connection never needs – a third of what opening the store cost at every start.
final class DataVersionConnection: @unchecked Sendable {
    /// Also reads the dashboard's first snapshot (`StartupRead.swift`) before the store exists.
    let handle: OpaquePointer
    private let statement: OpaquePointer
    private let lock = NSLock()
    /// The store's pool, released in `deinit` before this connection closes: this read-only
    /// connection is then the file's last one, and SQLite leaves the WAL (at least one frame,
    /// `ProjectStore.truncateWAL`) in place instead of removing it – an opening that finds no WAL
    /// makes GRDB write to the database (GRDB issue 102), changing a file a command only read.
    var closesAfter: AnyObject?

    /// `path` may be a `file:` URI (the immutable opening).
    init(path: String, busyTimeout: TimeInterval) throws {
        var connection: OpaquePointer?
        var code = sqlite3_open_v2(path, &connection, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let connection else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) }
            sqlite3_close_v2(connection)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
        }
        sqlite3_extended_result_codes(connection, 1)
        sqlite3_busy_timeout(connection, Int32(busyTimeout * 1000))
        var prepared: OpaquePointer?
        code = sqlite3_prepare_v2(connection, "PRAGMA data_version", -1, &prepared, nil)
        guard code == SQLITE_OK, let prepared else {
            let message = String(cString: sqlite3_errmsg(connection))
            sqlite3_close_v2(connection)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: "PRAGMA data_version")
        }
        handle = connection
        statement = prepared
        // Read once now: the connection then holds its share of the WAL, as every reader does,
        // so that the writer is never taken for the file's last connection (see `closesAfter`).
        _ = try value()
    }

    deinit {
        closesAfter = nil
        sqlite3_finalize(statement)
        sqlite3_close_v2(handle)
    }

    /// `PRAGMA data_version`; throws SQLite's error (e.g. SQLITE_BUSY) as a GRDB `DatabaseError`.
    func value() throws -> Int64 {
        lock.lock()
        defer { lock.unlock() }
        defer { sqlite3_reset(statement) }
        let code = sqlite3_step(statement)
        guard code == SQLITE_ROW else {
            throw DatabaseError(resultCode: ResultCode(rawValue: sqlite3_extended_errcode(handle)),
                                message: String(cString: sqlite3_errmsg(handle)), sql: "PRAGMA data_version")
        }
        return sqlite3_column_int64(statement, 0)
    }
}
