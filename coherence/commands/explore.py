"""``coherence explore``: the Textual terminal UI."""

from __future__ import annotations

import argparse
import gc

from coherence.commands._common import add_scheme_argument

NAME = "explore"
ALIASES = ["tui"]
ORDER = 35
HELP = "explore the scheme in a terminal UI (alias: tui)"
DESCRIPTION = """Open the scheme in a terminal UI: a tree of years, half-terms, units and steps
with finding badges; step detail with what it builds on and leads to (Enter jumps, [ and ]
go back and forward); findings, thread (strand) and metrics views; ctrl+p finds any step.
r reloads the file after you edit it; e exports a map; ? shows every key.

Edit in place: M moves a unit, S a step, P adds a prerequisite, a accepts a finding,
R reviews drafted links; after each change the audit re-runs and says what changed.
ctrl+z/ctrl+y undo and redo; ctrl+s saves (a YAML file keeps its comments and order; a
spreadsheet is saved as YAML beside it, never over it)."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``explore``."""
    add_scheme_argument(p)
    p.add_argument(
        "--config", metavar="C", help="audit config (default: coherence.toml beside PATH)"
    )
    p.add_argument("--compare", metavar="B", help="open a side-by-side comparison with scheme B")


def run(args: argparse.Namespace) -> int:
    """Run the app until the user quits."""
    gc.enable()  # a long-running app: the CLI's start-up pause of the collector ends here
    from tui.app import run_app

    run_app(args.path, args.framework, args.config, args.compare)
    return 0
