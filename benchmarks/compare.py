"""Compare benchmark (issue 7): 200 generated 1,000-step schemes, N-way, from files.

Each scheme is generated with a different seed and covers KS3 framework
statements, so framework matching has real content. Times the whole
``coherence compare`` command (load and summarise in worker processes,
similarity matrix, disagreements) with 1 and with 2 worker processes, matched
by framework statements (~85 keys a scheme) and by step id (1,000 keys a
scheme: the pairwise matrix is then the larger part of the work). Prints wall
time and CPU time (user + system of the command and its worker processes):
the machine may be shared, and CPU time is not inflated by other work.

Run: ``python benchmarks/compare.py [N_SCHEMES] [N_STEPS]``
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import coherence_cmd

from coherence.load import load_framework
from coherence.synthetic import generate_scheme, to_yaml


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    codes = [s.code for s in load_framework("england-ks3").statements]
    with tempfile.TemporaryDirectory() as d:
        paths = []
        for i in range(n):
            path = Path(d) / f"school-{i:03d}.yaml"
            doc = generate_scheme(steps, seed=100 + i, framework_codes=codes, name=f"School {i}")
            path.write_text("framework: england-ks3\n" + to_yaml(doc))
            paths.append(str(path))
        for match in ("framework", "id"):
            for jobs in (1, 2):
                cmd = [*coherence_cmd(), "compare", *paths, "--format", "json"]
                cpu0 = _children_cpu()
                start = time.perf_counter()
                out = subprocess.run(
                    [*cmd, "--match", match, "--jobs", str(jobs)], check=True, capture_output=True
                ).stdout
                elapsed = time.perf_counter() - start
                cpu = _children_cpu() - cpu0
                print(
                    f"{n} schemes x {steps} steps, --match {match}, --jobs {jobs}: "
                    f"{elapsed:.1f} s wall, {cpu:.1f} s CPU ({len(out) // 1024} KiB of JSON)"
                )


def _children_cpu() -> float:
    """User + system seconds of the finished child processes (and theirs)."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


if __name__ == "__main__":
    main()
