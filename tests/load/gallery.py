"""One small scheme written in each layout departments keep (built here, nothing committed).

:data:`UNITS` is the scheme: year, half-term, unit title, steps, and the unit's prior
knowledge as a department writes it (a step title, a unit title, an id, free text).
Each ``write_*`` function writes it in one layout and returns the file.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from openpyxl import Workbook

TERMS = ("Autumn 1", "Autumn 2", "Spring 1", "Spring 2", "Summer 1", "Summer 2")
#: (year, half-term 1-6, unit, steps, prior knowledge of the unit's first step)
UNITS: list[tuple[int, int, str, list[str], list[str]]] = [
    (
        7,
        1,
        "Place value",
        ["Read and write large numbers", "Compare and order numbers", "Round to 1 s.f."],
        ["Know number bonds to 20"],
    ),
    (
        7,
        2,
        "Fractions",
        ["Equivalent fractions", "Add and subtract fractions"],
        ["compare & order numbers"],
    ),
    (
        7,
        3,
        "Algebraic notation",
        ["Use letters for numbers", "Form expressions"],
        ["y7-fractions-2"],
    ),
    (
        8,
        1,
        "Negative numbers",
        ["Order negative numbers", "Add and subtract negative numbers"],
        ["Place value", "Times tables to 12 x 12"],
    ),
    (
        8,
        4,
        "Equations",
        ["Solve one-step equations", "Solve two-step equations"],
        ["Form expressions."],
    ),
]
#: The links the prior knowledge above must give (by title), and the text it must keep.
EDGES = {
    ("Compare and order numbers", "Equivalent fractions"),
    ("Add and subtract fractions", "Use letters for numbers"),
    ("Round to 1 s.f.", "Order negative numbers"),  # the unit "Place value": its last step
    ("Form expressions", "Solve one-step equations"),
}
KEPT = ["Know number bonds to 20", "Times tables to 12 x 12"]
#: Wordings of the half-terms used in the layouts below.
TERM_WORDS = {
    "long": (
        "Autumn Term 1",
        "Autumn term 2",
        "Spring Term 1",
        "Spring Term 2",
        "Summer 1",
        "Sum 2",
    ),
    "ht": ("HT1", "HT2", "HT3", "HT4", "HT5", "HT6"),
    "six": ("Term 1", "Term 2", "Term 3", "Term 4", "Term 5", "Term 6"),
    "ab": ("Autumn A", "Autumn B", "Spring A", "Spring B", "Summer A", "Summer B"),
}


def _save(wb: Workbook, path: Path) -> Path:
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(buf.getvalue())
    return path


def step_rows(words: tuple[str, ...] = TERMS, year_col: bool = True) -> list[list[Any]]:
    """One row per step: [Year,] Term, Unit, Small step, Prior knowledge."""
    rows: list[list[Any]] = []
    for year, term, unit, steps, prior in UNITS:
        for i, step in enumerate(steps):
            pk = "; ".join(prior) if i == 0 else ""
            rows.append([*([year] if year_col else []), words[term - 1], unit, step, pk])
    return rows


def write_csv_rows(tmp: Path) -> Path:
    """CSV, one row per step, two title rows above the header, Excel's BOM."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["Oakwood School: Mathematics scheme of learning 2025-26", "", "", "", ""])
    w.writerow([])
    w.writerow(["Year", "Term", "Unit", "Small step", "Prior knowledge"])
    w.writerows(step_rows())
    path = tmp / "rows.csv"
    path.write_bytes(buf.getvalue().encode("utf-8-sig"))
    return path


def write_xlsx_sheet_per_year(tmp: Path, *, year_col: bool) -> Path:
    """A cover sheet, one sheet per year ('Year 7', 'Y8 SoL') and a notes sheet."""
    wb = Workbook()
    cover = wb.active
    assert cover is not None
    cover.title = "Cover"
    cover.append(["Mathematics department"])
    cover.append(["Scheme of learning, reviewed June 2025"])
    by_year: dict[int, list[list[Any]]] = {}
    for row in step_rows(TERM_WORDS["long"], year_col=True):
        by_year.setdefault(row[0], []).append(row if year_col else row[1:])
    for year, name in ((7, "Year 7"), (8, "Y8 SoL")):
        ws = wb.create_sheet(name)
        ws.append([f"Year {year} mathematics"])
        header = ["Term", "Unit", "Small steps", "Prior learning"]
        ws.append(["Year", *header] if year_col else header)
        for row in by_year[year]:
            ws.append(row)
    notes = wb.create_sheet("Notes")
    notes.append(["Term", "Meaning"])
    notes.append(["Small step", "One lesson's worth of teaching"])
    return _save(wb, tmp / f"sheets-{'year' if year_col else 'noyear'}.xlsx")


