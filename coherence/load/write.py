"""Write a loaded scheme back out: the native YAML, or a department-style CSV/XLSX.

Used by ``coherence convert``. The YAML starts with the ``yaml-language-server``
schema line and says, in comments, what the loader read loosely. The CSV/XLSX has
one row per step (prior items first, Year ``prior``) with the columns of
:data:`HEADERS`, which the spreadsheet loader reads back to the same scheme.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from coherence.model import HALF_TERM_NAMES, Scheme, parse_term, term_name

HEADERS = (
    "Year",
    "Term",
    "Unit ID",
    "Unit",
    "Strand",
    "Step ID",
    "Step",
    "Lessons",
    "Requires",
    "Prior knowledge",
    "Covers",
    "Notes",
)
SCHEMA_LINE = "# yaml-language-server: $schema=./scheme.schema.json"
# Cells a spreadsheet would run as a formula (CSV injection): written behind a quote.
_FORMULA_START = ("=", "+", "-", "@")


def _term(scheme: Scheme, term: int | str | None, labels: tuple[str, ...]) -> Any:
    if term is None or scheme.system != "half-terms":
        return term
    return labels[parse_term(term) - 1]


def scheme_data(scheme: Scheme) -> dict[str, Any]:
    """The scheme as plain data in the YAML format's key order, defaults left out.

    Examples
    --------
    >>> s = Scheme.model_validate({"name": "S", "units": [{"id": "u", "title": "U",
    ...     "term": "Aut 2", "steps": [{"id": "a", "title": "A", "lessons": 1}]}]})
    >>> unit = scheme_data(s)["units"][0]
    >>> unit["term"], unit["steps"]
    ('autumn-2', [{'id': 'a', 'title': 'A'}])
    """
    data: dict[str, Any] = scheme.model_dump(mode="json", exclude_defaults=True)
    half_terms = scheme.system == "half-terms"
    for unit in data.get("units", []):
        if "term" in unit:
            term = unit["term"]
            unit["term"] = term_name(term) if isinstance(term, str) and half_terms else term
    return data


def scheme_yaml(scheme: Scheme, source: str | None = None) -> str:
    """The scheme as native YAML text, with the schema line and the load notes as comments."""
    from ruamel.yaml import YAML

    from coherence.text import printable

    head = [SCHEMA_LINE, "# (make scheme.schema.json with: coherence schema > scheme.schema.json)"]
    if source:
        head.append(f"# Converted from {printable(source)} by coherence convert.")
    if scheme.load_notes:
        head.append("# Read loosely (check these):")
        head += [f"#   - {printable(str(n))}" for n in scheme.load_notes]
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    buf = io.StringIO()
    yaml.dump(_flow_id_lists(scheme_data(scheme)), buf)
    return "\n".join(head) + "\n" + buf.getvalue()


#: Lists of ids and codes, written on one line (``requires: [a, b]``) as people write them.
_ID_LISTS = frozenset({"requires", "covers", "corequires", "strict_corequires"})


def _flow_id_lists(data: Any) -> Any:
    """The data with its id lists marked for one-line (flow) style."""
    from ruamel.yaml.comments import CommentedSeq

    if isinstance(data, list):
        return [_flow_id_lists(x) for x in data]
    if not isinstance(data, dict):
        return data
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in _ID_LISTS and isinstance(value, list):
            seq = CommentedSeq(value)
            seq.fa.set_flow_style()
            out[key] = seq
        else:
            out[key] = _flow_id_lists(value)
    return out


def _join(items: list[str]) -> str:
    return "; ".join(dict.fromkeys(items))  # keeps order, drops repeats


def scheme_rows(scheme: Scheme) -> list[list[Any]]:
    """One row per prior item, then one per step, in the column order of :data:`HEADERS`.

    A unit's own requires, prior knowledge, covers and notes go on its first step's row.

    Examples
    --------
    >>> s = Scheme.model_validate({"name": "S", "units": [{"id": "u", "title": "U", "year": 7,
    ...     "term": 2, "prior_knowledge": ["Count"], "steps": [{"id": "a", "title": "A"}]}]})
    >>> scheme_rows(s)
    [[7, 'Autumn 2', 'u', 'U', '', 'a', 'A', 1, '', 'Count', '', '']]
    """
    rows: list[list[Any]] = []
    for p in scheme.prior:
        rows.append(["prior", "", "", "", "", p.id, p.title, "", "", "", _join(p.covers), ""])
    for u in scheme.units:
        for i, s in enumerate(u.steps):
            first = i == 0
            notes = [n for n in ((u.notes if first else None), s.notes) if n]
            rows.append(
                [
                    u.year if u.year is not None else "",
                    _term(scheme, u.term, HALF_TERM_NAMES) or "",
                    u.id,
                    u.title,
                    u.strand or "",
                    s.id,
                    s.title,
                    s.lessons,
                    _join([*(u.requires if first else []), *s.requires]),
                    _join([*(u.prior_knowledge if first else []), *s.prior_knowledge]),
                    _join([*(u.covers if first else []), *s.covers]),
                    " / ".join(notes),
                ]
            )
    return rows


def safe_cell(value: Any) -> Any:
    """A cell value a spreadsheet will not run as a formula (``=1+1`` -> ``'=1+1``).

    Examples
    --------
    >>> safe_cell("=HYPERLINK(x)"), safe_cell("Add"), safe_cell(3)
    ("'=HYPERLINK(x)", 'Add', 3)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def scheme_csv(scheme: Scheme) -> str:
    """The scheme as CSV text (read back by the spreadsheet loader)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(HEADERS)
    w.writerows([safe_cell(c) for c in row] for row in scheme_rows(scheme))
    return buf.getvalue()


def scheme_xlsx(scheme: Scheme) -> bytes:
    """The scheme as an XLSX workbook: one sheet, bold frozen header, text cells stay text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Scheme of learning"
    ws.append(list(HEADERS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in scheme_rows(scheme):
        ws.append(row)
    for cells in ws.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # a title such as "=1+1" stays text, not a formula
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
