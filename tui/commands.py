"""Command palette: ``go: <step>`` to any step or unit (fuzzy), and ``view: ...``."""

from __future__ import annotations

import asyncio
import heapq
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.safe import highlighted

if TYPE_CHECKING:
    from tui.app import CoherenceApp


#: A palette entry: its text, what it does, and the help beside it.
Candidate = tuple[str, Callable[[], Any], str]


def edit_commands(app: CoherenceApp) -> list[Candidate]:
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


#: A search offers at most this many steps, units and views: the best scoring, in the order
#: the palette lists them when all are offered. On a 50,000-step scheme a one-letter search
#: matched all 60,000, and the palette took 6-7 s a key to list them (measured).
MOST_HITS = 500

#: Candidates matched between two chances for a newer key to cancel the search.
BATCH = 2000


def best(scored: list[tuple[float, int]], most: int) -> list[int]:
    """The indexes of the ``most`` highest scores (ties: the earlier), in their first order.

    Examples
    --------
    >>> best([(1.0, 0), (3.0, 1), (2.0, 2), (3.0, 3)], 2)
    [1, 3]
    >>> best([(1.0, 0), (2.0, 5)], 500)
    [0, 5]
    """
    if len(scored) > most:
        scored = heapq.nlargest(most, scored, key=lambda s: (s[0], -s[1]))
    return sorted(i for _, i in scored)


class SchemeCommands(Provider):
    """Steps, units and views of the open scheme."""

    @property
    def _app(self) -> CoherenceApp:
        return self.app  # type: ignore[return-value]

    def _candidates(self) -> list[Candidate]:
        """Every view, edit, strand, unit and step (made once while the palette is open)."""
        cached: tuple[object, list[Candidate]] | None = getattr(self, "_cached", None)
        if cached is None or cached[0] is not self._app.result:
            cached = (self._app.result, self._all_candidates())
            self._cached = cached
        return cached[1]

    def _all_candidates(self) -> list[Candidate]:
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
        match = matcher.fuzzy_search.match
        candidates = self._candidates()
        scored: list[tuple[float, int]] = []
        for i, (text, _, _) in enumerate(candidates):
            score, _ = match(query, text)
            if score > 0:
                scored.append((score, i))
            if i % BATCH == BATCH - 1:
                await asyncio.sleep(0)
        for i in best(scored, MOST_HITS):
            text, command, help_text = candidates[i]
            score, offsets = match(query, text)
            yield Hit(
                score,
                highlighted(text, offsets, matcher.match_style),
                command,
                text=text,
                help=help_text,
            )
