import CNcurses
import TeamworkUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum NcursesScreenError: Error, Equatable, CustomStringConvertible {
    /// Standard input or output is not a terminal.
    case notATerminal
    /// ncurses could not set up the terminal (unknown TERM, missing terminfo).
    case cannotInitialize(term: String)

    public var description: String {
        switch self {
        case .notATerminal: "standard input/output is not a terminal"
        case .cannotInitialize(let term): "cannot initialise terminal type '\(term)'"
        }
    }
}

/// The ncurses backend: draws `Buffer`s (only what changed) and reads keys.
///
/// All ncurses and signal-state calls stay in this file (see the note in CNcurses/shim.h).
/// Not thread-safe: use it from one thread (the app loop).
public final class NcursesScreen: Screen {
    /// The locale's character set is UTF-8 (false e.g. for LANG=C: draw ASCII only).
    public let unicode: Bool
    /// 0 (no colour: `NO_COLOR` set or a monochrome terminal), 8, or 256.
    public let colorCount: Int

    private let screen: OpaquePointer
    private var previous: Buffer?
    /// The `PairKey.packed` of each allocated pair; pair n is at index n - 1. A screen uses a few
    /// dozen pairs, and a dictionary would cost the first frame a scan of the runtime's
    /// conformance records for its key type (see TeamworkUI's PaneMap).
    private var pairKeys: [Int] = []
    private var nextPair: Int32 = 1
    private let maxPairs: Int32
    private let defaultColors: Bool
    private var stopped = false
    private var hungUp = false

    private struct PairKey {
        var fg: Int16
        var bg: Int16
        var packed: Int { Int(fg) << 16 | Int(UInt16(bitPattern: bg)) }
    }

    private init(screen: OpaquePointer, unicode: Bool, colorCount: Int, maxPairs: Int32, defaultColors: Bool) {
        self.screen = screen
        self.unicode = unicode
        self.colorCount = colorCount
        self.maxPairs = maxPairs
        self.defaultColors = defaultColors
    }

    deinit { stop() }

    /// Takes over the terminal: raw mode (Ctrl-C arrives as `.ctrl("c")`), no echo, keypad keys,
    /// hidden cursor, fast Esc, signal handlers that restore the terminal.
    public static func start(environment: [String: String]) throws -> NcursesScreen {
        guard isTTY(STDIN_FILENO), isTTY(STDOUT_FILENO) else { throw NcursesScreenError.notATerminal }
        _ = tw_set_locale_from_environment()
        let codeset = tw_codeset().map { String(cString: $0) } ?? ""
        let unicode = String(codeset.uppercased().filter { $0 != "-" }) == "UTF8"

        // Our handlers first: ncurses then leaves SIGINT/SIGTERM alone (it only catches defaults).
        _ = tw_install_signal_handlers()
        let term = environment["TERM"].flatMap { $0.isEmpty ? nil : $0 }
        guard let screen = newterm(term, tw_stdout(), tw_stdin()) else {
            tw_restore_signal_handlers()
            throw NcursesScreenError.cannotInitialize(term: term ?? "")
        }
        set_term(screen)
        tw_set_active(1)
        tw_install_winch_handler()

        raw()
        noecho()
        nonl()
        keypad(tw_stdscr(), true)
        intrflush(tw_stdscr(), false)
        curs_set(0)
        set_escdelay(25)
        for (sequence, code) in extraKeySequences where key_defined(sequence) == 0 {
            define_key(sequence, code)
        }

        var colorCount = 0
        var defaultColors = false
        var maxPairs: Int32 = 0
        let noColor = TerminalEnvironment(environment).noColor
        if !noColor, has_colors(), start_color() == tw_ok() {
            defaultColors = use_default_colors() == tw_ok()
            colorCount = tw_colors() >= 256 ? 256 : 8
            maxPairs = min(Int32(tw_color_pairs()), Int32(Int16.max))
        }
        return NcursesScreen(screen: screen, unicode: unicode, colorCount: colorCount,
                             maxPairs: maxPairs, defaultColors: defaultColors)
    }

    public static func isTTY(_ fd: Int32) -> Bool { isatty(fd) != 0 }

    /// Columns and rows of the terminal.
    public var size: (width: Int, height: Int) {
        stopped ? (0, 0) : (Int(tw_cols()), Int(tw_lines()))
    }

    /// The signal (SIGTERM, SIGHUP, SIGINT) that asked the program to end, if any; the app loop
    /// checks it after each `nextKey` and then calls `stop()` and exits. A terminal that hung up
    /// without a signal is reported as SIGHUP.
    public var terminationRequested: Int32? {
        let signal = tw_pending_signal()
        return signal == 0 ? nil : Int32(signal)
    }

    /// Draws the cells that differ from the previously presented buffer, then updates the terminal once.
    public func present(_ buffer: Buffer) {
        guard !stopped else { return }
        let rows = Int(tw_lines()), cols = Int(tw_cols())
        (previous ?? Buffer(width: 0, height: 0)).forEachChange(to: buffer) { x, y, cell in
            if y < rows && x < cols { draw(cell, x: x, y: y, cols: cols) }
        }
        previous = buffer
        wnoutrefresh(tw_stdscr())
        doupdate()
    }

    /// Forgets what is on screen: the next `present` redraws every cell (e.g. for Ctrl-L).
    public func invalidate() {
        guard !stopped else { return }
        previous = nil
        clearok(tw_curscr(), true)
    }

