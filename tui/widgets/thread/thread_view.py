"""A strand across the years: where it is taught, revisited, and the gaps between."""

from __future__ import annotations

from collections import defaultdict

from rich.text import Text
from textual.containers import VerticalScroll

from coherence.audit import AuditResult
from coherence.util import plural
from tui.widgets.lines import TextLines

#: Threads with more steps than this are listed unit by unit.
STEPS_SHOWN_UP_TO = 300


def thread_text(result: AuditResult, strand: str) -> Text:
    """A timeline of one strand: one line per half-term it is taught in, gaps marked."""
    cg = result.graph
    g = cg.g
    by_period: dict[int | None, list[str]] = defaultdict(list)
    for u in cg.units:
        if (u.strand or "(none)") == strand:
            period = g.nodes[u.steps[0]].get("period")
            by_period[period].append(u.id)
    sm = result.metrics.strands.get(strand)
    out = Text(no_wrap=True, overflow="ellipsis")
    out.append(f"Thread: {strand}\n", "bold")
    if sm is not None:
        longest = "-" if sm.longest_gap is None else plural(sm.longest_gap, cg.period_name)
        out.append(
            f"{plural(sm.steps, 'step')} · {plural(sm.lessons, 'lesson')} · taught in "
            f"{plural(sm.periods_visited, cg.period_name)} · longest gap {longest}\n\n",
            "dim",
        )
    n_steps = sum(len(cg.unit_by_id[u].steps) for uids in by_period.values() for u in uids)
    # A long thread is drawn unit by unit: thousands of lines would make the view sluggish.
    show_steps = n_steps <= STEPS_SHOWN_UP_TO
    if not show_steps:
        out.append(f"({n_steps} steps: units only; open a step for its detail)\n\n", "dim italic")
    previous: int | None = None
    for period in sorted(by_period, key=lambda p: (p is None, p or 0)):
        if previous is not None and period is not None and period - previous > 1:
            gap = period - previous
            style = "bold red" if gap > 6 else "yellow" if gap > 3 else "dim"
            out.append(f"   ┆ {plural(gap - 1, cg.period_name)} without {strand}\n", style)
        uids = by_period[period]
        first = cg.unit_by_id[uids[0]]
        label = cg.label_for(first.year, first.term)
        out.append(f"{label:<14}", "magenta")
        for i, uid in enumerate(uids):
            u = cg.unit_by_id[uid]
            if i:
                out.append("\n" + " " * 14)
            out.append("● ", "green" if previous is None else "cyan")
            out.append(u.title)
            out.append(f"  ({len(u.steps)} steps)", "dim")
            out.append(f"  {uid}", "dim")
            if show_steps:
                for step in u.steps:
                    out.append("\n" + " " * 16 + "· ", "dim")
                    out.append(str(g.nodes[step].get("title") or step))
        out.append("\n")
        previous = period if period is not None else previous
    return out


class ThreadView(VerticalScroll):
    """One strand as a timeline; ``n`` shows the next strand."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._result: AuditResult | None = None
        self._rows: dict[str, list[Text]] = {}

    def compose(self):  # type: ignore[no-untyped-def]
        yield TextLines(id="thread-text")

    def show(self, result: AuditResult, strand: str) -> None:
        """Show a strand (each strand's timeline is built once per audit)."""
        self.strand = strand
        if result is not self._result:
            self._result = result
            self._rows.clear()
        rows = self._rows.get(strand)
        if rows is None:
            rows = list(thread_text(result, strand).split("\n", allow_blank=True))
            self._rows[strand] = rows
        self.query_one("#thread-text", TextLines).show_rows(rows)
