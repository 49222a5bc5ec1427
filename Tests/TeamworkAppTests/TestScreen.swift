import Foundation
import Testing
import TeamworkCore
@testable import TeamworkUI

/// A screen without a terminal (ratatui's TestBackend): it hands out scripted keys, keeps the
/// frames it was shown, and says "hung up" when the script is over so the loop ends.
/// `expect(_:)` compares the last frame with an expected one and, when they differ, reports
/// both screens and the differing cells.
final class TestScreen: Screen, @unchecked Sendable {
    var size: (width: Int, height: Int)
    let unicode = true
    private(set) var frames: [Buffer] = []
    /// Keys to hand out; `nil` entries stand for a timeout (an idle tick).
    var script: [Key?]
    /// Runs before each key is handed out (e.g. another process writes meanwhile).
    var beforeKey: [Int: () -> Void] = [:]
    private var handedOut = 0

    init(width: Int = 80, height: Int = 24, keys: [Key?] = []) {
        size = (width, height)
        script = keys
    }

    var terminationRequested: Int32? { handedOut >= script.count && exhausted ? SIGHUP : nil }
    private var exhausted = false

    func present(_ buffer: Buffer) { frames.append(buffer) }

    func nextKey(timeoutMilliseconds: Int) -> Key? {
        guard handedOut < script.count else { exhausted = true; return nil }
        beforeKey[handedOut]?()
        defer { handedOut += 1 }
        return script[handedOut]
    }

    var last: Buffer { frames.last ?? Buffer(width: 0, height: 0) }
    var text: String { last.text }

    /// The last frame equals `expected` (lines, trailing blanks ignored); else both screens and
    /// the differing cells.
    func expect(_ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        func trimmed(_ line: Substring) -> String {
            var l = String(line)
            while l.hasSuffix(" ") { l.removeLast() }
            return l
        }
        let actual = text.split(separator: "\n", omittingEmptySubsequences: false).map(trimmed)
        let wanted = expected.map { trimmed($0[...]) }
        guard actual.prefix(wanted.count) != wanted[...] else { return }
        var report = "Bildschirm weicht ab.\nErwartet:\n" + wanted.map { "│" + $0 }.joined(separator: "\n")
        report += "\nIst:\n" + actual.map { "│" + $0 }.joined(separator: "\n") + "\nUnterschiede:\n"
        for (y, line) in wanted.enumerated() {
            let a = y < actual.count ? Array(actual[y]) : []
            let e = Array(line)
            for x in 0..<max(a.count, e.count) where (x < a.count ? a[x] : " ") != (x < e.count ? e[x] : " ") {
                report += "  (\(x),\(y)): erwartet \"\(x < e.count ? String(e[x]) : " ")\", ist \"\(x < a.count ? String(a[x]) : " ")\"\n"
                break
            }
        }
        Issue.record(Comment(rawValue: report), sourceLocation: sourceLocation)
    }

    /// The cells of the last frame (or `shown`) whose text contains `text` on row `y` have `style`; else the
    /// row as text with the differing cells' styles, expected and actual.
    func expectStyle(_ style: Style, text: String, row y: Int, in shown: Buffer? = nil,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        let frame = shown ?? last
        let line = Array(text.isEmpty ? "" : String(frame.text.split(separator: "\n", omittingEmptySubsequences: false)[y]))
        let target = Array(text)
        guard let start = (0...max(0, line.count - target.count)).first(where: { Array(line[$0..<min(line.count, $0 + target.count)]) == target }),
              line.count >= target.count else {
            Issue.record("\"\(text)\" steht nicht in Zeile \(y): \(String(line))", sourceLocation: sourceLocation)
            return
        }
        var report = ""
        for x in start..<start + target.count where frame[x, y].style != style {
            report += "  (\(x),\(y)) \"\(frame[x, y].symbol)\": erwartet \(style), ist \(frame[x, y].style)\n"
        }
        if !report.isEmpty {
            Issue.record(Comment(rawValue: "Stil weicht ab in Zeile \(y): \(String(line))\n" + report), sourceLocation: sourceLocation)
        }
    }
}
