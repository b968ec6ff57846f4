"""``coherence frameworks``: list the bundled frameworks, or print one."""

from __future__ import annotations

import argparse
import json
from typing import Any

from coherence.model import Framework

NAME = "frameworks"
ORDER = 85
HELP = "list the bundled frameworks, or print one's statements"
DESCRIPTION = """List the bundled frameworks (id, name, key stages, number of statements), or
print one framework's statements: code, year or key stage, tier, strand and title.

Any of these ids works wherever --framework is taken; so does a framework file's path."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``frameworks``."""
    p.add_argument(
        "framework", nargs="?", metavar="ID", help="a bundled framework id or a framework file"
    )
    p.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default text)"
    )


def stages(fw: Framework) -> list[str]:
    """The key stages a framework's statements belong to, in order.

    Examples
    --------
    >>> fw = Framework.model_validate({"name": "F", "statements": [
    ...     {"code": "a", "title": "A", "strand": "n", "stage": "KS2-Y6"},
    ...     {"code": "b", "title": "B", "strand": "n", "stage": "KS1"}]})
    >>> stages(fw)
    ['KS1', 'KS2']
    """
    return sorted({s.stage.split("-")[0] for s in fw.statements})


def summary(fw: Framework) -> dict[str, Any]:
    """One framework as a JSON-ready row of the listing."""
    return {
        "id": fw.id,
        "name": fw.name,
        "stages": stages(fw),
        "statements": len(fw.statements),
    }


def as_json(fw: Framework) -> dict[str, Any]:
    """One framework as JSON: ``{"id", "name", "statements": [...]}``."""
    return {
        "id": fw.id,
        "name": fw.name,
        "source": fw.source,
        "licence": fw.licence,
        "statements": [s.model_dump(exclude_defaults=True) for s in fw.statements],
    }


def _where(year: int | None, stage: str) -> str:
    return f"Y{year}" if year is not None else stage


def run(args: argparse.Namespace) -> int:
    """Print the listing or one framework."""
    from coherence.load import bundled_framework_ids, load_framework
    from coherence.text import printable

    if args.framework:
        fw = load_framework(args.framework)
        if args.format == "json":
            print(json.dumps(as_json(fw), indent=2, ensure_ascii=False))
            return 0
        print(printable(f"{fw.id}: {fw.name} ({len(fw.statements)} statements)"))
        width = max(len(s.code) for s in fw.statements)
        for s in fw.statements:
            tier = f"  [{s.tier}]" if s.tier else ""
            line = f"{s.code:<{width}}  {_where(s.year, s.stage):<6}  {s.strand}: {s.title}{tier}"
            print(printable(line))
        if fw.licence:
            print(printable(f"\nLicence: {fw.licence}. Source: {fw.source or 'not given'}"))
        return 0
    rows = [summary(load_framework(fid)) for fid in bundled_framework_ids()]
    if args.format == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    width = max(len(str(r["id"])) for r in rows)
    for r in rows:
        ks = ", ".join(r["stages"])
        print(f"{r['id']:<{width}}  {r['statements']:>4} statements  {ks:<20}  {r['name']}")
    print("\nRun 'coherence frameworks ID' for a framework's statements.")
    return 0
