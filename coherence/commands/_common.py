"""Argument helpers shared by subcommands."""

from __future__ import annotations

import argparse
import sys

from coherence.pipeline import load_graph

__all__ = ["add_scheme_argument", "load_graph", "wrote"]


def add_scheme_argument(p: argparse.ArgumentParser, *, framework: bool = True) -> None:
    """Add the ``PATH`` argument (default: the bundled example) and ``--framework``."""
    p.add_argument(
        "path",
        metavar="PATH",
        nargs="?",
        default=None,
        help="scheme file: .yaml, .csv, .xlsx or a Curricular Analytics CSV "
        "(default: the bundled example scheme)",
    )
    if framework:
        p.add_argument(
            "--framework",
            metavar="F",
            help="bundled framework id (e.g. england-ks3) or framework file; "
            "overrides the scheme's own 'framework'",
        )


def wrote(path: str) -> None:
    """Tell the user (on stderr) which file was written."""
    from coherence.text import printable

    print(f"wrote {printable(path)}", file=sys.stderr)
