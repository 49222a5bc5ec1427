#!/usr/bin/env python3
"""Reads teamwork's .ics and .vcf exports with real parsers: python `icalendar` and `vobject`.

Run by `make test` (after `swift test`), or by hand:

    python3 Tests/interchange_check.py [path/to/teamwork]

On a fresh machine it installs its two packages with pip first (as root: system-wide).
It creates a scratch database, imports every calendar and address book fixture
(Tests/TeamworkStoreTests/Fixtures/interchange, written as Google, Outlook and Thunderbird
write them), puts control characters into a few fields, exports events (iCalendar) and
contacts (vCard 4.0 and 3.0), and checks for each export:
- the parser reads it without error;
- it has the same events (UID, RECURRENCE-ID, start, title) / cards (UID, FN, ORG, e-mail
  addresses) as `teamwork export all` says the database has;
- no raw control character (other than the CRLF line ends) is in the file.
Exit code 0 when everything matches, 1 with a German message otherwise.
"""
import datetime
import importlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "Tests", "TeamworkStoreTests", "Fixtures", "interchange")
PACKAGES = {"icalendar": "icalendar", "vobject": "vobject"}


def ensure_packages():
    missing = [pip for module, pip in PACKAGES.items() if importlib.util.find_spec(module) is None]
    if not missing:
        return
    print("Installiere fehlende Python-Pakete: " + ", ".join(missing))
    base = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    if subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True).returncode != 0:
        if os.geteuid() == 0:
            subprocess.run(["apt-get", "install", "-y", "-qq", "python3-pip"], check=True)
        else:
            sys.exit("Fehler: pip fehlt – bitte python3-pip installieren")
    result = subprocess.run(base + missing)
    if result.returncode != 0:
        # Debian/Ubuntu's Python refuses system-wide installs without this (PEP 668).
        subprocess.run(base + ["--break-system-packages"] + missing, check=True)
    importlib.invalidate_caches()


def run(binary, db, *args, stdin=None):
    env = dict(os.environ, NO_COLOR="1", TEAMWORK_USER="interchange-check")
    result = subprocess.run([binary, *args, "--db", db], capture_output=True, env=env)
    if result.returncode != 0:
        sys.exit(f"Fehler: teamwork {' '.join(args)} endete mit {result.returncode}:\n"
                 + result.stderr.decode("utf-8", "replace"))
    return result.stdout


def raw_controls(data):
    """Control characters in the file other than CR LF ending a line."""
    text = data.decode("utf-8")
    bad = []
    for i, c in enumerate(text):
        o = ord(c)
        if (o < 0x20 or 0x7F <= o < 0xA0) and not (c == "\r" and text[i + 1:i + 2] == "\n") \
                and not (c == "\n" and text[i - 1:i] == "\r"):
            bad.append(f"U+{o:04X} an Position {i}")
    return bad


def berlin_iso(value):
    import zoneinfo
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(zoneinfo.ZoneInfo("Europe/Berlin"))
        return value.strftime("%Y-%m-%d %H:%M")
    return value.strftime("%Y-%m-%d") + " 00:00"


def _key_time(key):
    """`20270104T090000` or `20270104` as a date(time)."""
    if len(key) == 8:
        return datetime.date(int(key[:4]), int(key[4:6]), int(key[6:8]))
    return datetime.datetime(int(key[:4]), int(key[4:6]), int(key[6:8]), int(key[9:11]), int(key[11:13]))


def check_calendar(data, project, failures):
    import icalendar
    cal = icalendar.Calendar.from_ical(data)
    found = []
    for ev in cal.walk("VEVENT"):
        rid = ev.get("RECURRENCE-ID")
        found.append((str(ev["UID"]), berlin_iso(rid.dt) if rid else "", berlin_iso(ev["DTSTART"].dt),
                      str(ev.get("SUMMARY", ""))))
    expected = []
    for e in project["events"]:
        expected.append((e["uid"], e.get("recurrenceID", "") and berlin_iso(_key_time(e["recurrenceID"])),
                         e["start"]["iso"], e["title"]))
    got = sorted(found)
    if got != sorted(expected):
        diff = sorted(set(got) ^ set(expected))[:4]
        failures.append(f"icalendar: Termine (UID, RECURRENCE-ID, Beginn, Titel) weichen ab: {diff!r}")
    return len(found), len({u for u, _, _, _ in found})


