"""``coherence rules``: every rule with its documentation."""

from __future__ import annotations

import argparse
import json

NAME = "rules"
ORDER = 30
HELP = "list the rules, or print one rule's documentation"
DESCRIPTION = """List every rule (id, severity, family, why it matters), or print one rule's
full documentation: what it does, why it matters for learners, a bad and a good example,
and its options as coherence.toml spells them. --format json lists every rule with its
options and defaults."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``rules``."""
    p.add_argument("rule", nargs="?", metavar="ID", help="a rule id, e.g. late-prerequisite")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")


def run(args: argparse.Namespace) -> int:
    """Print the rules or one rule."""
    from coherence.io import write_output
    from coherence.rules.registry import REGISTRY, get_rule

    rules = [get_rule(args.rule)] if args.rule else list(REGISTRY.values())
    if args.format == "json":
        out = [rule_json(r) for r in rules]
        text = json.dumps(out[0] if args.rule else out, indent=2, ensure_ascii=False) + "\n"
    elif args.rule:
        text = rules[0].markdown()
    else:
        width = max(len(r) for r in REGISTRY)
        lines = [
            f"{rule.id:<{width}}  {rule.severity.value:<7}  {rule.family:<11}  {rule.summary}"
            for rule in rules
        ]
        lines.append("\nRun 'coherence rules ID' for a rule's documentation.")
        text = "\n".join(lines) + "\n"
    write_output(text)
    return 0


def rule_json(rule: object) -> dict[str, object]:
    """A rule as JSON: id, family, severity, needs, options (config spelling) and docs.

    Examples
    --------
    >>> from coherence.rules.registry import REGISTRY
    >>> [(o["name"], o["default"]) for o in rule_json(REGISTRY["stale-prerequisite"])["options"]]
    [('stale-after', 6)]
    """
    from coherence.rules.base import Rule

    assert isinstance(rule, Rule)
    d = rule.doc
    return {
        "id": rule.id,
        "family": rule.family,
        "severity": rule.severity.value,
        "summary": rule.summary,
        "needs": sorted(rule.needs),
        "options": [
            {"name": o.name, "default": o.default, "help": o.help} for o in rule.option_infos()
        ],
        "doc": {
            "what": d.what,
            "why": d.why,
            "example": d.example,
            "use_instead": d.use_instead,
            "references": list(d.references),
        },
    }
