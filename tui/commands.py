"""Command palette: ``go: <step>`` to any step or unit (fuzzy), and ``view: ...``."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.safe import highlighted

if TYPE_CHECKING:
    from tui.app import CoherenceApp


def edit_commands(app: CoherenceApp) -> list[tuple[str, Callable[[], Any], str]]:
    """The editing commands (they act on the selected step and its unit)."""
    return [
        ("edit: move unit", app.action_move_unit, "this step's unit to another half-term (M)"),
        ("edit: move step", app.action_move_step, "to another place or unit (S)"),
        ("edit: add prerequisite", app.action_add_prerequisite, "this step builds on… (P)"),
        ("edit: remove prerequisite", app.action_remove_prerequisite, "one this step lists"),
        ("edit: retitle step", app.action_edit_title, "the selected step's title"),
        ("edit: retitle unit", app.action_edit_unit_title, "the selected step's unit"),
        ("edit: prior knowledge", app.action_edit_prior_knowledge, "in the department's words"),
        ("edit: accept finding", app.action_accept_finding, "the one selected in findings (a)"),
        ("edit: review drafted links", app.action_review_links, "keep or reject each (R)"),
        ("edit: undo", app.action_undo, "ctrl+z"),
        ("edit: redo", app.action_redo, "ctrl+y"),
        ("edit: save", app.action_save, "ctrl+s: YAML keeps its comments"),
    ]


class SchemeCommands(Provider):
    """Steps, units and views of the open scheme."""

    @property
    def _app(self) -> CoherenceApp:
        return self.app  # type: ignore[return-value]

    def _candidates(self) -> list[tuple[str, Callable[[], Any], str]]:
        app = self._app
        cg = app.result.graph
        out: list[tuple[str, Callable[[], Any], str]] = [
            ("view: Step detail", app.action_view_detail, "the selected step"),
            ("view: Findings", app.action_view_findings, "all findings, filterable"),
            ("view: Metrics", app.action_view_metrics, "counts, coverage, keystones, strands"),
            *edit_commands(app),
        ]
        for strand in app.result.metrics.strands:
            out.append(
                (f"view: Thread {strand}", partial(app.show_thread, strand), "a strand over time")
            )
        for u in cg.units:
            out.append((f"go: {u.title} ({u.id})", partial(app.goto, u.id), "unit"))
        g = cg.g
        for n in cg.order:
            out.append(
                (f"go: {g.nodes[n].get('title')} ({n})", partial(app.goto, n), cg.period_label(n))
            )
        return out

    async def discover(self) -> Hits:
        """The views, before anything is typed."""
        for text, command, help_text in self._candidates():
            if text.startswith("go:"):
                break
            yield DiscoveryHit(
                highlighted(text, (), self.matcher("").match_style), command, text, help_text
            )

    async def search(self, query: str) -> Hits:
        """Fuzzy-match steps, units and views; scheme text is never parsed as markup."""
        matcher = self.matcher(query)
        for text, command, help_text in self._candidates():
            score, offsets = matcher.fuzzy_search.match(query, text)
            if score > 0:
                yield Hit(
                    score,
                    highlighted(text, offsets, matcher.match_style),
                    command,
                    text=text,
                    help=help_text,
                )
