"""``coherence render``: a Graphviz map of the scheme with its problems marked."""

from __future__ import annotations

import argparse
import sys

from coherence.commands._common import add_scheme_argument, wrote

NAME = "render"
ORDER = 40
HELP = "draw the scheme with Graphviz (svg, png, pdf or dot)"
DESCRIPTION = """Draw the scheme as a map: teaching time left to right, one column per
half-term, units as labelled boxes, steps coloured and shaped by strand, and the audit's
findings marked (cycles, late prerequisites, missing prerequisites as ghost nodes, oversized
steps outlined, isolated steps faded). Large schemes are drawn one node per unit.

--format dot needs nothing else; svg, png and pdf need Graphviz's 'dot'."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``render``."""
    add_scheme_argument(p)
    p.add_argument("-o", "--output", metavar="OUT", required=True, help="output file")
    p.add_argument(
        "--format",
        choices=("svg", "png", "pdf", "dot"),
        help="output format (default: from OUT's extension: .svg, .png, .pdf or .dot; "
        "none means svg)",
    )
    p.add_argument(
        "--config", metavar="C", help="audit config (default: coherence.toml beside PATH)"
    )
    p.add_argument("--focus", metavar="ID", help="a step's or unit's neighbourhood")
    p.add_argument("--depth", type=int, default=1, metavar="N", help="links each way for --focus")
    p.add_argument("--strand", metavar="NAME", help="one strand across the years")
    p.add_argument("--year", type=int, metavar="N", help="one school year")
    p.add_argument(
        "--units-only",
        action="store_true",
        default=None,
        help="one node per unit (automatic above 400 steps)",
    )
    p.add_argument("--steps", dest="units_only", action="store_false", help="always draw steps")
    p.add_argument("--reduce", action="store_true", help="transitive reduction, for readability")


def run(args: argparse.Namespace) -> int:
    """Render the map."""
    from coherence.audit import run_audit
    from coherence.maps import format_for, render, to_dot

    fmt = format_for(args.output, args.format)
    result = run_audit(args.path, args.framework, args.config)
    for warning in result.config.warnings:
        print(f"coherence: warning: {warning}", file=sys.stderr)
    dot = to_dot(
        result,
        focus=args.focus,
        depth=args.depth,
        strand=args.strand,
        year=args.year,
        units_only=args.units_only,
        reduce=args.reduce,
    )
    if "drawn one node per unit" in dot:
        print("note: large scheme drawn one node per unit (use --steps to force)", file=sys.stderr)
    render(dot, args.output, fmt)
    wrote(args.output)
    return 0
