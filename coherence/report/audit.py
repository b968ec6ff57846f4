"""The audit report's content, built once for every format (text, Markdown, HTML).

:func:`build` turns an :class:`~coherence.audit.AuditResult` into a
:class:`~coherence.report.document.Document`: the summary figures, what was
read loosely, framework coverage, the findings grouped by rule, the rules
skipped, the keystone steps, the strands and (for formats with pictures) the
maps. The writers only lay it out. Teachers' words throughout; the exact
Curricular Analytics names are in each table's note, in JSON and in
``coherence glossary``.
"""

from __future__ import annotations

from functools import partial

from coherence.audit import AuditResult
from coherence.report.common import (
    DRAFTED_MARK,
    drafted_note,
    grouped,
    node_title,
    note_text,
    when,
    where,
    written_texts,
)
from coherence.report.document import (
    SEVERITY_MARK,
    Block,
    Bullets,
    Cell,
    Document,
    Fact,
    Facts,
    Figure,
    Heading,
    Paragraph,
    Row,
    Span,
    Table,
    cell,
    inline,
    prose,
)
from coherence.rules.base import Finding
from coherence.rules.registry import REGISTRY
from coherence.util import noun

#: Why the keystone steps matter, wherever they are listed.
KEYSTONES_WHY = "if pupils miss these, the most later learning is at risk"

#: How many keystone steps a report lists.
KEYSTONES = 10

#: The Curricular Analytics measures of a step in a teacher's words:
#: key -> (column, meaning, exact name). The exact names stay in JSON and in
#: ``coherence glossary``.
PLAIN_MEASURES = {
    "blocking": (
        "unlocks",
        "later steps that build on it, directly or through others",
        "blocking factor",
    ),
    "delay": (
        "longest chain",
        "steps in the longest chain of prerequisites through it",
        "delay factor",
    ),
    "centrality": (
        "on chains",
        "steps on all the chains of prerequisites passing through it, added up",
        "centrality",
    ),
}

#: Where the framework's text comes from, wherever it is shown.
ATTRIBUTION = (
    "Made by coherence. Framework text: contains public sector information licensed under "
    "the Open Government Licence v3.0."
)


#: The attribution where space is short (the terminal).
BRIEF_ATTRIBUTION = "Framework text: Open Government Licence v3.0."


def measures_note(keys: tuple[str, ...] = tuple(PLAIN_MEASURES)) -> str:
    """One line saying what the plain measure columns mean (and their exact names).

    Examples
    --------
    >>> measures_note(("blocking",))
    'unlocks: later steps that build on it, directly or through others (blocking factor). \
Words explained: coherence glossary'
    """
    parts = [
        f"{plain}: {meaning} ({exact})"
        for plain, meaning, exact in (PLAIN_MEASURES[k] for k in keys)
    ]
    return " · ".join(parts) + ". Words explained: coherence glossary"


def _number(x: float | None) -> str:
    """A total as people write it: ``5738`` rather than ``5738.0``.

    Examples
    --------
    >>> _number(5738.0), _number(12.5), _number(None)
    ('5738', '12.5', '–')
    """
    if x is None:
        return "–"
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _counted(n: int, word: str, many: str | None = None, *, style: str = "") -> Fact:
    """A count as a headline figure, its word in the plural unless the count is 1."""
    return Fact(str(n), noun(n, word, many), style)


def summary_facts(result: AuditResult) -> Facts:
    """The scheme's headline figures, as every report and the explorer show them.

    Examples
    --------
    >>> from coherence.audit import run_audit
    >>> [f"{f.value} {f.label}" for f in summary_facts(run_audit(None)).facts][:2]
    ['36 units', '169 small steps']
    """
    t = result.metrics.totals
    figures = [
        *(
            _counted(int(t[key] or 0), word)
            for key, word in (
                ("units", "unit"),
                ("steps", "small step"),
                ("lessons", "lesson"),
                ("edges", "prerequisite link"),
            )
        ),
        Fact(f"{float(t['connectedness'] or 0) * 100:.1f}%", "of steps build on an earlier step"),
        Fact(str(t["longest_chain"]), "steps in the longest chain of prerequisites"),
        Fact(_number(t["complexity"]), "curriculum complexity"),
    ]
    if result.graph.framework is not None:
        covered = "not linked yet" if t["coverage"] is None else f"{t['coverage']}%"
        figures.append(Fact(covered, "framework coverage"))
    return Facts(tuple(figures))


