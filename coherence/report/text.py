"""The text report: readable in a terminal, grouped by rule.

Scheme text is untrusted, so it only ever enters rich as plain
:class:`rich.text.Text` content, never as markup.
"""

from __future__ import annotations

import io

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from coherence.audit import AuditResult
from coherence.report.common import grouped, node_title, when, where

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_MARK = {"error": "✖", "warning": "▲", "info": "●"}


def _header(result: AuditResult) -> Text:
    cg = result.graph
    t = result.metrics.totals
    text = Text()
    text.append(cg.scheme.name, "bold")
    if cg.file:
        text.append(f"  ({cg.file})", "dim")
    text.append("\n")
    parts = [
        f"{t['units']} units",
        f"{t['steps']} steps",
        f"{t['lessons']} lessons",
        f"{t['edges']} prerequisite links",
    ]
    if cg.framework is not None:
        parts.append(f"framework {cg.framework.id}, coverage {t['coverage']}%")
    text.append(" · ".join(parts) + "\n")
    c = result.counts()
    for sev in ("error", "warning", "info"):
        text.append(f"{c[sev]} {sev}{'s' if c[sev] != 1 and sev != 'info' else ''}", _STYLE[sev])
        text.append(" · ")
    text.append(f"{c['accepted']} accepted", "green")
    return text


def _findings(result: AuditResult) -> list[Text]:
    out: list[Text] = []
    for group in grouped(result):
        head = Text("\n")
        head.append(f"{group.rule} ", _STYLE[group.severity] + " underline")
        head.append(f"({group.severity}, {len(group.findings)}) ", _STYLE[group.severity])
        head.append(group.summary, "italic")
        out.append(head)
        for f in group.findings:
            line = Text("  ")
            if f.accepted:
                line.append("✔ accepted ", "green")
            else:
                line.append(_MARK[f.severity.value] + " ", _STYLE[f.severity.value])
            first = f.nodes[0] if f.nodes else ""
            line.append(first, "bold")
            title = node_title(result, first)
            if title != first:
                line.append(f" “{title}”")
            pos = when(result, f)
            if pos:
                line.append(f"  {pos}", "magenta")
            loc = where(result, f)
            if loc:
                line.append(f"  {loc}", "dim")
            line.append("\n    ")
            line.append(f.message)
            if f.accepted and f.reason:
                line.append("\n    accepted because: ", "green")
                line.append(f.reason)
            out.append(line)
    if not result.findings:
        out.append(Text("\nNo findings: every rule that ran is satisfied.", "green"))
    return out


def _metrics(result: AuditResult) -> list[Table | Text]:
    m = result.metrics
    t = m.totals
    out: list[Table | Text] = []
    summary = Text("\nMetrics\n", "bold underline")
    summary.append(
        f"  connectedness {float(t['connectedness'] or 0) * 100:.1f}% of steps have a prerequisite"
        f" · longest prerequisite chain {t['longest_chain']} steps"
        f" · total complexity {t['complexity']}\n"
    )
    for note in m.notes:
        summary.append(f"  note: {note}\n", "yellow")
    out.append(summary)
    if m.keystones:
        out.append(keystone_table(result, limit=5))
    if m.strands:
        out.append(strand_table(result))
    return out


def keystone_table(result: AuditResult, *, limit: int = 10, expand: bool = False) -> Table:
    """The keystone steps (highest blocking factor) as a rich table (scheme text literal)."""
    m = result.metrics
    table = Table(
        title="Keystone steps (most steps build on them)", title_justify="left", expand=expand
    )
    for col in ("step", "title", "taught", "blocking", "delay", "centrality"):
        table.add_column(
            col, justify="right" if col in ("blocking", "delay", "centrality") else "left"
        )
    for n in m.keystones[:limit]:
        s = m.steps[n]
        table.add_row(
            Text(n),
            Text(node_title(result, n)),
            Text(result.graph.period_label(n)),
            str(s.blocking),
            str(s.delay),
            str(s.centrality),
        )
    return table


def strand_table(result: AuditResult, *, expand: bool = False) -> Table:
    """Per-strand metrics as a rich table (scheme text literal)."""
    table = Table(title="Strands", title_justify="left", expand=expand)
    for col in ("strand", "steps", "lessons", "half-terms", "longest gap", "from", "to"):
        table.add_column(col)
    for st in result.metrics.strands.values():
        table.add_row(
            Text(st.strand),
            str(st.steps),
            str(st.lessons),
            str(st.periods_visited),
            "-" if st.longest_gap is None else str(st.longest_gap),
            Text(st.first or "-"),
            Text(st.last or "-"),
        )
    return table


def render_text(result: AuditResult, *, color: bool = False, width: int = 100) -> str:
    """Render the audit as text (ANSI colours when ``color``).

    Examples
    --------
    >>> from coherence.audit import run_audit
    >>> "late-prerequisite" in render_text(run_audit(None))
    True
    """
    parts: list[Table | Text] = [_header(result), *_findings(result)]
    if result.skipped:
        skipped = Text("\nSkipped rules\n", "bold")
        for s in result.skipped:
            skipped.append(f"  {s.rule}: {s.why}\n")
        parts.append(skipped)
    parts.extend(_metrics(result))
    return to_string(Group(*parts), color=color, width=width)


def to_string(renderable: RenderableType, *, color: bool = False, width: int = 100) -> str:
    """Render rich content to a string; markup and emoji codes are never interpreted.

    Examples
    --------
    >>> to_string(Text("[b]x"), width=20).strip()
    '[b]x'
    """
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
