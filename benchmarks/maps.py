"""Render benchmark (issue 5): DOT generation and ``dot -Tsvg`` on generated schemes.

Run: ``python benchmarks/maps.py`` (needs Graphviz's ``dot``).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import coherence_cmd, row, wall

from coherence.audit import audit
from coherence.graph import build_graph
from coherence.maps import dot_available, render_bytes, to_dot
from coherence.model import Scheme
from coherence.synthetic import generate_scheme, to_yaml


def main() -> None:
    if not dot_available():
        sys.exit("Graphviz's dot is not installed (apt-get install graphviz)")
    print(row("scheme", "view", "DOT s", "SVG s"))
    with tempfile.TemporaryDirectory() as d:
        for n in (200, 2_000):
            doc = generate_scheme(n, seed=4)
            result = audit(build_graph(Scheme.model_validate(doc)))
            for label, kwargs in (("default", {}), ("units-only", {"units_only": True})):
                start = time.perf_counter()
                dot = to_dot(result, **kwargs)  # type: ignore[arg-type]
                t_dot = time.perf_counter() - start
                start = time.perf_counter()
                svg = render_bytes(dot, "svg")
                t_svg = time.perf_counter() - start
                print(
                    row(
                        f"{n} steps",
                        label,
                        f"{t_dot:.3f}",
                        f"{t_svg:.3f}  ({len(svg) // 1024} KiB)",
                    )
                )
            path = Path(d) / f"s{n}.yaml"
            path.write_text(to_yaml(doc))
            whole = wall(
                [*coherence_cmd(), "render", str(path), "-o", str(Path(d) / "m.svg")], repeat=3
            )
            print(row("", "coherence render (wall)", f"{whole:.3f}", ""))


if __name__ == "__main__":
    main()
