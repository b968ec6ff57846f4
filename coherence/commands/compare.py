"""``coherence compare``: compare schools' curricula."""

from __future__ import annotations

import argparse
import os
import sys

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
    from coherence.compare import compare_many, compare_two, load_all
    from coherence.errors import InputError
    from coherence.report import compare as report

    if len(args.paths) < 2:
        raise InputError("compare needs at least two schemes")
    match = args.match
    if match is None:
        from coherence.load import load_scheme

        # Peek at the first two files only: framework matching needs a shared framework.
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
    progress = None
    bar = None
    if sys.stderr.isatty() and len(args.paths) > 2:
        from rich.progress import Progress

        bar = Progress(transient=True)
        task = bar.add_task("loading schemes", total=len(args.paths))
        bar.start()

        def progress(n: int) -> None:
            bar.advance(task, n)

    try:
        schemes = load_all(
            args.paths,
            match,
            args.framework,
            full=len(args.paths) == 2,
            jobs=jobs,
            progress=progress,
        )
    finally:
        if bar is not None:
            bar.stop()
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
        if len(schemes) == 2
        else compare_many(schemes, match, titles=titles)
    )
    from coherence.compare import Pairwise

    if args.render and isinstance(result, Pairwise):
        from coherence.render import render, timeline_dot

        fmt = os.path.splitext(args.render)[1].lstrip(".") or "svg"
        render(
            timeline_dot(result), args.render, fmt if fmt in ("svg", "png", "pdf", "dot") else "svg"
        )
        print(f"wrote {args.render}", file=sys.stderr)
    renderers = {
        "text": lambda: report.render_text(result, color=sys.stdout.isatty() and not args.output),
        "json": lambda: report.render_json(result),
        "markdown": lambda: report.render_markdown(result),
        "html": lambda: report.render_html(result),
    }
    out = renderers[args.format]()
    if args.output:
        from coherence.io import write_atomic

        write_atomic(args.output, out)
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(out)
    return 0
