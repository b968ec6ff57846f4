"""Audit benchmark (issue 4): per-stage time and peak memory, and whole commands.

Schemes of 1k, 10k and 50k generated steps (with framework codes, so the
framework rules run) and a dense 2k-step cycle (every step requires the next
three: one strongly connected component). Prints each stage (parse, validate,
graph, each rule, metrics, report) and the whole ``coherence audit`` command
beside ``python -c "import networkx, pydantic"``.

Run: ``python benchmarks/audit.py``
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    baseline_import,
    bytecode_note,
    child_cost,
    coherence_cmd,
    measure,
    row,
    wall,
)

from coherence.config import Config
from coherence.graph import build_graph
from coherence.load import load_framework
from coherence.load.common import check_scheme
from coherence.load.yaml import id_lines, parse_yaml
from coherence.metrics import compute_metrics
from coherence.model import Scheme
from coherence.rules.registry import REGISTRY
from coherence.synthetic import generate_scheme, to_yaml
from coherence.util import paused_gc


def stages(path: Path) -> None:
    text = path.read_text()
    fw = load_framework("england-ks3")

    def parse() -> object:
        with paused_gc():
            id_lines(text)
            return parse_yaml(text, str(path))

    data, t, m = measure(parse)
    print(row("", "parse", f"{t:.3f}", f"{m:.1f}"))

    def validate() -> Scheme:
        with paused_gc():
            return check_scheme(Scheme.model_validate(data), str(path))

    scheme, t, m = measure(validate)
    print(row("", "validate", f"{t:.3f}", f"{m:.1f}"))
    cg, t, m = measure(lambda: build_graph(scheme, fw))
    print(row("", "graph", f"{t:.3f}", f"{m:.1f}"))
    config = Config()
    for rule in REGISTRY.values():
        _, t, m = measure(lambda rule=rule: rule.check(cg, config.options_for(rule)))
        print(row("", f"rule {rule.id}", f"{t:.3f}", f"{m:.1f}"))
    _, t, m = measure(lambda: compute_metrics(cg))
    print(row("", "metrics", f"{t:.3f}", f"{m:.1f}"))
    from coherence.audit import audit
    from coherence.report import format_report
    from coherence.report.json import format_json

    result = audit(cg)
    _, t, m = measure(lambda: format_json(result))
    print(row("", "report json", f"{t:.3f}", f"{m:.1f}"))
    _, t, m = measure(lambda: format_report(result, "text"))
    print(row("", "report text", f"{t:.3f}", f"{m:.1f}"))


def main() -> None:
    base = baseline_import()
    print(f"python -c 'import networkx, pydantic': {base:.3f} s (median of 5)\n")
    print(row("scheme", "stage", "seconds", "peak MiB"))
    codes = [s.code for s in load_framework("england-ks3").statements]
    with tempfile.TemporaryDirectory() as d:
        cases = [
            (f"{n} steps", generate_scheme(n, seed=2, framework_codes=codes))
            for n in (1_000, 10_000, 50_000)
        ]
        cases.append(("dense 2k cycle", generate_scheme(2_000, seed=3, dense_cycle=True)))
        for label, doc in cases:
            doc["framework"] = "england-ks3"
            path = Path(d) / f"{label.replace(' ', '_')}.yaml"
            path.write_text("framework: england-ks3\n" + to_yaml(doc))
            print(row(label, "", "", ""))
            stages(path)
            whole = wall([*coherence_cmd(), "audit", str(path), "--format", "json"], repeat=3)
            print(row("", "coherence audit (wall)", f"{whole:.3f}", f"x{whole / base:.2f} base"))
    scaling(codes)


def scaling(codes: list[str]) -> None:
    """Whole-command CPU time and peak memory at 50k and 100k steps, and their ratio."""
    base_cpu, base_rss = child_cost([sys.executable, "-c", "import networkx, pydantic"])
    print(f"\nimport baseline: {base_cpu:.3f} s CPU, {base_rss:.0f} MiB; {bytecode_note()}")
    print(row("steps", "CPU s", "x baseline", "peak MiB"))
    costs = {}
    with tempfile.TemporaryDirectory() as d:
        for n in (1_000, 50_000, 100_000):
            path = Path(d) / f"s{n}.yaml"
            doc = generate_scheme(n, seed=2, framework_codes=codes)
            path.write_text("framework: england-ks3\n" + to_yaml(doc))
            cmd = [*coherence_cmd(), "audit", str(path), "--format", "json"]
            cpu, rss = child_cost(cmd)
            costs[n] = (cpu, rss)
            print(row(f"{n:,}", f"{cpu:.3f}", f"{cpu / base_cpu:.2f}", f"{rss:.0f}"))
    (c50, m50), (c100, m100) = costs[50_000], costs[100_000]
    print(f"50k -> 100k: CPU x{c100 / c50:.2f}, memory x{m100 / m50:.2f} (target: at most 2.2)")
    print("targets: 1,000 steps at most x1.25 the baseline, 50,000 at most x12 (issue 10)")


if __name__ == "__main__":
    main()
