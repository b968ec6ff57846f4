"""Step detail: what a step is, what it builds on, what builds on it, its findings."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from coherence.audit import AuditResult
from coherence.graph import PRIOR, STEP, UNDEFINED
from coherence.model import Step, Unit
from coherence.report.document import SEVERITY_MARK
from coherence.util import plural
from tui.safe import SEVERITY_STYLE, plain


def _own_words(head: Text, unit: Unit, node_id: str) -> None:
    """Append the department's prior-knowledge text and notes (the step's, then its unit's)."""
    step = next((s for s in unit.steps if s.id == node_id), None)
    sources: list[tuple[str, Unit | Step | None]] = [("", step)]
    if unit.steps[0].id == node_id:
        sources.append(("Unit: ", unit))
    for prefix, item in sources:
        if item is None:
            continue
        if item.prior_knowledge:
            head.append(f"\n\n{prefix}Prior knowledge (as written)\n", "bold")
            for text in item.prior_knowledge:
                head.append(f"  • {text}\n")
        if item.notes:
            head.append(f"\n\n{prefix}Notes\n", "bold")
            head.append(f"  {item.notes}\n")


def metric_words(blocking: int, delay: int, centrality: int) -> str:
    """The Curricular Analytics measures of a step as a teacher would say them.

    Centrality is the steps on every chain of prerequisites through the step, added
    up (not a count of chains), so it is worded as the reports word it.

    Examples
    --------
    >>> metric_words(80, 19, 215)
    'unlocks 80 later steps · longest chain of prerequisites through it: 19 steps · on chains: 215'
    >>> metric_words(1, 1, 0)  # at the start or end of every chain: nothing to add up
    'unlocks 1 later step · longest chain of prerequisites through it: 1 step'
    """
    chains = f" · on chains: {centrality}" if centrality else ""
    return (
        f"unlocks {plural(blocking, 'later step')} · longest chain of prerequisites "
        f"through it: {plural(delay, 'step')}{chains}"
    )


class StepDetail(VerticalScroll):
    """Everything about one step; Enter on a connection jumps to it."""

    class Jump(Message):
        """The user chose a connected step."""

        def __init__(self, node_id: str) -> None:
            super().__init__()
            self.node_id = node_id

    def compose(self) -> ComposeResult:
        yield Static(id="head")
        yield Static(Text("Builds on"), classes="section")
        yield OptionList(id="builds-on")
        yield Static(Text("Leads to"), classes="section")
        yield OptionList(id="leads-to")
        yield Static(Text("Findings"), classes="section")
        yield Static(id="findings")

    def show(self, result: AuditResult, node_id: str) -> None:
        """Show a step (or prior item, or undefined reference)."""
        self.node_id = node_id
        cg = result.graph
        g = cg.g
        attrs = g.nodes[node_id]
        kind = attrs.get("kind")
        head = plain((str(attrs.get("title") or node_id), "bold"), "\n")
        head.append(f"{node_id}", "dim")
        if kind == STEP:
            unit = cg.unit_by_id[str(attrs["unit"])]
            head.append("\n")
            head.append_text(
                plain(
                    ("Taught ", "dim"),
                    cg.period_label(node_id),
                    ("  unit ", "dim"),
                    unit.title,
                    ("  strand ", "dim"),
                    str(attrs.get("strand") or "-"),
                    ("  lessons ", "dim"),
                    str(attrs.get("lessons") or 1),
                )
            )
            m = result.metrics.steps.get(node_id)
            if m is not None:
                head.append(f"\n{metric_words(m.blocking, m.delay, m.centrality)}", "dim")
            covers = list(attrs.get("covers") or ())
            if covers:
                head.append("\n\nCovers\n", "bold")
                stmts = cg.framework.by_code() if cg.framework else {}
                for code in covers:
                    head.append(f"  {code} ", "cyan")
                    st = stmts.get(code)
                    head.append(st.title if st else "(not in the framework)")
                    head.append("\n")
            model = next((u for u in cg.scheme.units if u.id == unit.id), None)
            if model is not None:
                _own_words(head, model, node_id)
        elif kind == PRIOR:
            head.append("\nPrior knowledge: assumed on entry to the scheme.", "italic")
        elif kind == UNDEFINED:
            head.append("\nNot defined in the scheme: a missing prerequisite.", "bold red")
        self.query_one("#head", Static).update(head)

        def connection(other: str, earlier: bool) -> Option:
            o = g.nodes[other]
            text = Text(str(o.get("title") or other))
            text.append(f"  {other}", "dim")
            okind = o.get("kind")
            if okind == STEP:
                text.append(f"  {cg.period_label(other)}", "magenta")
                gap = (
                    cg.periods_between(other, node_id)
                    if earlier
                    else cg.periods_between(node_id, other)
                )
                if gap is not None and kind == STEP:
                    if gap < 0 and earlier:
                        text.append(f"  taught {plural(-gap, cg.period_name)} LATER", "bold red")
                    elif gap > 0:
                        text.append(
                            f"  {plural(gap, cg.period_name)} {'ago' if earlier else 'on'}", "dim"
                        )
                    else:
                        text.append(" same " + cg.period_name, "dim")
            elif okind == PRIOR:
                text.append("  prior knowledge", "dim")
            else:
                text.append("  missing", "bold red")
            return Option(text, id=other)

        builds = self.query_one("#builds-on", OptionList)
        builds.clear_options()
        builds.add_options(
            [connection(p, True) for p in cg.prerequisites(node_id)]
            or [Option(Text("nothing: no prerequisites", "dim"), disabled=True)]
        )
        leads = self.query_one("#leads-to", OptionList)
        leads.clear_options()
        leads.add_options(
            [connection(d, False) for d in cg.dependents(node_id)]
            or [Option(Text("nothing builds on this step", "dim"), disabled=True)]
        )
        fs = Text()
        for f in result.findings_for(node_id):
            sev = "accepted" if f.accepted else f.severity.value
            fs.append(f"{SEVERITY_MARK.get(f.severity.value, '')} {f.rule}", SEVERITY_STYLE[sev])
            if f.accepted:
                fs.append(" (accepted)", "green")
            fs.append("\n  ")
            fs.append(f.message)
            from coherence.report.common import summary_of

            fs.append(f"\n  why it matters: {summary_of(f.rule)}\n", "italic dim")
        if not fs.plain:
            fs.append("none", "green")
        self.query_one("#findings", Static).update(fs)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a connection: jump to it."""
        event.stop()
        if event.option.id:
            self.post_message(self.Jump(event.option.id))
