"""Metrics: counts, connectedness, coverage, longest chain, keystones, per strand."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from coherence.audit import AuditResult
from coherence.report.audit import summary_facts
from coherence.report.text import keystone_table, strand_table


def metrics_renderable(result: AuditResult) -> Group:
    """The audit report's figures and tables as rich renderables (scheme text as plain Text)."""
    head = Text()
    head.append("Metrics\n", "bold")
    for fact in summary_facts(result).facts:
        head.append(f"  {fact.value:>8}  ", "bold")
        head.append(f"{fact.label}\n")
    for note in result.metrics.notes:
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
