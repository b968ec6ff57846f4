"""All findings in a table, filterable by rule and severity; Enter jumps to the step."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Static
from textual.widgets.data_table import RowKey

from coherence.audit import AuditResult
from coherence.rules.base import Finding
from tui.safe import SEVERITY_STYLE

SEVERITIES = ("all", "error", "warning", "info")


def finding_cells(result: AuditResult, f: Finding) -> tuple[Text, ...]:
    """A finding's row: severity, text, first step, rule, when that step is taught."""
    cg = result.graph
    sev = "accepted" if f.accepted else f.severity.value
    first = f.nodes[0] if f.nodes else ""
    when = cg.period_label(first) if first in cg.g else ""
    message = ("[drafted link] " if f.inferred else "") + f.message[:200]
    return (
        Text(sev, SEVERITY_STYLE[sev]),
        Text(message, no_wrap=True, overflow="ellipsis"),
        Text(first),
        Text(f.rule),
        Text(when),
    )


class FixedWidthTable(DataTable[Text]):
    """A table whose columns all have a set width, so new rows are not measured.

    ``DataTable`` measures every cell of every new row to size its columns: 65 ms for the
    1,251 findings of a 50,000-step scheme (measured), each time a filter changes. A column
    with a set width never uses that measure, and every row here is one line high, so the
    new rows are passed on as none and the table sizes itself from the set widths and the
    row count as before. A column of automatic width is measured as usual.
    """

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        if self.columns and not any(c.auto_width for c in self.columns.values()):
            new_rows = ()
        super()._update_dimensions(new_rows)


class FindingsView(Vertical):
    """The findings table with a rule filter and a severity filter."""

    BINDINGS = [
        Binding("s", "cycle_severity", "Severity filter"),
        Binding("k", "rule_doc", "Rule doc"),
        Binding("a", "app.accept_finding", "Accept"),
        # While the filter has focus letters are typed: Esc leaves it for the table.
        Binding("escape", "to_table", "Table"),
    ]

    class Jump(Message):
        """Jump to a finding's step."""

        def __init__(self, node_id: str) -> None:
            super().__init__()
            self.node_id = node_id

    class ShowRule(Message):
        """Show a rule's documentation."""

        def __init__(self, rule: str) -> None:
            super().__init__()
            self.rule = rule

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.severity = "all"
        self.result: AuditResult | None = None
        self._rows: list[Finding] = []
        self._cells: list[tuple[Text, ...]] = []
        self._text_width = 0

    def compose(self) -> ComposeResult:
        with Horizontal(id="filters"):
            yield Input(placeholder="filter by rule or text (e.g. late)", id="rule-filter")
            yield Static(Text("severity: all"), id="severity")
        yield FixedWidthTable(id="findings-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self._columns(self.size.width or 80)

    def _columns(self, width: int) -> None:
        """The finding's text comes second and gets the width the others leave."""
        table = self.query_one(DataTable)
        table.clear(columns=True)
        self._text_width = max(24, width - 8 - 22 - 14 - 14 - 6)
        table.add_column("sev", width=8)
        table.add_column("finding", width=self._text_width)
        table.add_column("step", width=14)
        table.add_column("rule", width=22)
        table.add_column("when", width=14)

    def on_resize(self) -> None:
        """Fit the text column to the new width."""
        if self.size.width and self._text_width != max(24, self.size.width - 64):
            self._columns(self.size.width)
            self.refresh_rows()

    def load(self, result: AuditResult) -> None:
        """Show an audit's findings (keeping the filters)."""
        self.result = result
        self._cells = [finding_cells(result, f) for f in result.findings]
        self.refresh_rows()

    def refresh_rows(self) -> None:
        """Apply the filters (each finding's cells are made once per audit, in :meth:`load`)."""
        if self.result is None:
            return
        text = self.query_one("#rule-filter", Input).value.strip().lower()
        table = self.query_one(DataTable)
        table.clear()
        shown = [
            i
            for i, f in enumerate(self.result.findings)
            if (self.severity == "all" or f.severity.value == self.severity)
            and (not text or text in f.rule or text in f.message.lower())
        ]
        self._rows = [self.result.findings[i] for i in shown]
        table.add_rows(self._cells[i] for i in shown)
        self.query_one("#severity", Static).update(
            Text(f"severity: {self.severity}  ({len(self._rows)} shown)")
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        """Filter as the user types."""
        self.refresh_rows()

    def action_to_table(self) -> None:
        """From the filter to the table."""
        self.query_one(DataTable).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the filter: on to the table."""
        event.stop()
        self.query_one(DataTable).focus()

    def action_cycle_severity(self) -> None:
        """Cycle all -> error -> warning -> info."""
        self.severity = SEVERITIES[(SEVERITIES.index(self.severity) + 1) % len(SEVERITIES)]
        self.refresh_rows()

    def selected(self) -> Finding | None:
        """The finding under the cursor."""
        row = self.query_one(DataTable).cursor_row
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def action_rule_doc(self) -> None:
        """Show the documentation of the selected finding's rule."""
        f = self.selected()
        if f is not None:
            self.post_message(self.ShowRule(f.rule))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter: jump to the step."""
        event.stop()
        f = self.selected()
        if f is not None and f.nodes:
            self.post_message(self.Jump(f.nodes[0]))
