"""Write a bundled YAML scheme as the department-style CSV and XLSX it is also shipped as.

The YAML file is the source of truth; ``curricula/schemes/riverside-ks3.csv`` and
``riverside-ks3.xlsx`` are generated from it so the three never drift apart::

    python benchmarks/make_spreadsheets.py              # rewrite riverside-ks3.csv/.xlsx
    python benchmarks/make_spreadsheets.py --check      # exit 1 if they are out of date
    python benchmarks/make_spreadsheets.py other.yaml   # any scheme, written beside it

Layout (the conventions the spreadsheet loader reads): one row per small step with
the headers in :data:`HEADERS`; prior-knowledge items first, as rows whose Year is
``prior`` (Step ID = the item's id, Step = its title, Covers = its codes); a unit's
own ``requires``/``covers`` go on its first step's row; lists are joined with ``"; "``;
terms are written ``Autumn 1`` .. ``Summer 2``. The XLSX has a bold, frozen header row
and merges Year/Term/Unit ID/Unit/Strand down each unit's rows, like a real sheet.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import zipfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coherence.io import write_atomic  # noqa: E402
from coherence.load import load_scheme  # noqa: E402
from coherence.load.write import HEADERS as CONVERT_HEADERS  # noqa: E402
from coherence.load.write import scheme_rows as convert_rows  # noqa: E402
from coherence.model import Scheme  # noqa: E402

#: The columns of ``coherence convert``'s CSV less those the bundled example leaves empty.
HEADERS = tuple(h for h in CONVERT_HEADERS if h not in ("Prior knowledge", "Notes"))
#: Columns merged down each unit's rows in the XLSX (0-based indexes into HEADERS).
MERGED = (0, 1, 2, 3, 4)
DEFAULT = ROOT / "curricula" / "schemes" / "riverside-ks3.yaml"


def scheme_rows(scheme: Scheme) -> list[list[Any]]:
    """One row per prior item, then one per step, in the column order of :data:`HEADERS`.

    Parameters
    ----------
    scheme : Scheme
        A loaded half-term scheme.

    Returns
    -------
    list of list
        Cell values; ``Year`` and ``Lessons`` are ints (``"prior"`` for prior items).

    Examples
    --------
    >>> rows = scheme_rows(load_scheme(DEFAULT))
    >>> rows[0][0], rows[-1][0]
    ('prior', 9)
    """
    keep = [i for i, h in enumerate(CONVERT_HEADERS) if h in HEADERS]
    return [[row[i] for i in keep] for row in convert_rows(scheme)]


def csv_text(scheme: Scheme) -> str:
    """The scheme as CSV text (comma-separated, minimal quoting, ``\\n`` line ends).

    Every cell is written as it is in the scheme; step titles are the department's
    own text, so they are quoted by the csv module when needed and never altered.
    """
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(HEADERS)
    w.writerows(scheme_rows(scheme))
    return buf.getvalue()


def write_csv(scheme: Scheme, path: Path) -> None:
    """Write :func:`csv_text` to ``path`` atomically, as UTF-8 with a BOM (as Excel saves it)."""
    write_atomic(path, csv_text(scheme), encoding="utf-8-sig")


def _unit_spans(rows: list[list[Any]]) -> list[tuple[int, int]]:
    """(first, last) 0-based row indexes of each unit's block of step rows."""
    spans: list[tuple[int, int]] = []
    start = None
    for i, row in enumerate(rows):
        if row[0] == "prior":
            continue
        if start is None or row[2] != rows[start][2]:
            if start is not None:
                spans.append((start, i - 1))
            start = i
    if start is not None:
        spans.append((start, len(rows) - 1))
    return spans


def write_xlsx(scheme: Scheme, path: Path) -> None:
    """Write the scheme as a department-style XLSX sheet, atomically.

    Bold frozen header row, sensible column widths, and the unit columns merged
    down each unit's rows (the value sits in the top cell, as Excel keeps it).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    rows = scheme_rows(scheme)
    wb = Workbook()
    ws = wb.active
    ws.title = "Scheme of learning"
    ws.append(list(HEADERS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    for cells in ws.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # a title such as "=1+1" stays text, not a formula
    for first, last in _unit_spans(rows):
        if last > first:
            for col in MERGED:
                ws.merge_cells(
                    start_row=first + 2, start_column=col + 1, end_row=last + 2, end_column=col + 1
                )
        for col in MERGED:
            ws.cell(row=first + 2, column=col + 1).alignment = Alignment(vertical="top")
    widths = (7, 10, 26, 34, 14, 20, 60, 8, 40, 26)
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.freeze_panes = "A2"
    # Fixed document dates so regenerating an unchanged scheme changes nothing.
    wb.properties.created = datetime(2026, 1, 1)
    wb.properties.creator = "coherence benchmarks/make_spreadsheets.py"
    buf = io.BytesIO()
    wb.save(buf)
    write_atomic(path, _fixed_zip_dates(buf.getvalue()))


def _fixed_zip_dates(data: bytes) -> bytes:
    """Rewrite a zip with fixed dates (entries and document) so output is reproducible."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" on save
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-01-01T00:00:00Z", content
                )
            dst.writestr(fixed, content)
    return out.getvalue()


def xlsx_rows(path: Path) -> list[list[Any]]:
    """Read an XLSX written by :func:`write_xlsx` back as rows (merged cells filled down)."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb.active
    values = [list(r) for r in ws.iter_rows(min_row=2, values_only=True)]
    for rng in ws.merged_cells.ranges:
        top = ws.cell(row=rng.min_row, column=rng.min_col).value
        for r in range(rng.min_row, rng.max_row + 1):
            values[r - 2][rng.min_col - 1] = top
    return [["" if v is None else v for v in row] for row in values]


def outputs(yaml_path: Path) -> tuple[Path, Path]:
    """The CSV and XLSX paths written for a YAML scheme (same stem, same folder)."""
    return yaml_path.with_suffix(".csv"), yaml_path.with_suffix(".xlsx")


def main(argv: Sequence[str] | None = None) -> int:
    """Regenerate (or ``--check``) the CSV and XLSX copies of YAML schemes."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("schemes", nargs="*", type=Path, default=[DEFAULT], help="YAML scheme files")
    ap.add_argument(
        "--check", action="store_true", help="only report whether the copies are up to date"
    )
    args = ap.parse_args(argv)
    stale = 0
    for yaml_path in args.schemes:
        scheme = load_scheme(yaml_path)
        csv_path, xlsx_path = outputs(yaml_path)
        if args.check:
            ok_csv = csv_path.is_file() and csv_path.read_text(encoding="utf-8-sig") == csv_text(
                scheme
            )
            ok_xlsx = xlsx_path.is_file() and xlsx_rows(xlsx_path) == scheme_rows(scheme)
            for p, ok in ((csv_path, ok_csv), (xlsx_path, ok_xlsx)):
                print(f"{p}: {'up to date' if ok else 'OUT OF DATE'}")
                stale += not ok
            continue
        write_csv(scheme, csv_path)
        write_xlsx(scheme, xlsx_path)
        n = len(scheme_rows(scheme))
        print(f"{csv_path}: {n} rows\n{xlsx_path}: {n} rows")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
