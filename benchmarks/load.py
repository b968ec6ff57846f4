"""Loading benchmark (issue 3): generated 1k/10k/50k-step schemes.

Prints, per size, time and peak memory of each stage (read+parse, validate,
graph) and the whole ``coherence check`` command, beside the time of
``python -c "import networkx, pydantic"``.

Run: ``python benchmarks/load.py``
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import baseline_import, coherence_cmd, measure, row, wall

from coherence.graph import build_graph
from coherence.load.common import check_scheme
from coherence.load.yaml import id_lines, parse_yaml
from coherence.model import Scheme
from coherence.synthetic import generate_scheme, to_yaml
from coherence.util import paused_gc


def main() -> None:
    base = baseline_import()
    print(f"python -c 'import networkx, pydantic': {base:.3f} s (median of 5)\n")
    print(row("size", "stage", "seconds", "peak MiB"))
    with tempfile.TemporaryDirectory() as d:
        for n in (1_000, 10_000, 50_000):
            path = Path(d) / f"s{n}.yaml"
            path.write_text(to_yaml(generate_scheme(n, seed=1)))
            text = path.read_text()

            def parse(text: str = text, path: Path = path) -> object:
                with paused_gc():
                    return parse_yaml(text, str(path)), id_lines(text)

            (data, _), t_parse, m_parse = measure(parse)  # type: ignore[misc]

            def validate(data: object = data, path: Path = path) -> Scheme:
                with paused_gc():
                    return check_scheme(Scheme.model_validate(data), str(path))

            scheme, t_val, m_val = measure(validate)
            _, t_graph, m_graph = measure(lambda scheme=scheme: build_graph(scheme))
            whole = wall([*coherence_cmd(), "check", str(path)], repeat=3)
            print(row(f"{n} steps", "parse", f"{t_parse:.3f}", f"{m_parse:.1f}"))
            print(row("", "validate", f"{t_val:.3f}", f"{m_val:.1f}"))
            print(row("", "graph", f"{t_graph:.3f}", f"{m_graph:.1f}"))
            print(row("", "coherence check (wall)", f"{whole:.3f}", f"x{whole / base:.2f} base"))
        csv_path = Path(d) / "s10000.csv"
        scheme = Scheme.model_validate(generate_scheme(10_000, seed=1))
        lines = ["Year,Term,Unit ID,Unit,Step ID,Step,Requires"]
        for u in scheme.units:
            for s in u.steps:
                lines.append(
                    f"{u.year},{u.term},{u.id},{u.title},{s.id},{s.title},{';'.join(s.requires)}"
                )
        csv_path.write_text("\n".join(lines) + "\n")
        whole = wall([*coherence_cmd(), "check", str(csv_path)], repeat=3)
        print(row("10000 steps CSV", "coherence check (wall)", f"{whole:.3f}", ""))


if __name__ == "__main__":
    main()
