"""The comparison report: built once as a document, written as text, Markdown or HTML.

:func:`build` makes the format-neutral :class:`~coherence.report.document.Document`
(headings, paragraphs, tables with highlighted cells) and the shared writers lay
it out (all scheme text escaped); JSON is written from the comparison itself.

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
from collections.abc import Sequence
from typing import Any

from coherence.comparison import MIN_SHARED_FOR_ORDER, NWay, Pairwise, SchemeKeys
from coherence.model import HALF_TERM_NAMES, HALF_TERM_SHORT, period_label
from coherence.report.document import (
    Block,
    Cell,
    Document,
    Heading,
    Paragraph,
    Table,
    cell,
    inline,
)
from coherence.report.document import (
    rows as _rows,
)
from coherence.text import json_safe

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


# -- the document -------------------------------------------------------------------------


def _p(text: str, style: str = "") -> Paragraph:
    return Paragraph(inline(text), style)


def _cell(text: str, style: str = "") -> Cell:
    return cell(text, style=style)


def _block(
    text: str = "",
    level: int = 0,
    headers: Sequence[str] = (),
    rows: Sequence[Sequence[Cell]] = (),
    numeric: frozenset[int] = frozenset(),
) -> list[Block]:
    """A heading (``level`` 1-2) or paragraph, a table (``headers``), or a titled table."""
    out: list[Block] = []
    if text:
        out.append(Heading(inline(text), level) if level else Paragraph(inline(text)))
    if headers:
        out.append(Table(tuple(headers), _rows(*rows), numeric=numeric))
    return out


def _c(value: Any, style: str = "") -> Cell:
    return cell("–" if value is None else str(value), style=style)


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
        return _cell(_too_few(match))
    return _cell(_fmt(x), "" if x is None else "bad" if x < 0.5 else "good" if x >= 0.8 else "")


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
    labels = (period_label(p // ppy, p % ppy + 1, ppy, short=True) for p in sorted(set(periods)))
    return ", ".join(labels) or "not taught"


def _short(label: str | None) -> str:
    if label is None:
        return "–"
    for long, short in zip(HALF_TERM_NAMES, HALF_TERM_SHORT, strict=True):
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
    return rows[:MAX_ROWS], _block(f"… and {more} more {what} (all of them: --format json).")


def _when_row(shared: dict[str, Any], year: int) -> list[Cell]:
    """A shared key's row: where each school first teaches it and how far apart (more than
    ``year`` periods apart is ``bad``, any other difference ``diff``)."""
    gap = shared["gap"]
    far = gap is not None and abs(gap) > year
    return [
        *(_cell(shared[k]) for k in ("key", "title", "strand", "a", "b")),
        _c(gap, "bad" if far else "diff" if gap else ""),
    ]


def _pair_blocks(cmp: Pairwise) -> list[Block]:
    a, b = cmp.a, cmp.b
    titles = cmp.titles
    one, many = _words(cmp.match)
    out = [
        *_block(f"{a.name} and {b.name} compared", level=1),
        *_block(f"The two schools' schemes are matched {_HOW.get(cmp.match, cmp.match)}."),
    ]
    framework = cmp.match == "framework"
    cols = ("both", "only_a", "only_b", "neither") if framework else ("both", "only_a", "only_b")
    rows = [
        [_cell(strand)]
        + [_c(len(c[col]), "diff" if col.startswith("only") and c[col] else "") for col in cols]
        for strand, c in cmp.coverage.items()
    ]
    out += _block(
        f"{many.capitalize()} taught, by strand",
        level=2,
        headers=["strand", "both", f"only {a.name}", f"only {b.name}", "neither school"][
            : len(cols) + 1
        ],
        rows=rows,
        numeric=frozenset(range(1, len(cols) + 1)),
    )
    only = [
        [_cell(k), _cell(titles.get(k, "")), _cell(strand), _cell(who, "diff")]
        for strand, c in cmp.coverage.items()
        for col, who in (("only_a", a.name), ("only_b", b.name))
        for k in c[col]
    ]
    if only:
        rows, more = _capped(only, many)
        out += [
            *_block(
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
            _cell("all strands"),
            _c(len(cmp.shared)),
            _agreement_cell(cmp.tau, len(cmp.shared), cmp.match),
        ]
    ]
    agreement += [
        [
            _cell(strand),
            _c(shared_by_strand.get(strand, 0)),
            _agreement_cell(tau, shared_by_strand.get(strand, 0), cmp.match),
        ]
        for strand, tau in cmp.tau_by_strand.items()
    ]
    out += [
        *_block("Order agreement", level=2),
        *_block(_agreement_explained(cmp.match)),
        *_block(
            headers=["strand", f"shared {many}", "order agreement"],
            rows=agreement,
            numeric=frozenset({1, 2}),
        ),
    ]
    year = max(a.periods_per_year, b.periods_per_year)
    unit = _period_word(year)
    when_headers = [one, "title" if framework else "", "strand", a.name, b.name, f"{unit} apart"]
    if cmp.far_apart:
        out += _block(
            "Taught more than a year apart",
            level=2,
            headers=when_headers,
            rows=[_when_row(s, year) for s in cmp.far_apart],
            numeric=frozenset({5}),
        )
    if cmp.shared:
        rows = [_when_row(s, year) for s in cmp.shared]
        rows, more = _capped(rows, f"shared {many}")
        out += [
            *_block("When each school first teaches it", level=2),
            *_block(
                f"In {a.name}'s teaching order; {unit} apart: how much later {b.name} first "
                f"teaches it (negative: earlier)."
            ),
            *_block(headers=when_headers, rows=rows, numeric=frozenset({5})),
            *more,
        ]
    structure = [
        [_cell(label), _c(_measure(k, a.totals.get(k))), _c(_measure(k, b.totals.get(k)))]
        for k, label in STRUCTURE
        if k in a.totals or k in b.totals
    ]
    for rule in sorted(set(a.findings) | set(b.findings)):
        fa, fb = a.findings.get(rule, 0), b.findings.get(rule, 0)
        style = "diff" if fa != fb else ""
        structure.append([_cell(f"findings: {rule}"), _c(fa, style), _c(fb, style)])
    out += _block(
        "Structure",
        level=2,
        headers=["", a.name, b.name],
        rows=structure,
        numeric=frozenset({1, 2}),
    )
    keystones = [[_cell(k), _cell(titles.get(k, "")), _cell(a.name)] for k in cmp.keystones_only_a]
    keystones += [[_cell(k), _cell(titles.get(k, "")), _cell(b.name)] for k in cmp.keystones_only_b]
    out += _block("Keystones in one school only", level=2)
    out += _block(
        f"A keystone is a step that the most later steps build on; these {many} are first "
        "taught at a keystone in one school's scheme but not the other's."
    )
    out += (
        _block(headers=[one, "title" if framework else "", "keystone in"], rows=keystones)
        if keystones
        else _block("Both schemes have the same keystones.")
    )
    timeline = []
    for strand in sorted(set(a.strand_periods) | set(b.strand_periods)):
        for who in (a, b):
            timeline.append(
                [
                    _cell(strand),
                    _cell(who.name),
                    _cell(_visits(who.strand_periods.get(strand, []), who.periods_per_year)),
                ]
            )
    if timeline:
        out += _block(
            "Timeline by strand",
            level=2,
            headers=["strand", "school", "units start in"],
            rows=timeline,
        )
    return out


def _nway_blocks(cmp: NWay) -> list[Block]:
    n = len(cmp.schemes)
    one, many = _words(cmp.match)
    names = [s.name for s in cmp.schemes]
    out = [
        *_block(f"{n} schemes compared", level=1),
        *_block(f"The schools' schemes are matched {_HOW.get(cmp.match, cmp.match)}."),
        *_block(
            "Schools",
            level=2,
            headers=["school", many, "small steps"],
            rows=[[_cell(s.name), _c(len(s.keys)), _c(s.totals.get("steps"))] for s in cmp.schemes],
            numeric=frozenset({1, 2}),
        ),
    ]
    shared = cmp.shared or [[MIN_SHARED_FOR_ORDER] * n for _ in range(n)]
    if n <= MAX_MATRIX:
        out += [
            *_block("Shared coverage", level=2),
            *_block(
                f"The {many} both schools teach, out of all the {many} either teaches: "
                "1.00 the same, 0 nothing in common."
            ),
            *_block(
                headers=["", *names],
                rows=[
                    [_cell(names[i])] + [_cell(_fmt(x)) for x in row]
                    for i, row in enumerate(cmp.coverage)
                ],
                numeric=frozenset(range(1, n + 1)),
            ),
        ]
        if sum(s.placed for s in cmp.schemes) >= 2:
            out += [
                *_block("Order agreement", level=2),
                *_block(_agreement_explained(cmp.match) + " A dash: no teaching positions."),
                *_block(
                    headers=["", *names],
                    rows=[
                        [_cell(names[i])]
                        + [
                            _agreement_cell(x, shared[i][j], cmp.match)
                            if i != j
                            else _cell(_fmt(x))
                            for j, x in enumerate(row)
                        ]
                        for i, row in enumerate(cmp.order)
                    ],
                    numeric=frozenset(range(1, n + 1)),
                ),
            ]
    else:
        out += [
            *_block("Closest schools", level=2),
            *_block(
                f"{n} schools: each with the school most like it (shared coverage and order "
                "agreement as above; every pair: --format json)."
            ),
            *_block(
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
            *_block("Where schools disagree most", level=2),
            *_block(
                f"The {many} whose first teaching is furthest apart between schools: the "
                "agenda for a facilitator's session."
            ),
            *_block(
                headers=[one, "title", f"{unit} apart", "earliest", "latest", "schools"],
                rows=[
                    [
                        _cell(d["key"]),
                        _cell(d["title"]),
                        _c(d["spread"], "bad"),
                        _cell(f"{d['earliest']['school']}: {d['earliest']['when']}"),
                        _cell(f"{d['latest']['school']}: {d['latest']['when']}"),
                        _c(d["schools"]),
                    ]
                    for d in cmp.disagreements
                ],
                numeric=frozenset({2, 5}),
            ),
        ]
    if n <= MAX_MATRIX:
        rows = [
            [_cell(k)]
            + [
                _cell("–", "diff") if w is None else _cell(_short(w) if s.placed else "taught")
                for w, s in zip(whens, cmp.schemes, strict=True)
            ]
            for k, whens in cmp.table.items()
        ]
        rows, more = _capped(rows, many)
        out += [
            *_block("First taught, by school", level=2),
            *_block(headers=[one, *names], rows=rows),
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
        _cell(cmp.schemes[i].name),
        _cell(cmp.schemes[best_cov].name),
        _cell(_fmt(cmp.coverage[i][best_cov])),
        _cell("–" if best_ord is None else cmp.schemes[best_ord].name),
        _cell("–")
        if best_ord is None
        else _agreement_cell(cmp.order[i][best_ord], shared[i][best_ord], cmp.match),
    ]


def build(cmp: Pairwise | NWay) -> Document:
    """The comparison report as a document (every format but JSON writes it)."""
    out = _pair_blocks(cmp) if isinstance(cmp, Pairwise) else _nway_blocks(cmp)
    out += [_p(f"Note: {note}", "note") for note in cmp.notes]
    title = out[0]
    return Document(title.spans[0].text if isinstance(title, Heading) else "", out)


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


def format_json(cmp: Pairwise | NWay) -> str:
    """The comparison as JSON (see the module docstring for the shape)."""
    return json_safe(json.dumps(to_dict(cmp), indent=2, ensure_ascii=False, default=str)) + "\n"


# -- text, Markdown, HTML -----------------------------------------------------------------


def format_comparison(
    cmp: Pairwise | NWay, fmt: str, *, color: bool = False, width: int = 110
) -> str:
    """The comparison as ``text``, ``markdown``, ``html`` or ``json``.

    Scheme text is shown literally in text (never as markup or terminal codes)
    and escaped in Markdown and HTML.

    Examples
    --------
    >>> from coherence.comparison import KeyInfo, SchemeKeys, compare_two
    >>> k = {"[b]x": KeyInfo(0, 42, "Y7 Autumn 1", "number", "s1")}
    >>> a = SchemeKeys("<script>A</script> | x", None, True, 6, k)
    >>> "[b]x" in format_comparison(compare_two(a, a, "id"), "text")
    True
    >>> format_comparison(compare_two(a, a, "id"), "markdown").splitlines()[0]
    '# &lt;script&gt;A&lt;/script&gt; \\\\| x and &lt;script&gt;A&lt;/script&gt; \\\\| x compared'
    >>> "<script>" in format_comparison(compare_two(a, a, "id"), "html")
    False
    """
    if fmt == "json":
        return format_json(cmp)
    doc = build(cmp)
    if fmt == "markdown":
        from coherence.report.markdown import format_markdown

        return format_markdown(doc)
    if fmt == "html":
        from coherence.report.html import format_html

        return format_html(doc)
    from coherence.report.text import format_text

    return format_text(doc, color=color, width=width)
