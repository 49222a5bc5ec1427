/// Text from data made inert before it reaches a terminal or a text file.
///
/// Unsafe are the characters a terminal acts on instead of showing them: C0 controls except
/// line feed and tab (ESC above all, so no escape sequence can retitle the window or wipe the
/// screen; CR, which lets later text overwrite a line), DEL, C1 controls (U+0080–U+009F, among
/// them the 8-bit CSI and OSC), the bidi controls (U+061C, U+200E, U+200F, U+202A–U+202E,
/// U+2066–U+2069, which reorder what is shown) and the line and paragraph separators
/// (U+2028, U+2029). Each becomes visible `\u{…}` notation, as in Swift source:
/// ESC is written `\u{1B}`, U+202E `\u{202E}`. Markdown and plain text have no escape of their
/// own for these characters, so reports carry this notation, in files and on the terminal alike.
public enum TerminalSafety {
    /// True for a scalar that must not be written raw (see the type's description).
    @inlinable
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 { return v != 0x0A && v != 0x09 }
        if v < 0x7F { return false }
        if v <= 0x9F { return true }  // DEL and C1
        switch v {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029: return true
        default: return false
        }
    }

    /// `text` with every unsafe scalar written as `\u{1B}` notation; line feeds and tabs kept.
    /// Returns `text` itself when nothing is unsafe.
    public static func escaped(_ text: String) -> String {
        escaped(text, keepingCRLF: false, keepingBold: false)
    }

    /// For text bound for a terminal that may carry our own markup: like `escaped(_:)`, but with
    /// `keepingCRLF` a CR directly before a LF stays (iCalendar and vCard lines end in CRLF), and
    /// with `keepingBold` the two SGR sequences teamwork itself writes (`ESC[1m`, `ESC[0m`) stay.
    public static func escaped(_ text: String, keepingCRLF: Bool, keepingBold: Bool) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        out.reserveCapacity(scalars.count + 16)
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            if !isUnsafe(s) { out.append(s); i += 1; continue }
            if keepingCRLF, s == "\r", i + 1 < scalars.count, scalars[i + 1] == "\n" { out.append(s); i += 1; continue }
            if keepingBold, s == "\u{1B}", i + 3 < scalars.count, scalars[i + 1] == "[",
               scalars[i + 2] == "0" || scalars[i + 2] == "1", scalars[i + 3] == "m" {
                out.append(contentsOf: scalars[i...(i + 3)]); i += 4; continue
            }
            out.append(contentsOf: "\\u{\(String(s.value, radix: 16, uppercase: true))}".unicodeScalars)
            i += 1
        }
        return String(out)
    }

    /// A piece of input quoted in an error message: at most `limit` characters (then `…`), and
    /// inert (`escaped`; line feeds and tabs stay), so neither a 50 MB line nor an escape sequence
    /// reaches stderr whole.
    public static func echo(_ text: some StringProtocol, limit: Int = 40) -> String {
        var cut = ""
        var count = 0
        for ch in text {
            if count == limit { cut += "…"; break }
            cut.append(ch)
            count += 1
        }
        return escaped(cut)
    }
}
