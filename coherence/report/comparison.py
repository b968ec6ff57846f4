"""Comparison reports: text, JSON, Markdown and HTML (all scheme text escaped).

Every format shows the same content, built once as a list of blocks (headings,
paragraphs, tables with highlighted cells) and then written out by each format.

JSON shape (``version`` 1; keys are statement codes, step ids or normalised
titles, as ``match`` says; a "when" is a period label such as "Y8 Spring 1")::

    two schemes:
    {"version": 1, "kind": "pair", "match": "framework" | "id" | "title",
     "a": SCHEME, "b": SCHEME,
     "coverage": {strand: {"both": [key], "only_a": [key], "only_b": [key], "neither": [key]}},
     "shared": [{"key", "title", "strand", "a": when, "b": when, "gap": periods | null}],
     "far_apart": [same as shared: |gap| > one year],
     "order_agreement": {"tau": float | null, "by_strand": {strand: float | null}},
     "keystones": {"only_a": [key], "only_b": [key]},
     "notes": [str]}
    three or more:
    {"version": 1, "kind": "n-way", "match": ..., "schemes": [SCHEME],
     "similarity": {"coverage": [[jaccard]], "order": [[tau | null]],   # in schemes' order
                    "shared": [[int]]},                                # keys each pair shares
     "first_taught": {key: [when | null, ...]},                          # in schemes' order
     "disagreements": [{"key", "title", "spread": periods, "earliest": {"school", "when"},
                        "latest": {"school", "when"}, "schools": int}],
     "notes": [str]}
    SCHEME = {"name", "file", "framework", "placed", "periods_per_year", "keys": int,
              "totals": {metric: value}, "findings": {rule: count}}

``tau`` is Kendall's tau-b of first-taught order over shared keys: null when a
scheme has no teaching positions or fewer than two keys are shared. JSON keeps
the technical names and every value; the text, Markdown and HTML reports say
"order agreement" (tau-b) and "shared coverage" (Jaccard), and show "too few
shared statements" instead of an order agreement from fewer than
:data:`~coherence.comparison.MIN_SHARED_FOR_ORDER` shared keys.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table as RichTable
from rich.text import Text

from coherence.comparison import MIN_SHARED_FOR_ORDER, NWay, Pairwise, SchemeKeys
from coherence.report.markdown import md_escape
from coherence.report.text import to_string
from coherence.text import escape_html as escape
from coherence.text import json_safe, printable

# Above these sizes the text, Markdown and HTML reports summarise and point at JSON.
MAX_MATRIX = 12  # schools in a similarity matrix or the key-by-school table
MAX_ROWS = 200  # rows of a per-key table

STRUCTURE = (
    ("steps", "small steps"),
    ("lessons", "lessons"),
    ("units", "units"),
    ("edges", "prerequisite links"),
    ("connectedness", "steps with a prerequisite"),
    ("longest_chain", "longest chain of prerequisites (steps)"),
    ("coverage", "framework coverage (%)"),
)
_TERMS = {
    6: ("Aut1", "Aut2", "Spr1", "Spr2", "Sum1", "Sum2"),
    3: ("Aut", "Spr", "Sum"),
}


# -- the document -------------------------------------------------------------------------


@dataclass
class Cell:
    """Table cell text; ``style`` is ``""``, ``"diff"`` (differs), ``"bad"`` or ``"good"``."""

    text: str
    style: str = ""


@dataclass
class Block:
    """A heading (``level`` 1-2), a paragraph (``level`` 0) or a table (``headers``)."""

    text: str = ""
    level: int = 0
    style: str = ""
    headers: list[str] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    numeric: frozenset[int] = frozenset()


def _c(value: Any, style: str = "") -> Cell:
    return Cell("–" if value is None else str(value), style)


def _fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


#: What a matched key is, in a teacher's words (singular, plural), by ``match``.
_KEY_WORDS = {
    "framework": ("statement", "statements"),
    "id": ("step", "steps"),
    "title": ("step title", "step titles"),
}
_HOW = {
    "framework": "by the framework statements their steps cover",
    "id": "by step id",
    "title": "by step title (lower case, punctuation and words such as 'the' left out)",
}


def _words(match: str) -> tuple[str, str]:
    return _KEY_WORDS.get(match, ("key", "keys"))


def _too_few(match: str) -> str:
    return f"too few shared {_words(match)[1]}"


def _agreement_cell(x: float | None, shared: int, match: str) -> Cell:
    """An order agreement, or why there is none: a school without teaching positions, or
    fewer than :data:`~coherence.comparison.MIN_SHARED_FOR_ORDER` shared keys."""
    if shared < MIN_SHARED_FOR_ORDER:
        return Cell(_too_few(match))
    return Cell(_fmt(x), "" if x is None else "bad" if x < 0.5 else "good" if x >= 0.8 else "")


def _agreement_explained(match: str) -> str:
    many = _words(match)[1]
    return (
        f"Do the schools first teach the {many} they share in the same order? "
        "1.00 the same order, 0 no relation, below 0 mostly the opposite order. Not shown "
        f"when fewer than {MIN_SHARED_FOR_ORDER} {many} are shared (with two shared, it is "
        "always 1 or -1)."
    )


def _period_word(periods_per_year: int) -> str:
    return "half-terms" if periods_per_year == 6 else "terms"


def _visits(periods: list[int], ppy: int) -> str:
    names = _TERMS.get(ppy) or tuple(f"T{t + 1}" for t in range(ppy))
    return ", ".join(f"Y{p // ppy} {names[p % ppy]}" for p in sorted(set(periods))) or "not taught"


def _short(label: str | None) -> str:
    if label is None:
        return "–"
    for long, short in (("Autumn ", "Aut"), ("Spring ", "Spr"), ("Summer ", "Sum")):
        label = label.replace(long, short)
    return label


def _measure(key: str, value: Any) -> Any:
    if key == "connectedness" and isinstance(value, int | float):
        return f"{value * 100:.1f}%"
    if key == "coverage" and isinstance(value, int | float):
        return f"{value:.1f}"
    return value


def _capped(rows: list[list[Cell]], what: str) -> tuple[list[list[Cell]], list[Block]]:
    if len(rows) <= MAX_ROWS:
        return rows, []
    more = len(rows) - MAX_ROWS
    return rows[:MAX_ROWS], [Block(f"… and {more} more {what} (all of them: --format json).")]


def _pair_blocks(cmp: Pairwise) -> list[Block]:
    a, b = cmp.a, cmp.b
    titles = cmp.titles
    one, many = _words(cmp.match)
    out = [
        Block(f"{a.name} and {b.name} compared", level=1),
        Block(f"The two schools' schemes are matched {_HOW.get(cmp.match, cmp.match)}."),
    ]
    framework = cmp.match == "framework"
    cols = ("both", "only_a", "only_b", "neither") if framework else ("both", "only_a", "only_b")
    rows = [
        [Cell(strand)]
        + [_c(len(c[col]), "diff" if col.startswith("only") and c[col] else "") for col in cols]
        for strand, c in cmp.coverage.items()
    ]
    out.append(
        Block(
            f"{many.capitalize()} taught, by strand",
            level=2,
            headers=["strand", "both", f"only {a.name}", f"only {b.name}", "neither school"][
                : len(cols) + 1
            ],
            rows=rows,
            numeric=frozenset(range(1, len(cols) + 1)),
        )
    )
    only = [
        [Cell(k), Cell(titles.get(k, "")), Cell(strand), Cell(who, "diff")]
        for strand, c in cmp.coverage.items()
        for col, who in (("only_a", a.name), ("only_b", b.name))
        for k in c[col]
    ]
    if only:
        rows, more = _capped(only, many)
        out += [
            Block(
                "Taught by one school only",
                level=2,
                headers=[one, "title" if framework else "", "strand", "taught only by"],
                rows=rows,
            ),
            *more,
        ]
    shared_by_strand: dict[str, int] = {}
    for s in cmp.shared:
        shared_by_strand[s["strand"]] = shared_by_strand.get(s["strand"], 0) + 1
    agreement = [
        [
            Cell("all strands"),
            _c(len(cmp.shared)),
            _agreement_cell(cmp.tau, len(cmp.shared), cmp.match),
        ]
    ]
    agreement += [
        [
            Cell(strand),
            _c(shared_by_strand.get(strand, 0)),
            _agreement_cell(tau, shared_by_strand.get(strand, 0), cmp.match),
        ]
        for strand, tau in cmp.tau_by_strand.items()
    ]
    out += [
        Block("Order agreement", level=2),
        Block(_agreement_explained(cmp.match)),
        Block(
            headers=["strand", f"shared {many}", "order agreement"],
            rows=agreement,
            numeric=frozenset({1, 2}),
        ),
    ]
    year = max(a.periods_per_year, b.periods_per_year)
    unit = _period_word(year)
    when_headers = [one, "title" if framework else "", "strand", a.name, b.name, f"{unit} apart"]
    if cmp.far_apart:
        out.append(
            Block(
                "Taught more than a year apart",
                level=2,
                headers=when_headers,
                rows=[
                    [
                        Cell(s["key"]),
                        Cell(s["title"]),
                        Cell(s["strand"]),
                        Cell(s["a"]),
                        Cell(s["b"]),
                        _c(s["gap"], "bad"),
                    ]
                    for s in cmp.far_apart
                ],
                numeric=frozenset({5}),
            )
        )
    if cmp.shared:
        rows = [
            [
                Cell(s["key"]),
                Cell(s["title"]),
                Cell(s["strand"]),
                Cell(s["a"]),
                Cell(s["b"]),
                _c(
                    s["gap"],
                    "bad"
                    if s["gap"] is not None and abs(s["gap"]) > year
                    else "diff"
                    if s["gap"]
                    else "",
                ),
            ]
            for s in cmp.shared
        ]
        rows, more = _capped(rows, f"shared {many}")
        out += [
            Block("When each school first teaches it", level=2),
            Block(
                f"In {a.name}'s teaching order; {unit} apart: how much later {b.name} first "
                f"teaches it (negative: earlier)."
            ),
            Block(headers=when_headers, rows=rows, numeric=frozenset({5})),
            *more,
        ]
    structure = [
        [Cell(label), _c(_measure(k, a.totals.get(k))), _c(_measure(k, b.totals.get(k)))]
        for k, label in STRUCTURE
        if k in a.totals or k in b.totals
    ]
    for rule in sorted(set(a.findings) | set(b.findings)):
        fa, fb = a.findings.get(rule, 0), b.findings.get(rule, 0)
        style = "diff" if fa != fb else ""
        structure.append([Cell(f"findings: {rule}"), _c(fa, style), _c(fb, style)])
    out.append(
        Block(
            "Structure",
            level=2,
            headers=["", a.name, b.name],
            rows=structure,
            numeric=frozenset({1, 2}),
        )
    )
    keystones = [[Cell(k), Cell(titles.get(k, "")), Cell(a.name)] for k in cmp.keystones_only_a]
    keystones += [[Cell(k), Cell(titles.get(k, "")), Cell(b.name)] for k in cmp.keystones_only_b]
    out.append(Block("Keystones in one school only", level=2))
    out.append(
        Block(
            f"A keystone is a step that the most later steps build on; these {many} are first "
            "taught at a keystone in one school's scheme but not the other's."
        )
    )
    out.append(
        Block(headers=[one, "title" if framework else "", "keystone in"], rows=keystones)
        if keystones
        else Block("Both schemes have the same keystones.")
    )
    timeline = []
    for strand in sorted(set(a.strand_periods) | set(b.strand_periods)):
        for who in (a, b):
            timeline.append(
                [
                    Cell(strand),
                    Cell(who.name),
                    Cell(_visits(who.strand_periods.get(strand, []), who.periods_per_year)),
                ]
            )
    if timeline:
        out.append(
            Block(
                "Timeline by strand",
                level=2,
                headers=["strand", "school", "units start in"],
                rows=timeline,
            )
        )
    return out


def _nway_blocks(cmp: NWay) -> list[Block]:
    n = len(cmp.schemes)
    one, many = _words(cmp.match)
    names = [s.name for s in cmp.schemes]
    out = [
        Block(f"{n} schemes compared", level=1),
        Block(f"The schools' schemes are matched {_HOW.get(cmp.match, cmp.match)}."),
        Block(
            "Schools",
            level=2,
            headers=["school", many, "small steps"],
            rows=[[Cell(s.name), _c(len(s.keys)), _c(s.totals.get("steps"))] for s in cmp.schemes],
            numeric=frozenset({1, 2}),
        ),
    ]
    shared = cmp.shared or [[MIN_SHARED_FOR_ORDER] * n for _ in range(n)]
    if n <= MAX_MATRIX:
        out += [
            Block("Shared coverage", level=2),
            Block(
                f"The {many} both schools teach, out of all the {many} either teaches: "
                "1.00 the same, 0 nothing in common."
            ),
            Block(
                headers=["", *names],
                rows=[
                    [Cell(names[i])] + [Cell(_fmt(x)) for x in row]
                    for i, row in enumerate(cmp.coverage)
                ],
                numeric=frozenset(range(1, n + 1)),
            ),
        ]
        if sum(s.placed for s in cmp.schemes) >= 2:
            out += [
                Block("Order agreement", level=2),
                Block(_agreement_explained(cmp.match) + " A dash: no teaching positions."),
                Block(
                    headers=["", *names],
                    rows=[
                        [Cell(names[i])]
                        + [
                            _agreement_cell(x, shared[i][j], cmp.match) if i != j else Cell(_fmt(x))
                            for j, x in enumerate(row)
                        ]
                        for i, row in enumerate(cmp.order)
                    ],
                    numeric=frozenset(range(1, n + 1)),
                ),
            ]
    else:
        out += [
            Block("Closest schools", level=2),
            Block(
                f"{n} schools: each with the school most like it (shared coverage and order "
                "agreement as above; every pair: --format json)."
            ),
            Block(
                headers=[
                    "school",
                    "closest by coverage",
                    "shared coverage",
                    "closest by order",
                    "order agreement",
                ],
                rows=[_closest(cmp, i, shared) for i in range(n)],
                numeric=frozenset({2, 4}),
            ),
        ]
    if cmp.disagreements:
        unit = _period_word(max(s.periods_per_year for s in cmp.schemes))
        out += [
            Block("Where schools disagree most", level=2),
            Block(
                f"The {many} whose first teaching is furthest apart between schools: the "
                "agenda for a facilitator's session."
            ),
            Block(
                headers=[one, "title", f"{unit} apart", "earliest", "latest", "schools"],
                rows=[
                    [
                        Cell(d["key"]),
                        Cell(d["title"]),
                        _c(d["spread"], "bad"),
                        Cell(f"{d['earliest']['school']}: {d['earliest']['when']}"),
                        Cell(f"{d['latest']['school']}: {d['latest']['when']}"),
                        _c(d["schools"]),
                    ]
                    for d in cmp.disagreements
                ],
                numeric=frozenset({2, 5}),
            ),
        ]
    if n <= MAX_MATRIX:
        rows = [
            [Cell(k)]
            + [
                Cell("–", "diff") if w is None else Cell(_short(w) if s.placed else "taught")
                for w, s in zip(whens, cmp.schemes, strict=True)
            ]
            for k, whens in cmp.table.items()
        ]
        rows, more = _capped(rows, many)
        out += [
            Block("First taught, by school", level=2),
            Block(headers=[one, *names], rows=rows),
            *more,
        ]
    return out


def _closest(cmp: NWay, i: int, shared: list[list[int]]) -> list[Cell]:
    others = [j for j in range(len(cmp.schemes)) if j != i]
    best_cov = max(others, key=lambda j: cmp.coverage[i][j])
    placed = [
        j for j in others if cmp.order[i][j] is not None and shared[i][j] >= MIN_SHARED_FOR_ORDER
    ]
    best_ord = max(placed, key=lambda j: cmp.order[i][j] or 0.0) if placed else None
    return [
        Cell(cmp.schemes[i].name),
        Cell(cmp.schemes[best_cov].name),
        Cell(_fmt(cmp.coverage[i][best_cov])),
        Cell("–" if best_ord is None else cmp.schemes[best_ord].name),
        Cell("–")
        if best_ord is None
        else _agreement_cell(cmp.order[i][best_ord], shared[i][best_ord], cmp.match),
    ]


def blocks(cmp: Pairwise | NWay) -> list[Block]:
    """The report's content, format-neutral: headings, paragraphs, tables."""
    out = _pair_blocks(cmp) if isinstance(cmp, Pairwise) else _nway_blocks(cmp)
    out += [Block(f"Note: {note}", style="note") for note in cmp.notes]
    return out


