"""``coherence link``: draft the links a scheme lacks, with evidence, for review."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from coherence.commands._common import add_scheme_argument

NAME = "link"
ORDER = 15
HELP = "draft covers and requires (with evidence) for the department to review"
DESCRIPTION = """Draft the links a scheme lacks: the National Curriculum statements each small
step teaches (covers) and the earlier steps it builds on (requires), each with a score
(0-1), its source (framework, prior-knowledge, text or sequence) and the evidence in words.
A proposal never points at a step taught later.

Review in the file: -o OUT.yaml (or --in-place, keeping a .bak) writes the scheme with
the proposals as inferred_requires/inferred_covers, every comment kept. Move an entry
into requires/covers to keep it; delete it to reject it (it is never proposed again).
--accept-all accepts what is left. A spreadsheet is never overwritten: it is written
as YAML beside it.

Exit codes: 0 done; 2 bad input or usage."""


def _score(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text} is outside 0-1")
    return value


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``link``."""
    from coherence.link.draft import DEFAULT_MIN_SCORE

    add_scheme_argument(p)
    p.add_argument(
        "--format",
        choices=("text", "json", "yaml"),
        default=None,
        help="text (default), json, or yaml: the scheme with the proposals added for review "
        "(default for -o *.yaml)",
    )
    p.add_argument("-o", "--output", metavar="OUT", help="write to a file instead of printing")
    p.add_argument(
        "--min-score",
        metavar="S",
        type=_score,
        default=DEFAULT_MIN_SCORE,
        help=f"show proposals scoring at least S, 0-1 (default {DEFAULT_MIN_SCORE}, "
        "the benchmarked operating point)",
    )
    p.add_argument("--only", choices=("covers", "requires"), help="draft only one kind of link")
    p.add_argument(
        "--in-place",
        action="store_true",
        help="write the proposals into the scheme file for review (previous file kept as .bak; "
        "a spreadsheet gets a YAML file beside it)",
    )
    p.add_argument(
        "--accept-all",
        action="store_true",
        help="with -o/--in-place: write every proposal (and inferred entry left) straight "
        "into requires/covers",
    )


def run(args: argparse.Namespace) -> int:
    """Draft, then print the proposals or write the scheme for review."""
    from coherence.errors import InputError
    from coherence.io import same_file, write_atomic
    from coherence.link.draft import Kind, Options, draft
    from coherence.link.report import format_json, format_text
    from coherence.link.write import format_for_review
    from coherence.load import (
        bundled_scheme_path,
        detect_format,
        load_framework,
        load_scheme,
        resolve_scheme,
    )
    from coherence.load.common import decode_utf8, read_bytes

    path = resolve_scheme(args.path) if args.path else bundled_scheme_path()
    fmt = args.format
    if fmt is None:
        ext = Path(args.output or "").suffix.lower()
        fmt = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}.get(ext, "text")
    if args.in_place and args.output:
        raise InputError("give either -o OUT or --in-place, not both")
    if args.accept_all and not (args.in_place or fmt == "yaml"):
        raise InputError("--accept-all needs -o OUT.yaml or --in-place (it writes the scheme)")

    raw = read_bytes(path)
    is_yaml = detect_format(path, raw[:8192]) == "yaml"
    scheme = load_scheme(path)
    ref = args.framework or scheme.framework
    fw = load_framework(ref, relative_to=None if args.framework else path) if ref else None
    d = draft(scheme, fw, Options(only=args.only))
    proposals = d.at(args.min_score)
    for note in scheme.load_notes:
        print(f"note: {note}", file=sys.stderr)

    if args.in_place or fmt == "yaml":
        kinds: tuple[Kind, ...] = (args.only,) if args.only else ("covers", "requires")
        text = decode_utf8(raw, path) if is_yaml else None
        out_text = format_for_review(
            scheme,
            d,
            proposals,
            kinds=kinds,
            accept_all=args.accept_all,
            text=text,
            framework=args.framework,
        )
        if text is None:  # a spreadsheet: a new YAML file, which editors can validate
            from coherence.load.write import SCHEMA_LINE

            out_text = f"{SCHEMA_LINE}\n{out_text}"
        target = args.output
        if args.in_place:
            if is_yaml:
                backup = path + ".bak"
                write_atomic(backup, raw)
                print(f"kept the previous file as {backup}", file=sys.stderr)
                target = path
            else:
                target = str(Path(path).with_suffix(".yaml"))
                if os.path.exists(target):
                    raise InputError(
                        f"{target} already exists: give -o OUT.yaml to choose where the "
                        "scheme is written",
                        file=path,
                    )
        if target is None:
            sys.stdout.write(out_text)
            return 0
        if not is_yaml and same_file(target, path):
            raise InputError("will not overwrite the spreadsheet: give -o a .yaml file", file=path)
        write_atomic(target, out_text)
        n = len(proposals)
        what = "accepted" if args.accept_all else "to review"
        print(f"wrote {target} ({n} proposals {what})", file=sys.stderr)
        return 0

    formatter = format_json if fmt == "json" else format_text
    out = formatter(d, proposals, args.min_score)
    if args.output:
        write_atomic(args.output, out)
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(out)
    return 0
