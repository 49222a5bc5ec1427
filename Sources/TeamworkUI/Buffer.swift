/// A terminal-independent screen: a grid of cells that panes draw into and tests read as text.

public enum Color: UInt8, Sendable, Hashable, CaseIterable {
    case `default`, black, red, green, yellow, blue, magenta, cyan, white
    case brightBlack, brightRed, brightGreen, brightYellow, brightBlue, brightMagenta, brightCyan, brightWhite
}

public struct Style: Hashable, Sendable {
    public var fg: Color
    public var bg: Color
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool
    public var dim: Bool

    public init(fg: Color = .default, bg: Color = .default, bold: Bool = false, reverse: Bool = false,
                underline: Bool = false, dim: Bool = false) {
        self.fg = fg; self.bg = bg; self.bold = bold; self.reverse = reverse; self.underline = underline; self.dim = dim
    }

    public static let plain = Style()
}

public struct Cell: Hashable, Sendable {
    /// The grapheme shown here; "" for the right half of a double-width character.
    public var symbol: String
    public var style: Style
    /// 1 for ordinary characters, 2 for the left half of a wide character, 0 for its right half.
    public var width: UInt8

    public init(symbol: String = " ", style: Style = .plain, width: UInt8 = 1) {
        self.symbol = symbol; self.style = style; self.width = width
    }

    public static let blank = Cell()
}

public struct Rect: Hashable, Sendable {
    public var x: Int, y: Int, width: Int, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = max(0, width); self.height = max(0, height)
    }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public func inset(by n: Int) -> Rect { Rect(x: x + n, y: y + n, width: width - 2 * n, height: height - 2 * n) }
    public func row(_ r: Int) -> Rect { Rect(x: x, y: y + r, width: width, height: 1) }
}

public struct Buffer: Sendable, Equatable {
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    public mutating func fill(_ rect: Rect, style: Style) {
        for y in max(0, rect.y)..<min(height, rect.maxY) {
            for x in max(0, rect.x)..<min(width, rect.maxX) {
                self[x, y] = Cell(symbol: " ", style: style, width: 1)
            }
        }
    }