# -- JSON ---------------------------------------------------------------------------------


def _scheme_dict(s: SchemeKeys) -> dict[str, Any]:
    return {
        "name": s.name,
        "file": s.file,
        "framework": s.framework,
        "placed": s.placed,
        "periods_per_year": s.periods_per_year,
        "keys": len(s.keys),
        "totals": s.totals,
        "findings": s.findings,
    }


def to_dict(cmp: Pairwise | NWay) -> dict[str, Any]:
    """Plain data for JSON (the shape in this module's docstring)."""
    if isinstance(cmp, Pairwise):
        return {
            "version": 1,
            "kind": "pair",
            "match": cmp.match,
            "a": _scheme_dict(cmp.a),
            "b": _scheme_dict(cmp.b),
            "coverage": cmp.coverage,
            "shared": cmp.shared,
            "far_apart": cmp.far_apart,
            "order_agreement": {"tau": cmp.tau, "by_strand": cmp.tau_by_strand},
            "keystones": {"only_a": cmp.keystones_only_a, "only_b": cmp.keystones_only_b},
            "notes": cmp.notes,
        }
    return {
        "version": 1,
        "kind": "n-way",
        "match": cmp.match,
        "schemes": [_scheme_dict(s) for s in cmp.schemes],
        "similarity": {"coverage": cmp.coverage, "order": cmp.order, "shared": cmp.shared},
        "first_taught": cmp.table,
        "disagreements": cmp.disagreements,
        "notes": cmp.notes,
    }


