"""Step size: Teaching for Mastery moves in small, manageable steps."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from coherence.graph import PRIOR, STEP, CurriculumGraph
from coherence.rules.base import Finding, MapMark, Rule, RuleDoc, Severity, option

if TYPE_CHECKING:
    import networkx as nx


class OversizedStep(Rule):
    """Too big a jump: too many lessons, new statements or fresh prerequisites."""

    id = "oversized-step"
    family = "step-size"
    severity = Severity.WARNING
    summary = "Too big a jump: small steps keep every pupil with the class."
    partly: ClassVar[Mapping[str, str]] = {
        "positions": "only lesson counts checked: new statements and fresh prerequisites "
        "need teaching positions (year and term per unit)"
    }
    doc = RuleDoc(
        what="Flags a step that is too big a jump, with the reason, when it (a) takes more "
        "than `max-lessons` lessons; (b) introduces more than `max-new-statements` framework "
        "statements not covered earlier (an earlier key stage's statement is a revisit, not "
        "new); or (c) combines more than "
        "`max-fresh-prerequisites` prerequisites that were themselves first taught in the "
        "same half-term. Without teaching positions only (a) is checked.",
        why="Mastery teaching breaks learning into small steps so every pupil can keep up. A "
        "step that runs for many lessons, brings several new ideas at once, or leans on many "
        "ideas pupils have only just met is where pupils fall behind and gaps open.",
        example="""- id: y9-con-1
  title: All standard constructions
  lessons: 5""",
        use_instead="""Split it into small steps, each building on the last:
- id: y9-con-1
  title: Construct a perpendicular bisector
  lessons: 1
- id: y9-con-2
  title: Bisect an angle
  lessons: 1
  requires: [y9-con-1]""",
    )

    @dataclass(frozen=True)
    class Options:
        max_lessons: int = option(3, "most lessons one small step may take")
        max_new_statements: int = option(2, "most framework statements a step may introduce")
        max_fresh_prerequisites: int = option(
            3, "most prerequisites first taught in the same half-term"
        )

    def check(self, cg: CurriculumGraph, options: Any) -> list[Finding]:
        nodes, pred, placed = cg.attrs, cg.pred, cg.placed
        max_lessons = options.max_lessons
        max_new = options.max_new_statements
        max_fresh = options.max_fresh_prerequisites
        seen: set[str] = set()
        for p in cg.steps_of_kind(PRIOR):
            seen.update(nodes[p].get("covers", ()))
        if cg.framework is not None:
            # An earlier stage's statement (KS2 in a Year 7 step) is a revisit, never new.
            from coherence.metrics import framework_coverage

            coverage = framework_coverage(cg)
            in_scope = set(coverage.in_scope) if coverage else set()
            stages = {c.code: _key_stage(c.stage) for c in cg.framework.statements}
            first = min((stages[c] for c in in_scope), default=0)
            seen.update(c for c, ks in stages.items() if c not in in_scope and ks < first)
        unit_covers = {u.steps[0]: u.covers for u in cg.units if u.covers}
        findings = []
        steps = zip(
            cg.order,
            cg.column("lessons"),
            cg.column("covers"),
            cg.column("period"),
            cg.degrees()[0],
            strict=True,
        )
        for n, taught, covers, period, n_pred in steps:
            reasons: list[str] = []
            lessons = int(taught or 1)
            if lessons > max_lessons:
                reasons.append(f"it takes {lessons} lessons (more than {max_lessons})")
            covers = covers or ()
            if n in unit_covers:
                covers = [*unit_covers[n], *covers]
            new: list[str] = []
            if covers and not seen.issuperset(covers):
                new = list(dict.fromkeys(c for c in covers if c not in seen))
                seen.update(covers)
            fresh: list[str] = []
            if placed:
                if len(new) > max_new:
                    reasons.append(
                        f"it introduces {len(new)} new statements at once ({', '.join(new)}; "
                        f"more than {max_new})"
                    )
                if n_pred > max_fresh:  # cannot exceed the limit with fewer prerequisites
                    fresh = [
                        p
                        for p in pred[n]
                        if nodes[p].get("kind") == STEP and nodes[p]["period"] == period
                    ]
                if len(fresh) > max_fresh:
                    reasons.append(
                        f"it combines {len(fresh)} prerequisites first taught this "
                        f"{cg.period_name} (more than {max_fresh})"
                    )
            if reasons:
                findings.append(
                    self.finding(
                        (n,),
                        f"'{nodes[n].get('title')}' is too big a step: "
                        + "; ".join(reasons)
                        + ". Split it into smaller steps.",
                        file=cg.file,
                        line=nodes[n].get("line"),
                        data={"reasons": reasons, "lessons": lessons, "new": new, "fresh": fresh},
                    )
                )
        return findings

    def map_marks(self, finding: Finding, g: nx.DiGraph) -> Iterable[MapMark]:
        return [("node", finding.nodes[0], "oversized")]


def _key_stage(stage: str) -> int:
    """The key stage number of a statement's stage (``KS2-Y6`` -> 2); 0 when none is named.

    Examples
    --------
    >>> _key_stage("KS2-Y6"), _key_stage("KS4-F"), _key_stage("other")
    (2, 4, 0)
    """
    return int(stage[2]) if stage[:2] == "KS" and stage[2:3].isdigit() else 0
