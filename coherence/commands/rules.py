"""``coherence rules``: every rule with its documentation."""

from __future__ import annotations

import argparse

NAME = "rules"
ORDER = 30
HELP = "list the rules, or print one rule's documentation"
DESCRIPTION = """List every rule (id, severity, family, why it matters), or print one rule's
full documentation: what it does, why it matters for learners, a bad and a good example."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``rules``."""
    p.add_argument("rule", nargs="?", metavar="ID", help="a rule id, e.g. late-prerequisite")


def run(args: argparse.Namespace) -> int:
    """Print the rules or one rule."""
    from coherence.io import write_output
    from coherence.rules.registry import REGISTRY, get_rule

    if args.rule:
        rule = get_rule(args.rule)
        needs = f"; needs {', '.join(sorted(rule.needs))}" if rule.needs else ""
        opts = "".join(f"\n  {k} = {v}" for k, v in rule.options.items())
        out = [f"{rule.id} ({rule.severity.value}, {rule.family}{needs})", f"{rule.summary}\n"]
        out.append(rule.doc)
        if opts:
            out.append(f"\nOptions (coherence.toml [thresholds]):{opts}")
        write_output("\n".join(out) + "\n")
        return 0
    width = max(len(r) for r in REGISTRY)
    out = [
        f"{rule.id:<{width}}  {rule.severity.value:<7}  {rule.family:<11}  {rule.summary}"
        for rule in REGISTRY.values()
    ]
    out.append("\nRun 'coherence rules ID' for a rule's documentation.")
    write_output("\n".join(out) + "\n")
    return 0
