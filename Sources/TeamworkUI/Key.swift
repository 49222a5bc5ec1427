/// A key press, independent of the terminal library that read it.
public enum Key: Hashable, Sendable {
    case char(Character)
    /// Ctrl plus a letter, lower-case: `.ctrl("c")`.
    case ctrl(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete
    case function(Int)
    /// The terminal changed size; the backend reports it like a key, as ncurses does.
    case resize

    /// How the key is written in the footer and the help overlay.
    public var label: String {
        switch self {
        case .char(" "): "Leertaste"
        case .char(let c): String(c)
        case .ctrl(let c): "Strg-" + String(c).uppercased()
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "Bild↑"
        case .pageDown: "Bild↓"
        case .home: "Pos1"
        case .end: "Ende"
        case .enter: "Enter"
        case .escape: "Esc"
        case .tab: "Tab"
        case .backTab: "Umsch-Tab"
        case .backspace: "Rücktaste"
        case .delete: "Entf"
        case .function(let n): "F\(n)"
        case .resize: "Größe"
        }
    }
}
