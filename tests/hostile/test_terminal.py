"""Terminal injection: scheme text with escape sequences, BEL, the 8-bit CSI and
bidirectional overrides is shown literally, and nothing of it reaches a terminal.

The checks read the bytes a command writes to a real pseudo-terminal (so
colour output is on), and the TUI's screen and window title through tmux.
"""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coherence.text import printable
from tests.hostile.runner import run

OSC_TITLE = "\x1b]2;PWNED\x07"
HOSTILE_NAME = f"Evil {OSC_TITLE}\x1b]0;PWNED0\x1b\\ \x1b[2J\x1b[31mRED \u202eSDRAWKCAB"
HOSTILE = """\
name: "Evil \\e]2;PWNED\\a\\e]0;PWNED0\\e\\\\ \\e[2J\\e[31mRED \\u202eSDRAWKCAB"
units:
  - id: u1
    title: "Unit \\e[41mBG\\e[0m \\x07bell \\x08bs \\ufffe"
    year: 7
    term: autumn-1
    strand: "alg\\e[5mebra"
    steps:
      - id: s1
        title: "Step \\e]2;STEPTITLE\\a one \\u2066iso\\u2069"
        requires: [s2]
      - id: s2
        title: "Later \\x9b31m csi \\u202e"
        requires: ["gh\\e[8most"]
"""
INJECTED = [b"\x1b]", b"\x1b[2J", b"\x1b[41m", b"\x1b[5m", b"\x1b[8m", b"\x07", b"\x08"]
INJECTED_TEXT = ["\u202e", "\u2066", "\x9b"]


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    f = tmp_path / "hostile.yaml"
    f.write_text(HOSTILE)
    return f


def test_the_fixture_really_is_hostile() -> None:
    import yaml_rs

    data = yaml_rs.loads(HOSTILE)
    assert data["name"] == HOSTILE_NAME
    assert printable(data["name"]).startswith("Evil \\x1b]2;PWNED\\x07")


def on_a_terminal(args: list[str]) -> bytes:
    """Run the command line with stdout and stderr on a pseudo-terminal; return every byte."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "coherence", *args],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        env={**os.environ, "COLUMNS": "200", "TERM": "xterm-256color"},
    )
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    proc.wait(timeout=60)
    os.close(leader)
    return out


def assert_nothing_injected(out: bytes) -> None:
    for seq in INJECTED:
        assert seq not in out, (seq, out[:3000])
    text = out.decode("utf-8", errors="replace")
    for ch in INJECTED_TEXT:
        assert ch not in text, (ch, text[:3000])


@pytest.mark.parametrize(
    "args",
    [
        ["audit", "--fail-on", "never"],
        ["audit", "--format", "markdown"],
        ["audit", "--format", "json"],
    ],
    ids=lambda a: " ".join(a),
)
def test_audit_on_a_terminal(args: list[str], hostile: Path) -> None:
    out = on_a_terminal([*args, str(hostile)])
    assert_nothing_injected(out)
    assert b"PWNED" in out  # the text is shown, escaped, not dropped


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "html"])
def test_compare_on_a_terminal(fmt: str, hostile: Path, example: str) -> None:
    out = on_a_terminal(["compare", str(hostile), example, "--match", "title", "--format", fmt])
    assert_nothing_injected(out)
    assert b"PWNED" in out


def test_json_keeps_the_exact_text(hostile: Path) -> None:
    import json

    r = run(["audit", "--format", "json", str(hostile)])
    assert json.loads(r.stdout)["scheme"]["name"] == HOSTILE_NAME
    assert b"\xe2\x80\xae" not in r.stdout  # U+202E written as \\u202e


@pytest.mark.parametrize("where", ["name", "file"])
def test_error_messages_are_printable(tmp_path: Path, where: str) -> None:
    if where == "file":
        bad = tmp_path / "x\x1b]2;PWNED\x07.yaml"  # a hostile file name, missing
    else:
        bad = tmp_path / "bad.yaml"
        bad.write_text('name: x\nunits:\n  - id: "u\\e]2;PWNED\\a"\n    year: 99\n    steps: []\n')
    out = on_a_terminal(["check", str(bad)])
    assert_nothing_injected(out)
    assert b"PWNED" in out


# ---------------------------------------------------------------- the TUI, on a real terminal
TMUX = shutil.which("tmux")


def _tmux(*args: str) -> str:
    return subprocess.run(
        ["tmux", "-L", "coherence-hostile", *args], capture_output=True, text=True, check=False
    ).stdout


@pytest.mark.slow
@pytest.mark.skipif(TMUX is None, reason="tmux is not installed")
@pytest.mark.parametrize("compare", [False, True], ids=["explore", "explore --compare"])
def test_tui_sets_no_window_title_and_shows_text_literally(
    hostile: Path, example: str, compare: bool
) -> None:
    cmd = f"{sys.executable} -m coherence explore {hostile}"
    if compare:
        cmd += f" --compare {example}"
    session = f"h{os.getpid()}"
    _tmux("new-session", "-d", "-s", session, "-x", "150", "-y", "45", cmd)
    try:
        _tmux("set-option", "-t", session, "set-titles", "off")
        before = "untouched"
        _tmux("select-pane", "-t", session, "-T", before)
        deadline = time.monotonic() + 30
        screen = ""
        while time.monotonic() < deadline and "Evil" not in screen:
            time.sleep(0.5)
            screen = _tmux("capture-pane", "-p", "-e", "-t", session)
        assert "Evil" in screen, screen
        time.sleep(1)
        screen = _tmux("capture-pane", "-p", "-e", "-t", session)
        assert _tmux("display", "-p", "-t", session, "#{pane_title}").strip() == before
        assert "PWNED" in screen
        assert "\\x1b]2;PWNED" in screen  # shown as an escape, literally
        for ch in INJECTED_TEXT:
            assert ch not in screen
    finally:
        _tmux("kill-session", "-t", session)