def render_json(cmp: Pairwise | NWay) -> str:
    """The comparison as JSON (see the module docstring for the shape)."""
    return json_safe(json.dumps(to_dict(cmp), indent=2, ensure_ascii=False, default=str)) + "\n"


# -- text ---------------------------------------------------------------------------------

_RICH = {"diff": "bold yellow", "bad": "bold red", "good": "green", "note": "yellow"}


def render_text(cmp: Pairwise | NWay, *, color: bool = False, width: int = 110) -> str:
    """The comparison for the terminal (scheme text shown literally, never as markup).

    Examples
    --------
    >>> from coherence.comparison import KeyInfo, SchemeKeys, compare_two
    >>> k = {"[b]x": KeyInfo(0, 42, "Y7 Autumn 1", "number", "s1")}
    >>> a = SchemeKeys("<A>", None, True, 6, k)
    >>> "[b]x" in render_text(compare_two(a, a, "id"))
    True
    """
    parts: list[RenderableType] = []
    for blk in blocks(cmp):
        if blk.headers:
            if blk.text and parts:
                parts.append(Text(""))
            table = RichTable(
                title=Text(printable(blk.text), "bold") if blk.text else None, title_justify="left"
            )
            for i, h in enumerate(blk.headers):
                table.add_column(
                    Text(printable(h)), justify="right" if i in blk.numeric else "left"
                )
            for row in blk.rows:
                table.add_row(*(Text(printable(c.text), _RICH.get(c.style, "")) for c in row))
            parts.append(table)
        elif blk.level:
            parts.append(Text(("\n" if parts else "") + printable(blk.text), "bold underline"))
        else:
            parts.append(Text(printable(blk.text), _RICH.get(blk.style, "")))
    return to_string(Group(*parts), color=color, width=width)


