import Foundation
import TeamworkUI

/// The store keeps audit times in UTC (ISO 8601, `2026-03-29T01:30:00Z`); people read them in
/// the office's time: the `TZ` variable or the system zone (Europe/Berlin in Schwerin).
public enum LocalTime {
    /// `2026-03-29 03:30:00` in `zone`; the input unchanged when it is no UTC timestamp.
    public static func display(_ iso: String, zone: TimeZone = .current) -> String {
        guard let date = parse(iso) else { return iso.replacing("T", with: " ").replacing("Z", with: "") }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ v: Int?) -> String { let s = String(v ?? 0); return s.count < 2 ? "0" + s : s }
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute)):\(two(c.second))"
    }

    /// The offset from UTC at that moment in `zone`, e.g. `UTC+02:00`.
    public static func offset(_ iso: String, zone: TimeZone = .current) -> String? {
        guard let date = parse(iso) else { return nil }
        let seconds = zone.secondsFromGMT(for: date)
        let sign = seconds < 0 ? "−" : "+"
        let h = abs(seconds) / 3600, m = abs(seconds) % 3600 / 60
        return "UTC\(sign)\(h < 10 ? "0" : "")\(h):\(m < 10 ? "0" : "")\(m)"
    }

    static func parse(_ iso: String) -> Date? {
        // yyyy-MM-ddTHH:mm:ssZ, as `AuditLog.timestamp` writes it.
        let parts = iso.split(whereSeparator: { "-T:Z".contains($0) }).compactMap { Int($0) }
        guard parts.count == 6, iso.hasSuffix("Z") else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2],
                                                  hour: parts[3], minute: parts[4], second: parts[5]))
    }
}
