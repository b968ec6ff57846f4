"""Load a scheme from a spreadsheet (``.csv`` or ``.xlsx``) as departments keep them.

Columns (headers matched case-insensitively, with common synonyms; see
:data:`coherence.load.table.SYNONYMS`):

- **Year**: ``7``, ``7.0``, ``Year 7``; ``prior`` marks a prior-knowledge row. May be
  left out when the sheet name says the year (``Year 7``, ``Y7``, ``Yr 7 SoL``).
- **Term**: ``Autumn 1``, ``Autumn Term 1``, ``Aut 1``, ``HT2``, ``Term 4``, ``Spring``...
- **Unit** (required): the unit's title. **Unit ID** (optional): derived from the title.
- **Step** (required): the small step's title, or several steps one per line (bullets and
  numbering stripped). **Step ID** (optional): ``<unit id>-<n>``.
- **Strand**, **Lessons**, **Requires** (ids or titles), **Prior knowledge** (free text;
  items split on ``;`` or lines), **Covers**, **Notes** (optional).

Every sheet of a workbook that holds a scheme is read, in order; other sheets (a
cover, notes, a glossary) are skipped and named in a note. The header row may have
title rows above it. A sheet laid out as a long-term plan grid (years x half-terms)
gives one unit per cell line. Consecutive rows with the same unit form one unit.

Excel's habits are handled: a UTF-8 BOM, cp1252 text, ``;`` or tab delimiters,
numbers stored as floats (``7.0``), blank rows, merged cells (a merged cell applies
to every row it spans) and blank cells under a filled one (they repeat it).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from coherence.errors import InputError
from coherence.load import limits
from coherence.load.table import SYNONYMS, Table, find_term, find_year, read_tables
from coherence.model import Scheme

__all__ = ["SYNONYMS", "csv_table", "load_csv_scheme", "load_xlsx_scheme", "xlsx_tables"]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _unquote(cell: str) -> str:
    """A cell written behind a quote so that it is not a formula (``'=x``) as written."""
    if cell.startswith("'") and cell[1:2] in ("=", "+", "-", "@"):
        return cell[1:]
    return cell


def csv_table(path: str, data: bytes) -> Table:
    """The rows of a CSV file (delimiter ``,``, ``;`` or tab, from the first line).

    Raises
    ------
    InputError
        On malformed CSV.
    """
    limits.check_row_count(data, path)
    text = _decode(data)
    first = text[:8192].split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count) if first else ","
    limits.check_csv_quotes(text, delimiter, path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    lines: list[int] = []
    start = 1
    try:
        for record in reader:
            rows.append([_unquote(c) if c[:1] == "'" else c for c in record])
            lines.append(start)  # a quoted cell may span lines: a row starts where it starts
            start = reader.line_num + 1
    except csv.Error as e:
        raise InputError(f"malformed CSV: {e}", file=path, line=reader.line_num) from None
    return Table("csv", None, rows, lines)


def xlsx_tables(path: str, data: bytes) -> tuple[list[Table], list[str]]:
    """Every visible worksheet as a table (merged cells filled), and the hidden sheets' names.

    Raises
    ------
    InputError
        When the file is not a readable workbook or has no worksheets.
    """
    limits.check_xlsx(data, path)
    import zipfile

    try:
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as e:
        raise InputError(f"not a readable XLSX workbook ({type(e).__name__})", file=path) from None
    except Exception as e:  # openpyxl raises assorted errors on malformed parts
        raise InputError(
            f"not a readable XLSX workbook ({type(e).__name__}: {str(e)[:80]})", file=path
        ) from None
    sheets = [ws for ws in wb.worksheets if hasattr(ws, "iter_rows")]
    if not sheets:
        raise InputError("the workbook has no worksheets", file=path)
    tables: list[Table] = []
    hidden: list[str] = []
    for ws in sheets:
        if ws.sheet_state != "visible":
            hidden.append(ws.title)
            continue
        tables.append(_sheet_table(ws))
    return tables, hidden


def _sheet_table(ws: Any) -> Table:
    # A merged range's value sits in its top-left cell: copy it to the rest.
    merged: dict[tuple[int, int], Any] = {}
    for rng in ws.merged_cells.ranges:
        value = ws.cell(rng.min_row, rng.min_col).value
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                merged[(r, c)] = value
    rows: list[list[str]] = []
    lines: list[int] = []
    for r, record in enumerate(ws.iter_rows(values_only=True), start=1):
        rows.append([_text(merged.get((r, c + 1), v)) for c, v in enumerate(record)])
        lines.append(r)
    year = find_year(ws.title)
    term = find_term(ws.title)
    return Table(
        "xlsx",
        ws.title,
        rows,
        lines,
        year=year,
        term=term,
        context=f"the sheet name '{ws.title}'" if year or term else None,
    )


def load_csv_scheme(path: str, data: bytes) -> Scheme:
    """Load a scheme from CSV text (one row per small step, or per unit).

    Parameters
    ----------
    path : str
        File name, for messages and source lines.
    data : bytes
        The file's content (UTF-8 with or without BOM, or cp1252).

    Returns
    -------
    Scheme
        With load notes for whatever was read loosely.

    Raises
    ------
    InputError
        Missing required columns, empty required cells, bad numbers, duplicate ids.

    Examples
    --------
    >>> csv_text = "Year,Term,Unit,Step\\n7,Autumn 1,Sequences,Continue a sequence\\n"
    >>> s = load_csv_scheme("s.csv", csv_text.encode())
    >>> s.units[0].id, s.steps[0].id
    ('y7-sequences', 'y7-sequences-1')
    """
    return read_tables(path, [csv_table(path, data)])


def load_xlsx_scheme(path: str, data: bytes) -> Scheme:
    """Load a scheme from every worksheet of an XLSX workbook that holds one.

    Merged cells apply their value to every cell they span. Errors name the
    sheet and cell, e.g. ``Sheet1!B7``.

    Raises
    ------
    InputError
        As :func:`load_csv_scheme`, and when the file is not a workbook.
    """
    tables, hidden = xlsx_tables(path, data)
    if not tables:
        raise InputError("every sheet of the workbook is hidden", file=path)
    if len(tables) == 1 and not any(c for r in tables[0].rows for c in r):
        raise InputError("the first sheet is empty", file=path, cell=f"{tables[0].name}!A1")
    scheme = read_tables(path, tables)
    for name in hidden:
        scheme._notes.append(
            scheme_note(path, f"hidden sheet '{name}' not read (unhide it to include it)")
        )
    return scheme


def scheme_note(path: str, message: str) -> Any:
    """A load note about the whole file."""
    from coherence.model import LoadNote

    return LoadNote(message=message, file=path)
