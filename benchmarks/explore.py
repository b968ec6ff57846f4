"""TUI responsiveness (issues 6 and 10) on a generated scheme (default 5,000 steps).

Target (issue 10), on 50,000 steps: ``coherence explore`` opens in under 2 s and switches
views in under 200 ms.

Open, in its parts, each measured here:

- load: ``load_scheme`` alone (the file read into a Scheme), before the app;
- audit: ``build_graph`` + ``audit`` alone;
- app: ``CoherenceApp`` opened as ``coherence explore`` opens it (the load and audit in a
  thread), from its creation to the first paint (the opening notice), to the scheme open
  (seen within 10 ms) and to "usable" (the screen painted with the tree and the first
  step). The findings are usable one key later: see the first ``f``;
- process: the whole ``coherence explore PATH`` in a pseudo-terminal at 120x40, Python's
  start-up and imports included, until the screen shows the header and until it shows the
  tree (the same two moments, as a user sees them).

Keys, three figures each (median and max over the presses):

- paint: from sending the key to the last screen update it caused, each update rendered to
  terminal codes as a terminal would receive it (Pilot's headless driver skips that step);
- cpu: CPU time of the process (all threads) over the press: other work on a shared
  machine does not inflate it;
- pilot: Pilot's round trip, press + pause (Pilot polls for idleness every 20 ms, so this
  has a floor: see the unbound key).

Every view key is checked: the view it names must be on screen afterwards. A key's first
press, which may build its view, is listed apart from the later ones.

Run: ``python benchmarks/explore.py [N_STEPS] [--no-process] [--edits]``
"""

from __future__ import annotations

import asyncio
import gc
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import coherence_cmd

from coherence.synthetic import generate_scheme, to_yaml
from tui.app import CoherenceApp

Times = dict[str, list[tuple[float | None, float, float]]]