# -- Markdown -----------------------------------------------------------------------------


def render_markdown(cmp: Pairwise | NWay) -> str:
    """The comparison as Markdown (scheme text escaped; differences in bold).

    Examples
    --------
    >>> from coherence.comparison import KeyInfo, SchemeKeys, compare_two
    >>> a = SchemeKeys("<b>A</b> | x", None, True, 6, {})
    >>> render_markdown(compare_two(a, a, "id")).splitlines()[0]
    '# &lt;b&gt;A&lt;/b&gt; \\\\| x and &lt;b&gt;A&lt;/b&gt; \\\\| x compared'
    """
    out: list[str] = []
    for blk in blocks(cmp):
        if blk.headers:
            if blk.text:
                out += ["#" * (blk.level or 3) + f" {md_escape(blk.text)}", ""]
            out.append("| " + " | ".join(md_escape(h) for h in blk.headers) + " |")
            out.append(
                "|"
                + "|".join("---:" if i in blk.numeric else "---" for i in range(len(blk.headers)))
                + "|"
            )
            for row in blk.rows:
                cells = [
                    f"**{md_escape(c.text)}**"
                    if c.style in ("diff", "bad") and c.text
                    else md_escape(c.text)
                    for c in row
                ]
                out.append("| " + " | ".join(cells) + " |")
        elif blk.level:
            out.append("#" * blk.level + " " + md_escape(blk.text))
        else:
            out.append(f"*{md_escape(blk.text)}*" if blk.style == "note" else md_escape(blk.text))
        out.append("")
    return "\n".join(out)


