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


def main():
    lo_profile()
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

    print(f"excel-check: {passed} passed, {failed} failed")
    shutil.rmtree(WORK, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
