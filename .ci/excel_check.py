#!/usr/bin/env python3
"""teamwork's Excel files checked with real spreadsheet programs (called by .ci/excel-check).

1. LibreOffice (headless) recalculates the exported workbook - with every cached formula
   value zeroed first, so only a real recalculation gives the figures - to exactly
   teamwork's figures (compared cell by cell with `teamwork export plan --format csv`).
2. openpyxl sees the formulas, frozen panes, number formats, print setup, comments and links.
3. Files written by other programs are imported: LibreOffice's CSV of the workbook (template
   layout, German number format, percent signs), the same as Windows-1252, an .xlsx written
   by openpyxl (values, shared strings, a sheet of another name), an openpyxl workbook with
   formulas saved again by LibreOffice (cached values from LibreOffice), and one whose
   formulas were never calculated (must be refused, naming the cell).
4. The Verwendungsnachweis (`proof export --format xlsx`): LibreOffice recalculates it (cached
   values zeroed) to a Belegliste total and Nachweis Ist equal to `show actuals`; openpyxl sees
   SUM formulas, date cells, a formula-looking payee kept as text, frozen panes and print setup.

Usage: excel_check.py PATH/TO/teamwork   (prints '<n> passed, <m> failed' at the end)
"""
import csv
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

import openpyxl

TEAMWORK = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/debug/teamwork")
WORK = tempfile.mkdtemp(prefix="teamwork-excel-")
DB = os.path.join(WORK, "teamwork.sqlite")
PROFILE = os.path.join(WORK, "lo-profile")
PLAN_SHEET = "Kosten- und Finanzierungsplan"
passed, failed = 0, 0


def check(condition, what, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"ok    {what}")
    else:
        failed += 1
        print(f"FEHLER {what} {detail}")


def run(*args, expect=0):
    result = subprocess.run([TEAMWORK, *args, "--db", DB], capture_output=True, text=True,
                            env={**os.environ, "TEAMWORK_USER": "excel-check", "NO_COLOR": "1"})
    if expect is not None and result.returncode != expect:
        print(result.stdout, result.stderr)
    return result


def lo_profile():
    """A LibreOffice profile with a German locale and 'always recalculate' for Excel files."""
    user = os.path.join(PROFILE, "user")
    os.makedirs(user, exist_ok=True)
    with open(os.path.join(user, "registrymodifications.xcu"), "w", encoding="utf-8") as f:
        f.write("""<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>de-DE</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse"><value>de-DE</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
""")


def convert(source, target_format, outdir):
    os.makedirs(outdir, exist_ok=True)
    result = subprocess.run(["soffice", f"-env:UserInstallation=file://{PROFILE}", "--headless",
                             "--convert-to", target_format, "--outdir", outdir, source],
                            capture_output=True, text=True, timeout=180)
    name = os.path.splitext(os.path.basename(source))[0]
    ext = target_format.split(":")[0]
    path = os.path.join(outdir, f"{name}.{ext}")
    if not os.path.exists(path):
        print(result.stdout, result.stderr)
    return path


# CSV filter options: separator ;, quote ", charset, first line 1, cell format, language de-DE,
# quote all text no, detect special numbers, save as shown.
CSV_UTF8 = 'csv:Text - txt - csv (StarCalc):59,34,76,1,,1031,false,true,true'
CSV_1252 = 'csv:Text - txt - csv (StarCalc):59,34,1,1,,1031,false,true,true'


def rows_by_code(text):
    out = {}
    for fields in csv.reader(io.StringIO(text), delimiter=";"):
        if len(fields) < 11:
            continue
        code = fields[0].strip()
        if code == "" and fields[1].startswith("Kontrollsumme"):
            code = "3.1-(1+2)"
        if code and code[0].isdigit() and fields[2].strip() != "" and not fields[2].strip().isdigit():
            out[code] = [f.replace("%", "").strip() for f in fields[2:11]]
    return out


# Receipts for the proof (phase 1: 199.049,90; phase 2: 99.954,32; together 299.004,22); one payee
# looks like a formula and must stay text.
RECEIPTS = """Datum;Planzeile;Empfänger;Verwendungszweck;Betrag;Beleg-Nr
17.01.2022;1.1.1;Landeshauptstadt Schwerin;Personalkosten Januar 2022;48.500,00;ER-2022-0013
11.02.2022;1.1.3;"=HYPERLINK(""http://example.org"";""x"")";"Büromöbel; Arbeitsplätze";12.399,90;ER-2022-0041
07.03.2022;1.1.5;Beratungsbüro Nord GmbH;Moderation Auftaktworkshop;18.500,00;ER-2022-0077
16.05.2022;1.1.5;Beratungsbüro Nord GmbH;Gutschrift Reisekosten;-350,00;GS-2022-0007
17.03.2023;1.2.1;Plattformbetrieb Nord GmbH;Teamwork-Plattform;120.000,00;ER-2023-0058
06.02.2024;2.1.1;Landeshauptstadt Schwerin;Personalkosten Januar 2024;12.300,00;ER-2024-0019
28.07.2025;2.2.1;Sensorik & Funk GmbH;Sensorik Pilotgebiet;87.654,32;ER-2025-0133
"""
PROOF_SHEETS = ["Nachweis", "Mittelabrufe", "Belegliste", "Sachbericht"]


