"""Load a scheme from a spreadsheet (``.csv`` or ``.xlsx``): one row per small step.

Columns (headers matched case-insensitively, with common synonyms):

- **Year** (required): ``7``, ``7.0``, ``Year 7``; ``prior`` marks a prior-knowledge row.
- **Term** (required): ``Autumn 1``, ``autumn-1``, ``HT2``, ``1``..``6``, ``Spring``.
- **Unit** (required): the unit's title. **Unit ID** (optional): derived from the title.
- **Step** (required): the small step's title. **Step ID** (optional): ``<unit id>-<n>``.
- **Strand**, **Lessons**, **Requires**, **Covers** (optional); lists are separated by
  ``;`` or ``,``.

Consecutive rows with the same unit (id, or title within the same year and term)
form one unit; units keep the order of their first row. Requires and Covers on
a unit's rows go to those steps (a unit's own requirements are written on its
first step, which is where a unit's ``requires`` apply anyway).

Excel's habits are handled: a UTF-8 BOM, cp1252 text, ``;`` or tab delimiters,
numbers stored as floats (``7.0``), blank rows, and merged cells (a merged
Year/Term/Unit cell applies to every row it spans).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from coherence.errors import InputError
from coherence.load import limits
from coherence.load.common import check_scheme, set_lines, slugify, validation_error
from coherence.model import Scheme

#: Canonical column -> header spellings (lower case, punctuation folded to spaces).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "year": ("year", "yr", "year group", "school year"),
    "term": ("term", "half term", "halfterm", "ht", "half", "period"),
    "unit": ("unit", "unit title", "unit name", "block", "block title", "topic"),
    "unit_id": ("unit id", "unit code", "block id", "unit ref"),
    "step": ("step", "small step", "small steps", "step title", "lesson", "objective"),
    "step_id": ("step id", "small step id", "step code", "step ref", "id"),
    "strand": ("strand", "thread", "domain", "area"),
    "lessons": ("lessons", "number of lessons", "no of lessons", "hours"),
    "requires": (
        "requires",
        "prerequisites",
        "prerequisite",
        "prior knowledge",
        "builds on",
        "depends on",
    ),
    "covers": ("covers", "nc code", "nc codes", "statements", "curriculum", "framework"),
}
REQUIRED = ("year", "term", "unit", "step")
_LIST_SPLIT = re.compile(r"[;,\n]")


@dataclass
class _Row:
    """One spreadsheet row, its place (line or cell) and its values by column."""

    line: int
    where: str | None  # a cell reference such as "Sheet1!A7" for XLSX
    values: dict[str, str]


def _norm_header(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def _map_headers(headers: list[str], file: str, line: int, cell: str | None) -> dict[str, int]:
    lookup = {syn: canon for canon, syns in SYNONYMS.items() for syn in syns}
    found: dict[str, int] = {}
    for i, h in enumerate(headers):
        canon = lookup.get(_norm_header(h))
        if canon and canon not in found:
            found[canon] = i
    missing = [c for c in REQUIRED if c not in found]
    if missing:
        seen = ", ".join(repr(h) for h in headers if h.strip()) or "none"
        raise InputError(
            f"missing required column(s) {', '.join(missing)} in the header row (found: {seen})",
            file=file,
            line=None if cell else line,
            cell=cell,
        )
    return found


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _split(cell: str) -> list[str]:
    return [p.strip() for p in _LIST_SPLIT.split(cell) if p.strip()]


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _csv_rows(path: str, data: bytes) -> tuple[list[str], list[_Row], int]:
    text = _decode(data)
    sample = text[:8192]
    first = sample.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count) if first else ","
    limits.check_csv_quotes(text, delimiter, path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    header_line = 0
    rows: list[_Row] = []
    try:
        for record in reader:
            line = reader.line_num
            if header is None:
                if any(c.strip() for c in record):
                    header, header_line = record, line
                continue
            rows.append(_Row(line, None, {str(i): c for i, c in enumerate(record)}))
    except csv.Error as e:
        raise InputError(f"malformed CSV: {e}", file=path, line=reader.line_num) from None
    if header is None:
        raise InputError("no header row", file=path, line=1)
    return header, rows, header_line


def _xlsx_rows(path: str, data: bytes) -> tuple[list[str], list[_Row], int, str]:
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
    if not wb.worksheets:
        raise InputError("the workbook has no worksheets", file=path)
    ws = wb.active if wb.active is not None else wb.worksheets[0]
    sheet = ws.title
    # A merged range's value sits in its top-left cell: copy it to the rest.
    merged: dict[tuple[int, int], Any] = {}
    for rng in ws.merged_cells.ranges:
        value = ws.cell(rng.min_row, rng.min_col).value
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                merged[(r, c)] = value
    header: list[str] | None = None
    header_line = 0
    rows: list[_Row] = []
    for r, record in enumerate(ws.iter_rows(values_only=True), start=1):
        values = [merged.get((r, c + 1), v) for c, v in enumerate(record)]
        if header is None:
            if any(_text(v) for v in values):
                header, header_line = [_text(v) for v in values], r
            continue
        rows.append(
            _Row(
                r,
                f"{sheet}!A{r}",
                {str(i): _text(v) for i, v in enumerate(values)},
            )
        )
    if header is None:
        raise InputError("the first sheet is empty", file=path, cell=f"{sheet}!A1")
    return header, rows, header_line, sheet


def _build(
    path: str, header: list[str], rows: list[_Row], header_line: int, sheet: str | None
) -> Scheme:
    cols = _map_headers(header, path, header_line, f"{sheet}!A{header_line}" if sheet else None)

    def get(row: _Row, name: str) -> str:
        i = cols.get(name)
        return row.values.get(str(i), "").strip() if i is not None else ""

    def place(row: _Row, name: str) -> dict[str, Any]:
        if sheet is None:
            return {"line": row.line}
        from openpyxl.utils import get_column_letter

        col = get_column_letter(cols.get(name, 0) + 1)
        return {"cell": f"{sheet}!{col}{row.line}"}

    prior: list[dict[str, Any]] = []
    units: list[dict[str, Any]] = []
    unit_index: dict[str, int] = {}
    used_ids: set[str] = set()
    step_lines: list[tuple[int, str | None]] = []
    prior_lines: list[tuple[int, str | None]] = []
    unit_lines: list[tuple[int, str | None]] = []
    last_key: str | None = None
    for row in rows:
        if not any(v.strip() for v in row.values.values()):
            continue
        year = get(row, "year")
        term = get(row, "term")
        title = get(row, "step")
        if year.lower() == "prior" or term.lower() == "prior":
            pid = get(row, "step_id") or slugify(title)
            if not title:
                raise InputError(
                    "a prior-knowledge row has no Step title", file=path, **place(row, "step")
                )
            prior.append({"id": pid, "title": title, "covers": _split(get(row, "covers"))})
            prior_lines.append((row.line, row.where))
            continue
        unit_title = get(row, "unit")
        if not unit_title and not get(row, "unit_id"):
            raise InputError("the row has no Unit", file=path, **place(row, "unit"))
        if not title:
            raise InputError("the row has no Step title", file=path, **place(row, "step"))
        for name in ("year", "term"):
            if not get(row, name):
                raise InputError(f"the row has no {name.title()}", file=path, **place(row, name))
        uid = get(row, "unit_id")
        key = uid or f"{year}|{term}|{unit_title}"
        if key != last_key or key not in unit_index:
            if key in unit_index and not uid:
                # The same title again later (not consecutive): a separate unit.
                key = f"{key}|{len(units)}"
            if uid and key in unit_index:
                u = units[unit_index[key]]
            else:
                new_id = uid or slugify(f"y{year}-{unit_title}")
                base, n = new_id, 2
                while not uid and new_id in used_ids:
                    new_id, n = f"{base}-{n}", n + 1
                used_ids.add(new_id)
                u = {
                    "id": new_id,
                    "title": unit_title or new_id,
                    "year": year,
                    "term": term,
                    "strand": get(row, "strand") or None,
                    "steps": [],
                }
                unit_index[key] = len(units)
                units.append(u)
                unit_lines.append((row.line, row.where))
        else:
            u = units[unit_index[key]]
        last_key = key
        step: dict[str, Any] = {
            "id": get(row, "step_id") or f"{u['id']}-{len(u['steps']) + 1}",
            "title": title,
            "requires": _split(get(row, "requires")),
            "covers": _split(get(row, "covers")),
        }
        lessons = get(row, "lessons")
        if lessons:
            try:
                as_float = float(lessons)
            except ValueError:
                raise InputError(
                    f"Lessons '{lessons}' is not a number", file=path, **place(row, "lessons")
                ) from None
            step["lessons"] = int(as_float) if as_float.is_integer() else lessons
        u["steps"].append(step)
        step_lines.append((row.line, row.where))
    if not units:
        raise InputError("the sheet has a header but no steps", file=path, line=header_line)
    doc = {"name": Path(path).stem, "prior": prior, "units": units}
    try:
        scheme = Scheme.model_validate(doc)
    except ValidationError as e:
        raise _row_error(e, path, units, prior, step_lines, unit_lines, prior_lines) from None
    for item, (line, _) in zip(scheme.prior, prior_lines, strict=True):
        set_lines(item, line)
    for unit_model, (line, _) in zip(scheme.units, unit_lines, strict=True):
        set_lines(unit_model, line)
    for step_model, (line, _) in zip(scheme.steps, step_lines, strict=True):
        set_lines(step_model, line)
    scheme._source = path
    if sheet is None:
        return check_scheme(scheme, path)
    try:
        return check_scheme(scheme, path)
    except InputError as e:
        # Spreadsheet users think in cells: turn the row number into one.
        raise InputError(
            e.message, file=path, cell=f"{sheet}!A{e.line}" if e.line else None
        ) from None


def _row_error(
    err: ValidationError,
    path: str,
    units: list[dict[str, Any]],
    prior: list[dict[str, Any]],
    step_lines: list[tuple[int, str | None]],
    unit_lines: list[tuple[int, str | None]],
    prior_lines: list[tuple[int, str | None]],
) -> InputError:
    def locate(loc: tuple[int | str, ...]) -> int | None:
        if len(loc) >= 2 and loc[0] == "prior":
            return prior_lines[int(loc[1])][0]
        if len(loc) >= 4 and loc[0] == "units" and loc[2] == "steps":
            offset = sum(len(u["steps"]) for u in units[: int(loc[1])]) + int(loc[3])
            return step_lines[offset][0]
        if len(loc) >= 2 and loc[0] == "units":
            return unit_lines[int(loc[1])][0]
        return None

    e = validation_error(err, Scheme, path, locate)
    where = None
    first = err.errors()[0]["loc"]
    if len(first) >= 4 and first[0] == "units" and first[2] == "steps":
        offset = sum(len(u["steps"]) for u in units[: int(first[1])]) + int(first[3])
        where = step_lines[offset][1]
    elif len(first) >= 2 and first[0] == "units":
        where = unit_lines[int(first[1])][1]
    msg = e.message.replace("units[", "unit[").replace("steps[", "step[")
    if where:
        return InputError(msg, file=path, cell=where)
    return InputError(msg, file=path, line=e.line)


def load_csv_scheme(path: str, data: bytes) -> Scheme:
    """Load a scheme from CSV text (one row per small step).

    Parameters
    ----------
    path : str
        File name, for messages and source lines.
    data : bytes
        The file's content (UTF-8 with or without BOM, or cp1252).

    Returns
    -------
    Scheme

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
    limits.check_row_count(data, path)
    header, rows, header_line = _csv_rows(path, data)
    return _build(path, header, rows, header_line, None)


def load_xlsx_scheme(path: str, data: bytes) -> Scheme:
    """Load a scheme from the first worksheet of an XLSX workbook.

    Merged cells apply their value to every cell they span. Errors name the
    sheet and cell, e.g. ``Sheet1!B7``.

    Raises
    ------
    InputError
        As :func:`load_csv_scheme`, and when the file is not a workbook.
    """
    limits.check_xlsx(data, path)
    header, rows, header_line, sheet = _xlsx_rows(path, data)
    return _build(path, header, rows, header_line, sheet)
