import GRDB

extension Schema {
    /// Calendar and address-book interchange (issue 15): the UID an event, series or contact
    /// came with (kept for re-import and export), the `RECURRENCE-ID` of an occurrence of an
    /// imported recurring event, event notes (`DESCRIPTION`), and of a contact the organisation
    /// (`ORG`) and further e-mail addresses and phone numbers (one per line).
    static let interchangeV3 = "v3-interchange-uids"

    static let v3InterchangeSQL = """
        ALTER TABLE event ADD COLUMN uid TEXT NOT NULL DEFAULT '';
        ALTER TABLE event ADD COLUMN recurrence_id TEXT NOT NULL DEFAULT '';
        ALTER TABLE event ADD COLUMN notes TEXT NOT NULL DEFAULT '';
        CREATE UNIQUE INDEX event_uid ON event(uid, recurrence_id) WHERE uid <> '';
        ALTER TABLE event_series ADD COLUMN uid TEXT NOT NULL DEFAULT '';
        CREATE INDEX event_series_uid ON event_series(uid) WHERE uid <> '';
        ALTER TABLE stakeholder ADD COLUMN uid TEXT NOT NULL DEFAULT '';
        ALTER TABLE stakeholder ADD COLUMN organisation TEXT NOT NULL DEFAULT '';
        ALTER TABLE stakeholder ADD COLUMN more_emails TEXT NOT NULL DEFAULT '';
        ALTER TABLE stakeholder ADD COLUMN more_phones TEXT NOT NULL DEFAULT '';
        CREATE INDEX stakeholder_uid ON stakeholder(uid) WHERE uid <> '';
        """
}
