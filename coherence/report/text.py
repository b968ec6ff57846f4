"""The text report: readable in a terminal, grouped by rule.

The report is built once as lines of ``(text, style)`` segments and tables of
plain strings, then written either as plain text (no colour: pipes, files,
``-o``), which needs no third-party import and so keeps ``coherence audit``
as quick to start as ``python -c "import networkx, pydantic"``, or through
rich with colours and box tables (a terminal).

Scheme text is untrusted: every piece of it goes through
:func:`~coherence.text.printable` (terminal control characters are
shown as escapes, never sent), and it only ever enters rich as plain
:class:`rich.text.Text` content, never as markup.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coherence.audit import AuditResult
from coherence.report.common import (
    DRAFTED_MARK,
    drafted_note,
    grouped,
    node_title,
    when,
    where,
)
from coherence.text import printable
from coherence.util import plural

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_MARK = {"error": "✖", "warning": "▲", "info": "●"}

#: A line of the report: (text, rich style) segments; the text is already printable.
Line = list[tuple[str, str]]


@dataclass(frozen=True)
class _Table:
    """A table as plain strings (rendered plainly or as a rich ``Table``)."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    right: frozenset[str] = frozenset()
    note: str = ""  # under the table: what its columns mean


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


def _header(result: AuditResult) -> list[Line]:
    cg = result.graph
    t = result.metrics.totals
    first: Line = [(printable(cg.scheme.name), "bold")]
    if cg.file:
        first.append((f"  ({printable(cg.file)})", "dim"))
    parts = [
        plural(int(t["units"] or 0), "unit"),
        plural(int(t["steps"] or 0), "step"),
        plural(int(t["lessons"] or 0), "lesson"),
        plural(int(t["edges"] or 0), "prerequisite link"),
    ]
    if cg.framework is not None:
        fw = printable(cg.framework.id or cg.framework.name)
        cov = f"coverage {t['coverage']}%" if t["coverage"] is not None else "not linked yet"
        parts.append(f"framework {fw}, {cov}")
    c = result.counts()
    counts: Line = []
    for sev in ("error", "warning", "info"):
        counts += [(plural(c[sev], sev, sev if sev == "info" else None), _STYLE[sev]), (" · ", "")]
    counts.append((f"{c['accepted']} accepted", "green"))
    lines = [first, [(" · ".join(parts), "")], counts]
    note = drafted_note(result)
    if note:
        lines.append([(note, "cyan")])
    return lines


def _load_notes(result: AuditResult) -> list[Line]:
    from coherence.report.common import note_text

    notes = result.graph.scheme.load_notes
    if not notes:
        return []
    out: list[Line] = [[], [("Read loosely from the file (check these)", "bold")]]
    return out + [[("  • " + note_text(n), "")] for n in notes]


def _findings(result: AuditResult) -> list[Line]:
    from coherence.report.common import written_texts

    out: list[Line] = []
    texts = written_texts(result.graph.scheme)
    for group in grouped(result):
        style = _STYLE[group.severity]
        out.append([])
        out.append(
            [
                (group.rule, style + " underline"),
                (f" ({group.severity}, {len(group.findings)}) ", style),
                (group.summary, "italic"),
            ]
        )
        for f in group.findings:
            line: Line = [("  ", "")]
            if f.accepted:
                line.append(("✔ accepted ", "green"))
            else:
                line.append((_MARK[f.severity.value] + " ", _STYLE[f.severity.value]))
            first = f.nodes[0] if f.nodes else ""
            line.append((printable(first), "bold"))
            title = node_title(result, first)
            if title != first:
                line.append((f" “{printable(title)}”", ""))
            pos = when(result, f)
            if pos:
                line.append((f"  {printable(pos)}", "magenta"))
            if f.inferred:
                line.append((f"  [{DRAFTED_MARK}]", "cyan"))
            loc = where(result, f)
            if loc:
                line.append((f"  {printable(loc)}", "dim"))
            out.append(line)
            out.append([("    " + printable(f.message), "")])
            for label, text in texts.get(first, ()):
                out.append([(f"    {label} (as written): ", "dim"), (printable(text), "")])
            if f.accepted and f.reason:
                out.append([("    accepted because: ", "green"), (printable(f.reason), "")])
    if not result.findings:
        out += [[], [("No findings: every rule that ran is satisfied.", "green")]]
    if result.skipped:
        out += [[], [("Skipped rules", "bold")]]
        out += [[(f"  {s.rule}: {printable(s.why)}", "")] for s in result.skipped]
    return out


def _metrics_lines(result: AuditResult) -> list[Line]:
    m = result.metrics
    t = m.totals
    out: list[Line] = [[], [("Metrics", "bold underline")]]
    out.append(
        [
            (
                f"  {float(t['connectedness'] or 0) * 100:.1f}% of steps build on an earlier step"
                f" · the longest chain of prerequisites is {t['longest_chain']} steps"
                f" · curriculum complexity {t['complexity']} (every step's unlocks plus its"
                " longest chain, added up)",
                "",
            )
        ]
    )
    out += [[(f"  note: {printable(note)}", "yellow")] for note in m.notes]
    out.append([])
    return out


