"""Two schemes side by side by strand, differences highlighted (``explore A --compare B``)."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from coherence.audit import AuditResult
from coherence.compare import Pairwise, compare_two, from_audit
from coherence.text import printable
from tui.safe import TerminalGuard

_HALF = ["Aut1", "Aut2", "Spr1", "Spr2", "Sum1", "Sum2"]


def _visits(periods: list[int], ppy: int) -> str:
    names = _HALF if ppy == 6 else [f"T{t + 1}" for t in range(ppy)]
    return " ".join(f"Y{p // ppy}{names[p % ppy]}" for p in sorted(set(periods))) or "—"


class CompareApp(TerminalGuard, App[None]):
    """Strand by strand: when each school teaches it, coverage and order agreement."""

    CSS = """
    DataTable { height: auto; max-height: 60%; }
    #summary { padding: 0 1; }
    """
    BINDINGS = [Binding("q", "quit", "Quit")]

    def __init__(self, a: AuditResult, b: AuditResult) -> None:
        super().__init__()
        fw_a, fw_b = a.graph.framework, b.graph.framework
        match = (
            "framework" if fw_a is not None and fw_b is not None and fw_a.id == fw_b.id else "title"
        )
        universe = (
            {s.code: s.strand for s in fw_a.statements} if match == "framework" and fw_a else None
        )
        titles = (
            {s.code: s.title for s in fw_a.statements} if match == "framework" and fw_a else None
        )
        self.cmp: Pairwise = compare_two(
            from_audit(a, match), from_audit(b, match), match, universe, titles
        )

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static(id="summary")
            yield DataTable(id="strands", cursor_type="row", zebra_stripes=True)
            yield Static(Text("\nTaught more than a year apart", "bold"))
            yield DataTable(id="far", cursor_type="row")
            yield Static(Text("\nTaught by one school only", "bold"))
            yield DataTable(id="only", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        cmp = self.cmp
        self.title = f"{printable(cmp.a.name)}  vs  {printable(cmp.b.name)}"
        self.sub_title = f"matched by {cmp.match}"
        tau = "–" if cmp.tau is None else f"{cmp.tau:.2f}"
        summary = Text()
        summary.append("A ", "bold cyan")
        summary.append(cmp.a.name)
        summary.append("   B ", "bold magenta")
        summary.append(cmp.b.name)
        summary.append(f"\nOrder agreement (Kendall's tau-b): {tau}", "bold")
        for note in cmp.notes:
            summary.append(f"\n{note}", "yellow")
        self.query_one("#summary", Static).update(summary)
        table: DataTable[Text] = self.query_one("#strands", DataTable)
        table.add_columns("strand", "A taught in", "B taught in", "both", "only A", "only B", "tau")
        for strand, cols in self.cmp.coverage.items():
            tau_s = cmp.tau_by_strand.get(strand)
            only_a, only_b = len(cols["only_a"]), len(cols["only_b"])
            table.add_row(
                Text(strand, "bold"),
                Text(_visits(cmp.a.strand_periods.get(strand, []), cmp.a.periods_per_year), "cyan"),
                Text(
                    _visits(cmp.b.strand_periods.get(strand, []), cmp.b.periods_per_year), "magenta"
                ),
                Text(str(len(cols["both"]))),
                Text(str(only_a), "bold yellow" if only_a else ""),
                Text(str(only_b), "bold yellow" if only_b else ""),
                Text(
                    "–" if tau_s is None else f"{tau_s:.2f}",
                    "bold red" if tau_s is not None and tau_s < 0.5 else "",
                ),
            )
        far: DataTable[Text] = self.query_one("#far", DataTable)
        far.add_columns("key", "statement", "A", "B", "gap")
        for s in cmp.far_apart:
            far.add_row(
                Text(s["key"]),
                Text(s["title"] or s["strand"]),
                Text(s["a"]),
                Text(s["b"]),
                Text(str(s["gap"]), "bold red"),
            )
        only: DataTable[Text] = self.query_one("#only", DataTable)
        only.add_columns("key", "statement", "strand", "taught by")
        for strand, cols in cmp.coverage.items():
            for col, who, style in (("only_a", "A", "bold cyan"), ("only_b", "B", "bold magenta")):
                for k in cols[col]:
                    only.add_row(
                        Text(k), Text(cmp.titles.get(k, "")), Text(strand), Text(who, style)
                    )
