"""Helpers for the benchmark scripts: timing, peak memory, generated schemes."""

from __future__ import annotations

import gc
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[1]


def measure(fn: Callable[[], T]) -> tuple[T, float, float]:
    """Run ``fn`` twice: once timed (GC as the CLI runs it), once under tracemalloc.

    Returns (result, seconds, peak MiB).
    """
    gc.collect()
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    del result
    gc.collect()
    tracemalloc.start()
    result = fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, seconds, peak / 2**20


def wall(cmd: list[str], repeat: int = 5, **kw: Any) -> float:
    """Median wall time of a whole command (seconds)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=False, capture_output=True, **kw)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def baseline_import(repeat: int = 5) -> float:
    """Median wall time of ``python -c "import networkx, pydantic"``."""
    return wall([sys.executable, "-c", "import networkx, pydantic"], repeat)


def coherence_cmd() -> list[str]:
    """The installed ``coherence`` console script next to this Python."""
    exe = Path(sys.executable).with_name("coherence")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "coherence"]


def bytecode_note() -> str:
    """Whether the timed commands run coherence from cached bytecode, in one line.

    Without it (a source checkout under ``PYTHONDONTWRITEBYTECODE``), every run
    compiles the package's modules first: about 0.03 s of CPU on a small audit,
    which an installed package (compiled by pip) does not spend.
    """
    import importlib.util

    import coherence.cli

    source = coherence.cli.__file__ or ""
    cached = Path(importlib.util.cache_from_source(source)).exists()
    return f"coherence bytecode cached: {'yes' if cached else 'no (compiled in every run)'}"


def row(*cells: object) -> str:
    """A fixed-width table row."""
    return "  ".join(f"{c:>12}" if not isinstance(c, str) else f"{c:<24}" for c in cells)


def child_cost(cmd: list[str], repeat: int = 3, **kw: Any) -> tuple[float, float]:
    """Median CPU seconds (user + system) and peak RSS (MiB) of a whole command.

    CPU time, unlike wall time, is not inflated by other work on a shared machine.
    """
    import resource

    cpu, rss = [], []
    for _ in range(repeat):
        code = (
            "import resource, subprocess, sys\n"
            "subprocess.run(sys.argv[1:], capture_output=True)\n"
            "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            "print(r.ru_utime + r.ru_stime, r.ru_maxrss)\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", code, *cmd], capture_output=True, text=True, check=True, **kw
        ).stdout.split()
        cpu.append(float(out[0]))
        rss.append(int(out[1]) / 1024)
    del resource
    return statistics.median(cpu), max(rss)
