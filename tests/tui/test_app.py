"""The explorer driven with Pilot: navigation, jumps and history, findings, search,
threads, reload, export and markup injection."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, OptionList, Static

from coherence.load import bundled_scheme_path
from tui.app import CoherenceApp
from tui.widgets.findings.findings_view import FindingsView
from tui.widgets.tree.scheme_tree import SchemeTree

SCHEME = """\
name: Small school
units:
  - id: u1
    title: Fractions
    year: 7
    term: autumn-1
    strand: number
    steps:
      - id: a
        title: "[@click=app.quit]x[/] [b]x"
      - id: b
        title: Add fractions
        requires: [a]
  - id: u2
    title: Equations
    year: 7
    term: autumn-2
    strand: algebra
    steps:
      - id: c
        title: Solve equations
        requires: [b, d]
      - id: d
        title: Expand brackets
        lessons: 5
"""


def static_text(app: CoherenceApp, selector: str) -> str:
    return str(app.query_one(selector, Static).render())


@pytest.fixture
def small(tmp_path: Path) -> Path:
    f = tmp_path / "scheme.yaml"
    f.write_text(SCHEME)
    return f


async def test_opens_on_the_first_step_with_literal_markup(small: Path) -> None:
    app = CoherenceApp(str(small), export_dir=str(small.parent))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.current == "a"
        head = static_text(app, "#head")
        assert "[@click=app.quit]x[/] [b]x" in head
        # Clicking the title must trigger nothing: the app is still running.
        await pilot.click("#head")
        await pilot.pause()
        assert app.is_running


async def test_jump_along_prerequisites_and_back_and_forward(small: Path) -> None:
    app = CoherenceApp(str(small))
    async with app.run_test(size=(120, 40)) as pilot:
        app.goto("c")
        await pilot.pause()
        builds = app.query_one("#builds-on", OptionList)
        builds.focus()
        builds.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert app.current == "b"
        leads = app.query_one("#leads-to", OptionList)
        assert str(leads.get_option_at_index(0).prompt).startswith("Solve equations")
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert app.current == "c"
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.current == "b"


async def test_tree_navigation_shows_the_step_under_the_cursor(small: Path) -> None:
    app = CoherenceApp(str(small))
    async with app.run_test(size=(120, 40)) as pilot:
        tree = app.query_one(SchemeTree)
        tree.focus()
        await pilot.pause()
        assert tree.current() is not None and tree.current().key == "a"  # type: ignore[union-attr]
        await pilot.press("down")
        await pilot.pause()
        assert app.current == "b"
        assert "Add fractions" in static_text(app, "#head")


async def test_findings_filter_by_severity_and_text_and_jump(small: Path) -> None:
    app = CoherenceApp(str(small))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f")
        await pilot.pause()
        view = app.query_one(FindingsView)
        table = app.query_one("#findings-table", DataTable)
        rules = {f.rule for f in view._rows}
        assert {"late-prerequisite", "oversized-step"} <= rules
        # Typing goes to the filter: 't' and 'e' do not open the thread or export.
        await pilot.press("t", "e")
        await pilot.pause()
        assert view.query_one("#rule-filter").value == "te"  # type: ignore[attr-defined]
        assert app.query_one("#views").current == "findings"  # type: ignore[attr-defined]
        await pilot.press("backspace", "backspace", "enter")  # Enter: on to the table
        await pilot.pause()
        assert table.has_focus
        await pilot.press("s")  # errors only
        await pilot.pause()
        assert {f.severity.value for f in view._rows} == {"error"}
        await pilot.press("s", "s", "s")  # back to all
        view.query_one("#rule-filter").value = "oversized"  # type: ignore[attr-defined]
        await pilot.pause()
        assert [f.rule for f in view._rows] == ["oversized-step"]
        table.focus()
        await pilot.press("k")
        await pilot.pause()
        assert "Why it matters for learners" in str(app.screen.query_one(Static).render())
        await pilot.press("escape")
        table.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.current == "d"


async def test_palette_search_jumps_to_a_step(small: Path) -> None:
    app = CoherenceApp(str(small))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"expand")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.current == "d"


async def test_thread_view_shows_a_strand_and_cycles(small: Path) -> None:
    app = CoherenceApp(str(bundled_scheme_path()))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        text = static_text(app, "#thread-text")
        assert text.startswith("Thread: algebra")
        assert "Y7 Autumn 1" in text and "without algebra" in text
        await pilot.press("n")
        await pilot.pause()
        assert app.strand != "algebra"


async def test_reload_keeps_the_selection_and_sees_edits(small: Path) -> None:
    app = CoherenceApp(str(small))
    async with app.run_test(size=(120, 40)) as pilot:
        app.goto("c")
        await pilot.pause()
        before = app.result.counts()["error"]
        small.write_text(SCHEME.replace("requires: [b, d]", "requires: [b]"))
        await pilot.press("r")
        await pilot.pause()
        assert app.current == "c"
        assert app.result.counts()["error"] == before - 1
        small.write_text("name: [broken")
        await pilot.press("r")
        await pilot.pause()
        assert app.result.counts()["error"] == before - 1  # the last good audit stays


async def test_export_writes_a_map(small: Path) -> None:
    app = CoherenceApp(str(small), export_dir=str(small.parent))
    async with app.run_test(size=(120, 40)) as pilot:
        app.goto("c")
        await pilot.press("e")
        await pilot.pause()
        written = sorted(p.name for p in small.parent.glob("coherence-c.*"))
        assert written and written[0] in ("coherence-c.svg", "coherence-c.dot")


async def test_help_and_theme(small: Path) -> None:
    app = CoherenceApp(str(small))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert "command palette" in str(app.screen.query_one(Static).render())
        await pilot.press("escape")
        theme = app.theme
        await pilot.press("ctrl+t")
        assert app.theme != theme


async def test_compare_view_shows_strands_side_by_side() -> None:
    from coherence.audit import run_audit
    from tui.screens.comparison import CompareApp

    a = run_audit(bundled_scheme_path("riverside-ks3.yaml"))
    b = run_audit(bundled_scheme_path("oakfield-blocked.yaml"))
    for size in ((140, 40), (80, 24)):
        app = CompareApp(a, b)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            # Both schools' half-terms are on screen, at 80 columns too.
            strands = app.query_one("#strands", Static)
            lines = strands.render_lines(strands.region.reset_offset)  # type: ignore[attr-defined]
            text = "\n".join(line.text for line in lines)
            assert "algebra" in text and "geometry" in text
            assert "A taught in" in text and "B taught in" in text
            assert "Y9Sum2" in text  # the last of Riverside's algebra visits, not cut off
            assert app.query_one("#far", DataTable).row_count == len(app.cmp.far_apart) > 0
            assert "Riverside Academy" in str(app.title)
