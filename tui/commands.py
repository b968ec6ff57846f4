"""Command palette: ``go: <step>`` to any step or unit (fuzzy), and ``view: ...``."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.safe import highlighted

if TYPE_CHECKING:
    from tui.app import CoherenceApp


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
        for text, command, help_text in self._candidates()[:3]:
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
