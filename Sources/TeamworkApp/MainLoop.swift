import Foundation
import TeamworkCore
import TeamworkStore
import TeamworkUI

/// The dashboard's loop, without a terminal of its own: messages in (keys, resize, ticks,
/// results, changes by others), `AppState.update`, requests out to the `EffectRunner`, frames
/// out to the `Screen`. The real terminal and a test screen run the same code.
public struct MainLoop {
    public var state: AppState
    public let screen: any Screen
    public let runner: EffectRunner
    public var refresh: LiveRefresh
    /// The wall clock (UTC), for ticks; tests pass a fixed one.
    public var clock: @Sendable () -> UTCDateTime
    /// How long to wait for a key before looking for changes by others.
    public var pollMilliseconds = 500

    /// `refresh`: where live refresh starts (default: the store as it is now).
    public init(state: AppState, screen: any Screen, runner: EffectRunner, refresh: LiveRefresh? = nil,
                clock: @escaping @Sendable () -> UTCDateTime = MainLoop.systemClock) {
        self.state = state
        self.screen = screen
        self.runner = runner
        self.refresh = refresh ?? LiveRefresh(store: runner.store)
        self.clock = clock
    }

    /// Renders the state for the screen's size and shows it; `rendered` runs between the two
    /// (start-up milestones). Also the dashboard's first frame, before the store is open.
    public static func draw(_ state: inout AppState, on screen: any Screen, rendered: () -> Void = {}) {
        let size = screen.size
        if size.width != state.width || size.height != state.height {
            state.update(.resize(width: size.width, height: size.height))
        }
        let frame = Renderer.render(state)
        rendered()
        screen.present(screen.unicode ? frame : ASCIIFallback.fold(frame))
    }

    public static let systemClock: @Sendable () -> UTCDateTime = {
        UTCDateTime(unixTime: Int64(Date().timeIntervalSince1970))
    }

    /// Until the state quits, a signal asks to end, or the screen has no more keys.
    public mutating func run() {
        state.update(.tick(clock()))
        var needsDraw = true
        while !state.shouldQuit {
            // A result may ask for more (a save on Änderungen reloads the trail): run until none.
            if settle() { needsDraw = true }
            if needsDraw {
                Self.draw(&state, on: screen)
                needsDraw = false
            }
            if screen.terminationRequested != nil { return }
            // Blocks until a key arrives (no busy loop); the timeout paces the cheap check for
            // other sessions' commits (PRAGMA data_version), so they show within a second.
            guard let redraw = step() else { return }
            needsDraw = needsDraw || redraw
        }
    }

    /// One wait for a key or a tick: nil when the loop should end, else whether to redraw.
    mutating func step() -> Bool? {
        guard let key = screen.nextKey(timeoutMilliseconds: pollMilliseconds) else {
            if screen.terminationRequested != nil { return nil }
            state.update(.tick(clock()))
            if let changed = refresh.poll() {
                state.update(changed)
                return true
            }
            return false
        }
        state.update(.tick(clock()))
        // A resize key carries no size: the redraw below asks the screen (the one place that
        // turns a new size into `.resize`).
        if key != .resize { state.update(.key(key)) }
        return true
    }

    /// Runs every pending request (and those their results ask for); true when any ran.
    @discardableResult
    public mutating func settle() -> Bool {
        var ran = false
        while !state.pendingRequests.isEmpty {
            for request in state.takeRequests() {
                state.update(runner.run(request))
                if request.effect.writes { refresh.acknowledge() }
                ran = true
            }
        }
        return ran
    }
}
