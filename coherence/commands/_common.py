"""Argument helpers shared by subcommands."""

from __future__ import annotations

import argparse

from coherence.graph import CurriculumGraph, build_graph
from coherence.load import bundled_scheme_path, load_framework, load_scheme


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


def load_graph(path: str | None, framework: str | None = None) -> CurriculumGraph:
    """Load a scheme and its framework (``--framework`` wins over the file's own)."""
    path = path or bundled_scheme_path()
    scheme = load_scheme(path)
    ref = framework or scheme.framework
    fw = load_framework(ref, relative_to=path if not framework else None) if ref else None
    return build_graph(scheme, fw)