def _summary(result: AuditResult) -> list[Block]:
    cg = result.graph
    sub = [x for x in (cg.scheme.school, cg.file) if x]
    if cg.framework is not None:
        sub.append(f"framework: {cg.framework.name or cg.framework.id}")
    c = result.counts()
    counts = [
        _counted(c[sev], sev, sev if sev in ("info", "accepted") else None, style=sev)
        for sev in ("error", "warning", "info", "accepted")
    ]
    out: list[Block] = [
        Heading(inline(f"Coherence audit: {cg.scheme.name}"), 1),
        *([Paragraph(inline(" · ".join(sub)), "muted")] if sub else []),
        Heading(inline("Summary"), 2),
        summary_facts(result),
        Facts(tuple(counts)),
    ]
    note = drafted_note(result)
    if note:
        out.append(Paragraph(inline(note), "drafted"))
    out += [Paragraph(inline(f"Note: {n}"), "note") for n in result.metrics.notes]
    return out


def _load_notes(result: AuditResult) -> list[Block]:
    notes = result.graph.scheme.load_notes
    if not notes:
        return []
    return [
        Heading(inline("Read loosely from the file (check these)"), 2),
        Bullets(tuple(inline(note_text(n)) for n in notes)),
    ]


def _coverage(result: AuditResult) -> list[Block]:
    cg, m = result.graph, result.metrics
    if m.coverage is None or cg.framework is None or m.totals["coverage"] is None:
        return []
    stmts = cg.framework.by_code()
    by_strand: dict[str, list[str]] = {}
    for code in m.coverage.in_scope:
        by_strand.setdefault(stmts[code].strand, []).append(code)
    covered = set(m.coverage.covered)
    table_rows = []
    for strand, codes in by_strand.items():
        done = sum(1 for x in codes if x in covered)
        # Codes only: each uncovered statement is a finding below, with its words.
        missing = ", ".join(x for x in codes if x not in covered)
        table_rows.append(
            Row(
                (
                    cell(strand),
                    cell(f"{done}/{len(codes)}", bar=100 * done / len(codes)),
                    Cell((inline(Span(missing, "code")),) if missing else ()),
                )
            )
        )
    return [
        Heading(inline("Framework coverage"), 2),
        Paragraph(
            inline(
                f"{len(m.coverage.covered)} of {len(m.coverage.in_scope)} statements for this "
                f"key stage are covered ({m.coverage.percent}%)."
            )
        ),
        Table(
            ("strand", "covered", "not covered"),
            tuple(table_rows),
            numeric=frozenset({1}),
            layout="entries",
            body=2,
        ),
    ]


def _finding_row(result: AuditResult, f: Finding, texts: dict[str, list[tuple[str, str]]]) -> Row:
    first = f.nodes[0] if f.nodes else ""
    title = node_title(result, first)
    step = [inline(Span(first, "code"), Span(title, "title") if title != first else "")]
    step += [
        inline(Span(f"{label} (as written): ", "muted"), text)
        for label, text in texts.get(first, ())
    ]
    message = [inline(Span(f"({DRAFTED_MARK}) ", "drafted") if f.inferred else "", f.message)]
    if f.accepted:
        message.append(inline(Span("accepted because: ", "accepted"), f.reason or ""))
    mark = (
        Span("✔ accepted", "accepted")
        if f.accepted
        else Span(SEVERITY_MARK[f.severity.value], f.severity.value)
    )
    return Row(
        (
            Cell(tuple(step)),
            cell(when(result, f), style="when"),
            Cell(tuple(message)),
            cell(Span(where(result, f), "muted")),
        ),
        mark,
    )


def _findings(result: AuditResult) -> list[Block]:
    out: list[Block] = [Heading(inline("Findings"), 2)]
    if not result.findings:
        out.append(Paragraph(inline("No findings: every rule that ran is satisfied."), "good"))
    texts = written_texts(result.graph.scheme)
    for group in grouped(result):
        rule = REGISTRY.get(group.rule)
        why = rule.doc.why if rule is not None and rule.doc.why else group.summary
        out += [
            Heading(
                inline(
                    Span(group.rule, group.severity),
                    Span(f" ({group.severity}, {len(group.findings)})", group.severity),
                ),
                3,
            ),
            Paragraph(prose(why), "why", brief=prose(group.summary)),
            Table(
                ("step", "when", "finding", "where"),
                tuple(_finding_row(result, f, texts) for f in group.findings),
                layout="entries",
                body=2,
            ),
        ]
    if result.skipped:
        out += [
            Heading(inline("Skipped rules"), 3),
            Bullets(tuple(inline(Span(s.rule, "strong"), f": {s.why}") for s in result.skipped)),
        ]
    return out


