"""Editing in the explorer, driven with Pilot: move a unit, see the findings change,
undo, redo, save, reload the saved file and compare; review drafted links; quit asks."""

from __future__ import annotations

from pathlib import Path

import pytest

from coherence.load import load_scheme
from tests.test_edit import SCHEME, comments
from tui.app import CoherenceApp
from tui.screens.edit import ConfirmQuitScreen, ReviewScreen
from tui.widgets.footer.key_bar import KeyBar


@pytest.fixture
def small(tmp_path: Path) -> Path:
    f = tmp_path / "scheme.yaml"
    f.write_text(SCHEME)
    return f


def late(app: CoherenceApp) -> list[tuple[str, ...]]:
    return [f.nodes for f in app.result.findings if f.rule == "late-prerequisite"]


def last_notice(app: CoherenceApp) -> str:
    return str(list(app._notifications)[-1].message)


async def test_move_a_step_through_the_palette_undo_redo_save_and_reload(small: Path) -> None:
    app = CoherenceApp(str(small))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert late(app) == [("c", "d")]
        app.goto("d")
        await pilot.pause()
        await pilot.press("S")  # move step: the palette lists places
        await pilot.pause()
        await pilot.press(*"before Solve")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert late(app) == []
        assert "fixes 1 error" in last_notice(app)
        assert "fixed: late-prerequisite at 'Solve equations' (c)" in last_notice(app)
        assert "unsaved changes" in app.sub_title
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert late(app) == [("c", "d")] and "adds 1 error" in last_notice(app)
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert late(app) == []
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Saved" in last_notice(app) and not app.session.dirty
    saved = load_scheme(small)
    assert [s.id for s in saved.units[1].steps] == ["d", "c"]
    assert sorted(comments(small.read_text())) == sorted(comments(SCHEME))
    again = CoherenceApp(str(small))
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert late(again) == []
        assert [f.nodes for f in again.result.findings] == [f.nodes for f in app.result.findings]


async def test_add_a_prerequisite_chosen_by_search_and_retitle(small: Path) -> None:
    app = CoherenceApp(str(small))
    async with app.run_test(size=(120, 40)) as pilot:
        app.goto("a")
        await pilot.pause()
        await pilot.press("P")
        await pilot.pause()
        await pilot.press(*"Expand brackets")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert ("a", "d") in late(app)
        assert "adds 1 error" in last_notice(app)
        app.action_edit_title()
        await pilot.pause()
        await pilot.press("ctrl+a", "ctrl+k", *"[b]Fractions[/b]", "enter")
        await pilot.pause()
        assert "[b]Fractions[/b]" in str(app.query_one("#head").render())  # type: ignore[attr-defined]
        # The palette's edit commands: retitle the unit.
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"retitle unit")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"Fractions and decimals", "enter")
        await pilot.pause()
        assert app.result.graph.unit_by_id["u1"].title == "Fractions and decimals"
        app.save_now()
    assert load_scheme(small).units[0].steps[0].requires == ["d"]
    assert load_scheme(small).units[0].steps[0].title == "[b]Fractions[/b]"
    assert load_scheme(small).units[0].title == "Fractions and decimals"


async def test_accept_a_finding_with_a_reason(small: Path) -> None:
    app = CoherenceApp(str(small))
    async with app.run_test(size=(120, 40)) as pilot:
        # The filter (the drafted link awaiting review also makes a cycle), then the table.
        await pilot.press("f", *"late-prerequisite", "enter")
        await pilot.pause()
        view_rows = app.query_one("FindingsView")._rows  # type: ignore[attr-defined]
        assert [f.rule for f in view_rows] == ["late-prerequisite"]
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Taught together on purpose", "enter")
        await pilot.pause()
        assert late(app) == [("c", "d")]
        assert [f.accepted for f in app.result.findings if f.rule == "late-prerequisite"] == [True]
        assert "accepts 1 error" in last_notice(app)
        app.save_now()
        await pilot.pause()
    text = (small.parent / "coherence.toml").read_text()
    assert 'reason = "Taught together on purpose"' in text


async def test_review_drafted_links_one_by_one(small: Path) -> None:
    app = CoherenceApp(str(small))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("R")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        body = str(app.screen.query_one("#review-body").render())  # type: ignore[attr-defined]
        assert "1 of 3" in body and "title mentions equations" in body and "0.40" in body
        await pilot.press("n")  # reject b -> c
        await pilot.pause()
        await pilot.press("a")  # keep all scoring 0.8 or more
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        body = str(app.screen.query_one("#review-body").render())  # type: ignore[attr-defined]
        assert "No drafted links left" in body
        await pilot.press("escape")
        await pilot.pause()
        app.save_now()
    s = load_scheme(small)
    assert [(r.step, r.target) for r in s.rejected_links] == [("b", "c")]
    assert s.units[0].steps[1].covers == ["KS3-N-07"]
    assert s.units[1].steps[0].requires == ["b", "d", "a"]


async def test_quitting_with_unsaved_changes_asks(small: Path) -> None:
    app = CoherenceApp(str(small))
    async with app.run_test(size=(120, 40)) as pilot:
        app.goto("d")
        await pilot.pause()
        app.action_edit_title()
        await pilot.pause()
        await pilot.press(*"Expand double brackets", "enter")  # the old title is selected
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuitScreen) and app.is_running
        await pilot.press("escape")  # stay
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, ConfirmQuitScreen)
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("s")  # save and quit
        await pilot.pause()
    assert not app.is_running
    assert load_scheme(small).units[1].steps[1].title == "Expand double brackets"


async def test_key_bar_at_80_columns_keeps_quit_help_and_palette(small: Path) -> None:
    app = CoherenceApp(str(small))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = str(app.query_one(KeyBar).render())
        for word in ("Quit", "Help", "palette", "Save", "Undo"):
            assert word in bar
        # The findings view's keys go when the view is left, and a modal's "Close" too.
        await pilot.press("f", "enter")
        await pilot.pause()
        assert "Severity filter" in str(app.query_one(KeyBar).render())
        await pilot.press("d")
        await pilot.pause()
        assert "Severity filter" not in str(app.query_one(KeyBar).render())
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        bar = str(app.query_one(KeyBar).render())
        assert "Close" not in bar and "Quit" in bar
        # The step detail says what the measures mean.
        app.goto("a")
        await pilot.pause()
        head = str(app.query_one("#head").render())  # type: ignore[attr-defined]
        assert "unlocks 2 later steps · longest chain of prerequisites through it: 3 steps" in head
