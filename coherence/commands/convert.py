"""``coherence convert``: write any scheme file as the native YAML, or as CSV/XLSX."""

from __future__ import annotations

import argparse
import os
import sys

from coherence.errors import InputError

NAME = "convert"
ORDER = 15
HELP = "write a scheme (any layout) as the native YAML, CSV or XLSX"
DESCRIPTION = """Read a scheme in any layout coherence reads (YAML; CSV or XLSX one row per step,
per unit, sheet per year, long-term plan grid; Word tables; Curricular Analytics CSV) and
write it as the native YAML (with the schema line for editors, prior knowledge kept, and
what was read loosely as comments), or as a one-row-per-step CSV or XLSX.

The format is chosen by OUT's extension: .yaml/.yml, .csv or .xlsx. The file is written
atomically. OUT must not be IN, and an existing OUT is kept unless --force.

Exit codes: 0 written; 2 bad input or usage."""

WRITERS = {".yaml": "yaml", ".yml": "yaml", ".csv": "csv", ".xlsx": "xlsx"}


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``convert``."""
    p.add_argument("path", metavar="IN", help="the scheme file to read")
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        required=True,
        help="the file to write (.yaml, .csv, .xlsx)",
    )
    p.add_argument("--force", action="store_true", help="replace OUT if it exists (never IN)")


def run(args: argparse.Namespace) -> int:
    """Load IN and write OUT in the format its extension names."""
    from coherence.io import same_file, write_atomic
    from coherence.load import load_scheme
    from coherence.load.write import scheme_csv, scheme_xlsx, scheme_yaml

    out: str = args.output
    kind = WRITERS.get(os.path.splitext(out)[1].lower())
    if kind is None:
        raise InputError("OUT must end in .yaml, .yml, .csv or .xlsx", file=out)
    if same_file(args.path, out):
        raise InputError("refusing to overwrite the input: give another OUT", file=out)
    if os.path.exists(out) and not args.force:
        raise InputError("already exists: give another OUT, or --force to replace it", file=out)
    scheme = load_scheme(args.path)
    if kind == "yaml":
        write_atomic(out, scheme_yaml(scheme, os.path.basename(args.path)))
    elif kind == "csv":
        write_atomic(out, scheme_csv(scheme), encoding="utf-8-sig")
    else:
        write_atomic(out, scheme_xlsx(scheme))
    lost = [k for k in ("school", "framework") if kind != "yaml" and getattr(scheme, k)]
    if lost:
        print(
            f"note: a spreadsheet has no place for the scheme's {' and '.join(lost)}"
            + (" (give --framework when you audit it)" if "framework" in lost else ""),
            file=sys.stderr,
        )
    steps = len(scheme.steps)
    print(
        f"wrote {out}: {len(scheme.units)} units, {steps} steps"
        + (
            f", {len(scheme.load_notes)} notes on what was read loosely"
            if scheme.load_notes
            else ""
        ),
        file=sys.stderr,
    )
    return 0
