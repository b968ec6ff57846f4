"""coherence vs CurricularAnalytics.py on a generated 400-course curriculum (issue 4).

Generates a Curricular Analytics CSV (400 courses, up to 3 prerequisites each,
a DAG), then times, as whole processes:

- ``coherence audit FILE --format json`` (its totals), and
- CurricularAnalytics.py (PyPI ``curricularanalytics``) reading the same file and
  computing total complexity, blocking, delay and centrality,

and checks that the four totals are equal. CurricularAnalytics.py is never a
dependency: install it in a separate virtualenv and name its Python, e.g.

    python3 -m venv /tmp/ca-venv && /tmp/ca-venv/bin/pip install curricularanalytics
    python benchmarks/ca_compare.py /tmp/ca-venv/bin/python

Run: ``python benchmarks/ca_compare.py CA_PYTHON [N_COURSES] [WINDOW] [SEED]``
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import coherence_cmd

CA_SCRIPT = """
import sys, json
import curricularanalytics as ca
c = ca.read_csv(sys.argv[1])
print(json.dumps({
    "complexity": c.total_complexity, "blocking": c.total_blocking_factor,
    "delay": c.total_delay_factor, "centrality": c.total_centrality,
}))
"""


def generate(n: int, seed: int = 14, window: int = 30) -> str:
    """A Curricular Analytics curriculum CSV of ``n`` courses.

    Each course has up to 3 prerequisites among the ``window`` courses before it
    (as in real programmes, prerequisites are recent), so there are long chains
    and many paths: the case the path-enumerating reference is slow on.
    """
    rng = random.Random(seed)
    lines = [
        "Curriculum,Generated,,,,,,,,",
        "Institution,Benchmark University,,,,,,,,",
        "Degree Type,BS,,,,,,,,",
        "System Type,semester,,,,,,,,",
        "CIP,11.0701,,,,,,,,",
        "Courses,,,,,,,,,",
        "Course ID,Course Name,Prefix,Number,Prerequisites,Corequisites,Strict-Corequisites,"
        "Credit Hours,Institution,Canonical Name",
    ]
    for i in range(1, n + 1):
        k = rng.randint(0, min(3, i - 1))
        pre = sorted({rng.randint(max(1, i - window), i - 1) for _ in range(k)})
        lines.append(f"{i},Course {i},CS,{1000 + i},{';'.join(map(str, pre))},,,3,,")
    return "\n".join(lines) + "\n"


def timed(cmd: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return time.perf_counter() - start, out


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    ca_python = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 400
    window = int(sys.argv[3]) if len(sys.argv) > 3 else 30
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 14
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "curriculum.csv"
        path.write_text(generate(n, seed=seed, window=window))
        script = Path(d) / "ca.py"
        script.write_text(CA_SCRIPT)
        ours_t, ours_out = timed(
            [*coherence_cmd(), "audit", str(path), "--format", "json", "--fail-on", "never"]
        )
        totals = json.loads(ours_out)["metrics"]["totals"]
        ours = {k: totals[k] for k in ("complexity", "blocking", "delay", "centrality")}
        print(f"coherence audit ({n} courses): {ours_t:.2f} s  totals {ours}")
        theirs_t, theirs_out = timed([ca_python, str(script), str(path)])
        theirs = json.loads(theirs_out)
        print(f"CurricularAnalytics.py:          {theirs_t:.2f} s  totals {theirs}")
        same = all(float(ours[k]) == float(theirs[k]) for k in ours)
        print(f"totals equal: {same}; speed-up: {theirs_t / ours_t:.1f}x")


if __name__ == "__main__":
    main()
