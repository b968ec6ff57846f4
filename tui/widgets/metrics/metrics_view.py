"""Metrics: counts, connectedness, coverage, longest chain, keystones, per strand."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from coherence.audit import AuditResult
from coherence.report.text import keystone_table, strand_table


def metrics_renderable(result: AuditResult) -> Group:
    """The metrics as rich tables (all scheme text as plain Text)."""
    m = result.metrics
    t = m.totals
    head = Text()
    head.append("Metrics\n", "bold")
    facts = [
        ("units", t["units"]),
        ("steps", t["steps"]),
        ("lessons", t["lessons"]),
        ("prerequisite links", t["edges"]),
        (
            "builds on something",
            f"{float(t['connectedness'] or 0) * 100:.1f}% of steps have a prerequisite",
        ),
        ("longest chain", f"{t['longest_chain']} steps, each building on the one before"),
        (
            "curriculum covered",
            f"{t['coverage']}% of the framework's statements"
            if t["coverage"] is not None
            else "no framework",
        ),
        ("total complexity", f"{t['complexity']} (how much hangs together: higher is harder)"),
    ]
    for k, v in facts:
        head.append(f"  {k:<20}", "dim")
        head.append(f"{v}\n")
    for note in m.notes:
        head.append(f"  note: {note}\n", "yellow")
    keys = keystone_table(result, expand=True)
    strands = strand_table(result, expand=True)
    return Group(head, keys, Text(""), strands)


class MetricsView(VerticalScroll):
    """The scheme's metrics."""

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(id="metrics-text")

    def show(self, result: AuditResult) -> None:
        """Show an audit's metrics."""
        self.query_one("#metrics-text", Static).update(metrics_renderable(result))