    /// Writes `text` at (x, y), clipped to `maxWidth` columns and the buffer's edge.
    /// Control characters and escape sequences are shown inert (as `�`-free visible marks),
    /// never passed through. Returns the number of columns written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style, maxWidth: Int = .max) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(width, maxWidth == .max ? width : x + maxWidth)
        var col = x
        // Printable ASCII followed by printable ASCII (most text on screen) is a grapheme of its
        // own: one byte, one cell, no grapheme breaking. Anything else – a non-ASCII character,
        // or an ASCII one a combining mark may follow – goes through Terminal.display.
        let utf8 = text.utf8
        var i = utf8.startIndex
        while i < utf8.endIndex {
            let byte = utf8[i]
            let next = utf8.index(after: i)
            if byte >= 0x20 && byte < 0x7F && (next == utf8.endIndex || (utf8[next] >= 0x20 && utf8[next] < 0x7F)) {
                if col + 1 > limit { break }
                if col >= 0 {
                    clearWide(at: col, y: y)
                    self[col, y] = Cell(symbol: String(Character(Unicode.Scalar(byte))), style: style, width: 1)
                }
                col += 1
                i = next
                continue
            }
            let (symbol, w) = Terminal.display(text[i...].first!)
            i = text.index(after: i)
            if w == 0 { continue }
            if col + w > limit { break }
            if col >= 0 {
                clearWide(at: col, y: y)
                self[col, y] = Cell(symbol: symbol, style: style, width: UInt8(w))
                if w == 2 {
                    clearWide(at: col + 1, y: y)
                    self[col + 1, y] = Cell(symbol: "", style: style, width: 0)
                }
            }
            col += w
        }
        return col - x
    }

    /// Overwriting half of a wide character must blank its other half.
    private mutating func clearWide(at x: Int, y: Int) {
        let cell = self[x, y]
        if cell.width == 2, x + 1 < width { self[x + 1, y] = Cell(symbol: " ", style: cell.style) }
        if cell.width == 0, x > 0 { self[x - 1, y] = Cell(symbol: " ", style: self[x - 1, y].style) }
    }

    /// The screen as plain text, one line per row, trailing spaces kept so columns line up.
    public var text: String {
        var lines: [String] = []
        lines.reserveCapacity(height)
        for y in 0..<height {
            var line = ""
            for x in 0..<width { line += self[x, y].symbol }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// The text of one row, trailing spaces trimmed.
    public func line(_ y: Int) -> String {
        var line = ""
        for x in 0..<width { line += self[x, y].symbol }
        while line.hasSuffix(" ") { line.removeLast() }
        return line
    }

    /// The cells that differ between `self` (previous frame) and `next`, left to right, top to bottom.
    /// The right half of a wide character is never emitted on its own.
    public func diff(to next: Buffer) -> [(x: Int, y: Int, cell: Cell)] {
        var changes: [(x: Int, y: Int, cell: Cell)] = []
        forEachChange(to: next) { x, y, cell in changes.append((x, y, cell)) }
        return changes
    }

    /// Calls `body` with each cell of `next` that differs from this buffer (every cell when the
    /// sizes differ), left to right and top to bottom; a wide character as one call on its left
    /// half. What `diff(to:)` lists, without building the list: the terminal draws from here.
    public func forEachChange(to next: Buffer, _ body: (_ x: Int, _ y: Int, _ cell: Cell) -> Void) {
        guard next.width == width, next.height == height else {
            for i in next.cells.indices where next.cells[i].width != 0 {
                body(i % next.width, i / next.width, next.cells[i])
            }
            return
        }
        var skipUntil = -1
        for i in cells.indices where i > skipUntil && cells[i] != next.cells[i] {
            var index = i
            if next.cells[i].width == 0, i > 0 { index = i - 1 }  // redraw the wide char
            if next.cells[index].width == 2 { skipUntil = index + 1 }
            body(index % width, index / width, next.cells[index])
        }
    }
}

/// How characters are shown on a terminal cell grid.
public enum Terminal {
    /// The visible symbol and column width of a character. Control characters (including
    /// ESC, so no escape sequence ever reaches the terminal) and bidi overrides become inert
    /// visible marks; combining marks stay with their base character.
    public static func display(_ ch: Character) -> (String, Int) {
        guard let first = ch.unicodeScalars.first else { return ("", 0) }
        let v = first.value
        // Printable ASCII (most of every frame) needs no Unicode property look-up.
        if v >= 0x20 && v < 0x7F && ch.isASCII { return (String(ch), 1) }
        if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) {
            if v == 0x09 { return (" ", 1) }
            return ("·", 1)
        }
        if (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F {
            return ("·", 1)
        }
        if ch.unicodeScalars.count == 1 {
            // A lone zero-width character (ZWJ, ZWSP, a combining mark at the start) has no cell of its own.
            if isZeroWidth(first) { return ("·", 1) }
            return (String(ch), isWide(v) ? 2 : 1)
        }
        return (cellSymbol(ch), isWide(v) ? 2 : 1)
    }

    /// One grapheme cluster, one cell: its first scalar and the combining marks right after it,
    /// at most `maxCombining` (a curses cell holds five characters). Whatever else the cluster
    /// has (the ZWJ and the further emoji of 👨‍👩‍👧, skin-tone modifiers, bidi controls) is
    /// dropped, so 👨‍👩‍👧 shows as 👨 in two columns and no zero-width joiner reaches the
    /// terminal on its own (where it would end up in the next cell or row).
    static let maxCombining = 4
    static func cellSymbol(_ ch: Character) -> String {
        var scalars = ch.unicodeScalars.makeIterator()
        var out = String.UnicodeScalarView()
        guard let base = scalars.next() else { return "" }
        out.append(base)
        var marks = 0
        while let next = scalars.next(), marks < maxCombining {
            let category = next.properties.generalCategory
            guard category == .nonspacingMark || category == .enclosingMark else { break }
            out.append(next)
            marks += 1
        }
        return String(out)
    }

    /// Format characters and marks that take no column of their own.
    static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .format, .nonspacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// East Asian Wide/Fullwidth ranges and emoji (the cases that break column alignment).
    public static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F680...0x1F6FF, 0x1F900...0x1F9FF, 0x1FA70...0x1FAFF,
             0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// Display width of a string in terminal columns.
    public static func width(_ text: String) -> Int {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        var w = 0
        for ch in text { w += display(ch).1 }
        return w
    }
}
