"""``coherence report``: one self-contained HTML report for senior leaders."""

from __future__ import annotations

import argparse
import sys

from coherence.commands._common import add_scheme_argument, wrote

NAME = "report"
ORDER = 45
HELP = "write a self-contained, printable HTML report"
DESCRIPTION = """Write one self-contained HTML file (inline CSS and SVG maps, no network):
summary metrics, framework coverage, findings grouped by rule with why they matter, a map
of units and a map per strand, and the keystone steps. Open it in any browser, print it, or
add it to a Work Group portfolio. Maps need Graphviz's 'dot'."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``report``."""
    add_scheme_argument(p)
    p.add_argument("-o", "--output", metavar="OUT", required=True, help="the HTML file to write")
    p.add_argument(
        "--config", metavar="C", help="audit config (default: coherence.toml beside PATH)"
    )
    p.add_argument("--no-maps", action="store_true", help="leave the maps out")


def run(args: argparse.Namespace) -> int:
    """Audit and write the HTML report."""
    from coherence.audit import run_audit
    from coherence.io import write_output
    from coherence.maps import dot_available
    from coherence.report import format_report

    result = run_audit(args.path, args.framework, args.config)

    for warning in result.config.warnings:
        print(f"coherence: warning: {warning}", file=sys.stderr)
    if not args.no_maps and not dot_available():
        print("warning: Graphviz's 'dot' is not installed: the report has no maps", file=sys.stderr)
    write_output(format_report(result, "html", maps=not args.no_maps), args.output)
    wrote(args.output)
    return 0
