"""Load Curricular Analytics curriculum and degree-plan CSV files.

The format (curricularanalytics.org) is a few metadata rows (``Curriculum``,
``Institution``, ``Degree Type``, ``System Type``, ``CIP``), then a ``Courses``
row, then a header ``Course ID, Course Name, Prefix, Number, Prerequisites,
Corequisites, Strict-Corequisites, Credit Hours, Institution, Canonical Name``
and optionally ``Term`` (degree plans). Requisites are ``;``-separated course ids.

Each course becomes a step (id = Course ID, title = Course Name, credits =
Credit Hours); prerequisites, co-requisites and strict co-requisites become
edges of their own kind. With a ``Term`` column courses are placed (two terms a
year for semester systems, three for quarter); without one the curriculum is a
single unplaced unit, and rules that need teaching positions are skipped.

Real files' quirks are accepted: a UTF-8 BOM, ``semster`` for semester, uneven
trailing commas, quoted fields, trailing spaces, extra metric columns, and an
``Additional Courses`` section after the plan.
"""

from __future__ import annotations

import csv
import io
import math
from typing import Any

from pydantic import ValidationError

from coherence.errors import InputError
from coherence.load.common import check_scheme, set_lines, validation_error
from coherence.load.limits import MAX_TERM, check_csv_quotes, check_row_count
from coherence.model import PERIODS_PER_YEAR, Scheme
from coherence.text import shorten

_SYSTEMS = {"semester": "semester", "semster": "semester", "quarter": "quarter"}
_REQUIRED = ("course id", "course name")
_KINDS = (("prerequisites", "requires"), ("corequisites", "corequires"))


def _decode(data: bytes, path: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _finite(text: str) -> float | None:
    """A cell's number, or None when it is not one (``inf`` and ``nan`` are not).

    Examples
    --------
    >>> _finite("4.0"), _finite("inf"), _finite("1e999"), _finite("x")
    (4.0, None, None, None)
    """
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _ids(cell: str) -> list[str]:
    return [p.strip() for p in cell.replace(",", ";").split(";") if p.strip()]


def load_ca_csv(path: str, data: bytes) -> Scheme:
    """Load a Curricular Analytics curriculum or degree-plan CSV.

    Parameters
    ----------
    path : str
        The file's name (for messages and source locations).
    data : bytes
        The file's content.

    Returns
    -------
    Scheme
        One step per course; ``system`` is ``semester`` or ``quarter``.

    Raises
    ------
    InputError
        When the file has no course header, a course lacks an id or a name,
        a number is malformed, or an id repeats.

    Examples
    --------
    >>> text = ("Curriculum,CS\\nSystem Type,semester\\nCourses\\n"
    ...         "Course ID,Course Name,Prerequisites,Corequisites\\n1,Intro,,\\n2,Next,1,\\n")
    >>> s = load_ca_csv("cs.csv", text.encode())
    >>> [st.id for st in s.steps], s.steps[1].requires
    (['1', '2'], ['1'])
    """
    check_row_count(data, path)
    text = _decode(data, path)
    check_csv_quotes(text, ",", path)
    rows = list(csv.reader(io.StringIO(text)))
    meta: dict[str, str] = {}
    header_at = None
    for i, row in enumerate(rows):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        first = cells[0].lower()
        if first == "course id":
            header_at = i
            break
        if first and len(cells) > 1:
            meta[first] = cells[1]
    if header_at is None:
        raise InputError("no 'Course ID, Course Name, ...' header row found", file=path, line=1)
    header = [c.strip().lower() for c in rows[header_at]]
    for need in _REQUIRED:
        if need not in header:
            raise InputError(f"the header has no '{need}' column", file=path, line=header_at + 1)
    col = {name: header.index(name) for name in header if name}
    raw_system = meta.get("system type", "semester").strip().lower()
    system = _SYSTEMS.get(raw_system)
    if system is None:
        raise InputError(
            f"unknown System Type '{raw_system}': use semester or quarter",
            file=path,
            line=next(
                (i + 1 for i, r in enumerate(rows) if r and r[0].strip().lower() == "system type"),
                None,
            ),
        )

    def cell(row: list[str], name: str) -> str:
        j = col.get(name)
        return row[j].strip() if j is not None and j < len(row) else ""

    courses: list[tuple[int, dict[str, Any], int | None]] = []
    for i in range(header_at + 1, len(rows)):
        row = rows[i]
        line = i + 1
        if not any(c.strip() for c in row):
            continue
        first = row[0].strip().lower()
        if first in ("additional courses", "courses"):
            continue
        if first == "course id":  # a second section repeats the header
            continue
        cid, name = cell(row, "course id"), cell(row, "course name")
        if not cid:
            raise InputError("a course has no Course ID", file=path, line=line)
        if not name:
            raise InputError(f"course '{cid}' has no Course Name", file=path, line=line)
        step: dict[str, Any] = {"id": cid, "title": name}
        for column, field in _KINDS:
            step[field] = _ids(cell(row, column))
        step["strict_corequires"] = _ids(cell(row, "strict-corequisites"))
        credits = cell(row, "credit hours")
        if credits:
            value = _finite(credits)
            if value is None:
                raise InputError(
                    f"course '{cid}': Credit Hours '{shorten(credits)}' is not a number",
                    file=path,
                    line=line,
                )
            step["credits"] = value
        term: int | None = None
        raw_term = cell(row, "term")
        if raw_term:
            number = _finite(raw_term)
            if number is None or not 1 <= number <= MAX_TERM:
                raise InputError(
                    f"course '{cid}': Term '{shorten(raw_term)}' is not a number"
                    f" from 1 to {MAX_TERM}",
                    file=path,
                    line=line,
                )
            term = int(number)
        courses.append((line, step, term))
    if not courses:
        raise InputError("the file lists no courses", file=path, line=header_at + 1)

    per_year = PERIODS_PER_YEAR[system]
    placed = "term" in col and all(t is not None for _, _, t in courses)
    units: list[dict[str, Any]] = []
    lines: list[int] = []
    if placed:
        terms = sorted({t for _, _, t in courses if t is not None})
        for t in terms:
            units.append(
                {
                    "id": f"term-{t}",
                    "title": f"Term {t}",
                    "year": (t - 1) // per_year + 1,
                    "term": (t - 1) % per_year + 1,
                    "steps": [s for _, s, tt in courses if tt == t],
                }
            )
            lines.extend(ln for ln, _, tt in courses if tt == t)
    else:
        units.append({"id": "courses", "title": "Courses", "steps": [s for _, s, _ in courses]})
        lines.extend(ln for ln, _, _ in courses)
    doc = {
        "name": meta.get("curriculum") or path,
        "school": meta.get("institution") or None,
        "system": system,
        "units": units,
    }
    try:
        scheme = Scheme.model_validate(doc)
    except ValidationError as e:

        def locate(loc: tuple[int | str, ...]) -> int | None:
            if len(loc) >= 4 and loc[0] == "units" and loc[2] == "steps":
                ui, si = int(loc[1]), int(loc[3])
                offset = sum(len(u["steps"]) for u in units[:ui]) + si
                return lines[offset] if offset < len(lines) else None
            return header_at + 1 if header_at is not None else None

        raise validation_error(e, Scheme, path, locate) from None
    for step_model, line in zip(scheme.steps, lines, strict=True):
        set_lines(step_model, line)
    for u in scheme.units:
        set_lines(u, u.steps[0].line)
    scheme._source = path
    return check_scheme(scheme, path)
