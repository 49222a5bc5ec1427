import Foundation
import Testing
import TeamworkCore
@testable import TeamworkStore

/// A fresh directory under the system temp dir, removed afterwards; `body` gets the database path.
func withStorePath<T>(_ body: (String) throws -> T) throws -> T {
    let dir = FileManager.default.temporaryDirectory
        .appendingPathComponent("teamwork-store-edit-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    return try body(dir + "/db.sqlite")
}

/// A seeded store in a fresh temp directory.
func withSeededStore<T>(_ body: (ProjectStore) throws -> T) throws -> T {
    try withStorePath { path in try body(try ProjectStore(path: path)) }
}

/// The error a throwing call raised, or nil (with an issue recorded) when it did not throw.
func storeError(_ sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws(StoreError) -> Void) -> StoreError? {
    do {
        try body()
        Issue.record("kein Fehler geworfen", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// A small thread-safe counter for the concurrency tests.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Int] = [:]
    func add(_ key: String, _ n: Int = 1) { lock.lock(); values[key, default: 0] += n; lock.unlock() }
    subscript(_ key: String) -> Int { lock.lock(); defer { lock.unlock() }; return values[key] ?? 0 }
}
