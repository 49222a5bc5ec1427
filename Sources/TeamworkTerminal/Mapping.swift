import CNcurses
import TeamworkUI

/// How a `Style` is expressed on a curses terminal: attribute flags plus curses colour numbers
/// (-1 = the terminal's default colour). Pure data, so the mapping can be tested without a terminal.
public struct TerminalAttributes: Hashable, Sendable {
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool
    public var dim: Bool
    /// Curses colour number, -1 for the terminal default.
    public var foreground: Int16
    /// Curses colour number, -1 for the terminal default.
    public var background: Int16

    public init(bold: Bool = false, reverse: Bool = false, underline: Bool = false, dim: Bool = false,
                foreground: Int16 = -1, background: Int16 = -1) {
        self.bold = bold; self.reverse = reverse; self.underline = underline; self.dim = dim
        self.foreground = foreground; self.background = background
    }

    /// True when a colour pair other than the default one is needed.
    public var hasColor: Bool { foreground != -1 || background != -1 }
}

extension NcursesScreen {
    /// The curses colour number of `color` (-1 = default) and whether the terminal needs bold to show
    /// it: with fewer than 16 colours, bright colours become their base colour plus bold.
    public static func colorNumber(_ color: Color, colorCount: Int) -> (number: Int16, needsBold: Bool) {
        guard colorCount > 0, color != .default else { return (-1, false) }
        let index = Int16(color.rawValue) - 1  // black = 0 … white = 7, brightBlack = 8 … brightWhite = 15
        if index < 8 { return (index, false) }
        if colorCount >= 16 { return (index, false) }
        return (index - 8, true)
    }

    /// Maps a `Style` to attributes and colours for a terminal with `colorCount` colours
    /// (0 = no colour: attributes only).
    public static func attributes(for style: Style, colorCount: Int) -> TerminalAttributes {
        var result = TerminalAttributes(bold: style.bold, reverse: style.reverse,
                                        underline: style.underline, dim: style.dim)
        guard colorCount > 0 else { return result }
        let fg = colorNumber(style.fg, colorCount: colorCount)
        let bg = colorNumber(style.bg, colorCount: colorCount)  // bold cannot brighten a background
        result.foreground = fg.number
        result.background = bg.number
        if fg.needsBold { result.bold = true }
        return result
    }

    /// Maps what `get_wch` returned to a key: `isKeyCode` is true for `KEY_CODE_YES` (a curses key
    /// code such as `KEY_UP`), false for `OK` (a character). Returns nil for keys the app does not use.
    public static func key(fromKeyCode code: Int32, isKeyCode: Bool) -> Key? {
        if isKeyCode {
            switch code {
            case KEY_UP: return .up
            case KEY_DOWN: return .down
            case KEY_LEFT: return .left
            case KEY_RIGHT: return .right
            case KEY_PPAGE, KEY_A3: return .pageUp
            case KEY_NPAGE, KEY_C3: return .pageDown
            case KEY_HOME, KEY_A1, KEY_FIND: return .home
            case KEY_END, KEY_C1, KEY_SELECT, KEY_LL: return .end
            case KEY_BTAB: return .backTab
            case KEY_ENTER: return .enter
            case KEY_BACKSPACE: return .backspace
            case KEY_DC: return .delete
            case KEY_RESIZE: return .resize
            case KEY_F0 + 1 ... KEY_F0 + 63: return .function(Int(code - KEY_F0))
            default: return nil
            }
        }
        switch code {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(0x60 + code))))
        case 0, 28...31, 0x80...0x9F: return nil
        default:
            guard code > 0, let scalar = Unicode.Scalar(UInt32(code)) else { return nil }
            return .char(Character(scalar))
        }
    }

    /// Extra escape sequences decoded as keys when the terminal description lacks them
    /// (xterm/VT220/rxvt variants of Home/End and friends).
    static let extraKeySequences: [(String, Int32)] = [
        ("\u{1B}[H", KEY_HOME), ("\u{1B}OH", KEY_HOME), ("\u{1B}[1~", KEY_HOME), ("\u{1B}[7~", KEY_HOME),
        ("\u{1B}[F", KEY_END), ("\u{1B}OF", KEY_END), ("\u{1B}[4~", KEY_END), ("\u{1B}[8~", KEY_END),
        ("\u{1B}[5~", KEY_PPAGE), ("\u{1B}[6~", KEY_NPAGE), ("\u{1B}[3~", KEY_DC), ("\u{1B}[Z", KEY_BTAB),
        ("\u{1B}[A", KEY_UP), ("\u{1B}[B", KEY_DOWN), ("\u{1B}[C", KEY_RIGHT), ("\u{1B}[D", KEY_LEFT),
        ("\u{1B}OA", KEY_UP), ("\u{1B}OB", KEY_DOWN), ("\u{1B}OC", KEY_RIGHT), ("\u{1B}OD", KEY_LEFT),
    ]
}
