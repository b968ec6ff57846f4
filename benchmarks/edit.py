"""Editing latency (issue 15): one edit, re-audit and findings diff on a generated scheme.

Target: under 200 ms per edit on a 500-step scheme (a teacher should not notice).
Baseline in the same run: a plain ``run_audit`` of the same file (load + audit),
which is what "reload after editing the YAML by hand" costs. Also times undo,
and saving the YAML with every comment kept (ruamel.yaml round trip).

The same edits are then timed in the explorer (``CoherenceApp`` under Pilot at
120x40): from the edit (or the ctrl+z key) to the screen redrawn with the new
tree, findings, metrics and the notice; the baseline there is an unbound key.

Run: ``python benchmarks/edit.py [N_STEPS ...]`` (default 500 and 5000)
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from coherence.audit import run_audit
from coherence.edit import AddPrerequisite, EditSession, MoveUnit, RemovePrerequisite
from coherence.synthetic import generate_scheme, to_yaml


def timed(fn: Callable[[], object], repeat: int = 7) -> tuple[float, float]:
    """Median and max seconds over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), max(times)


def report(label: str, median: float, worst: float) -> None:
    print(f"  {label:<34} median {median * 1000:7.1f} ms   max {worst * 1000:7.1f} ms")


def bench(n: int, folder: Path) -> None:
    path = folder / f"scheme-{n}.yaml"
    path.write_text("# generated\n" + to_yaml(generate_scheme(n, seed=15)))
    print(f"{n} steps")
    report("baseline: run_audit (load+audit)", *timed(lambda: run_audit(str(path)), 5))
    session = EditSession(str(path))
    units = session.scheme.units
    first, last = units[0], units[-1]
    year = first.year or 7

    def move() -> None:
        session.apply(MoveUnit(last.id, year, 1, 0))
        session.undo()

    # Each sample is one edit and its undo: both re-audit; halve for one.
    med, worst = timed(move)
    report("move unit + re-audit + diff", med / 2, worst / 2)
    step, target = last.steps[-1].id, first.steps[0].id

    def link() -> None:
        session.apply(AddPrerequisite(step, target))
        session.apply(RemovePrerequisite(step, target))

    med, worst = timed(link)
    report("add prerequisite + re-audit + diff", med / 2, worst / 2)
    session.apply(MoveUnit(last.id, year, 1, 0))
    report("save YAML (comments kept)", *timed(session.save, 3))


async def bench_tui(path: Path) -> None:
    from tui.app import CoherenceApp

    app = CoherenceApp(str(path))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        units = app.session.scheme.units
        last, year = units[-1], units[0].year or 7
        times: dict[str, list[float]] = {}

        async def timed_step(label: str, act: Callable[[], object]) -> None:
            t = time.perf_counter()
            act()
            await pilot.pause()
            times.setdefault(label, []).append(time.perf_counter() - t)

        for _ in range(7):
            await timed_step("baseline: unbound key", lambda: app.simulate_key("x"))
            await timed_step(
                "TUI: move unit (edit to redrawn)",
                lambda: app.apply_edit(MoveUnit(last.id, year, 1, 0)),
            )
            await timed_step(
                "TUI: ctrl+z undo (key to redrawn)", lambda: app.simulate_key("ctrl+z")
            )
        for label, values in times.items():
            report(label, statistics.median(values), max(values))


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [500, 5000]
    with tempfile.TemporaryDirectory() as d:
        for n in sizes:
            bench(n, Path(d))
            asyncio.run(bench_tui(Path(d) / f"scheme-{n}.yaml"))


if __name__ == "__main__":
    main()
