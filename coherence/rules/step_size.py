"""Step size: Teaching for Mastery moves in small, manageable steps."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from coherence.graph import PRIOR, STEP, CurriculumGraph
from coherence.rules.base import Finding, Severity


def oversized_step(cg: CurriculumGraph, options: Mapping[str, Any]) -> list[Finding]:
    """What it does
    Flags a step that is too big a jump, with the reason, when it
    (a) takes more than `max_lessons` lessons (default 3);
    (b) introduces more than `max_new_statements` framework statements not
        covered earlier (default 2); or
    (c) combines more than `max_fresh_prerequisites` prerequisites that were
        themselves first taught in the same half-term (default 3).
    Without teaching positions only (a) is checked.

    Why is this bad?
    Mastery teaching breaks learning into small steps so every pupil can keep
    up. A step that runs for many lessons, brings several new ideas at once,
    or leans on many ideas pupils have only just met is where pupils fall
    behind and gaps open.

    Example
        - id: y9-con-1
          title: All standard constructions
          lessons: 5

    Use instead
        - id: y9-con-1
          title: Construct a perpendicular bisector
          lessons: 1
        - id: y9-con-2
          title: Bisect an angle
          lessons: 1
          requires: [y9-con-1]
    """
    g = cg.g
    nodes = cg.attrs
    max_lessons = int(options.get("max_lessons", 3))
    max_new = int(options.get("max_new_statements", 2))
    max_fresh = int(options.get("max_fresh_prerequisites", 3))
    seen: set[str] = set()
    for attrs in nodes.values():
        if attrs.get("kind") == PRIOR:
            seen.update(attrs.get("covers", ()))
    unit_covers = {u.steps[0]: u.covers for u in cg.units if u.covers}
    findings = []
    for n in cg.order:
        attrs = nodes[n]
        reasons: list[str] = []
        lessons = int(attrs.get("lessons") or 1)
        if lessons > max_lessons:
            reasons.append(f"it takes {lessons} lessons (more than {max_lessons})")
        covers = [*unit_covers.get(n, ()), *attrs.get("covers", ())]
        new = list(dict.fromkeys(c for c in covers if c not in seen)) if covers else []
        seen.update(covers)
        fresh: list[str] = []
        if cg.placed:
            if len(new) > max_new:
                reasons.append(
                    f"it introduces {len(new)} new statements at once ({', '.join(new)}; "
                    f"more than {max_new})"
                )
            preds = g._pred[n]
            if len(preds) > max_fresh:  # cannot exceed the limit with fewer prerequisites
                period = attrs["period"]
                fresh = [
                    p
                    for p in preds
                    if nodes[p].get("kind") == STEP and nodes[p]["period"] == period
                ]
            if len(fresh) > max_fresh:
                reasons.append(
                    f"it combines {len(fresh)} prerequisites first taught this "
                    f"{cg.period_name} (more than {max_fresh})"
                )
        if reasons:
            findings.append(
                Finding(
                    rule="oversized-step",
                    severity=Severity.WARNING,
                    nodes=(n,),
                    message=f"'{attrs.get('title')}' is too big a step: "
                    + "; ".join(reasons)
                    + ". Split it into smaller steps.",
                    file=cg.file,
                    line=attrs.get("line"),
                    data={"reasons": reasons, "lessons": lessons, "new": new, "fresh": fresh},
                )
            )
    return findings