def _keystones(result: AuditResult, limit: int, plain: bool = True) -> _Table:
    m = result.metrics
    rows = []
    for n in m.keystones[:limit]:
        s = m.steps[n]
        rows.append(
            (
                printable(n),
                printable(node_title(result, n)),
                printable(result.graph.period_label(n)),
                str(s.blocking),
                str(s.delay),
                str(s.centrality),
            )
        )
    if not plain:
        return _Table(
            "Keystone steps (most steps build on them)",
            ("step", "title", "taught", "blocking", "delay", "centrality"),
            tuple(rows),
            frozenset({"blocking", "delay", "centrality"}),
        )
    measures = tuple(m[0] for m in PLAIN_MEASURES.values())
    return _Table(
        "Keystone steps: if pupils miss these, the most later learning is at risk",
        ("step", "title", "taught", *measures),
        tuple(rows),
        frozenset(measures),
        measures_note(),
    )


def _strands(result: AuditResult, plain: bool = True) -> _Table:
    rows = tuple(
        (
            printable(st.strand),
            str(st.steps),
            str(st.lessons),
            str(st.periods_visited),
            "-" if st.longest_gap is None else str(st.longest_gap),
            printable(st.first or "-"),
            printable(st.last or "-"),
        )
        for st in result.metrics.strands.values()
    )
    if not plain:
        return _Table(
            "Strands",
            ("strand", "steps", "lessons", "half-terms", "longest gap", "from", "to"),
            rows,
            frozenset({"steps", "lessons", "half-terms", "longest gap"}),
        )
    period = result.graph.period_name
    columns = ("strand", "steps", "lessons", f"{period}s taught in", "longest gap", "first", "last")
    return _Table(
        "Strands",
        columns,
        rows,
        frozenset(columns[1:5]),
        f"longest gap: the most {period}s from one visit to the strand to the next",
    )


def _tables(result: AuditResult) -> list[_Table]:
    m = result.metrics
    out = []
    if m.keystones:
        out.append(_keystones(result, 5))
    if m.strands:
        out.append(_strands(result))
    return out


def _rich_table(t: _Table, *, expand: bool = False) -> Table:
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=t.title,
        title_justify="left",
        expand=expand,
        caption=t.note or None,
        caption_justify="left",
    )
    for col in t.columns:
        table.add_column(col, justify="right" if col in t.right else "left")
    for row in t.rows:
        table.add_row(*(Text(cell) for cell in row))
    return table


def keystone_table(
    result: AuditResult, *, limit: int = 10, expand: bool = False, plain: bool = False
) -> Table:
    """The keystone steps (highest blocking factor) as a rich table (scheme text literal).

    ``plain`` names the columns in teachers' words (as the text report does)
    instead of Curricular Analytics' terms.
    """
    return _rich_table(_keystones(result, limit, plain), expand=expand)


def strand_table(result: AuditResult, *, expand: bool = False, plain: bool = False) -> Table:
    """Per-strand metrics as a rich table (scheme text literal); ``plain`` as above."""
    return _rich_table(_strands(result, plain), expand=expand)


def _plain_table(t: _Table) -> list[str]:
    widths = [max(len(col), *(len(row[i]) for row in t.rows)) for i, col in enumerate(t.columns)]

    def fmt(cells: tuple[str, ...]) -> str:
        return "  ".join(
            c.rjust(w) if col in t.right else c.ljust(w)
            for c, w, col in zip(cells, widths, t.columns, strict=True)
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    note = textwrap.wrap(t.note, 100) if t.note else []
    return [t.title, fmt(t.columns), rule, *(fmt(r) for r in t.rows), *note, ""]


def _plain(lines: list[Line], tables: list[_Table], width: int) -> str:
    out: list[str] = []
    for line in lines:
        text = "".join(s for s, _ in line)
        if len(text) <= width:
            out.append(text)
            continue
        indent = " " * (len(text) - len(text.lstrip(" ")) + 2)
        out += textwrap.wrap(
            text,
            width,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
    for t in tables:
        out += _plain_table(t)
    return "\n".join(out) + "\n"


def render_text(result: AuditResult, *, color: bool = False, width: int = 100) -> str:
    """Render the audit as text: plain, or with ANSI colours and box tables when ``color``.

    Parameters
    ----------
    result : AuditResult
        The audit.
    color : bool
        Colours and box-drawn tables (through rich) for a terminal.
    width : int
        Wrap long lines at this many characters.

    Returns
    -------
    str

    Examples
    --------
    >>> from coherence.audit import run_audit
    >>> "late-prerequisite" in render_text(run_audit(None))
    True
    """
    lines = [*_header(result), *_load_notes(result), *_findings(result), *_metrics_lines(result)]
    tables = _tables(result)
    if not color:
        return _plain(lines, tables, width)
    from rich.console import Group
    from rich.text import Text

    parts: list[RenderableType] = [Text.assemble(*line) for line in lines]
    parts += [_rich_table(t) for t in tables]
    return to_string(Group(*parts), color=True, width=width)


def to_string(renderable: RenderableType, *, color: bool = False, width: int = 100) -> str:
    """Render rich content to a string; markup and emoji codes are never interpreted.

    Examples
    --------
    >>> from rich.text import Text
    >>> to_string(Text("[b]x"), width=20).strip()
    '[b]x'
    """
    from rich.console import Console

    buf = io.StringIO()
    console = Console(
        file=buf,
        force_terminal=color,
        no_color=not color,
        width=width,
        highlight=False,
        emoji=False,
        markup=False,
    )
    console.print(renderable)
    return buf.getvalue()
