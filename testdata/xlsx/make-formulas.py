#!/usr/bin/python3
"""Write openpyxl-formulas.xlsx and, when LibreOffice is installed,
libreoffice-formulas.xlsx: one portfolio whose costs, shares, levels, yes/no
and dates are formulas, in unit-hinted columns under a merged group label.

openpyxl saves every formula with an empty saved result (<v></v>), so prio
calculates them; LibreOffice, converting that file, calculates them itself
and saves their results, which prio reads. The importer tests
(importers/formula_files_test.go) check that both read to the same values,
worked out by hand in the test.

Run from the repository root, with Debian's python3-openpyxl (and
libreoffice-calc-nogui for the second file):

    /usr/bin/python3 testdata/xlsx/make-formulas.py

openpyxl stamps the time in docProps/core.xml, so the bytes differ from run
to run; the cells do not.
"""

import os
import shutil
import subprocess
import sys
import tempfile

import openpyxl
from openpyxl.styles import Alignment

HERE = os.path.dirname(os.path.abspath(__file__))


def write(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Investeringar"
    ws["A1"] = "Investeringsportfölj 2026"
    ws.merge_cells("A1:L1")
    headers = ["Projekt-ID", "Projektnamn", "Myndighet", "Investeringsutgift (tkr)"]
    for col, text in enumerate(headers, start=1):
        ws.cell(row=3, column=col, value=text)
    ws["E3"] = "Kostnader (tkr)"
    ws.merge_cells("E3:G3")
    ws["E4"], ws["F4"], ws["G4"] = 2025, 2026, 2027
    tail = ["Säkrad finansiering", "Risk tid", "Nyttorealiseringsplan", "Återanvänder gemensam lösning", "Startdatum"]
    for col, text in enumerate(tail, start=8):
        ws.cell(row=3, column=col, value=text)
    for col in "ABCDHIJKL":
        ws.merge_cells(f"{col}3:{col}4")
    ws["E3"].alignment = Alignment(horizontal="center")

    rows = [
        # id, name, agency, invest, 2025, 2026, 2027, share, risk, plan, reused, start
        ["FK-1", '="Nytt "&"ärendesystem"', "Försäkringskassan", "=SUM(E5:G5)",
         1500, "=E5*1.5", "=ROUND(F5*Antaganden!B2,0)",
         "=ROUND(E5/D5,2)", '=IF(D5>5000,"Hög","Låg")', '=IF(H5>=0.5,"Ja","Nej")', "Ja", "=DATE(2026,3,31)"],
        ["FK-2", "Arkiv", "Försäkringskassan", "=SUM(E6:G6)",
         200, 300, None,
         "=ROUND(E6/D6,2)", "Medel", '=IF(H6>=0.5,"Ja","Nej")', None, "=DATE(2025,13,1)"],
        ["SKV-3", '=UPPER("e-tjänst")', "Skatteverket", "=SUM(E7:G7)",
         "=E6*2", "=Antaganden!B3", 75,
         "=ROUND(E7/D7,2)", '=IF(D7>5000,"Hög","Låg")', '=IF(H7>=0.5,"Ja","Nej")', "Nej", "=DATE(2025,1,1)+30"],
        ["SKV-4", "Tom", "Skatteverket", "=sum(E8:G8)",
         None, None, None,
         '=IFERROR(E8/D8,"-")', "Låg", None, None, None],
        [None, "Summa", None, "=SUM(D5:D8)", "=SUM(E5:E8)", "=SUM(F5:F8)", "=SUM(G5:G8)"],
    ]
    for r, values in enumerate(rows, start=5):
        for c, v in enumerate(values, start=1):
            if v is not None:
                ws.cell(row=r, column=c, value=v)
        ws.cell(row=r, column=8).number_format = "0%"
        ws.cell(row=r, column=12).number_format = "yyyy-mm-dd"

    a = wb.create_sheet("Antaganden")
    a["A1"], a["B1"] = "Antagande", "Värde"
    a["A2"], a["B2"] = "Indexfaktor", 1.25
    a["A3"], a["B3"] = "Indexfaktor i procent", "=B2*100"
    wb.save(path)


def main():
    opx = os.path.join(HERE, "openpyxl-formulas.xlsx")
    write(opx)
    soffice = shutil.which("soffice")
    if soffice is None:
        print("soffice not found: libreoffice-formulas.xlsx is kept as it is", file=sys.stderr)
        return
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([soffice, "--headless", "--convert-to", "xlsx", "--outdir", out, opx],
                       check=True, stdout=subprocess.DEVNULL)
        shutil.move(os.path.join(out, "openpyxl-formulas.xlsx"), os.path.join(HERE, "libreoffice-formulas.xlsx"))


if __name__ == "__main__":
    main()