def german_cents(text):
    """'299.004,22' -> 29900422"""
    return int(text.replace(".", "").replace(",", ""))


def sheet_cents(value):
    """A number cell (float euros) -> cents, rounded."""
    return round(float(value) * 100)


def row_with(ws, column, text):
    return next((r for r in range(1, ws.max_row + 1) if ws.cell(r, column).value == text), None)


def check_proof():
    """proof export --format xlsx: LibreOffice recalculates the workbook (cached values zeroed) and
    its Belegliste total and Nachweis Ist equal `show actuals`; openpyxl sees formulas, dates, panes."""
    receipts = os.path.join(WORK, "belege.csv")
    with open(receipts, "w", encoding="utf-8") as f:
        f.write(RECEIPTS)
    r = run("import", "expenses", receipts)
    check(r.returncode == 0, "import expenses (Belege für den Verwendungsnachweis)", r.stderr)
    r = run("drawdown", "add", "--phase", "1", "--date", "01.04.2022", "--amount", "100.000", "--received", "20.04.2022")
    check(r.returncode == 0, "drawdown add (eingegangen)", r.stderr)
    actuals = run("show", "actuals").stdout
    ist_line = next((l for l in actuals.splitlines() if l.startswith("1+2 ")), "")
    amounts = [w for w in ist_line.split() if w[:1].isdigit() and "," in w]
    ist = german_cents(amounts[1]) if len(amounts) > 1 else None
    check(ist == 29900422, "show actuals: Ist 1+2 = 299.004,22", ist_line)

    proof = os.path.join(WORK, "nachweis.xlsx")
    r = run("proof", "export", "--phase", "all", "--format", "xlsx", "--until", "31.12.2025", "--output", proof)
    check(r.returncode == 0 and os.path.exists(proof), "proof export --format xlsx", r.stderr)
    print("      " + r.stderr.strip())

    # --- openpyxl: formulas, date cells, text stays text, panes, print setup ------------------
    wb = openpyxl.load_workbook(proof)
    check(wb.sheetnames == PROOF_SHEETS, "Blätter des Verwendungsnachweises", wb.sheetnames)
    bl = wb["Belegliste"]
    total_row = row_with(bl, 5, "Summe Belegliste (= Ist)")
    total = bl.cell(total_row, 6) if total_row else None
    check(total is not None and str(total.value).startswith("=SUM(") and total.number_format == "#,##0.00",
          "Belegliste: Summe ist eine SUM-Formel im Format #,##0.00", total.value if total else None)
    if total is not None:
        print(f"      openpyxl: Belegliste F{total_row} = {total.value}")
    subtotal_row = row_with(bl, 5, "Zwischensumme 1.1.5")
    check(subtotal_row and str(bl.cell(subtotal_row, 6).value).startswith("=SUM(F"), "Zwischensumme 1.1.5 ist eine Formel")
    dates = [bl.cell(r, 1) for r in range(1, bl.max_row + 1) if hasattr(bl.cell(r, 1).value, "year")]
    check(len(dates) == 7 and dates[0].value.strftime("%d.%m.%Y") == "17.01.2022"
          and all(c.number_format.upper() == "DD.MM.YYYY" for c in dates),
          "Belegliste: Datum der 7 Belege als Datumszelle DD.MM.YYYY",
          [(c.coordinate, c.value, c.number_format) for c in dates[:2]])
    hyperlink = [c for row in bl.iter_rows() for c in row if str(c.value or "").startswith("=HYPERLINK")]
    check(len(hyperlink) == 1 and hyperlink[0].data_type == "s", "Empfänger \"=HYPERLINK(…)\" bleibt Text",
          [(c.coordinate, c.data_type) for c in hyperlink])
    nw = wb["Nachweis"]
    check(nw.freeze_panes is not None and nw.freeze_panes.startswith("C"), "Nachweis: Kopfzeile und Nr/Bezeichnung fixiert",
          nw.freeze_panes)
    setup = nw.page_setup
    check(setup.paperSize in (9, "9") and nw.sheet_properties.pageSetUpPr.fitToPage and nw.print_title_rows,
          "Nachweis: Druck A4, eine Seite breit, Kopfzeile auf jeder Seite", (setup.paperSize, nw.print_title_rows))
    nw_total = row_with(nw, 1, "1+2")
    check(nw_total and str(nw.cell(nw_total, 4).value).startswith("=SUM("), "Nachweis: Ist 1+2 ist eine Formel")

    # --- LibreOffice recalculates (every cached formula value zeroed first) --------------------
    stale = os.path.join(WORK, "nachweis-veraltet.xlsx")
    zeroed = 0
    with zipfile.ZipFile(proof) as src, zipfile.ZipFile(stale, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                data, count = re.subn(rb"(<f>[^<]*</f>)<v>[^<]*</v>", rb"\1<v>0</v>", data)
                zeroed += count
            dst.writestr(info, data)
    check(zeroed > 30, f"{zeroed} gespeicherte Formelwerte des Nachweises auf 0 gesetzt")
    saved = convert(stale, "xlsx:Calc MS Excel 2007 XML", os.path.join(WORK, "lo-proof"))
    lo = openpyxl.load_workbook(saved, data_only=True)
    lbl, lnw = lo["Belegliste"], lo["Nachweis"]
    lo_total_row = row_with(lbl, 5, "Summe Belegliste (= Ist)")
    lo_total = sheet_cents(lbl.cell(lo_total_row, 6).value or 0) if lo_total_row else None
    lo_ist_row = row_with(lnw, 1, "1+2")
    lo_ist = sheet_cents(lnw.cell(lo_ist_row, 4).value or 0) if lo_ist_row else None
    check(lo_total == ist, "LibreOffice: Summe der Belegliste = Ist aus show actuals", (lo_total, ist))
    check(lo_ist == ist, "LibreOffice: Nachweis Ist 1+2 = Ist aus show actuals", (lo_ist, ist))
    check_row = row_with(lnw, 2, "Summe der Belegliste (Blatt „Belegliste“); Differenz = Belegliste − Ist")
    check(check_row and sheet_cents(lnw.cell(check_row, 5).value or 0) == 0
          and sheet_cents(lnw.cell(check_row, 4).value or 0) == ist, "LibreOffice: Differenz Belegliste − Ist = 0,00")
    for code in ("1", "2"):
        row = row_with(lnw, 1, code)
        sub = [sheet_cents(lnw.cell(r, 4).value or 0) for r in range(1, lnw.max_row + 1)
               if str(lnw.cell(r, 1).value or "").startswith(code + ".") and str(lnw.cell(r, 1).value).count(".") == 2]
        check(row and sheet_cents(lnw.cell(row, 4).value or 0) == sum(sub),
              f"LibreOffice: Ist Phase {code} = Summe ihrer Einzelposten", (lnw.cell(row, 4).value if row else None, sum(sub)))
    subtotals = [sheet_cents(lbl.cell(r, 6).value or 0) for r in range(1, lbl.max_row + 1)
                 if str(lbl.cell(r, 5).value or "").startswith("Zwischensumme")]
    check(sum(subtotals) == lo_total, "LibreOffice: Summe der Zwischensummen = Summe der Belegliste", (subtotals, lo_total))
    fin_total = row_with(lnw, 1, "3.1")
    check(fin_total and sheet_cents(lnw.cell(fin_total, 4).value or 0) == ist, "LibreOffice: Finanzierung Ist 3.1 = Ist")
    for ws, rows in ((lnw, [lo_ist_row - 1 if lo_ist_row else 1, lo_ist_row, check_row, fin_total]),
                     (lbl, [subtotal_row, lo_total_row])):
        for row in rows:
            if row:
                values = [ws.cell(row, c).value for c in range(1, 7)]
                print(f"      LibreOffice {ws.title}!{row}: " + " | ".join("" if v is None else str(v) for v in values))


def main():
    lo_profile()
    # Only init creates a database (show/check/export never do).
    r = run("init")
    check(r.returncode == 0, "teamwork init", r.stderr)
    xlsx = os.path.join(WORK, "plan.xlsx")
    r = run("export", "plan", "--format", "xlsx", "--output", xlsx)
    check(r.returncode == 0 and os.path.exists(xlsx), "export plan --format xlsx", r.stderr)
    teamwork_csv = run("export", "plan", "--format", "csv").stdout
    check(teamwork_csv.startswith("\ufeff"), "CSV-Export beginnt mit UTF-8-BOM")
    expected = rows_by_code(teamwork_csv.lstrip("\ufeff"))

    # --- openpyxl: formulas, panes, formats, print setup, comments, links -----------------
    wb = openpyxl.load_workbook(xlsx)
    check(wb.sheetnames == [PLAN_SHEET, "Prüfung"], "Blätter", wb.sheetnames)
    ws = wb[PLAN_SHEET]
    row_of = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value}
    row_of["3.1-(1+2)"] = next(r for r in range(1, ws.max_row + 1)
                               if str(ws.cell(r, 2).value or "").startswith("Kontrollsumme"))
    check(ws.freeze_panes == "C3", "Fenster fixiert unter der Kopfzeile und rechts von Nr/Bezeichnung", ws.freeze_panes)
    total = ws.cell(row_of["1+2"], 11)
    check(str(total.value).startswith("=SUM("), "1+2 Gesamt ist eine Formel", total.value)
    print(f"      openpyxl: 1+2 Gesamt K{row_of['1+2']} = {total.value}")
    control = ws.cell(row_of["3.1-(1+2)"], 3)
    check(control.value == f"=C{row_of['3.1']}-C{row_of['1+2']}", "Kontrollsumme = 3.1 - (1+2)", control.value)
    share = ws.cell(row_of["3.3.3"], 11)
    check("/" in str(share.value) and share.number_format == "0.00%", "3.3.3 Gesamt: Formel im Format 0.00%",
          (share.value, share.number_format))
    item = ws.cell(row_of["1.1.1"], 3)
    check(isinstance(item.value, (int, float)) and item.number_format == "#,##0.00", "1.1.1 2021 ist eine Zahl #,##0.00",
          (item.value, item.number_format))
    # fitToWidth absent = 1 (the schema's default); fitToHeight 0 = as many pages as needed.
    setup = ws.page_setup
    check(setup.orientation == "landscape" and setup.fitToWidth in (None, 1) and int(setup.fitToHeight) == 0
          and setup.paperSize in (9, "9") and ws.sheet_properties.pageSetUpPr.fitToPage,
          "Druck: A4 quer, eine Seite breit", (setup.orientation, setup.fitToWidth, setup.fitToHeight))
    check(ws.print_title_rows in ("2:2", "$2:$2"), "Druck: Kopfzeile auf jeder Seite", ws.print_title_rows)
    comment = ws.cell(row_of["1.1.5"], 11).comment
    check(comment is not None and "consulting-cap" in comment.text, "Befund als Kommentar an 1.1.5 Gesamt")
    if comment:
        print(f"      openpyxl: Kommentar K{row_of['1.1.5']} ({comment.author}): {comment.text!r}")
    fill = ws.cell(row_of["1.1.5"], 11).fill.fgColor.rgb
    check(str(fill).upper().endswith("FFC7CE"), "Fehlerzelle rot hinterlegt", fill)
    warn_fill = ws.cell(row_of["1.1.5"], 4).fill.fgColor.rgb
    check(str(warn_fill).upper().endswith("FFEB9C"), "Warnungszelle gelb hinterlegt", warn_fill)
    comments = sum(1 for row in ws.iter_rows() for c in row if c.comment)
    check(comments > 0, f"{comments} Zellen mit Kommentar")
    pr = wb["Prüfung"]
    links = [pr.cell(r, 5).hyperlink for r in range(3, pr.max_row + 1) if pr.cell(r, 5).hyperlink]
    check(len(links) > 0 and any(l.location and "K" in l.location for l in links), "Prüfung verlinkt die Zellen",
          links[:1])
    if links:
        print(f"      openpyxl: Prüfung!E3 → {links[0].location}")

    # --- LibreOffice recalculates (cached values zeroed first) ---------------------------
    stale = os.path.join(WORK, "veraltet.xlsx")
    with zipfile.ZipFile(xlsx) as src, zipfile.ZipFile(stale, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data, count = re.subn(rb"(<f>[^<]*</f>)<v>[^<]*</v>", rb"\1<v>0</v>", data)
                check(count > 100, f"{count} gespeicherte Formelwerte auf 0 gesetzt")
            dst.writestr(info, data)
    recalculated = convert(stale, CSV_UTF8, os.path.join(WORK, "lo"))
    lo_text = open(recalculated, encoding="utf-8").read()
    actual = rows_by_code(lo_text)
    differences = [(code, expected[code], actual.get(code)) for code in expected if actual.get(code) != expected[code]]
    check(not differences and len(actual) == 35, "LibreOffice rechnet jede Zelle wie teamwork (35 Zeilen × 9 Spalten)",
          differences[:3])
    for line in lo_text.splitlines():
        if line.startswith("1+2;") or line.startswith(";Kontrollsumme"):
            print(f"      LibreOffice: {line}")

    # --- files of other programs imported -------------------------------------------------
    r = run("import", "plan", recalculated, "--dry-run")
    check(r.returncode == 0 and "keine Änderungen" in r.stdout and "Hinweis" not in r.stdout,
          "CSV von LibreOffice (Vorlagen-Layout, UTF-8) eingelesen", r.stdout + r.stderr)
    print("      " + r.stdout.splitlines()[0] if r.stdout else "")

    cp1252 = convert(xlsx, CSV_1252, os.path.join(WORK, "lo1252"))
    raw = open(cp1252, "rb").read()
    check(b"\xfc" in raw or b"\xdf" in raw, "LibreOffice schrieb Windows-1252 (ü/ß als ein Byte)")
    r = run("import", "plan", cp1252, "--dry-run")
    check(r.returncode == 0 and "Windows-1252" in r.stdout and "keine Änderungen" in r.stdout,
          "Windows-1252-CSV eingelesen", r.stdout + r.stderr)
    print("      " + r.stdout.splitlines()[0] if r.stdout else "")

    # openpyxl: the plan typed as values, the way a finance office keeps it (another sheet name,
    # title and section rows, shares as percent-formatted fractions).
    other = openpyxl.Workbook()
    notes = other.active
    notes.title = "Hinweise"
    notes["A1"] = "Arbeitsmappe der Finanzabteilung"
    sheet = other.create_sheet("KFP Schwerin")
    sheet.append(["Kosten- und Finanzierungsplan"])
    sheet.append([])
    for fields in csv.reader(io.StringIO(teamwork_csv.lstrip("\ufeff")), delimiter=";"):
        if fields[0] == "Nr":
            sheet.append(["1", "Kostenplanung (Strategiephase)"])
            sheet.append(["Nr", "Kostenarten"] + fields[2:])
            continue
        if fields[0] == "2.1":
            sheet.append(["2", "Kostenplanung (Umsetzungsphase)"])
        if fields[0] == "3.1":
            sheet.append(["3", "Finanzierungsplanung"])
            sheet.append(["Ifd.Nr.", "Finanzierungsmittel", *range(2021, 2029), "Gesamt"])
        is_share = fields[0].startswith("3.3.")
        values = []
        for text in fields[2:]:
            number = float(text.replace(".", "").replace(",", "."))
            values.append(number / 100 if is_share else number)
        code = "" if fields[0] == "3.1-(1+2)" else fields[0]
        sheet.append([code, fields[1]] + values)
        if is_share:
            for cell in sheet[sheet.max_row][2:]:
                cell.number_format = "0.00%"
    typed = os.path.join(WORK, "finanzabteilung.xlsx")
    other.save(typed)
    r = run("import", "plan", typed, "--dry-run")
    check(r.returncode == 0 and "keine Änderungen" in r.stdout and "Hinweis" not in r.stdout,
          ".xlsx von openpyxl (Werte) eingelesen", r.stdout + r.stderr)
    print("      " + r.stdout.splitlines()[0] if r.stdout else "")

    # openpyxl with formulas (never calculated: no cached values) -> refused with the cell ...
    formulas = openpyxl.load_workbook(typed)
    ks = formulas["KFP Schwerin"]
    target = next(r for r in range(1, ks.max_row + 1) if ks.cell(r, 1).value == "1.1")
    first = target + 1
    for column in "CDEFGHIJ":
        ks[f"{column}{target}"] = f"=SUM({column}{first}:{column}{first + 6})"
    uncalculated = os.path.join(WORK, "formeln.xlsx")
    formulas.save(uncalculated)
    r = run("import", "plan", uncalculated, "--dry-run", expect=2)
    check(r.returncode == 2 and f"Zelle C{target}" in r.stderr and "keinen gespeicherten Wert" in r.stderr,
          "Formel ohne gespeicherten Wert wird mit Zelle gemeldet", r.stderr)
    print("      " + r.stderr.splitlines()[0][:150] if r.stderr else "")
    # ... and read once LibreOffice has calculated and saved it.
    saved = convert(uncalculated, "xlsx:Calc MS Excel 2007 XML", os.path.join(WORK, "lo-xlsx"))
    r = run("import", "plan", saved, "--dry-run")
    check(r.returncode == 0 and "keine Änderungen" in r.stdout and "Hinweis" not in r.stdout,
          ".xlsx mit Formeln, von LibreOffice gespeichert, eingelesen", r.stdout + r.stderr)

    check_proof()

    print(f"excel-check: {passed} passed, {failed} failed")
    shutil.rmtree(WORK, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
