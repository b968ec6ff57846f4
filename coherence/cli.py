"""The ``coherence`` command: one console script with subcommands.

Each subcommand is a module in :mod:`coherence.commands` defining ``NAME``,
``HELP``, ``add_arguments(parser)`` and ``run(args) -> int``. Modules are
discovered, so adding a command is adding a file. Command modules import
their heavy dependencies inside ``run`` to keep start-up light.

Exit codes: 0 clean, 1 findings at or above the failing severity, 2 bad input
or usage.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import os
import re
import sys
from collections.abc import Sequence
from types import ModuleType

from coherence import __version__
from coherence.errors import InputError
from coherence.io import describe_os_error
from coherence.text import printable

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2
#: What commands keep until :func:`entry` ends the process; None when not run by it.
_kept: list[object] | None = None
#: Longest error line printed; longer ones (quoting huge values) are cut.
_MAX_MESSAGE = 500


# argparse's wording (3.11: quoted choices; 3.12.8+: bare choices).
_INVALID_CHOICE = re.compile(
    r"argument (?P<arg>[^:]+): invalid choice: '(?P<value>[^']*)' \(choose from (?P<choices>.*)\)$"
)

#: (command, option, value) -> where that value does live: one line instead of a usage dump.
_ELSEWHERE = {
    ("audit", "--format", "html"): "the HTML report is its own command: "
    "coherence report PATH -o report.html",
}


def usage_hint(prog: str, message: str) -> tuple[str, bool]:
    """An argparse error message with a did-you-mean, and whether to show the usage.

    An invalid choice gets the closest valid one; a value that belongs to
    another command (``audit --format html``) names that command instead.

    Examples
    --------
    >>> usage_hint("coherence", "argument COMMAND: invalid choice: 'audt' "
    ...            "(choose from 'check', 'audit')")
    ("argument COMMAND: invalid choice: 'audt' (did you mean 'audit'?)", True)
    >>> usage_hint("coherence audit", "argument --format: invalid choice: 'html' "
    ...            "(choose from text, json)")[0]
    'audit --format html: the HTML report is its own command: coherence report PATH -o report.html'
    """
    m = _INVALID_CHOICE.match(message)
    if m is None:
        return message, True
    command = prog.rsplit(" ", 1)[-1]
    arg, value = m["arg"], m["value"]
    for option in arg.split("/"):
        where = _ELSEWHERE.get((command, option, value))
        if where:
            return f"{command} {option} {value}: {where}", False
    choices = [c.strip().strip("'") for c in m["choices"].split(",")]
    import difflib

    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    if close:
        return f"argument {arg}: invalid choice: '{value}' (did you mean '{close[0]}'?)", True
    return message, True


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        text, show_usage = usage_hint(self.prog, message)
        if show_usage:
            self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"coherence: error: {text}\n")


def _command_module(name: str) -> ModuleType | None:
    """The module of command ``name`` (each is named as its command), or None."""
    if not name.isidentifier() or name.startswith("_"):
        return None
    try:
        mod = importlib.import_module(f"coherence.commands.{name}")
    except ModuleNotFoundError as e:
        if e.name != f"coherence.commands.{name}":
            raise
        return None
    return mod if name == getattr(mod, "NAME", None) else None


def _commands(only: str | None = None) -> list[ModuleType]:
    """The command modules in display order; only the one named ``only`` when there is one.

    Importing every command module (and what their arguments need) is a tenth
    of a small audit's start-up, so a command line naming its command builds
    only that command's parser.
    """
    mod = _command_module(only) if only else None
    if mod is not None:
        return [mod]
    import pkgutil

    import coherence.commands as pkg

    mods = [
        importlib.import_module(f"coherence.commands.{m.name}")
        for m in pkgutil.iter_modules(pkg.__path__)
        if not m.name.startswith("_")
    ]
    return sorted(mods, key=lambda m: (getattr(m, "ORDER", 50), m.NAME))


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with every discovered subcommand (only ``command``'s, if it is one).

    Examples
    --------
    >>> build_parser("audit").parse_args(["audit", "--format", "json"]).format
    'json'
    """
    parser = _Parser(
        prog="coherence",
        description="Analyse a scheme of learning as a prerequisite graph: gaps, cycles, "
        "oversized steps; explore, draw and compare curricula.",
        epilog="Exit codes: 0 clean, 1 findings at or above --fail-on, 2 bad input or usage. "
        "Run 'coherence COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"coherence {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for mod in _commands(command):
        p = sub.add_parser(
            mod.NAME,
            help=mod.HELP,
            description=getattr(mod, "DESCRIPTION", mod.HELP),
            aliases=getattr(mod, "ALIASES", []),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        mod.add_arguments(p)
        p.set_defaults(_run=mod.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    Examples
    --------
    >>> main(["--version"])  # doctest: +SKIP
    coherence 0.1.0
    """
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(words[0] if words else None)
    args = parser.parse_args(words)
    if not getattr(args, "_run", None):
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        return _run(args)
    except MemoryError:
        pass  # handled here, once the failed work's frames (and memory) are released
    gc.collect()
    return _fail(f"{_input_name(args)}out of memory: the input is too large")


def _run(args: argparse.Namespace) -> int:
    """Run the command; every failure but running out of memory becomes one line here."""
    try:
        code: int = args._run(args)
        _flush_stdout()
    except InputError as e:
        return _fail(str(e))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as e:  # a file the command touched beyond the loaders' checks
        where = f"{e.filename}: " if e.filename else ""
        return _fail(f"{where}{describe_os_error(e)}")
    except RecursionError:
        return _fail(f"{_input_name(args)}the input is nested too deeply")
    return code


def _fail(message: str) -> int:
    """Print one error line (scheme text in it made printable) and return exit code 2."""
    line = printable(message)
    if len(line) > _MAX_MESSAGE:  # a 5,000-digit "year" quoted back is no help
        line = line[: _MAX_MESSAGE - 1] + "…"
    with contextlib.suppress(OSError, ValueError):
        print(f"coherence: {line}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _input_name(args: argparse.Namespace) -> str:
    path = getattr(args, "path", None)
    return f"{path}: " if path else ""


def _flush_stdout() -> None:
    """Flush what ``print`` buffered, so a full disk or closed pipe is reported here."""
    if sys.stdout is None:
        return
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as e:
        reason = describe_os_error(e) if isinstance(e, OSError) else "it is closed"
        raise InputError(f"cannot write to standard output: {reason}") from None


def keep_until_exit(obj: object) -> None:
    """Keep ``obj`` alive until the console script ends the process (see :func:`entry`).

    Freeing a command's result object by object when it returns costs what
    the exit would (4% of a 50,000-step audit); run in-process (``main``, the
    tests), nothing is kept.
    """
    if _kept is not None:
        _kept.append(obj)


def entry() -> None:
    """The console script: run, then exit without tearing down the heap.

    A command is short-lived and allocates hundreds of thousands of small
    objects; the cyclic collector's passes over them and freeing them one by
    one at exit cost more than the work itself on a 50,000-step scheme
    (measured: 2.0 s -> 1.4 s). So the collector stays off (``explore``, a
    long-running app, turns it back on) and the process ends with
    ``os._exit`` once output is flushed, as mypy does.
    """
    global _kept
    _kept = []
    gc.disable()
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")  # a stray surrogate never crashes
    code = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    entry()
