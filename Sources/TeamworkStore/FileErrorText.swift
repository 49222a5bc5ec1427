import Foundation

/// German reasons for file-system errors, instead of Foundation's English texts
/// ("The file doesn't exist.", "NSCocoaErrorDomain error 512").
public enum FileErrorText {
    /// Why writing `path` cannot work, found before trying (so the message names the real cause,
    /// not the temporary file of an atomic write); nil when it may work.
    public static func writeProblem(_ path: String) -> String? {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return "\"\(path)\" ist ein Verzeichnis – bitte einen Dateinamen angeben, z. B. \"\(path)/datei\""
        }
        let parent = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        guard fm.fileExists(atPath: parent, isDirectory: &isDirectory) else {
            return "Datei \"\(path)\" kann nicht geschrieben werden: das Verzeichnis \"\(parent)\" gibt es nicht"
        }
        guard isDirectory.boolValue else {
            return "Datei \"\(path)\" kann nicht geschrieben werden: \"\(parent)\" ist kein Verzeichnis"
        }
        if access(parent, W_OK) != 0 {
            return "Datei \"\(path)\" kann nicht geschrieben werden: keine Schreibrechte im Verzeichnis \"\(parent)\""
        }
        return nil
    }

    /// The German reason for `error` (a CocoaError, POSIXError or NSError from Foundation).
    public static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return errnoReason(Int32(ns.code)) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return errnoReason(Int32(underlying.code))
        }
        if ns.domain == NSCocoaErrorDomain {
            switch CocoaError.Code(rawValue: ns.code) {
            case .fileNoSuchFile, .fileReadNoSuchFile: return "die Datei oder das Verzeichnis gibt es nicht"
            case .fileReadNoPermission, .fileWriteNoPermission: return "keine Berechtigung"
            case .fileWriteOutOfSpace: return "kein Platz mehr auf dem Datenträger"
            case .fileWriteVolumeReadOnly: return "der Datenträger ist schreibgeschützt"
            case .fileWriteFileExists: return "die Datei gibt es schon"
            case .fileReadCorruptFile: return "die Datei ist beschädigt"
            case .fileReadInapplicableStringEncoding, .fileWriteInapplicableStringEncoding:
                return "die Zeichenkodierung passt nicht"
            case .fileReadTooLarge: return "die Datei ist zu groß"
            case .fileWriteInvalidFileName: return "der Dateiname ist ungültig"
            default: return "Dateifehler (Code \(ns.code))"
            }
        }
        return "Fehler \(ns.domain) \(ns.code)"
    }

    /// German text for an errno value.
    public static func errnoReason(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "die Datei oder das Verzeichnis gibt es nicht"
        case EACCES, EPERM: return "keine Berechtigung"
        case EISDIR: return "das ist ein Verzeichnis"
        case ENOTDIR: return "ein Teil des Pfads ist kein Verzeichnis"
        case ENOSPC: return "kein Platz mehr auf dem Datenträger"
        case EDQUOT: return "das Speicherkontingent ist erschöpft"
        case EROFS: return "der Datenträger ist schreibgeschützt"
        case EEXIST: return "die Datei gibt es schon"
        case ENAMETOOLONG: return "der Pfad ist zu lang"
        case EIO: return "Ein-/Ausgabefehler des Datenträgers"
        case ELOOP: return "zu viele symbolische Verknüpfungen im Pfad"
        case EMFILE, ENFILE: return "zu viele offene Dateien"
        default: return "Systemfehler \(code)"
        }
    }
}
