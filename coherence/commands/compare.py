"""``coherence compare``: compare schools' curricula."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from coherence.commands._common import wrote

if TYPE_CHECKING:
    from coherence.compare import SchemeKeys

NAME = "compare"
ORDER = 50
HELP = "compare schools' schemes: coverage, sequencing, structure"
DESCRIPTION = """Compare two schemes side by side (coverage by strand, where each school first
teaches each statement, statements taught more than a year apart, order agreement as
Kendall's tau-b, structure and keystones, a timeline per strand), or three and more (a
similarity matrix, a table of statements by school, and the statements taught at the most
different times: the agenda for a facilitator's session).

Schemes are matched by the framework statements they cover (default when they share a
framework), by step id, or by normalised step title (--match)."""


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
    from coherence.compare import Pairwise, compare_many, compare_two, load_all
    from coherence.errors import InputError
    from coherence.io import stdout_is_terminal, write_output
    from coherence.report import compare as report

    if len(args.paths) < 2:
        raise InputError("compare needs at least two schemes")
    if args.jobs is not None and args.jobs < 1:
        raise InputError("--jobs must be at least 1")
    match = args.match
    auto = match is None
    if match is None:
        from coherence.load import load_scheme

        # Peek at the first two files only (loading all twice would double the
        # time for 200 schemes); the rest are checked once loaded, below.
        fws = (
            {args.framework}
            if args.framework
            else {load_scheme(p).framework for p in args.paths[:2]}
        )
        match = "framework" if len(fws) == 1 and None not in fws else "title"
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
        notes = _framework_notes(schemes) if match == "framework" else []
        if auto and match == "title":
            notes.append("no framework shared by the first two schemes: matched by step titles")
        universe = None
        titles = None
        if match == "framework":
            from coherence.load import load_framework, load_scheme

            ref = args.framework or load_scheme(args.paths[0]).framework
            if ref:
                fw = load_framework(ref, None if args.framework else args.paths[0])
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
        from coherence.render import render, timeline_dot

        fmt = os.path.splitext(args.render)[1].lstrip(".").lower()
        render(
            timeline_dot(result), args.render, fmt if fmt in ("svg", "png", "pdf", "dot") else "svg"
        )
        wrote(args.render)
    renderers = {
        "text": lambda: report.render_text(result, color=stdout_is_terminal() and not args.output),
        "json": lambda: report.render_json(result),
        "markdown": lambda: report.render_markdown(result),
        "html": lambda: report.render_html(result),
    }
    out = renderers[args.format]()
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
