"""Tables as departments keep them -> one :class:`~coherence.model.Scheme`.

A spreadsheet sheet, a CSV file and a Word table are all a :class:`Table`: rows of
cell texts and where each row came from. :class:`SchemeBuilder` reads any number
of them into one scheme:

- the header row is looked for within the first rows (title and blank rows above
  it are skipped) and its columns are matched against :data:`SYNONYMS`;
- a table without Unit and Step columns is not a scheme (a cover, notes, a
  glossary): it is skipped and named in a note;
- a sheet name or heading such as ``Year 7`` or ``Y8 Autumn 1`` gives the year
  (and half-term) when there is no such column;
- a Step cell holding several lines is several steps (bullets and numbering
  stripped); blank Year/Term/Unit cells under a filled one repeat it;
- a long-term plan grid (years x half-terms, unit titles in cells) gives units
  of one step each.

Whatever is read loosely becomes a :class:`~coherence.model.LoadNote`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from coherence.errors import InputError
from coherence.load.common import set_lines, slugify, validation_error
from coherence.model import LoadNote, Scheme, parse_term

#: Canonical column -> header spellings (lower case, punctuation folded to spaces).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "year": ("year", "yr", "year group", "school year"),
    "term": ("term", "half term", "halfterm", "ht", "half", "period"),
    "unit": (
        "unit",
        "unit title",
        "unit name",
        "unit of work",
        "block",
        "block title",
        "topic",
        "units",
    ),
    "unit_id": ("unit id", "unit code", "block id", "unit ref"),
    "step": (
        "step",
        "steps",
        "small step",
        "small steps",
        "step title",
        "lesson",
        "lessons titles",
        "lesson title",
        "objective",
        "objectives",
        "learning objective",
        "learning objectives",
    ),
    "step_id": ("step id", "small step id", "step code", "step ref", "id"),
    "strand": ("strand", "thread", "domain", "area"),
    "lessons": ("lessons", "number of lessons", "no of lessons", "hours"),
    "requires": ("requires", "depends on", "requires ids", "prerequisite ids"),
    "prior_knowledge": (
        "prior knowledge",
        "prior learning",
        "previous learning",
        "pre requisites",
        "prerequisites",
        "prerequisite",
        "pre requisite",
        "builds on",
        "requirements",
        "prior knowledge required",
        "prior attainment",
    ),
    "covers": ("covers", "nc code", "nc codes", "statements", "curriculum", "framework"),
    "notes": ("notes", "note", "comments", "teacher notes"),
}
REQUIRED = ("year", "term", "unit", "step")
_LOOKUP = {syn: canon for canon, syns in SYNONYMS.items() for syn in syns}
#: How far down a table the header row is looked for.
HEADER_SEARCH_ROWS = 15
_ITEM_SPLIT = re.compile(r"\s*(?:;|\n|\r|\s[•▪●◦‣]\s)\s*")
_ID_LIST_SPLIT = re.compile(r"[;,\n\r]")
_SEVERAL_LINES = re.compile(r"[\r\n]+|\s[•▪●]\s")
_BULLET = re.compile(r"^\s*(?:[•▪●◦‣■□○✓➢►·]+\s*|[-*–]\s+|\(?\d{1,2}[.)]\s+|\(?[a-hA-H][.)]\s+)")
_YEAR_IN = re.compile(r"(?<![a-z0-9])(?:year|yr|y)\s*(\d{1,2})(?!\d)", re.IGNORECASE)
_TERM_IN = re.compile(
    r"(?<![a-z])(?:(?:autumn|spring|summer|aut|spr|sum)(?:\s*(?:half\s*)?term)?"
    r"(?:\s*\(?[12ab]\)?(?![a-z0-9]))?|ht\s*[1-6]|half\s*term\s*[1-6]|term\s*[1-6])(?![a-z])",
    re.IGNORECASE,
)


def norm_header(text: str) -> str:
    """A header folded for matching: lower case, punctuation to single spaces.

    Examples
    --------
    >>> norm_header("  Pre-requisites: ")
    'pre requisites'
    """
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def strip_bullet(text: str) -> str:
    """A line without its bullet or numbering (``•``, ``-``, ``1.``, ``2)``, ``a)``).

    Examples
    --------
    >>> strip_bullet("  2) Add fractions "), strip_bullet("• Plot y = 2x"), strip_bullet("-3 + 5")
    ('Add fractions', 'Plot y = 2x', '-3 + 5')
    """
    m = _BULLET.match(text)
    return (text[m.end() :] if m else text).strip()


def cell_lines(cell: str) -> list[str]:
    """The items of a cell written one per line (bullets and numbering stripped).

    Examples
    --------
    >>> cell_lines("1. Read numbers\\n2. Compare numbers\\n\\n")
    ['Read numbers', 'Compare numbers']
    """
    if not _SEVERAL_LINES.search(cell):
        one = strip_bullet(cell)
        return [one] if one else []
    out = [strip_bullet(p) for p in _SEVERAL_LINES.split(cell)]
    return [p for p in out if p]


def cell_items(cell: str) -> list[str]:
    """Free-text items of a cell: split on ``;`` and line breaks, bullets stripped.

    Examples
    --------
    >>> cell_items("Know number bonds; - Count in 10s")
    ['Know number bonds', 'Count in 10s']
    """
    if not cell:
        return []
    out = [strip_bullet(p) for p in _ITEM_SPLIT.split(cell)]
    return [p for p in out if p]


def id_items(cell: str) -> list[str]:
    """Items of a Requires cell: ids (split on ``;``, ``,`` or lines) or titles.

    A part holding spaces is a title, so commas split only lists of ids.

    Examples
    --------
    >>> id_items("a, x ; y"), id_items("Fractions, decimals and percentages; b")
    (['a', 'x', 'y'], ['Fractions, decimals and percentages', 'b'])
    """
    if " " not in cell and "\n" not in cell:  # the usual case: ids and nothing else
        return [p for p in _ID_LIST_SPLIT.split(cell) if p]
    out: list[str] = []
    for item in cell_items(cell):
        parts = [p.strip() for p in _ID_LIST_SPLIT.split(item) if p.strip()]
        if len(parts) > 1 and all(" " not in p for p in parts):
            out.extend(parts)
        else:
            out.append(item)
    return out


def find_year(text: str) -> int | None:
    """The school year a sheet name or heading names (``Year 7``, ``Y7``, ``Yr 7``).

    Examples
    --------
    >>> find_year("Year7 SoL"), find_year("Y8 Autumn"), find_year("Cover"), find_year("Y14")
    (7, 8, None, None)
    """
    m = _YEAR_IN.search(text)
    if m and 1 <= int(m.group(1)) <= 13:
        return int(m.group(1))
    return None


def find_term(text: str) -> str | None:
    """The half-term label inside a heading (``Year 7 Autumn Term 1`` -> ``Autumn Term 1``).

    Examples
    --------
    >>> find_term("Year 7: Autumn Term 1"), find_term("HT4 overview"), find_term("Fractions")
    ('Autumn Term 1', 'HT4', None)
    """
    for m in _TERM_IN.finditer(text):
        try:
            parse_term(m.group(0))
        except ValueError:
            continue
        return m.group(0).strip()
    return None


def term_label(text: str) -> int | None:
    """The half-term of a whole cell written as a term label, else None (numbers are not).

    Examples
    --------
    >>> term_label("Autumn 1"), term_label("3"), term_label("Fractions")
    (1, None, None)
    """
    text = text.strip()
    if not text or text.replace(".", "").isdigit() or len(text) > 30:
        return None
    try:
        return parse_term(text)
    except ValueError:
        return None


def year_label(text: str, *, bare: bool) -> int | None:
    """The year of a whole cell such as ``Year 7``/``Y7`` (or ``7`` when ``bare``).

    Examples
    --------
    >>> year_label("Year 8", bare=False), year_label("8", bare=False), year_label("8", bare=True)
    (8, None, 8)
    """
    text = text.strip()
    if bare and re.fullmatch(r"\d{1,2}(\.0+)?", text) and 1 <= int(float(text)) <= 13:
        return int(float(text))
    if re.fullmatch(r"(?:year|yr|y)\s*\d{1,2}", text, re.IGNORECASE):
        return find_year(text)
    return None


@dataclass
class Table:
    """One table of cell texts: a CSV file, a sheet, or a table in a Word document.

    ``lines`` holds the 1-based source row of each row (a CSV line, a sheet row, a
    table row). ``year``/``term`` come from the sheet name or a heading, with
    ``context`` saying which, for notes.
    """

    kind: str  # "csv", "xlsx" or "docx"
    name: str | None  # the sheet name, or "table 2" in a document
    rows: list[list[str]]
    lines: list[int]
    year: int | None = None
    term: str | None = None
    context: str | None = None

    def where(self, index: int, col: int | None = None) -> dict[str, Any]:
        """``line=`` or ``cell=`` keyword arguments locating a row (and column)."""
        line = self.lines[index]
        if self.kind == "csv":
            return {"line": line}
        if self.kind == "docx":
            return {"cell": f"{self.name} row {line}"}
        from openpyxl.utils import get_column_letter

        return {"cell": f"{self.name}!{get_column_letter((col or 0) + 1)}{line}"}

    def label(self) -> str:
        """How notes name the table: ``sheet 'Year 7'``, ``table 2``, or ``the file``."""
        if self.kind == "xlsx":
            return f"sheet '{self.name}'"
        return self.name or "the file"

    def prefix(self) -> str:
        """``sheet 'Year 7': `` before a note about the table (nothing for a CSV file)."""
        return f"{self.label()}: " if self.name else ""


def map_headers(headers: list[str]) -> dict[str, int]:
    """Canonical column -> index for the headers that match :data:`SYNONYMS`.

    Examples
    --------
    >>> map_headers(["Year group", "Half term", "Block", "Small steps", "Resources"])
    {'year': 0, 'term': 1, 'unit': 2, 'step': 3}
    """
    found: dict[str, int] = {}
    for i, h in enumerate(headers):
        canon = _LOOKUP.get(norm_header(h))
        if canon and canon not in found:
            found[canon] = i
    return found


def find_header(table: Table) -> tuple[int, dict[str, int]] | None:
    """The header row (index, columns) within the first rows, or None if there is none.

    The header is the row matching most columns; it needs a Unit or a Step column.

    Examples
    --------
    >>> t = Table("csv", None, [["Scheme 2025"], [], ["Unit", "Small step"]], [1, 2, 3])
    >>> find_header(t)
    (2, {'unit': 0, 'step': 1})
    """
    best: tuple[int, dict[str, int]] | None = None
    for i, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        cols = map_headers(row)
        if ("unit" in cols or "step" in cols) and (best is None or len(cols) > len(best[1])):
            best = (i, cols)
    return best


#: Where an item was written: its table, row index and column index.
Loc = tuple[Table, int, int]


@dataclass
class _Placed:
    """A scheme item being built, and where it was written."""

    data: dict[str, Any]
    line: int | None
    loc: Loc

    @property
    def where(self) -> dict[str, Any]:
        """``line=``/``cell=`` keyword arguments for an error about the item."""
        table, row, col = self.loc
        return table.where(row, col)


@dataclass
class SchemeBuilder:
    """Reads tables one by one into the units, steps and prior items of one scheme."""

    path: str
    prior: list[_Placed] = field(default_factory=list)
    units: list[_Placed] = field(default_factory=list)
    steps: list[list[_Placed]] = field(default_factory=list)
    notes: list[LoadNote] = field(default_factory=list)
    ids: dict[str, Loc] = field(default_factory=dict)
    tables_read: int = 0
    #: No table has a Step column: tables of units (Year, Term, Unit) are read as units of
    #: one step each, like a long-term plan.
    unit_lists: bool = False
    context_notes: list[tuple[Table, str]] = field(default_factory=list)

    def note_contexts(self) -> None:
        """Say where years and half-terms came from: per table, or in one note for many."""
        items = self.context_notes
        if len(items) <= 3:
            for table, text in items:
                self.note(f"{table.prefix()}{text}")
        elif items:
            shown = "; ".join(f"{t.label()}: {text}" for t, text in items[:2])
            self.note(
                f"the year or half-term of {len(items)} tables was taken from their sheet names"
                f" or headings ({shown}; ...)"
            )

    # -- notes and ids -------------------------------------------------------

    def note(self, message: str, where: dict[str, Any] | None = None) -> None:
        """Record something read loosely."""
        self.notes.append(LoadNote(message=message, file=self.path, **(where or {})))

    def claim(self, item_id: str, loc: Loc) -> None:
        """Reserve an id written in the file; a second use is an error."""
        if item_id in self.ids:
            table, row, col = loc
            where = table.where(row, col)
            table, row, col = self.ids[item_id]
            first = table.where(row, col)
            at = first.get("cell") or (f"line {first['line']}" if first.get("line") else "")
            also = f" (first defined at {at})" if first.get("cell") else f" (first defined on {at})"
            raise InputError(
                f"duplicate id '{item_id}'" + (also if at else ""), file=self.path, **where
            )
        self.ids[item_id] = loc

    def fresh_id(self, base: str, loc: Loc) -> str:
        """An id derived from a title, made unique with ``-2``, ``-3``..."""
        new_id, n = base, 2
        while new_id in self.ids:
            new_id, n = f"{base}-{n}", n + 1
        self.ids[new_id] = loc
        return new_id

    # -- tables ---------------------------------------------------------------

    def add_table(self, table: Table) -> str | None:
        """Read a table; return why it is not a scheme (None when it was read)."""
        if not any(c.strip() for row in table.rows for c in row):
            return "it is empty"
        if self._add_grid(table):
            self.tables_read += 1
            return None
        header = find_header(table)
        if self.unit_lists and header is not None and "unit" in header[1]:
            head, cols = header
            self.note(
                f"{table.prefix()}no Step column: each unit is read as one step with"
                " the unit's title",
                table.where(head),
            )
            header = (head, {**cols, "step": cols["unit"]})
        if header is None or not ("unit" in header[1] and "step" in header[1]):
            return "it has no Unit and Step columns"
        self._add_rows(table, *header)
        self.tables_read += 1
        return None

    def missing_columns_error(self, table: Table) -> InputError:
        """The error for a file whose only table is not a scheme: the columns it lacks."""
        header = find_header(table)
        index = (
            header[0]
            if header
            else next((i for i, r in enumerate(table.rows) if any(c.strip() for c in r)), 0)
        )
        cols = header[1] if header else {}
        row = table.rows[index] if table.rows else []
        missing = [c for c in REQUIRED if c not in cols]
        seen = ", ".join(repr(h) for h in row if h.strip()) or "none"
        return InputError(
            f"missing required column(s) {', '.join(missing)} in the header row (found: {seen})",
            file=self.path,
            **(table.where(index) if table.rows else {}),
        )

    def _add_rows(self, table: Table, head: int, cols: dict[str, int]) -> None:
        missing = [
            c
            for c in REQUIRED
            if c not in cols
            and not (c == "year" and table.year)
            and not (c == "term" and table.term)
        ]
        if missing:
            seen = ", ".join(repr(h) for h in table.rows[head] if h.strip()) or "none"
            raise InputError(
                f"missing required column(s) {', '.join(missing)} in the header row"
                f" (found: {seen})",
                file=self.path,
                **table.where(head),
            )
        if head > 0:
            above = [c.strip() for r in table.rows[:head] for c in r if c.strip()]
            shown = f": {above[0][:60]!r}" if above else ""
            self.note(
                f"{table.prefix()}header found on row {table.lines[head]}; "
                f"{head} row(s) above it skipped{shown}",
                table.where(head),
            )
        ignored = [
            h.strip()
            for i, h in enumerate(table.rows[head])
            if h.strip() and i not in cols.values()
        ]
        if ignored:
            self.note(
                f"{table.prefix()}column(s) not read: {', '.join(repr(h) for h in ignored)}",
                table.where(head),
            )
        taken = []
        if table.year and "year" not in cols:
            taken.append(f"year {table.year}")
        if table.term and "term" not in cols:
            taken.append(f"half-term '{table.term}'")
        if taken:
            self.context_notes.append((table, f"{' and '.join(taken)} from {table.context}"))
        _RowReader(self, table, cols).read(head)

    def _add_grid(self, table: Table) -> bool:
        """Read a long-term plan grid (years x half-terms or the transpose); False if not one."""
        for h, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
            terms = {i: term_label(c) for i, c in enumerate(row) if i > 0}
            years = {i: year_label(c, bare=False) for i, c in enumerate(row) if i > 0}
            if sum(v is not None for v in terms.values()) >= 2:
                by_col = {i: str(v) for i, v in terms.items() if v is not None}
                self._read_grid(table, h, by_col, transpose=False)
                return True
            if sum(v is not None for v in years.values()) >= 2:
                by_col = {i: str(v) for i, v in years.items() if v is not None}
                self._read_grid(table, h, by_col, transpose=True)
                return True
        return False

    def _read_grid(self, table: Table, head: int, by_col: dict[int, str], transpose: bool) -> None:
        # text[(year, term)] = (cell text, row index, column)
        text_at: dict[tuple[int, int], tuple[str, int, int]] = {}
        for r in range(head + 1, len(table.rows)):
            row = table.rows[r]
            first = row[0] if row else ""
            label = term_label(first) if transpose else year_label(first, bare=True)
            if label is None and not transpose and len(first) <= 40:
                label = find_year(first)  # "Year 7 (set 1)", "Y7 higher"
            if label is None:
                if any(c.strip() for c in row):
                    self.note(
                        f"{table.prefix()}plan row {first.strip()[:40]!r} skipped:"
                        " its first cell is not a " + ("half-term" if transpose else "year"),
                        table.where(r),
                    )
                continue
            for c, key in by_col.items():
                text = row[c].strip() if c < len(row) else ""
                if text:
                    year, term = (int(key), label) if transpose else (label, int(key))
                    text_at[(year, term)] = (text, r, c)
        cells: dict[tuple[int, int], list[tuple[str, int, int]]] = {}
        spans = 0
        for (year, term), (text, r, c) in sorted(text_at.items()):
            before = text_at.get((year, term - 1))
            if before is not None and before[0] == text:
                spans += 1  # a unit merged (or repeated) across half-terms is placed once
                continue
            cells[(year, term)] = [(title, r, c) for title in cell_lines(text)]
        count = 0
        for (year, term), items in sorted(cells.items()):
            for title, r, c in items:
                where = (table, r, c)
                uid = self.fresh_id(slugify(f"y{year}-{title}"), where)
                line = None if table.kind == "docx" else table.lines[r]
                self.units.append(
                    _Placed({"id": uid, "title": title, "year": year, "term": term}, line, where)
                )
                step = {"id": self.fresh_id(f"{uid}-1", where), "title": title}
                self.steps.append([_Placed(step, line, where)])
                count += 1
        orientation = "half-terms across, years down" if not transpose else "years across"
        self.note(
            f"{table.prefix()}read as a long-term plan ({orientation}): {count} unit(s),"
            " each one step with the unit's title"
            + (f"; {spans} unit(s) spanning two half-terms placed at the first" if spans else ""),
            table.where(head),
        )

    # -- the scheme --------------------------------------------------------------

    def scheme(self) -> Scheme:
        """Validate everything read into a :class:`Scheme` carrying the load notes."""
        from pathlib import Path

        units = []
        for u, steps in zip(self.units, self.steps, strict=True):
            units.append({**u.data, "steps": [s.data for s in steps]})
        doc = {"name": Path(self.path).stem, "prior": [p.data for p in self.prior], "units": units}
        try:
            scheme = Scheme.model_validate(doc)
        except ValidationError as e:
            raise self._error(e) from None
        for item, placed in zip(scheme.prior, self.prior, strict=True):
            set_lines(item, placed.line)
        for unit_model, u, steps in zip(scheme.units, self.units, self.steps, strict=True):
            set_lines(unit_model, u.line)
            for step_model, s in zip(unit_model.steps, steps, strict=True):
                set_lines(step_model, s.line)
        scheme._source = self.path
        scheme._notes = list(self.notes)
        return scheme

    def _placed_at(self, loc: tuple[int | str, ...]) -> _Placed | None:
        if len(loc) >= 2 and loc[0] == "prior":
            return self.prior[int(loc[1])]
        if len(loc) >= 4 and loc[0] == "units" and loc[2] == "steps":
            return self.steps[int(loc[1])][int(loc[3])]
        if len(loc) >= 2 and loc[0] == "units":
            return self.units[int(loc[1])]
        return None

    def _error(self, err: ValidationError) -> InputError:
        def locate(loc: tuple[int | str, ...]) -> int | None:
            placed = self._placed_at(loc)
            return placed.line if placed else None

        e = validation_error(err, Scheme, self.path, locate)
        msg = e.message.replace("units[", "unit[").replace("steps[", "step[")
        placed = self._placed_at(tuple(err.errors()[0]["loc"]))
        if placed is not None:
            return InputError(msg, file=self.path, **placed.where)
        return InputError(msg, file=self.path, line=e.line)


#: Columns whose blank cells repeat the cell above (as a merged cell would).
_FILL_DOWN = ("year", "term", "unit", "unit_id", "strand")


class _RowReader:
    """Reads the data rows of one scheme table (one row per step, or per unit)."""

    def __init__(self, builder: SchemeBuilder, table: Table, cols: dict[str, int]) -> None:
        self.b = builder
        self.t = table
        self.cols = cols
        self.filled = 0
        self.split_cells = 0
        self.split_steps = 0
        self.first_split: Loc | None = None
        self.lessons_dropped = 0

    def where(self, r: int, name: str) -> dict[str, Any]:
        return self.t.where(r, self.cols.get(name, 0))

    def loc(self, r: int, name: str) -> Loc:
        return (self.t, r, self.cols.get(name, 0))

    def read(self, head: int) -> None:
        last: dict[str, str] = {}
        fill = [n for n in _FILL_DOWN if n in self.cols]
        unit_key: str | None = None
        seen_keys: set[str] = set()
        for r in range(head + 1, len(self.t.rows)):
            row = self.t.rows[r]
            if not "".join(row).strip():
                continue
            width = len(row)
            values = {n: row[i].strip() if i < width else "" for n, i in self.cols.items()}
            year, term = values.get("year", ""), values.get("term", "")
            if "prior" in (year.lower(), term.lower()):
                self._prior(r, values)
                continue
            new_unit = bool(values.get("unit"))
            for name in fill:
                if values[name]:
                    last[name] = values[name]
                elif name in last and not (name == "unit_id" and new_unit):
                    values[name] = last[name]
                    self.filled += 1
            key = self._unit_for(r, values, unit_key, seen_keys)
            seen_keys.add(key)
            unit_key = key
            self._steps(r, values)
        self._notes()

    def _prior(self, r: int, values: dict[str, str]) -> None:
        title = values.get("step", "")
        if not title:
            raise InputError(
                "a prior-knowledge row has no Step title", file=self.b.path, **self.where(r, "step")
            )
        where = self.loc(r, "step_id" if values.get("step_id") else "step")
        pid = values.get("step_id") or ""
        if pid:
            self.b.claim(pid, where)
        else:
            pid = self.b.fresh_id(slugify(title), where)
        data = {"id": pid, "title": title, "covers": id_items(values.get("covers", ""))}
        line = None if self.t.kind == "docx" else self.t.lines[r]
        self.b.prior.append(_Placed(data, line, where))

    def _unit_for(self, r: int, values: dict[str, str], current: str | None, seen: set[str]) -> str:
        """Start a new unit unless the row continues the current one; return its key."""
        unit_title, uid = values.get("unit", ""), values.get("unit_id", "")
        if not unit_title and not uid:
            raise InputError("the row has no Unit", file=self.b.path, **self.where(r, "unit"))
        year = values.get("year") or (str(self.t.year) if self.t.year else "")
        term = values.get("term") or (self.t.term or "")
        for name, value in (("year", year), ("term", term)):
            if not value:
                raise InputError(
                    f"the row has no {name.title()}", file=self.b.path, **self.where(r, name)
                )
        key = uid or f"{year}|{term}|{unit_title}"
        if key == current:
            return key
        if key in seen and not uid:
            key = f"{key}|{r}"  # the same title again later: a separate unit
        where = self.loc(r, "unit_id" if uid else "unit")
        if uid:
            self.b.claim(uid, where)
        new_id = uid or self.b.fresh_id(slugify(f"y{year}-{unit_title}"), where)
        try:
            parse_term(term)
        except ValueError as e:
            raise InputError(
                f"unit '{new_id}': {e}", file=self.b.path, **self.where(r, "term")
            ) from None
        data: dict[str, Any] = {
            "id": new_id,
            "title": unit_title or new_id,
            "year": year,
            "term": term,
            "strand": values.get("strand") or None,
        }
        line = None if self.t.kind == "docx" else self.t.lines[r]
        self.b.units.append(_Placed(data, line, where))
        self.b.steps.append([])
        return key

    def _steps(self, r: int, values: dict[str, str]) -> None:
        cell = values.get("step", "")
        if not cell:
            raise InputError("the row has no Step title", file=self.b.path, **self.where(r, "step"))
        titles = cell_lines(cell)
        unit = self.b.units[-1]
        steps = self.b.steps[-1]
        links = self._links(values)
        line = None if self.t.kind == "docx" else self.t.lines[r]
        where = self.loc(r, "step")
        if len(titles) > 1:
            # One row per unit: the row's links and notes belong to the unit.
            self.split_cells += 1
            self.split_steps += len(titles)
            self.first_split = self.first_split or where
            for k, v in links.items():
                unit.data[k] = [*unit.data.get(k, []), *v]
            if values.get("notes"):
                unit.data["notes"] = values["notes"]
            if values.get("lessons"):
                self.lessons_dropped += 1
            sid = values.get("step_id", "")
            for title in titles:
                step_id = (
                    f"{sid}-{len(steps) + 1}" if sid else f"{unit.data['id']}-{len(steps) + 1}"
                )
                self.b.claim(step_id, where)
                steps.append(_Placed({"id": step_id, "title": title}, line, where))
            return
        sid = values.get("step_id", "")
        step_id = sid or f"{unit.data['id']}-{len(steps) + 1}"
        self.b.claim(step_id, self.loc(r, "step_id") if sid else where)
        step: dict[str, Any] = {"id": step_id, "title": titles[0] if titles else cell, **links}
        if values.get("notes"):
            step["notes"] = values["notes"]
        lessons = values.get("lessons", "")
        if lessons:
            try:
                as_float = float(lessons)
            except ValueError:
                raise InputError(
                    f"Lessons '{lessons}' is not a number",
                    file=self.b.path,
                    **self.where(r, "lessons"),
                ) from None
            step["lessons"] = int(as_float) if as_float.is_integer() else lessons
        steps.append(_Placed(step, line, where))

    def _links(self, values: dict[str, str]) -> dict[str, list[str]]:
        """requires / prior_knowledge / covers of a row (titles in Requires kept as text)."""
        if not (values.get("requires") or values.get("prior_knowledge") or values.get("covers")):
            return {}
        requires: list[str] = []
        prior: list[str] = []
        for item in id_items(values.get("requires", "")):
            (requires if " " not in item and "," not in item else prior).append(item)
        prior.extend(cell_items(values.get("prior_knowledge", "")))
        out = {"requires": requires, "prior_knowledge": prior}
        out["covers"] = id_items(values.get("covers", ""))
        return {k: v for k, v in out.items() if v}

    def _notes(self) -> None:
        label = self.t.prefix()
        if self.split_cells:
            self.b.note(
                f"{label}{self.split_cells} Step cell(s) held several lines:"
                f" read as {self.split_steps} steps, one per line",
                self.t.where(*self.first_split[1:]) if self.first_split else None,
            )
        if self.lessons_dropped:
            self.b.note(
                f"{label}Lessons on {self.lessons_dropped} row(s) of several steps not read"
                " (each step counts 1 lesson)"
            )
        if self.filled:
            self.b.note(
                f"{label}{self.filled} blank Year/Term/Unit/Strand cell(s) repeat the cell above"
            )


def read_tables(
    path: str, tables: list[Table], describe: Callable[[Table, str], str] | None = None
) -> Scheme:
    """Read tables into one scheme; tables that are not schemes are skipped with a note.

    Raises
    ------
    InputError
        When no table holds a scheme (naming the missing columns when there is one
        table), or for bad cells.

    Examples
    --------
    >>> cover = Table("xlsx", "Cover", [["Maths"]], [1])
    >>> y7 = Table("xlsx", "Year 7", [["Term", "Unit", "Step"], ["HT1", "Number", "Count"]],
    ...            [1, 2], year=7, context="the sheet name 'Year 7'")
    >>> s = read_tables("s.xlsx", [cover, y7])
    >>> s.units[0].year
    7
    >>> for note in s.load_notes:
    ...     print(note.message)
    sheet 'Cover' skipped: it has no Unit and Step columns
    sheet 'Year 7': year 7 from the sheet name 'Year 7'
    """
    builder = SchemeBuilder(path)
    headers = [find_header(t) for t in tables]
    builder.unit_lists = not any(h is not None and "step" in h[1] for h in headers)
    for table in tables:
        why = builder.add_table(table)
        if why is not None:
            builder.note(describe(table, why) if describe else f"{table.label()} skipped: {why}")
    if not builder.units:
        if len(tables) == 1:
            if builder.tables_read:
                raise InputError("the sheet has a header but no steps", file=path)
            raise builder.missing_columns_error(tables[0])
        if not tables:
            raise InputError("no table found", file=path)
        names = ", ".join(t.label() for t in tables)
        raise InputError(
            f"no scheme found: none of {names} has Unit and Step columns"
            " (or is a long-term plan grid)",
            file=path,
        )
    builder.note_contexts()
    return builder.scheme()