# -- HTML ---------------------------------------------------------------------------------

_CSS = """
td.diff { background: #fff4d6; font-weight: 600; } td.bad { color: var(--err); font-weight: 600; }
td.good { color: var(--ok); } p.note { color: var(--warn); }
table.wide { display: block; overflow-x: auto; }
"""


def render_html(cmp: Pairwise | NWay) -> str:
    """A self-contained HTML page (inline style, no scripts; all scheme text escaped).

    Examples
    --------
    >>> from coherence.comparison import SchemeKeys, compare_two
    >>> a = SchemeKeys("<script>x</script>", None, True, 6, {})
    >>> "<script>" in render_html(compare_two(a, a, "id"))
    False
    """
    from importlib import resources

    css = resources.files("coherence.report").joinpath("report.css").read_text("utf-8")
    body: list[str] = []
    content = blocks(cmp)
    for blk in content:
        if blk.headers:
            if blk.text:
                h = blk.level or 3
                body.append(f"<h{h}>{escape(blk.text)}</h{h}>")
            wide = " class='wide'" if len(blk.headers) > 8 else ""
            body.append(f"<table{wide}><thead><tr>")
            body += [
                f"<th{' class=num' if i in blk.numeric else ''}>{escape(h)}</th>"
                for i, h in enumerate(blk.headers)
            ]
            body.append("</tr></thead><tbody>")
            for row in blk.rows:
                cells = []
                for i, c in enumerate(row):
                    classes = " ".join(x for x in ("num" if i in blk.numeric else "", c.style) if x)
                    attr = f" class='{classes}'" if classes else ""
                    cells.append(f"<td{attr}>{escape(c.text)}</td>")
                body.append("<tr>" + "".join(cells) + "</tr>")
            body.append("</tbody></table>")
        elif blk.level:
            body.append(f"<h{blk.level}>{escape(blk.text)}</h{blk.level}>")
        else:
            cls = " class='note'" if blk.style == "note" else ""
            body.append(f"<p{cls}>{escape(blk.text)}</p>")
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(content[0].text)}</title><style>{css}{_CSS}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