def keystones(result: AuditResult, limit: int = KEYSTONES) -> Table:
    """The keystone steps (most later steps build on them) as a table.

    The measures are named in teachers' words, with a note giving their exact
    (Curricular Analytics) names.

    Examples
    --------
    >>> from coherence.audit import run_audit
    >>> keystones(run_audit(None), 3).headers
    ('step', 'title', 'taught', 'unlocks', 'longest chain', 'on chains')
    """
    m, cg = result.metrics, result.graph
    table_rows = []
    for n in m.keystones[:limit]:
        s = m.steps[n]
        table_rows.append(
            Row(
                (
                    cell(Span(n, "code")),
                    cell(node_title(result, n)),
                    cell(cg.period_label(n)),
                    cell(str(s.blocking)),
                    cell(str(s.delay)),
                    cell(str(s.centrality)),
                )
            )
        )
    return Table(
        ("step", "title", "taught", *(v[0] for v in PLAIN_MEASURES.values())),
        tuple(table_rows),
        numeric=frozenset({3, 4, 5}),
        note=measures_note(),
    )


def strands(result: AuditResult) -> Table:
    """How each strand runs through the scheme, as a table.

    Examples
    --------
    >>> from coherence.audit import run_audit
    >>> strands(run_audit(None)).headers[:4]
    ('strand', 'steps', 'lessons', 'half-terms taught in')
    """
    period = result.graph.period_name
    table_rows = tuple(
        Row(
            (
                cell(st.strand),
                cell(str(st.steps)),
                cell(str(st.lessons)),
                cell(str(st.periods_visited)),
                cell("–" if st.longest_gap is None else str(st.longest_gap)),
                cell(st.first or "–"),
                cell(st.last or "–"),
            )
        )
        for st in result.metrics.strands.values()
    )
    return Table(
        ("strand", "steps", "lessons", f"{period}s taught in", "longest gap", "first", "last"),
        table_rows,
        numeric=frozenset({1, 2, 3, 4}),
        note=f"longest gap: the most {period}s from one visit to the strand to the next",
    )


def _measures(result: AuditResult) -> list[Block]:
    m = result.metrics
    out: list[Block] = []
    if m.keystones:
        out += [
            Heading(inline("Keystone steps"), 2),
            Paragraph(inline(f"The steps most later steps build on: {KEYSTONES_WHY}.")),
            keystones(result),
        ]
    if m.strands:
        out += [Heading(inline("Strands"), 2), strands(result)]
    return out


def _maps(result: AuditResult) -> list[Block]:
    from coherence.maps import to_dot

    years = sorted({u.year for u in result.graph.units if u.year is not None})

    def per_year() -> list[tuple[str, str]]:
        return [
            (f"Map of units: Year {y}", to_dot(result, units_only=True, reduce=True, year=y))
            for y in years
        ]

    out: list[Block] = [
        Heading(inline("Map of units"), 2),
        Paragraph(
            inline(
                "Teaching time runs left to right; a double outline marks a unit with findings; "
                "dashed orange arrows are late prerequisites."
            ),
            "why",
        ),
        Figure(
            partial(to_dot, result, units_only=True, reduce=True),
            per_year if len(years) >= 2 else None,
        ),
    ]
    for strand in result.metrics.strands:
        if strand == "(none)":
            continue
        out += [
            Heading(inline(f"Strand map: {strand}"), 2),
            Figure(partial(to_dot, result, strand=strand, units_only=False)),
        ]
    return out


def build(result: AuditResult, *, maps: bool = False) -> Document:
    """The audit report as a document.

    Parameters
    ----------
    result : AuditResult
    maps : bool
        Add the map of units and a map per strand (drawn by the HTML writer).

    Examples
    --------
    >>> from coherence.audit import run_audit
    >>> doc = build(run_audit(None))
    >>> [b.spans[0].text for b in doc.blocks if isinstance(b, Heading) and b.level == 2]
    ['Summary', 'Framework coverage', 'Findings', 'Keystone steps', 'Strands']
    """
    blocks = [
        *_summary(result),
        *_load_notes(result),
        *_coverage(result),
        *_findings(result),
        *_measures(result),
        *(_maps(result) if maps else []),
    ]
    if result.graph.framework is not None or maps:
        blocks.append(Paragraph(inline(ATTRIBUTION), "muted", brief=inline(BRIEF_ATTRIBUTION)))
    return Document(f"Coherence audit: {result.graph.scheme.name}", blocks)
