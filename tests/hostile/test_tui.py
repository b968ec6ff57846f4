"""The explorer under hostile input, through Pilot: a reload that fails in any way keeps
the last good state and says why; hostile scheme text never reaches the screen raw."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region

from tests.hostile.test_terminal import HOSTILE
from tests.load.test_bad_input import GOOD
from tui.app import CoherenceApp

CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _huge_int(f: Path) -> None:
    f.write_text(GOOD.replace("year: 7", "year: " + "9" * 5000))


def _infinite(f: Path) -> None:
    f.write_text(GOOD.replace("year: 7", "year: .inf"))


def _fifo(f: Path) -> None:
    f.unlink()
    os.mkfifo(f)


def _directory(f: Path) -> None:
    f.unlink()
    f.mkdir()


def _gone(f: Path) -> None:
    f.unlink()


def _flow_list(f: Path) -> None:
    f.write_text("name: x\nunits: [" + ",".join(["1"] * 1_000_000) + "]\n")


def _binary(f: Path) -> None:
    f.write_bytes(bytes(range(256)) * 10)


def _alias_bomb(f: Path) -> None:
    lines = ["name: x", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    f.write_text("\n".join([*lines, "units: *a8"]) + "\n")


BREAKERS: list[Callable[[Path], None]] = [
    _huge_int,
    _infinite,
    _fifo,
    _directory,
    _gone,
    _flow_list,
    _binary,
    _alias_bomb,
]


def _recorder(app: CoherenceApp) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    original = app.notify

    def notify(message: str, **kwargs: Any) -> None:
        seen.append({"message": message, **kwargs})
        original(message, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    return seen


@pytest.mark.parametrize("breaker", BREAKERS, ids=lambda b: b.__name__.strip("_"))
async def test_reload_failure_keeps_last_good_state(
    tmp_path: Path, breaker: Callable[[Path], None]
) -> None:
    f = tmp_path / "scheme.yaml"
    f.write_text(GOOD)
    app = CoherenceApp(str(f))
    async with app.run_test(size=(120, 40)) as pilot:
        app.goto("b")
        await pilot.pause()
        good = app.result
        seen = _recorder(app)
        breaker(f)
        await pilot.press("r")
        await pilot.pause()
        assert app.is_running
        assert app.result is good
        assert app.current == "b"
        failed = [n for n in seen if n.get("title") == "Reload failed"]
        assert len(failed) == 1, seen
        assert "\n" not in failed[0]["message"]
        assert not CONTROL.search(failed[0]["message"])


@pytest.mark.parametrize(
    "error", [OverflowError("int too large"), RuntimeError("boom"), MemoryError(), ValueError("x")]
)
async def test_any_exception_while_reloading_is_a_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    """Whatever a loader raises in future, the app keeps running (a failure new to us)."""
    import tui.app

    f = tmp_path / "scheme.yaml"
    f.write_text(GOOD)
    app = CoherenceApp(str(f))
    async with app.run_test(size=(120, 40)) as pilot:
        good = app.result
        seen = _recorder(app)

        def broken(*args: object) -> None:
            raise error

        monkeypatch.setattr(tui.app, "EditSession", broken)
        await pilot.press("r")
        await pilot.pause()
        assert app.is_running
        assert app.result is good
        assert [n["title"] for n in seen] == ["Reload failed"]


def _drawn_text(app: CoherenceApp) -> str:
    """Every line every visible widget draws, after the app's line filters."""
    out = []
    for widget in app.screen.walk_children():
        if not widget.display or not widget.size.area:
            continue
        region = Region(0, 0, widget.size.width, widget.size.height)
        for strip in widget.render_lines(region):
            out.append("".join(seg.text for seg in strip))
    return "\n".join(out)


async def test_hostile_text_is_shown_literally(tmp_path: Path) -> None:
    f = tmp_path / "hostile.yaml"
    f.write_text(HOSTILE)
    app = CoherenceApp(str(f))
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert "\\x1b]2;PWNED\\x07" in app.title
        assert not CONTROL.search(app.title + app.sub_title)
        for key in ("d", "f", "t", "m"):
            await pilot.press(key)
            await pilot.pause()
            drawn = _drawn_text(app).replace("\n", " ")
            assert not CONTROL.search(drawn), (key, CONTROL.findall(drawn))
        app.goto("s1")
        await pilot.pause()
        assert "\\x1b]2;STEPTITLE" in _drawn_text(app)


async def test_the_guard_drops_controls_a_widget_lets_through(tmp_path: Path) -> None:
    """A widget that bypasses tui.safe still cannot send an escape to the terminal."""
    from rich.text import Text
    from textual.widgets import Static

    f = tmp_path / "scheme.yaml"
    f.write_text(GOOD)
    app = CoherenceApp(str(f))
    async with app.run_test(size=(120, 40)) as pilot:
        raw = Static(Text("raw \x1b]2;PWNED\x1b\\ \x1b[2J \u202eend"), id="raw")
        await app.screen.mount(raw)
        await pilot.pause()
        lines = raw.render_lines(Region(0, 0, raw.size.width, raw.size.height))
        drawn = "".join(seg.text for strip in lines for seg in strip)
        assert "raw" in drawn and "end" in drawn
        assert not CONTROL.search(drawn)
