"""Opening a scheme as ``coherence explore`` does: a notice first, the load and audit in a
thread, the scheme when they are done; a failure ends the app for the CLI to report; the
objects frozen out of the collector go back to it."""

from __future__ import annotations

import gc
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.widgets import ContentSwitcher, Static

from coherence.errors import InputError
from tui import app as app_module
from tui.app import CoherenceApp
from tui.widgets.footer.key_bar import KeyBar
from tui.widgets.lines import TextLines

SMALL = str(Path(__file__).with_name("small_scheme.yaml"))


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Opening waits until the test sets the event (so the notice can be looked at)."""
    release = threading.Event()
    real = app_module.open_session

    def slow(*args: Any) -> Any:
        assert release.wait(10)
        return real(*args)

    monkeypatch.setattr(app_module, "open_session", slow)
    return release


async def test_the_notice_shows_while_opening_then_the_scheme(held: threading.Event) -> None:
    app = CoherenceApp(SMALL, background=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.is_open
        assert "Opening small_scheme.yaml" in str(app.query_one("#opening", Static).render())
        keys = str(app.query_one(KeyBar).render())
        assert "Quit" in keys and "Help" in keys
        assert "Findings" not in keys and "palette" not in keys
        await pilot.press("f", "m", "ctrl+p")  # not in force yet: nothing happens
        await pilot.pause()
        assert not app.query(ContentSwitcher) and len(app.screen_stack) == 1
        held.set()
        for _ in range(100):
            if app.is_open:
                break
            await pilot.pause(0.05)
        await pilot.pause()
        assert app.current == "a"
        assert not app.query("#opening")
        assert "palette" in str(app.query_one(KeyBar).render())
        await pilot.press("f")
        await pilot.pause()
        assert app.query_one(ContentSwitcher).current == "findings"


async def test_quit_while_opening(held: threading.Event) -> None:
    app = CoherenceApp(SMALL, background=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    held.set()


async def test_a_failure_to_open_ends_the_app_with_the_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [broken")
    app = CoherenceApp(str(bad), background=True)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):
            if app.open_error is not None:
                break
            await pilot.pause(0.05)
    assert isinstance(app.open_error, InputError)
    assert app.return_code == 2


async def test_objects_are_frozen_while_shown_and_thawed_after_an_edit_and_on_exit() -> None:
    from coherence.edit import AddPrerequisite

    gc.unfreeze()
    app = CoherenceApp(SMALL)
    assert gc.get_freeze_count() > 0
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.apply_edit(AddPrerequisite("d", "a"))
        await pilot.pause()
        assert gc.get_freeze_count() == 0
    app = CoherenceApp(SMALL)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    assert gc.get_freeze_count() == 0


async def test_text_lines_render_the_rows_in_view_as_a_static_would() -> None:
    """Row by row, the same strips as a Static of the whole text (long rows cut alike)."""
    from textual.app import App, ComposeResult

    rows = [Text(f"row {i} " + "x" * (i % 90), "bold" if i % 2 else "") for i in range(400)]

    class Both(App[None]):
        CSS = "Static { text-wrap: nowrap; text-overflow: ellipsis; width: 50; height: 400; }"

        def compose(self) -> ComposeResult:
            yield TextLines(id="lines")
            yield Static(Text("\n").join(rows), id="whole")

    app = Both()
    async with app.run_test(size=(120, 30)) as pilot:
        lines = app.query_one(TextLines)
        lines.show_rows(rows)
        await pilot.pause()
        whole = app.query_one("#whole", Static)
        for y in (0, 1, 77, 399):
            assert lines.render_line(y).text == whole.render_line(y).text
            assert lines.render_line(y) == whole.render_line(y)
        assert str(lines.render()) == str(whole.render())
        assert lines.render_line(400).text.strip() == ""


def test_schemes_opened_on_one_thread_after_another() -> None:
    """yaml_rs imported first on a thread that ended crashed the next threads that parsed
    (segmentation fault): importing the app imports it on the main thread first."""
    script = (
        "import threading\n"
        "import tui.app\n"
        "from tui.opening import open_session, thaw\n"
        "for _ in range(30):\n"
        f"    t = threading.Thread(target=open_session, args=({SMALL!r},))\n"
        "    t.start()\n"
        "    t.join()\n"
        "    thaw()\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()[-2000:]


async def test_the_palette_offers_the_best_hits_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """A search offers at most MOST_HITS (60,000 hits took 6-7 s a key at 50k steps)."""
    from textual.command import CommandList

    from tui import commands

    monkeypatch.setattr(commands, "MOST_HITS", 3)
    app = CoherenceApp(SMALL)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause(0.5)
        options = app.screen.query_one(CommandList).options
        ours = [o for o in options if str(o.hit.text).split(":")[0] in ("go", "view", "edit")]
        assert len(ours) == 3  # the other hits are Textual's own commands
    assert commands.best([(1.0, 0), (3.0, 1), (2.0, 2), (3.0, 3)], 2) == [1, 3]