class PaintClock:
    """Records when the app last updated the screen (wraps ``App._display``)."""

    def __init__(self, app: CoherenceApp) -> None:
        self.first: float | None = None
        self.last: float | None = None
        self.frames = 0
        display = app._display

        def timed(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is None:
                return
            render = getattr(renderable, "render_segments", None)
            if render is not None:
                render(app.console)  # what a real terminal driver writes
            now = time.perf_counter()
            self.first = self.first or now
            self.last = now
            self.frames += 1

        app._display = timed  # type: ignore[method-assign]


def summary(label: str, samples: list[tuple[float | None, float, float]]) -> str:
    """One line: median and max of paint, cpu and pilot (ms)."""

    def stat(values: list[float]) -> str:
        if not values:
            return f"{'-':>7} {'-':>7}"
        return f"{statistics.median(values) * 1000:7.1f} {max(values) * 1000:7.1f}"

    paint = [p for p, _, _ in samples if p is not None]
    return (
        f"  {label:<28}{stat(paint)}   {stat([c for _, c, _ in samples])}   "
        f"{stat([w for _, _, w in samples])}   {len(samples):>3}"
    )


async def run_keys(app: CoherenceApp, pilot: Any, clock: PaintClock, edits: bool) -> Times:
    """Press the keys and time each."""
    from textual.widgets import ContentSwitcher, Input

    times: Times = {}
    seen: set[str] = set()
    app.query_one("#rule-filter", Input).cursor_blink = False  # no repaints of its own

    async def key(label: str, k: str, view: str | None = None) -> None:
        clock.last = None
        t, c = time.perf_counter(), time.process_time()
        await pilot.press(k)
        await pilot.pause()
        wall, cpu = time.perf_counter() - t, time.process_time() - c
        paint = None if clock.last is None else clock.last - t
        if view is not None:
            shown = app.query_one(ContentSwitcher).current
            assert shown == view, f"{k!r} showed {shown}, not {view}"
        name = label if label in seen or view is None else f"{label} (first)"
        seen.add(label)
        times.setdefault(name, []).append((paint, cpu, wall))

    for _ in range(10):
        await key("unbound key (harness)", "x")
    for _ in range(20):
        await key("tree down", "down")
    for _ in range(5):
        await key("expand half-term", "space")
        await key("tree down", "down")
    for i in range(10):
        await key("findings view f", "f", "findings")
        await key("filter -> table (esc)", "escape", "findings")
        await key("severity filter s", "s", "findings")
        await key("detail view d", "d", "detail")
        await key("metrics view m", "m", "metrics")
        await key("thread view t", "t", "thread")
        await key("next strand n", "n", "thread")
        # Back and forward in turn: the history is the steps visited by the tree moves.
        way = "left_square_bracket" if i % 2 == 0 else "right_square_bracket"
        await key("back [ / forward ]", way, "detail")
    if edits:
        await run_edits(app, pilot, clock, times)
    return times


async def run_edits(app: CoherenceApp, pilot: Any, clock: PaintClock, times: Times) -> None:
    """An edit and its undo through the app, each re-running the audit."""
    from coherence.edit import MoveUnit

    units = app.session.scheme.units
    last, year = units[-1], units[0].year or 7

    async def step(label: str, act: Callable[[], object]) -> None:
        clock.last = None
        t, c = time.perf_counter(), time.process_time()
        act()
        await pilot.pause()
        paint = None if clock.last is None else clock.last - t
        times.setdefault(label, []).append(
            (paint, time.process_time() - c, time.perf_counter() - t)
        )

    for _ in range(3):
        await step("edit: move unit", lambda: app.apply_edit(MoveUnit(last.id, year, 1, 0)))
        await step("edit: ctrl+z undo", lambda: app.simulate_key("ctrl+z"))


async def run(path: str, edits: bool) -> None:
    """Open the app under Pilot at 120x40, as ``coherence explore`` opens it, and press keys."""
    start = time.perf_counter()
    app = CoherenceApp(path, background=True)
    clock = PaintClock(app)
    async with app.run_test(size=(120, 40)) as pilot:
        while not app.is_open:  # polled every 10 ms: waking more often slows the loader
            await asyncio.sleep(0.01)
        opened = time.perf_counter()
        await pilot.pause()
        first = (clock.first or opened) - start
        usable = (clock.last or opened) - start
        print(
            f"  app: first paint {first:6.3f} s   scheme open (load + audit, in a thread) "
            f"{opened - start:6.3f} s   usable (tree and step painted) {usable:6.3f} s"
        )
        times = await run_keys(app, pilot, clock, edits)
    print(f"\n  {'key':<28}{'paint ms':>15}   {'cpu ms':>15}   {'pilot ms':>15}   {'n':>3}")
    print(f"  {'':<28}" + "   ".join([f"{'median':>7} {'max':>7}"] * 3))
    for label, samples in times.items():
        print(summary(label, samples))


def open_parts(path: str) -> None:
    """Load and audit alone, as the app runs them."""
    from coherence.audit import audit
    from coherence.config import load_config
    from coherence.graph import build_graph
    from coherence.load import load_scheme

    t = time.perf_counter()
    scheme = load_scheme(path)
    loaded = time.perf_counter()
    audit(build_graph(scheme, None), load_config(None, path))
    audited = time.perf_counter()
    print(f"  load {loaded - t:6.3f} s   audit {audited - loaded:6.3f} s")
    del scheme
    gc.collect()  # the app starts on a heap without these


_ESCAPE = re.compile(rb"\x1b(\[[0-9;?<>=$]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")


def process_open(path: str, timeout: float = 60.0) -> tuple[float | None, float | None]:
    """Seconds from starting ``coherence explore PATH`` to the header and to the tree.

    The app runs in a pseudo-terminal of 120x40; its output, with the terminal codes
    taken out, is searched for the header's title and for a year row of the tree.
    """
    import fcntl
    import pty
    import select
    import struct
    import subprocess
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="120", LINES="40")
    start = time.perf_counter()
    proc = subprocess.Popen(
        [*coherence_cmd(), "explore", path],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    text = b""
    header = tree = None
    try:
        while tree is None and time.perf_counter() - start < timeout:
            ready, _, _ = select.select([master], [], [], 0.01)
            if not ready:
                continue
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:
                break
            text += _ESCAPE.sub(b"", chunk)
            now = time.perf_counter()
            if header is None and b"coherence" in text:
                header = now - start
            if b"Year " in text:
                tree = now - start
        os.write(master, b"q")
        end = time.perf_counter() + 10
        while proc.poll() is None and time.perf_counter() < end:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    os.read(master, 1 << 16)
                except OSError:
                    break
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        os.close(master)
    return header, tree


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 5000
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "scheme.yaml"
        path.write_text(to_yaml(generate_scheme(n, seed=6)))
        gc.collect()
        print(f"{n} steps; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        open_parts(str(path))
        asyncio.run(run(str(path), "--edits" in sys.argv))
        if "--no-process" not in sys.argv:
            runs = [process_open(str(path)) for _ in range(3)]
            for label, i in (("header", 0), ("tree", 1)):
                values = [r[i] for r in runs if r[i] is not None]
                shown = " ".join(f"{v:.2f}" for v in values) or "not seen"
                print(f"  process (coherence explore): {label} in {shown} s ({len(runs)} runs)")
        print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
