"""TUI responsiveness (issue 6) on a generated 5,000-step scheme.

Measures the time from start to the first screen ready (audit included), and
the round trip of key presses (press + the app processing it and refreshing):
moving in the tree, jumping along a prerequisite, back, switching views.

Run: ``python benchmarks/explore.py [N_STEPS]``
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from coherence.synthetic import generate_scheme, to_yaml
from tui.app import CoherenceApp


async def run(path: str) -> None:
    start = time.perf_counter()
    app = CoherenceApp(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        opened = time.perf_counter() - start
        print(f"open (load + audit + first screen): {opened:.3f} s")
        timings: dict[str, list[float]] = {}

        async def key(label: str, *keys: str) -> None:
            t = time.perf_counter()
            await pilot.press(*keys)
            await pilot.pause()
            timings.setdefault(label, []).append(time.perf_counter() - t)

        for _ in range(10):
            await key("unbound key (harness)", "x")
        for _ in range(20):
            await key("tree down", "down")
        for _ in range(5):
            await key("expand half-term", "space")
            await key("tree down", "down")
        for _ in range(10):
            await key("findings view", "f")
            await key("severity filter", "s")
            await key("detail view", "d")
            await key("metrics view", "m")
            await key("thread view", "t")
            await key("next strand", "n")
            await key("back", "left_square_bracket")
        for label, values in timings.items():
            print(
                f"{label:<18} median {statistics.median(values) * 1000:6.1f} ms   "
                f"max {max(values) * 1000:6.1f} ms   ({len(values)} presses)"
            )


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "scheme.yaml"
        path.write_text(to_yaml(generate_scheme(n, seed=6)))
        print(f"{n} steps")
        asyncio.run(run(str(path)))


if __name__ == "__main__":
    main()
