"""``coherence check``: load and validate a scheme; print a one-line summary."""

from __future__ import annotations

import argparse

from coherence.commands._common import add_scheme_argument, load_graph

NAME = "check"
ORDER = 10
HELP = "load and validate a scheme; print a one-line summary"
DESCRIPTION = """Load and validate a scheme (YAML, CSV, XLSX or Curricular Analytics CSV).

Prints one line: units, steps, prerequisite edges. Bad input prints one line
naming the file and line, and exits 2."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``check``."""
    add_scheme_argument(p)


def run(args: argparse.Namespace) -> int:
    """Load the scheme and print its summary."""
    cg = load_graph(args.path, args.framework)
    from coherence.graph import PRIOR, STEP, UNDEFINED

    kinds = [k for _, k in cg.g.nodes(data="kind")]
    parts = [
        f"{len(cg.units)} units",
        f"{kinds.count(STEP)} steps",
        f"{cg.g.number_of_edges()} edges",
    ]
    if kinds.count(PRIOR):
        parts.append(f"{kinds.count(PRIOR)} prior items")
    if kinds.count(UNDEFINED):
        parts.append(f"{kinds.count(UNDEFINED)} undefined references")
    if cg.framework is not None:
        parts.append(f"framework {cg.framework.id} ({len(cg.framework.statements)} statements)")
    if not cg.placed:
        parts.append("unplaced (no teaching positions)")
    from coherence.io import write_output
    from coherence.text import printable

    write_output(f"{printable(str(cg.file))}: ok: " + ", ".join(parts) + "\n")
    return 0