def unit_rows(words: tuple[str, ...]) -> list[list[Any]]:
    """One row per unit, steps in one cell (numbered in some units, bulleted in others)."""
    rows: list[list[Any]] = []
    for n, (year, term, unit, steps, prior) in enumerate(UNITS):
        if n % 2:
            cell = "\n".join(f"• {s}" for s in steps)
        else:
            cell = "\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1)) + "\n"
        rows.append([year, words[term - 1], unit, cell, "\n".join(prior)])
    return rows


def write_xlsx_steps_in_cell(tmp: Path) -> Path:
    """One row per unit, six-term labels, the steps of a unit in one cell."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "KS3"
    ws.append(["Year", "Term", "Unit", "Small steps", "Pre-requisites"])
    for row in unit_rows(TERM_WORDS["six"]):
        ws.append(row)
    return _save(wb, tmp / "cells.xlsx")


def write_csv_steps_in_cell(tmp: Path) -> Path:
    """CSV with the steps of a unit in one quoted cell, HT labels, ';' delimiter."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\n")
    w.writerow(["Year group", "Half term", "Unit title", "Small steps", "Builds on"])
    w.writerows(unit_rows(TERM_WORDS["ht"]))
    path = tmp / "cells.csv"
    path.write_text(buf.getvalue())
    return path


def write_docx(tmp: Path) -> Path:
    """Word: a 'Year N' heading, then a term heading above each unit table."""
    import docx

    doc = docx.Document()
    doc.add_heading("Mathematics: scheme of learning", 0)
    doc.add_paragraph(
        "This document sets out what we teach in each half-term of Years 7 and 8, "
        "and what pupils should already know."
    )
    year_now = None
    for year, term, unit, steps, prior in UNITS:
        if year != year_now:
            doc.add_heading(f"Year {year}", 1)
            year_now = year
        doc.add_heading(
            TERM_WORDS["ab"][term - 1] if year == 8 else TERM_WORDS["long"][term - 1], 2
        )
        doc.add_paragraph("Pupils meet this again in Year 9.")  # prose, not a heading
        table = doc.add_table(rows=1, cols=3)
        for cell, text in zip(
            table.rows[0].cells, ("Unit", "Small steps", "Prior knowledge"), strict=True
        ):
            cell.text = text
        for i, step in enumerate(steps):
            cells = table.add_row().cells
            cells[0].text = unit
            cells[1].text = step
            cells[2].text = "; ".join(prior) if i == 0 else ""
    path = tmp / "scheme.docx"
    doc.save(str(path))
    return path


def write_yaml(tmp: Path) -> Path:
    """The native YAML format, prior knowledge as written."""
    lines = ["name: Gallery", "units:"]
    for year, term, unit, steps, prior in UNITS:
        uid = f"y{year}-" + unit.lower().replace(" ", "-")
        lines += [f"  - id: {uid}", f"    title: {unit}", f"    year: {year}", f"    term: {term}"]
        lines.append("    steps:")
        for i, step in enumerate(steps, 1):
            lines += [f"      - id: {uid}-{i}", f"        title: '{step}'"]
            if i == 1:
                lines.append(
                    "        prior_knowledge: [" + ", ".join(f"'{p}'" for p in prior) + "]"
                )
    path = tmp / "scheme.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


GRID_UNITS = {
    7: ["Place value", "Fractions", "Algebraic notation", "", "Angles\nArea", "Statistics"],
    8: ["Negative numbers", "", "", "Equations", "Ratio", "Ratio"],
}


def write_xlsx_grid(tmp: Path, *, transpose: bool = False) -> Path:
    """A long-term plan: years down and half-terms across (or the transpose).

    Year 8's Ratio unit is merged across Summer 1 and Summer 2.
    """
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Long term plan"
    ws.append(["Mathematics long-term plan 2025-26"])
    if not transpose:
        ws.append(["", *TERMS])
        for year, cells in GRID_UNITS.items():
            ws.append([f"Year {year}", *cells])
        ws.merge_cells("F4:G4")
    else:
        ws.append(["", *(f"Year {y}" for y in GRID_UNITS)])
        for t, label in enumerate(TERMS):
            ws.append([label, *(cells[t] for cells in GRID_UNITS.values())])
        ws.merge_cells("C7:C8")
    return _save(wb, tmp / f"grid{'-t' if transpose else ''}.xlsx")


def write_docx_grid(tmp: Path) -> Path:
    """A long-term plan as a Word table."""
    import docx

    doc = docx.Document()
    doc.add_heading("Long-term plan", 1)
    table = doc.add_table(rows=1, cols=7)
    for cell, text in zip(table.rows[0].cells, ["", *TERMS], strict=True):
        cell.text = text
    for year, cells in GRID_UNITS.items():
        row = table.add_row().cells
        row[0].text = f"Y{year}"
        for cell, text in zip(row[1:], cells, strict=True):
            cell.text = text
    path = tmp / "plan.docx"
    doc.save(str(path))
    return path
