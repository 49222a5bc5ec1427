#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Start-up milestones for `make bench`: with `TEAMWORK_STARTUP_TIMES=FILE` the dashboard writes
/// the CLOCK_MONOTONIC time (ns) of each milestone to FILE once the first frame is flushed, one
/// `name ns` per line; the bench subtracts its own spawn time. Without the variable: one getenv.
enum StartupTimings {
    enum Milestone: String, CaseIterable {
        /// `main` entered (after the dynamic loader and the Swift runtime's start-up).
        case main
        /// Arguments parsed.
        case arguments
        /// File checks done and the first snapshot read (`ProjectStore.openForDashboard`); the
        /// store's pool opens only after the first frame.
        case store
        /// Themes loaded, baseline read and the dashboard's state built (models, checks).
        case state
        /// Terminal ready (curses starts on the theme thread while the snapshot is read; this is
        /// what is left to wait for).
        case terminal
        /// First frame rendered into the buffer.
        case render
        /// First frame written to the terminal.
        case flush
        /// On the second thread, in parallel with `store`: colour schemes loaded.
        case themesLoaded
        /// On the second thread: curses started (`terminal` is when the main thread has it).
        case cursesStarted
    }

    nonisolated(unsafe) private static let path: UnsafeMutablePointer<CChar>? = getenv("TEAMWORK_STARTUP_TIMES")
    /// One slot per milestone; the two threads write different slots, and the main thread reads
    /// the second thread's only after it handed over the screen (Handoff.value), so plain memory will do.
    nonisolated(unsafe) private static let times: UnsafeMutablePointer<UInt64> = {
        let slots = UnsafeMutablePointer<UInt64>.allocate(capacity: Milestone.allCases.count)
        slots.initialize(repeating: 0, count: Milestone.allCases.count)
        return slots
    }()

    static func mark(_ milestone: Milestone) {
        guard let path else { return }
        let index = Milestone.allCases.firstIndex(of: milestone)!
        guard times[index] == 0 else { return }
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        times[index] = UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
        guard milestone == .flush, let file = fopen(path, "w") else { return }
        for (offset, m) in Milestone.allCases.enumerated() where times[offset] != 0 {
            fputs("\(m.rawValue) \(times[offset])\n", file)
        }
        fclose(file)
    }
}
