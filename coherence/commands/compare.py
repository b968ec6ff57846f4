"""``coherence compare``: compare schools' curricula."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from coherence.commands._common import wrote

if TYPE_CHECKING:
    from coherence.comparison import SchemeKeys

NAME = "compare"
ORDER = 50
HELP = "compare schools' schemes: coverage, sequencing, structure"
DESCRIPTION = """Compare two schemes side by side (statements taught by strand, where each school
first teaches each statement, statements taught more than a year apart, order agreement,
structure and keystones, a timeline per strand), or three and more (shared coverage and order
agreement for every pair of schools, a table of statements by school, and the statements taught
at the most different times: the agenda for a facilitator's session).

Schemes are matched by the framework statements they cover, by step id, or by normalised step
title (--match). Without --match: by framework statements when one framework is used by at
least half the schemes, else by step titles; the report says which.

Order agreement is Kendall's tau-b, shared coverage is Jaccard similarity (the names JSON
uses); an order agreement from fewer than 5 shared statements is not shown.
'coherence glossary' explains every term."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``compare``."""
    p.add_argument("paths", nargs="+", metavar="SCHEME", help="two or more scheme files")
    p.add_argument("--framework", metavar="F", help="framework for every scheme")
    p.add_argument("--match", choices=("framework", "id", "title"), help="what to match on")
    p.add_argument(
        "--format",
        choices=("text", "json", "markdown", "html"),
        default="text",
        help="output format",
    )
    p.add_argument("--render", metavar="OUT", help="draw the per-strand timeline (two schemes)")
    p.add_argument("-o", "--output", metavar="OUT", help="write the report to a file")
    p.add_argument(
        "--jobs", type=int, default=None, metavar="N", help="worker processes (default: CPUs)"
    )


def run(args: argparse.Namespace) -> int:
    """Compare and print the report."""
    from coherence.comparison import Pairwise, choose_match, compare_many, compare_two, load_all
    from coherence.errors import InputError
    from coherence.io import stdout_is_terminal, write_output
    from coherence.report import comparison as report

    if len(args.paths) < 2:
        raise InputError("compare needs at least two schemes")
    if args.jobs is not None and args.jobs < 1:
        raise InputError("--jobs must be at least 1")
    # Without --match, every scheme is keyed both ways while loaded and the
    # choice is made once all are in (choose_match), whatever their order.
    match = args.match or ("framework" if args.framework else "auto")
    if match == "framework" and not args.framework:
        from coherence.load import load_scheme

        if load_scheme(args.paths[0]).framework is None:
            raise InputError("--match framework needs a framework (give --framework)")
    jobs = args.jobs or min(len(args.paths), os.cpu_count() or 1)
    pair = len(args.paths) == 2
    bar = None
    if sys.stderr is not None and sys.stderr.isatty() and not pair:
        from rich.console import Console
        from rich.progress import Progress

        bar = Progress(console=Console(stderr=True), transient=True)
        bar.start()

    def stage(description: str) -> Callable[[int], None] | None:
        if bar is None:
            return None
        task = bar.add_task(description, total=len(args.paths))
        return lambda n: bar.advance(task, n)

    try:
        # A pair shows findings by rule, so runs the audit; N-way needs only metrics.
        schemes = load_all(
            args.paths, match, args.framework, full=pair, jobs=jobs, progress=stage("loading")
        )
        notes = []
        chosen = None
        if match == "auto":
            match, chosen, how = choose_match(schemes)
            notes.append(how)
        elif match == "framework":
            notes += _framework_notes(schemes)
        universe = None
        titles = None
        if match == "framework":
            from coherence.load import load_framework, load_scheme

            base = args.paths[0]
            if chosen is not None:
                base = next(
                    p for p, s in zip(args.paths, schemes, strict=True) if s.framework == chosen
                )
            ref = args.framework or load_scheme(base).framework
            if ref:
                fw = load_framework(ref, None if args.framework else base)
                universe = {s.code: s.strand for s in fw.statements}
                titles = {s.code: s.title for s in fw.statements}
        result = (
            compare_two(schemes[0], schemes[1], match, universe, titles)
            if pair
            else compare_many(schemes, match, titles=titles, jobs=jobs, progress=stage("comparing"))
        )
    finally:
        if bar is not None:
            bar.stop()
    result.notes[:0] = notes
    if args.render:
        if not isinstance(result, Pairwise):
            raise InputError("--render draws the timeline of two schemes; give exactly two")
        from coherence.maps import format_for, render, timeline_dot

        render(timeline_dot(result), args.render, format_for(args.render))
        wrote(args.render)
    color = args.format == "text" and stdout_is_terminal() and not args.output
    out = report.format_comparison(result, args.format, color=color)
    write_output(out, args.output)
    if args.output:
        wrote(args.output)
    return 0


def _framework_notes(schemes: Sequence[SchemeKeys]) -> list[str]:
    """Warn when schemes matched by framework statements do not share one framework."""
    fws = {s.framework for s in schemes}
    if len(fws) <= 1:
        return []
    by_fw: dict[str, list[str]] = {}
    for s in schemes:
        by_fw.setdefault(s.framework or "no framework", []).append(s.name)
    parts = [
        f"{fw}: {', '.join(names[:3])}{' …' if len(names) > 3 else ''}"
        for fw, names in sorted(by_fw.items())
    ]
    return [
        "schemes use different frameworks; statement codes compared as they are ("
        + "; ".join(parts)
        + ")"
    ]
