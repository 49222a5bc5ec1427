import Foundation
import GRDB
import GRDBSQLite
import TeamworkCore

// The dashboard's start. Opening the store costs more than everything else before the first
// frame – GRDB's pool opens a writer and a reader connection, sets each up and looks at the
// schema, and in a fresh process the Swift runtime instantiates GRDB's generic metadata on the
// way. None of that is needed to draw: so the pool opens on a second thread while this thread
// reads the project over the store's data-version connection (SQLite's C API, `RawQuery`), and
// the dashboard waits for the store only after its first frame is on the screen.

/// What the dashboard shows first, read in one transaction.
public struct StartupSnapshot: Sendable {
    public var project: Project
    /// Why the baseline `b` compares with cannot be used (`.notFound`), nil when it exists. Its
    /// values are read through the store after the first frame (the overview does not show them).
    public var baselineError: StoreError?
    /// Latest review by anyone (ISO 8601 UTC), nil when there is none.
    public var lastReview: String?
    /// `PRAGMA data_version` and the newest audit id at the time of the read: where live refresh
    /// starts, so that a commit between this read and the store's arrival is not missed.
    public var dataVersion: Int64
    public var lastAuditID: Int64
}

/// The store, opened on its own thread once `start()` is called (the dashboard calls it after its
/// first frame, so that the opening does not take a core from drawing it); `wait()` returns the
/// store or the error of its opening.
public final class PendingStore: @unchecked Sendable {
    private var result: Result<ProjectStore, StoreError>?
    private let opening: (@Sendable () throws(StoreError) -> ProjectStore)?
    private let done = DispatchSemaphore(value: 0)
    private var started = false

    init(opening: @escaping @Sendable () throws(StoreError) -> ProjectStore) { self.opening = opening }

    init(_ store: ProjectStore) {
        result = .success(store)
        opening = nil
        started = true
        done.signal()
    }

    /// Begins the opening on a second thread (once; only from the thread that owns this value).
    public func start() {
        guard !started, let opening else { return }
        started = true
        let thread = Thread { [self] in
            do throws(StoreError) { result = .success(try opening()) } catch { result = .failure(error) }
            done.signal()
        }
        thread.start()
    }

    /// Whether the store opens only on `start()` (the snapshot was read before it), or was open
    /// before the snapshot (a new file, a migration, an immutable reader).
    public var opensLater: Bool { opening != nil }

    public func wait() throws(StoreError) -> ProjectStore {
        start()
        done.wait()
        done.signal()  // later calls do not block
        return try result!.get()
    }
}

extension ProjectStore {
    /// Opens the store for the dashboard and reads what its first frame needs. For an existing
    /// database whose schema is current, the store opens on a second thread (`PendingStore`)
    /// while the project is read here; otherwise (a new file, a migration to run, a reader that
    /// must open the file immutable) the store opens first and the snapshot is read through it.
    /// Errors are those of `init(path:…)`: the file checks run here before anything is read.
    public static func openForDashboard(path: String, readOnly: Bool, create: Creation, writeTimeout: TimeInterval,
                                        baseline: String) throws(StoreError) -> (StartupSnapshot, PendingStore) {
        let path = absolute(path)
        if case .file = Opening.probe(path) {
            _ = try Opening.prepare(path, readOnly: readOnly, create: .never)
            try SharedAccess.refuseUnsafe(path)
            if let reader = try? DataVersionConnection(path: path, busyTimeout: busyTimeout),
               let snapshot = try? quickSnapshot(reader, path: path, baseline: baseline) {
                let pending = PendingStore { () throws(StoreError) in
                    try ProjectStore(path: path, readOnly: readOnly, create: .never, writeTimeout: writeTimeout,
                                     adopting: reader)
                }
                return (snapshot, pending)
            }
        }
        let store = try ProjectStore(path: path, readOnly: readOnly, create: create, writeTimeout: writeTimeout)
        var read = try store.read("Laden des Projekts") { db throws -> StartupSnapshot in
            try Self.snapshot(db.handle, path: path, baseline: baseline, dataVersion: 0)
        }
        read.dataVersion = try store.dataVersion()
        return (read, PendingStore(store))
    }

    /// The snapshot over the data-version connection, or nil when the schema is not exactly the
    /// current one (then the store must migrate or refuse, and says why).
    private static func quickSnapshot(_ reader: DataVersionConnection, path: String,
                                      baseline: String) throws -> StartupSnapshot? {
        let db = reader.handle
        try RawQuery.execute(db, "BEGIN")
        defer { try? RawQuery.execute(db, "COMMIT") }
        guard try RawQuery.tableExists(db, "grdb_migrations") else { return nil }
        let applied = Set(try RawQuery.all(db, table: "grdb_migrations", "SELECT identifier FROM grdb_migrations") {
            try $0.string(at: 0)
        })
        guard applied == Schema.allMigrations else { return nil }
        return try snapshot(db, path: path, baseline: baseline, dataVersion: try reader.value())
    }

    private static func snapshot(_ db: OpaquePointer, path: String, baseline: String,
                                 dataVersion: Int64) throws -> StartupSnapshot {
        let project: Project
        do { project = try readProject(db, path: path) } catch let error as StoreError where error.kind == .invalidData
                                                                                         && !error.message.hasPrefix("Datenbank") {
            throw StoreError.invalidData(path, error.message)
        }
        let missing = try baselineExists(db, name: baseline) ? nil : missingBaseline(baseline)
        return StartupSnapshot(project: project, baselineError: missing, lastReview: try readLastReview(db),
                               dataVersion: dataVersion, lastAuditID: try readLatestAuditID(db))
    }

    /// Latest review by anyone (ISO 8601 UTC), nil when there is none.
    static func readLastReview(_ db: OpaquePointer) throws -> String? {
        try RawQuery.all(db, table: "review", "SELECT at FROM review ORDER BY id DESC LIMIT 1") { try $0.string(at: 0) }.first
    }

    /// Id of the newest audit row, 0 when the trail is empty.
    static func readLatestAuditID(_ db: OpaquePointer) throws -> Int64 {
        try RawQuery.all(db, table: "audit", "SELECT COALESCE(MAX(id), 0) FROM audit") { try $0.int64(at: 0) }.first ?? 0
    }
}
