"""``coherence audit``: gaps, cycles, oversized steps, stale prerequisites, metrics."""

from __future__ import annotations

import argparse
import sys

from coherence.commands._common import add_scheme_argument, wrote

NAME = "audit"
ORDER = 20
HELP = "audit a scheme: findings by rule and coherence metrics"
DESCRIPTION = """Audit a scheme of learning for gaps (missing or late prerequisites, framework
statements out of order or never covered), cycles, oversized steps, stale prerequisites and
isolated steps, and compute coherence metrics (Curricular Analytics blocking, delay,
centrality, complexity; coverage; strands).

Configuration: coherence.toml beside the scheme, or --config (thresholds, severities,
switched-off rules, and accepted findings with their reasons).

Exit codes: 0 no open finding at or above --fail-on; 1 there is one; 2 bad input."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``audit``."""
    add_scheme_argument(p)
    p.add_argument(
        "--config", metavar="C", help="config file (default: coherence.toml beside PATH)"
    )
    p.add_argument(
        "--format", choices=("text", "json", "markdown"), default="text", help="report format"
    )
    p.add_argument(
        "--fail-on",
        choices=("error", "warning", "info", "never"),
        default=None,
        help="lowest severity that makes the exit code 1 (default: the config's, else error)",
    )
    p.add_argument("--rule", metavar="ID", action="append", help="run only this rule (repeatable)")
    p.add_argument("-o", "--output", metavar="OUT", help="write the report to a file")
    p.add_argument(
        "--metrics",
        choices=("summary", "full"),
        default="summary",
        help="JSON: per-step metrics of the steps with findings (summary), or of every step "
        "with exact path counts however long (full)",
    )
    p.add_argument(
        "--links",
        choices=("all", "declared"),
        default="all",
        help="all (default): also the links drafted by 'coherence link' awaiting review, "
        "with the findings resting on them marked; declared: only the department's own",
    )


def run(args: argparse.Namespace) -> int:
    """Audit and print (or write) the report; exit 1 on failing findings."""
    from coherence.audit import run_audit
    from coherence.cli import keep_until_exit
    from coherence.io import stdout_is_terminal, write_output
    from coherence.report import format_report

    result = run_audit(args.path, args.framework, args.config, args.rule, args.links)
    keep_until_exit(result)

    for warning in result.config.warnings:
        print(f"coherence: warning: {warning}", file=sys.stderr)
    if args.output:
        write_output(format_report(result, args.format, metrics=args.metrics), args.output)
        wrote(args.output)
    elif args.format == "text":
        import shutil

        color = stdout_is_terminal()
        width = shutil.get_terminal_size((100, 24)).columns if color else 100
        write_output(format_report(result, "text", color=color, width=width))
    else:
        write_output(format_report(result, args.format, metrics=args.metrics))
    return 1 if result.failing(args.fail_on) else 0
