"""Snapshots of the main screens (pytest-textual-snapshot).

Update after an intended change with ``pytest tests/tui --snapshot-update`` and
look at the report before committing the new SVGs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui.app import CoherenceApp

SMALL = str(Path(__file__).with_name("small_scheme.yaml"))
SIZE = (100, 30)


def test_step_detail(snap_compare: Any) -> None:
    async def go(pilot: Any) -> None:
        pilot.app.goto("c")
        await pilot.pause()

    assert snap_compare(CoherenceApp(SMALL), run_before=go, terminal_size=SIZE)


def test_findings_view(snap_compare: Any) -> None:
    assert snap_compare(CoherenceApp(SMALL), press=["f"], terminal_size=SIZE)


def test_thread_view(snap_compare: Any) -> None:
    assert snap_compare(CoherenceApp(SMALL), press=["t"], terminal_size=SIZE)


def test_metrics_view(snap_compare: Any) -> None:
    assert snap_compare(CoherenceApp(SMALL), press=["m"], terminal_size=SIZE)


def test_small_terminal(snap_compare: Any) -> None:
    assert snap_compare(CoherenceApp(SMALL), terminal_size=(80, 24))


DRAFTED = str(Path(__file__).with_name("drafted_scheme.yaml"))


def test_small_terminal_findings(snap_compare: Any) -> None:
    """At 80x24 the finding's text is a column and Quit, Help and the palette stay."""
    assert snap_compare(CoherenceApp(SMALL), press=["f"], terminal_size=(80, 24))


def test_edit_notice(snap_compare: Any) -> None:
    """Moving a step: the notice names the findings fixed."""

    async def go(pilot: Any) -> None:
        from coherence.edit import MoveStep

        pilot.app.goto("d")
        await pilot.pause()
        pilot.app.apply_edit(MoveStep("d", "u2", 0))
        await pilot.pause()

    assert snap_compare(CoherenceApp(DRAFTED), run_before=go, terminal_size=SIZE)


def test_review_drafted_links(snap_compare: Any) -> None:
    assert snap_compare(CoherenceApp(DRAFTED), press=["R"], terminal_size=SIZE)
