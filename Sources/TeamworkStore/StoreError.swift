import Foundation
import GRDB
import TeamworkCore

/// A store failure with a one-line German message for the terminal.
///
/// SQLite result codes appear only in parentheses after a German explanation.
///
/// Two kinds carry details for the edit forms:
/// - `.conflict`: someone else changed (or deleted) the record since it was read. `conflict` holds
///   the record as it is stored NOW, so the form can show "theirs" next to "yours".
/// - `.invalidInput` from a save: `fieldErrors` lists every rejected field (`Validation`).
public struct StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case cannotOpen, missingFile, notADatabase, tooNew, notMigrated, readOnly, busy, diskFull,
             constraint, invalidData, invalidInput, notFound, conflict, other
    }

    /// The current stored state behind a `.conflict` (optimistic concurrency: the version or value
    /// the user saw is no longer the stored one; nothing was written).
    public enum Conflict: Sendable, Hashable {
        case measure(Measure)
        case staffing(StaffingUnit)
        case stakeholder(Stakeholder)
        case event(Event)
        case series(EventSeries)
        /// Maßnahmen-Controlling: status and responsibility, a milestone, a progress note.
        case measureState(MeasureState)
        case milestone(Milestone)
        case progressNote(ProgressNote)
        case expense(Expense)
        case drawdown(Drawdown)
        /// A plan cell: `current` is the stored raw value (cents / hundredths of a percent).
        case planValue(code: String, yearIndex: Int, current: Int64)
        /// One funding term: `current` is its stored value as typed in (`FundingTermKey.editText`).
        case fundingTerm(key: FundingTermKey, current: String)
        /// The submission of a phase's Verwendungsnachweis: its stored date, nil = not submitted.
        case proofSubmission(phase: FundingPhase, current: LocalDateTime?)
        /// The record no longer exists (deleted by someone else). `entity` as in the audit trail
        /// ("measure", "staffing", "stakeholder", "event", "series"); "milestone" and
        /// "progressNote" for the parts of a measure (audited under "measure").
        case deleted(entity: String, id: Int64)
    }

    public let kind: Kind
    public let message: String
    /// Set for `.conflict`: the record or value as currently stored.
    public let conflict: Conflict?
    /// Set for `.invalidInput` raised by validation: every rejected field, in form order.
    public let fieldErrors: [Validation.FieldError]

    public init(kind: Kind, message: String, conflict: Conflict? = nil, fieldErrors: [Validation.FieldError] = []) {
        self.kind = kind
        self.message = message
        self.conflict = conflict
        self.fieldErrors = fieldErrors
    }

    public var description: String { message }

    static func cannotOpen(_ path: String, _ reason: String, kind: Kind = .cannotOpen) -> StoreError {
        StoreError(kind: kind, message: "Datenbank \"\(path)\" kann nicht geöffnet werden: \(reason)")
    }

    static func invalidInput(_ message: String) -> StoreError {
        StoreError(kind: .invalidInput, message: message)
    }

    /// `.invalidInput` listing the field errors: `Akteur kann nicht gespeichert werden: E-Mail: … ; Telefon: …`.
    static func invalid(_ what: String, _ errors: [Validation.FieldError]) -> StoreError {
        StoreError(kind: .invalidInput,
                   message: "\(what) kann nicht gespeichert werden: " + errors.map(\.description).joined(separator: "; "),
                   fieldErrors: errors)
    }

    static func notFound(_ message: String) -> StoreError {
        StoreError(kind: .notFound, message: message)
    }

    static func invalidData(_ path: String, _ detail: String) -> StoreError {
        StoreError(kind: .invalidData, message: "Datenbank \"\(path)\" enthält ungültige Daten: \(detail)")
    }

    /// German explanation of an errno from a file-system call.
    static func explain(errno code: Int32) -> String {
        switch code {
        case EACCES, EPERM: "keine Berechtigung (Verzeichnis nicht beschreibbar oder Datei gesperrt)"
        case ENOENT: "Datei oder Verzeichnis existiert nicht"
        case ENOTDIR: "ein Teil des Pfades ist eine Datei, kein Verzeichnis"
        case EISDIR: "der Pfad ist ein Verzeichnis, keine Datei"
        case EROFS: "das Dateisystem ist schreibgeschützt"
        case ENOSPC: "kein Speicherplatz mehr auf dem Datenträger"
        case ENAMETOOLONG: "der Pfad ist zu lang"
        case ELOOP: "zu viele symbolische Verweise im Pfad"
        case EEXIST: "ein Eintrag mit diesem Namen existiert bereits"
        default: "Systemfehler \(code) (\(String(cString: strerror(code))))"
        }
    }

    /// Maps any error thrown by GRDB/SQLite to a German one-liner.
    static func wrap(_ error: any Error, path: String, action: String) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let dbError = error as? DatabaseError else {
            return StoreError(kind: .other, message: "Datenbank \"\(path)\": \(action) fehlgeschlagen (\(error))")
        }
        let code = dbError.resultCode
        let suffix = " (SQLite-Fehler \(dbError.extendedResultCode.rawValue))"
        let kind: Kind
        let reason: String
        switch code {
        case .SQLITE_CANTOPEN:
            kind = .cannotOpen
            reason = "Datei oder Verzeichnis nicht zugänglich oder nicht beschreibbar"
        case .SQLITE_PERM, .SQLITE_AUTH:
            kind = .cannotOpen
            reason = "keine Berechtigung"
        case .SQLITE_READONLY:
            kind = .readOnly
            reason = "die Datenbank ist schreibgeschützt (nur lesend geöffnet oder Datei nicht beschreibbar)"
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            kind = .busy
            reason = "die Datenbank ist gesperrt, ein anderer Prozess schreibt gerade (nach 5 Sekunden aufgegeben)"
        case .SQLITE_NOTADB:
            kind = .notADatabase
            reason = "die Datei ist keine SQLite-Datenbank"
        case .SQLITE_CORRUPT:
            kind = .notADatabase
            reason = "die Datenbankdatei ist beschädigt"
        case .SQLITE_FULL:
            kind = .diskFull
            reason = "der Datenträger ist voll"
        case .SQLITE_IOERR:
            kind = .other
            reason = "Ein-/Ausgabefehler beim Zugriff auf die Datei"
        case .SQLITE_CONSTRAINT:
            kind = .constraint
            reason = "die Änderung verletzt eine Regel der Datenbank (Pflichtfeld, Verweis oder Wertebereich)"
        case .SQLITE_ERROR:
            kind = .other
            reason = "SQL-Fehler: \(dbError.message ?? "unbekannt")"
        default:
            kind = .other
            reason = "unerwarteter Datenbankfehler"
        }
        return StoreError(kind: kind, message: "Datenbank \"\(path)\": \(action) fehlgeschlagen: \(reason)\(suffix)")
    }
}
