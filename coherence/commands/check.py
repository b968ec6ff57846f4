"""``coherence check``: load and validate a scheme; print a one-line summary and the notes."""

from __future__ import annotations

import argparse
import json

from coherence.commands._common import add_scheme_argument, load_graph

NAME = "check"
ORDER = 10
HELP = "load and validate a scheme; print a one-line summary"
DESCRIPTION = """Load and validate a scheme (YAML; CSV or XLSX spreadsheets, one row per step or
per unit, a sheet per year, a long-term plan grid; Word tables; Curricular Analytics CSV).

Prints one line: units, steps, prerequisite edges; then one 'note:' line for each thing
read loosely (a sheet skipped, a year taken from a sheet name, a cell split into steps,
prior knowledge matched to a step). Bad input prints one line naming the file and line
(or cell), and exits 2.

--format json prints one object:
  {"file", "format", "units", "steps", "edges", "prior_items", "undefined",
   "framework", "placed", "notes": [{"message", "file", "line", "cell"}]}
where format is yaml, csv, xlsx, docx or ca-csv and framework is an id or null."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``check``."""
    add_scheme_argument(p)
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")


def run(args: argparse.Namespace) -> int:
    """Load the scheme and print its summary."""
    cg = load_graph(args.path, args.framework)
    from coherence.graph import PRIOR, STEP, UNDEFINED
    from coherence.load import file_format
    from coherence.text import printable

    kinds = [k for _, k in cg.g.nodes(data="kind")]
    notes = cg.scheme.load_notes
    if args.format == "json":
        summary = {
            "file": cg.file,
            "format": file_format(cg.file) if cg.file else None,
            "units": len(cg.units),
            "steps": kinds.count(STEP),
            "edges": cg.g.number_of_edges(),
            "prior_items": kinds.count(PRIOR),
            "undefined": kinds.count(UNDEFINED),
            "framework": cg.framework.id if cg.framework is not None else None,
            "placed": cg.placed,
            "notes": [n.model_dump() for n in notes],
        }
        print(json.dumps(summary, indent=2, ensure_ascii=False))
        return 0
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
    if notes:
        parts.append(f"{len(notes)} note" + ("" if len(notes) == 1 else "s"))
    from coherence.io import write_output

    lines = [f"{printable(str(cg.file))}: ok: " + ", ".join(parts)]
    for n in notes:
        where = n.cell or (f"line {n.line}" if n.line else "")
        lines.append(
            f"  note: {printable(n.message)}" + (f" ({printable(where)})" if where else "")
        )
    write_output("\n".join(lines) + "\n")
    return 0
