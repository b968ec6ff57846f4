"""Two schemes side by side by strand, differences highlighted (``explore A --compare B``)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from coherence.audit import AuditResult
from coherence.comparison import Pairwise, compare_two, from_audit
from coherence.text import printable
from tui.safe import TerminalGuard

_HALF = ["Aut1", "Aut2", "Spr1", "Spr2", "Sum1", "Sum2"]
#: Fewer shared statements than this and an order agreement means nothing: not shown.
MIN_SHARED = 5


def _visits(periods: list[int], ppy: int) -> str:
    names = _HALF if ppy == 6 else [f"T{t + 1}" for t in range(ppy)]
    return " ".join(f"Y{p // ppy}{names[p % ppy]}" for p in sorted(set(periods))) or "—"


class CompareApp(TerminalGuard, App[None]):
    """Strand by strand: when each school teaches it, coverage and order agreement."""

    CSS = """
    DataTable { height: auto; max-height: 60%; }
    #strands { padding: 0 1; }
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
            yield Static(id="strands")
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
        summary.append("\nOrder agreement: ", "bold")
        if len(cmp.shared) < MIN_SHARED:
            summary.append(f"too few shared statements ({len(cmp.shared)}) to say")
        else:
            summary.append(tau, "bold")
            summary.append(
                " (1 = the shared statements come in the same order, 0 = no relation, "
                "-1 = reversed)",
                "dim",
            )
        for note in cmp.notes:
            summary.append(f"\n{note}", "yellow")
        self.query_one("#summary", Static).update(summary)
        self.query_one("#strands", Static).update(self.strand_table())
        far: DataTable[Text] = self.query_one("#far", DataTable)
        far.add_columns("key", "A", "B", "apart", "statement")
        for s in cmp.far_apart:
            far.add_row(
                Text(s["key"]),
                Text(s["a"], "cyan"),
                Text(s["b"], "magenta"),
                Text(f"{abs(s['gap'])} half-terms", "bold red"),
                Text(s["title"] or s["strand"]),
            )
        only: DataTable[Text] = self.query_one("#only", DataTable)
        only.add_columns("key", "taught by", "strand", "statement")
        for strand, cols in cmp.coverage.items():
            for col, who, style in (("only_a", "A", "bold cyan"), ("only_b", "B", "bold magenta")):
                for k in cols[col]:
                    only.add_row(
                        Text(k), Text(who, style), Text(strand), Text(cmp.titles.get(k, ""))
                    )

    def strand_table(self) -> Table:
        """Strand by strand, both schools: a table that wraps to the width (80 columns too)."""
        cmp = self.cmp
        table = Table(expand=True, show_edge=False, pad_edge=False, header_style="bold")
        table.add_column("strand", ratio=2, overflow="fold")
        table.add_column(Text("A taught in", "cyan"), ratio=3)
        table.add_column(Text("B taught in", "magenta"), ratio=3)
        table.add_column("both", justify="right", no_wrap=True)
        table.add_column("only A", justify="right", no_wrap=True)
        table.add_column("only B", justify="right", no_wrap=True)
        table.add_column("order", justify="right", no_wrap=True)
        for strand, cols in cmp.coverage.items():
            tau_s = cmp.tau_by_strand.get(strand)
            only_a, only_b = len(cols["only_a"]), len(cols["only_b"])
            if tau_s is None or len(cols["both"]) < MIN_SHARED:
                order = Text("too few", "dim")
            else:
                order = Text(f"{tau_s:.2f}", "bold red" if tau_s < 0.5 else "")
            table.add_row(
                Text(strand, "bold"),
                Text(_visits(cmp.a.strand_periods.get(strand, []), cmp.a.periods_per_year), "cyan"),
                Text(
                    _visits(cmp.b.strand_periods.get(strand, []), cmp.b.periods_per_year), "magenta"
                ),
                Text(str(len(cols["both"]))),
                Text(str(only_a), "bold yellow" if only_a else ""),
                Text(str(only_b), "bold yellow" if only_b else ""),
                order,
            )
        return table
