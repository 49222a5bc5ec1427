import TeamworkCore
import TeamworkStore
import TeamworkUI

/// Notices commits of other processes (PRAGMA data_version) and says what changed and by whom.
public struct LiveRefresh: Sendable {
    let store: ProjectStore
    var dataVersion: Int64
    var lastAuditID: Int64

    public init(store: ProjectStore) {
        self.init(store: store, dataVersion: (try? store.dataVersion()) ?? 0, lastAuditID: (try? store.latestAuditID()) ?? 0)
    }

    /// Starting from what the project was read at (the dashboard's `StartupSnapshot`).
    public init(store: ProjectStore, dataVersion: Int64, lastAuditID: Int64) {
        self.store = store
        self.dataVersion = dataVersion
        self.lastAuditID = lastAuditID
    }

    /// Call after our own writes so they are not reported as someone else's.
    public mutating func acknowledge() {
        dataVersion = (try? store.dataVersion()) ?? dataVersion
        lastAuditID = (try? store.latestAuditID()) ?? lastAuditID
    }

    /// A message when the database changed since the last look, else nil.
    public mutating func poll() -> Msg? {
        guard let version = try? store.dataVersion(), version != dataVersion else { return nil }
        dataVersion = version
        guard let project = try? store.loadProject() else { return nil }
        let entries = (try? store.lastAudit(after: lastAuditID)) ?? []
        if let last = entries.last { lastAuditID = last.id }
        let summary: String
        if let last = entries.last {
            let more = entries.count > 1 ? " (und \(entries.count - 1) weitere)" : ""
            summary = "Aktualisiert: \(last.summary) – von \(last.author)\(more)"
        } else {
            summary = "Aktualisiert: die Datenbank wurde von einem anderen Programm geändert"
        }
        return .storeChanged(project: project, summary: summary)
    }
}