def check_cards(data, project, version, failures):
    import vobject
    cards = list(vobject.readComponents(data.decode("utf-8")))
    got = []
    for c in cards:
        v = c.contents
        if v["version"][0].value != version:
            failures.append(f"vobject: Karte mit VERSION {v['version'][0].value} statt {version}")
        org = v["org"][0].value if "org" in v else []
        org = ", ".join(org) if isinstance(org, list) else str(org)
        emails = [e.value for e in v.get("email", [])]
        got.append((v["uid"][0].value, v["fn"][0].value, org, tuple(emails)))
    expected = []
    for s in project["stakeholders"]:
        emails = tuple(e for e in [s["email"]] + s.get("moreEmails", []) if e)
        expected.append((s["uid"], s["name"], s.get("organisation") or s["name"], emails))
    if sorted(got) != sorted(expected):
        diff = sorted(set(got) ^ set(expected))[:4]
        failures.append(f"vobject {version}: Karten (UID, FN, ORG, E-Mail) weichen ab: {diff!r}")
    return len(cards)


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "debug", "teamwork")
    if not os.path.exists(binary):
        sys.exit(f"Fehler: {binary} fehlt – zuerst swift build")
    ensure_packages()
    import icalendar
    import vobject
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "check.sqlite")
        for name in ["google-contacts.vcf", "outlook-contacts.vcf", "thunderbird-contacts.vcf"]:
            run(binary, db, "import", "contacts", os.path.join(FIXTURES, name))
        for name in ["google-calendar.ics", "outlook-calendar.ics", "thunderbird-calendar.ics",
                     "google-calendar-moved.ics"]:
            run(binary, db, "import", "events", os.path.join(FIXTURES, name))
        # Control characters from the data must not reach the files raw.
        with sqlite3.connect(db) as con:
            con.execute("UPDATE event SET notes = notes || ? WHERE id = (SELECT MIN(id) FROM event)",
                        ("Glocke\x07 Escape\x1b[31m rot\x1b[0m Tab\there NUL\x00",))
            con.execute("UPDATE stakeholder SET notes = ?, link = ? WHERE id = (SELECT MIN(id) FROM stakeholder)",
                        ("Zeile\x0beins\x1b]0;Titel\x07", "https://example.org/\x1b[2J"))
        project = json.loads(run(binary, db, "export", "all"))
        results = []
        ics = run(binary, db, "export", "events")
        bad = raw_controls(ics)
        if bad:
            failures.append("iCalendar-Export enthält Steuerzeichen: " + ", ".join(bad[:5]))
        n, uids = check_calendar(ics, project, failures)
        results.append(f"icalendar {icalendar.__version__}: export events gelesen – {n} VEVENTs "
                       f"({uids} UIDs) = {len(project['events'])} Termine der Datenbank")
        for version, args in [("4.0", []), ("3.0", ["--vcard-version", "3.0"])]:
            vcf = run(binary, db, "export", "contacts", *args)
            bad = raw_controls(vcf)
            if bad:
                failures.append(f"vCard-{version}-Export enthält Steuerzeichen: " + ", ".join(bad[:5]))
            n = check_cards(vcf, project, version, failures)
            results.append(f"vobject {getattr(vobject, 'VERSION', '')}: export contacts (vCard {version}) gelesen – "
                           f"{n} Karten = {len(project['stakeholders'])} Akteure der Datenbank")
    for line in results:
        print(line)
    if failures:
        print("\n".join("Fehler: " + f for f in failures), file=sys.stderr)
        sys.exit(1)
    print("Prüfung der Exporte mit icalendar und vobject: in Ordnung (keine rohen Steuerzeichen)")


if __name__ == "__main__":
    main()
