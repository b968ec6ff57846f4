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
from coherence.report.common import grouped, node_title, when, where
from coherence.text import printable

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


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 or word == "info" else "s")


def _header(result: AuditResult) -> list[Line]:
    cg = result.graph
    t = result.metrics.totals
    first: Line = [(printable(cg.scheme.name), "bold")]
    if cg.file:
        first.append((f"  ({printable(cg.file)})", "dim"))
    parts = [
        _plural(int(t["units"] or 0), "unit"),
        _plural(int(t["steps"] or 0), "step"),
        _plural(int(t["lessons"] or 0), "lesson"),
        _plural(int(t["edges"] or 0), "prerequisite link"),
    ]
    if cg.framework is not None:
        fw = printable(cg.framework.id or cg.framework.name)
        parts.append(f"framework {fw}, coverage {t['coverage']}%")
    c = result.counts()
    counts: Line = []
    for sev in ("error", "warning", "info"):
        counts += [(_plural(c[sev], sev), _STYLE[sev]), (" · ", "")]
    counts.append((f"{c['accepted']} accepted", "green"))
    return [first, [(" · ".join(parts), "")], counts]


def _findings(result: AuditResult) -> list[Line]:
    out: list[Line] = []
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
            loc = where(result, f)
            if loc:
                line.append((f"  {printable(loc)}", "dim"))
            out.append(line)
            out.append([("    " + printable(f.message), "")])
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
                f"  connectedness {float(t['connectedness'] or 0) * 100:.1f}% of steps have a "
                f"prerequisite · longest prerequisite chain {t['longest_chain']} steps"
                f" · total complexity {t['complexity']}",
                "",
            )
        ]
    )
    out += [[(f"  note: {printable(note)}", "yellow")] for note in m.notes]
    out.append([])
    return out


def _keystones(result: AuditResult, limit: int) -> _Table:
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
    return _Table(
        "Keystone steps (most steps build on them)",
        ("step", "title", "taught", "blocking", "delay", "centrality"),
        tuple(rows),
        frozenset({"blocking", "delay", "centrality"}),
    )


def _strands(result: AuditResult) -> _Table:
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
    return _Table(
        "Strands",
        ("strand", "steps", "lessons", "half-terms", "longest gap", "from", "to"),
        rows,
        frozenset({"steps", "lessons", "half-terms", "longest gap"}),
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

    table = Table(title=t.title, title_justify="left", expand=expand)
    for col in t.columns:
        table.add_column(col, justify="right" if col in t.right else "left")
    for row in t.rows:
        table.add_row(*(Text(cell) for cell in row))
    return table


def keystone_table(result: AuditResult, *, limit: int = 10, expand: bool = False) -> Table:
    """The keystone steps (highest blocking factor) as a rich table (scheme text literal)."""
    return _rich_table(_keystones(result, limit), expand=expand)


def strand_table(result: AuditResult, *, expand: bool = False) -> Table:
    """Per-strand metrics as a rich table (scheme text literal)."""
    return _rich_table(_strands(result), expand=expand)


def _plain_table(t: _Table) -> list[str]:
    widths = [max(len(col), *(len(row[i]) for row in t.rows)) for i, col in enumerate(t.columns)]

    def fmt(cells: tuple[str, ...]) -> str:
        return "  ".join(
            c.rjust(w) if col in t.right else c.ljust(w)
            for c, w, col in zip(cells, widths, t.columns, strict=True)
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return [t.title, fmt(t.columns), rule, *(fmt(r) for r in t.rows), ""]


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
    lines = [*_header(result), *_findings(result), *_metrics_lines(result)]
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
