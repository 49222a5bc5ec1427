/// The C library's `memmem` (a GNU extension in glibc's headers, so not imported by the Glibc
/// module): declared by its symbol; plain C types in and out.
@_silgen_name("memmem")
private func c_memmem(_ haystack: UnsafeRawPointer, _ haystackCount: Int, _ needle: UnsafeRawPointer,
                      _ needleCount: Int) -> UnsafeMutableRawPointer?

/// Text layout by terminal columns (not characters): wrapping, clipping, padding.
public enum TextLayout {
    /// Cuts `text` to at most `width` columns, ending in `…` when something was cut.
    public static func clip(_ text: String, _ width: Int) -> String {
        guard width > 0 else { return "" }
        if Terminal.width(text) <= width { return text }
        var out = ""
        var used = 0
        for ch in text {
            let w = Terminal.display(ch).1
            if used + w > width - 1 { break }
            out.append(ch)
            used += w
        }
        return out + "…"
    }

    /// Pads (or clips) to exactly `width` columns; `right` aligns to the right edge.
    public static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let clipped = clip(text, width)
        let fill = String(repeating: " ", count: max(0, width - Terminal.width(clipped)))
        return right ? fill + clipped : clipped + fill
    }

    /// Word-wraps to `width` columns; words longer than a line (URLs) are broken hard.
    public static func wrap(_ text: String, _ width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                var word = String(word)
                var wordWidth = Terminal.width(word)
                if lineWidth > 0 && lineWidth + 1 + wordWidth <= width {
                    line += " " + word
                    lineWidth += 1 + wordWidth
                    continue
                }
                if lineWidth > 0 { lines.append(line); line = ""; lineWidth = 0 }
                while wordWidth > width {
                    var head = ""
                    var headWidth = 0
                    var rest = Substring(word)
                    while let ch = rest.first, headWidth + Terminal.display(ch).1 <= width {
                        head.append(ch); headWidth += Terminal.display(ch).1; rest = rest.dropFirst()
                    }
                    if head.isEmpty { break }
                    lines.append(head)
                    word = String(rest)
                    wordWidth = Terminal.width(word)
                }
                line = word
                lineWidth = wordWidth
            }
            lines.append(line)
        }
        return lines
    }

    /// Case- and umlaut-insensitive containment, for the incremental filter.
    public static func matches(_ haystack: String, _ needle: String) -> Bool {
        needle.isEmpty || fold(haystack).contains(fold(needle))
    }

    static func fold(_ s: String) -> String { s.lowercased() }

    /// Whether `folded` (already `fold`ed) contains `needle` (already `fold`ed): a byte search
    /// over UTF-8, which for folded text gives the same answer as `String.contains` but does not
    /// build grapheme clusters – the filter runs it once per row and keystroke.
    static func containsFolded(_ folded: String, _ needle: String) -> Bool {
        if needle.isEmpty { return true }
        var haystack = folded, needle = needle
        haystack.makeContiguousUTF8(); needle.makeContiguousUTF8()
        let found: Bool?? = haystack.utf8.withContiguousStorageIfAvailable { h in
            needle.utf8.withContiguousStorageIfAvailable { n in
                let first = n[0], count = n.count
                guard h.count >= count else { return false }
                var i = 0
                let last = h.count - count
                while i <= last {
                    if h[i] == first {
                        var j = 1
                        while j < count && h[i + j] == n[j] { j += 1 }
                        if j == count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
        return (found ?? nil) ?? folded.contains(needle)
    }

    /// `containsFolded` with the (folded) needle's UTF-8 bytes at hand: the filter's inner loop.
    @inline(__always)
    static func containsFolded(_ folded: String, needleBytes n: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = n.count
        guard count > 0 else { return true }
        let found: Bool? = folded.utf8.withContiguousStorageIfAvailable { h in
            guard h.count >= count, let base = h.baseAddress else { return false }
            // The C library's memmem: vectorised, several bytes per cycle.
            return c_memmem(base, h.count, n.baseAddress!, count) != nil
        }
        return found ?? containsFolded(folded, String(decoding: n, as: UTF8.self))
    }

    /// Range of columns (start, width) of the first match of `needle`, for highlighting.
    public static func matchColumns(_ haystack: String, _ needle: String) -> (start: Int, width: Int)? {
        guard !needle.isEmpty else { return nil }
        let h = Array(haystack.lowercased()), n = Array(needle.lowercased())
        guard h.count >= n.count, h.count == haystack.count else { return nil }
        for i in 0...(h.count - n.count) where Array(h[i..<i + n.count]) == n {
            let start = Terminal.width(String(Array(haystack)[0..<i]))
            return (start, Terminal.width(String(Array(haystack)[i..<i + n.count])))
        }
        return nil
    }
}

/// Single-column ASCII stand-ins for terminals whose locale is not UTF-8 (`LANG=C`):
/// one character for one, so every column stays where it was.
public enum ASCIIFallback {
    static let map: [Character: Character] = [
        "Ä": "A", "Ö": "O", "Ü": "U", "ä": "a", "ö": "o", "ü": "u", "ß": "s", "€": "E",
        "–": "-", "—": "-", "…": "~", "·": ".", "•": "*", "„": "\"", "“": "\"", "”": "\"", "‘": "'", "’": "'",
        "─": "-", "━": "-", "│": "|", "┃": "|", "┌": "+", "┐": "+", "└": "+", "┘": "+", "├": "+", "┤": "+",
        "┬": "+", "┴": "+", "┼": "+", "═": "=", "█": "#", "▌": "#", "▏": "|", "░": ".", "▒": ":", "▓": "#",
        "▸": ">", "▾": "v", "▶": ">", "◀": "<", "↑": "^", "↓": "v", "←": "<", "→": ">", "✓": "+", "✗": "x",
        "⚠": "!", "×": "x", "≤": "<", "≥": ">", "−": "-", "é": "e", "è": "e", "á": "a", "à": "a",
    ]

    public static func fold(_ buffer: Buffer) -> Buffer {
        var out = buffer
        for y in 0..<buffer.height {
            for x in 0..<buffer.width {
                var cell = buffer[x, y]
                if cell.width == 0 { cell.symbol = "?"; cell.width = 1 }
                guard let ch = cell.symbol.first, !(ch.isASCII && cell.symbol.count == 1) else {
                    if cell.symbol.isEmpty { cell.symbol = " " }
                    out[x, y] = cell
                    continue
                }
                if cell.width == 2 { cell.symbol = "?"; cell.width = 1 }
                else { cell.symbol = String(map[ch] ?? (ch.isASCII ? ch : "?")) }
                out[x, y] = cell
            }
        }
        return out
    }
}
