/// A terminal as the main loop sees it: draw a buffer, wait for a key, know its size and
/// whether a signal asked to end. `NcursesScreen` is the real one; tests use a scripted one.
public protocol Screen: AnyObject {
    /// Columns and rows now.
    var size: (width: Int, height: Int) { get }
    /// Whether the terminal shows Unicode (else frames fold to ASCII).
    var unicode: Bool { get }
    /// The signal (SIGTERM, SIGHUP, SIGINT) that asked the program to end, if any.
    var terminationRequested: Int32? { get }
    /// Shows the buffer (drawing only what changed).
    func present(_ buffer: Buffer)
    /// Waits up to `timeoutMilliseconds` for a key; nil on timeout or termination.
    func nextKey(timeoutMilliseconds: Int) -> Key?
}

/// The environment as the dashboard reads it, once.
public struct TerminalEnvironment: Sendable {
    /// `NO_COLOR` set to a non-empty value (https://no-color.org): no colour anywhere.
    public let noColor: Bool

    public init(_ environment: [String: String]) {
        noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
    }
}