    /// Waits up to `timeoutMilliseconds` (negative: forever) for a key; nil on timeout, when a
    /// termination signal arrived (see `terminationRequested`), or after `stop()`.
    public func nextKey(timeoutMilliseconds: Int) -> Key? {
        guard !stopped else { return nil }
        let deadline = timeoutMilliseconds < 0 ? nil : Self.now() + UInt64(timeoutMilliseconds)
        while true {
            if tw_pending_signal() != 0 { return nil }
            // Whatever ncurses has buffered (or the kernel has ready) comes first, without waiting.
            while let read = readKey() {
                if let key = read { return key }
            }
            var remaining: Int32 = -1
            if let deadline {
                let now = Self.now()
                if now >= deadline { return nil }
                remaining = Int32(clamping: deadline - now)
            }
            switch tw_wait_input(STDIN_FILENO, remaining) {
            case 0: return nil  // timeout
            case -2:  // hung-up terminal: nothing more will come
                hungUp = true
                if tw_pending_signal() == 0 { tw_set_pending_signal(SIGHUP) }
                return nil
            default: continue  // input ready, or a signal woke us (resize, termination)
            }
        }
    }

    /// Reads one key without waiting. nil: nothing available; .some(nil): a key the app ignores.
    private func readKey() -> Key?? {
        var ch: wint_t = 0
        wtimeout(tw_stdscr(), 0)
        let rc = tw_get_wch(&ch)
        if rc == tw_err() { return nil }
        let isKeyCode = rc == tw_key_code_yes()
        // A lone ESC is Escape; ESC followed at once by a character stays Escape and that
        // character: teamwork binds no Alt keys, and over a slow SSH link a quick "Esc 9"
        // arrives in one packet – it must not be swallowed as Alt-9.
        let key = Self.key(fromKeyCode: Int32(bitPattern: ch), isKeyCode: isKeyCode)
        if key == .resize { previous = nil }
        return .some(key)
    }

    /// Rings the terminal bell.
    public func bell() {
        guard !stopped else { return }
        beep()
    }

    /// Gives the terminal back (endwin) and removes the signal handlers. Safe to call twice.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        tw_end()
        tw_restore_signal_handlers()
    }

    // MARK: Drawing

    private func draw(_ cell: Cell, x: Int, y: Int, cols: Int) {
        let attributes = Self.attributes(for: cell.style, colorCount: colorCount)
        var attrs = tw_a_normal()
        if attributes.bold { attrs |= tw_a_bold() }
        if attributes.reverse { attrs |= tw_a_reverse() }
        if attributes.underline { attrs |= tw_a_underline() }
        if attributes.dim { attrs |= tw_a_dim() }
        let pair = attributes.hasColor ? pairNumber(fg: attributes.foreground, bg: attributes.background) : 0

        let cellWidth = Int(cell.width)
        // The cell's scalars as a 0-terminated wide string in a stack buffer: a frame draws every
        // cell once, and two arrays per cell were most of the first frame's output time.
        withUnsafeTemporaryAllocation(of: wchar_t.self, capacity: Self.maxScalars + 1) { text in
            var count = 0
            for scalar in cell.symbol.unicodeScalars {
                guard count < Self.maxScalars else { count = -1; break }
                text[count] = wchar_t(bitPattern: scalar.value)
                count += 1
            }
            var padRight = false
            if count < 0 {
                text[0] = 63  // "?": a cluster of more scalars than any terminal draws in one cell
                count = 1
                padRight = cellWidth == 2
            } else if count == 0 || (cellWidth == 2 && x + 1 >= cols) {
                text[0] = 32  // empty, or a wide character cut by the right edge
                count = 1
            } else {
                let columns = Int(tw_wcwidth(text[0]))
                if columns == cellWidth {
                    // as the buffer expects
                } else if columns == 1 && cellWidth == 2 {
                    padRight = true  // the C library calls it narrow: draw it and blank the right half
                } else {
                    text[0] = 63  // "?": not printable in this locale, or wider than its cell
                    count = 1
                    padRight = cellWidth == 2
                }
            }
            text[count] = 0
            if tw_put(Int32(y), Int32(x), text.baseAddress, attrs, pair) == -2 {
                text[0] = 63
                text[1] = 0
                _ = tw_put(Int32(y), Int32(x), text.baseAddress, attrs, pair)
                padRight = cellWidth == 2
            }
            if padRight && x + 1 < cols {
                text[0] = 32
                text[1] = 0
                _ = tw_put(Int32(y), Int32(x + 1), text.baseAddress, attrs, pair)
            }
        }
    }

    /// Scalars of one cell passed to curses; longer clusters (no real text has them) show as "?".
    static let maxScalars = 31


    /// The colour pair for fg/bg, allocated on first use; pair 0 (default colours) when none are left.
    private func pairNumber(fg: Int16, bg: Int16) -> Int16 {
        var key = PairKey(fg: fg, bg: bg)
        if !defaultColors {  // no use_default_colors: "default" means white on black
            if key.fg == -1 { key.fg = 7 }
            if key.bg == -1 { key.bg = 0 }
            if key.fg == 7 && key.bg == 0 { return 0 }
        }
        if let index = pairKeys.firstIndex(of: key.packed) { return Int16(index + 1) }
        guard nextPair < maxPairs else { return 0 }
        let pair = Int16(nextPair)
        guard init_pair(pair, key.fg, key.bg) == tw_ok() else { return 0 }
        nextPair += 1
        pairKeys.append(key.packed)
        return pair
    }

    private static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1000 + UInt64(spec.tv_nsec) / 1_000_000
    }
}
