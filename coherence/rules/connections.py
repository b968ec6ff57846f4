"""Connections: ideas revisited before they fade, and steps linked to the rest."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coherence.graph import PRIOR, STEP, CurriculumGraph
from coherence.rules.base import Finding, MapMark, Rule, RuleDoc, Severity, option

if TYPE_CHECKING:
    import networkx as nx


class StalePrerequisite(Rule):
    """A prerequisite last met long before the step that needs it."""

    id = "stale-prerequisite"
    family = "connections"
    severity = Severity.INFO
    summary = "Knowledge last met long ago has faded: plan retrieval."
    needs = frozenset({"positions"})
    doc = RuleDoc(
        what="Flags a prerequisite last met more than `stale-after` half-terms before the "
        'step that needs it. "Met" means taught, or used by an earlier step that builds on '
        "it. Prior knowledge counts as met just before the scheme starts.",
        why="Knowledge not used fades. A step that leans on something pupils last met a year "
        "or more ago needs planned retrieval practice first, or the step will be taught to "
        "pupils who no longer have its foundations.",
        example="""prior:
  - id: ks2-nets
...
- id: y9-3d-1          # Y9: first use of KS2 nets, two years on
  requires: [ks2-nets]""",
        use_instead="Plan a retrieval starter on nets before y9-3d-1, or use nets in an "
        "earlier step (e.g. Y8 surface area) so the idea is revisited.",
    )

    @dataclass(frozen=True)
    class Options:
        stale_after: int = option(6, "half-terms after which knowledge not met has faded")

    def check(self, cg: CurriculumGraph, options: Any) -> list[Finding]:
        nodes, steps, index = cg.attrs, cg.order, cg.index
        if not steps:
            return []
        period = cg.column("period")
        start = min(period) - 1
        # Each prior item and step: where it is taught, when it is first met, and the
        # steps that build on it (by teaching position, in teaching order).
        priors = (
            (u, -1, start, sorted(index[v] for v in cg.succ[u] if nodes[v].get("kind") == STEP))
            for u in cg.steps_of_kind(PRIOR)
        )
        taught = zip(
            steps, range(len(steps)), period, map(sorted, cg.step_successors()), strict=True
        )
        findings = []
        for u, at, met, users in itertools.chain(priors, taught):
            met_by = u
            for j in users:
                gap = period[j] - met
                if gap > options.stale_after and j > at:
                    findings.append(self._stale(cg, u, steps[j], gap, met_by))
                if period[j] > met:
                    met, met_by = period[j], steps[j]
        return findings

    def _stale(self, cg: CurriculumGraph, u: str, v: str, gap: int, met_by: str) -> Finding:
        """Step ``v`` builds on ``u``, last met (by ``met_by``) ``gap`` periods before."""
        nodes, name = cg.attrs, cg.period_name
        if met_by == u and nodes[u].get("kind") == PRIOR:
            last = f"before the scheme, as prior knowledge ({gap} {name}s before this step)"
        elif met_by == u:
            last = f"when it was taught in {cg.period_label(u)}, {gap} {name}s earlier"
        else:
            last = (
                f"in {cg.period_label(met_by)} ('{nodes[met_by].get('title')}' builds "
                f"on it), {gap} {name}s earlier"
            )
        return self.finding(
            (v, u),
            f"'{nodes[v].get('title')}' ({cg.period_label(v)}) builds on "
            f"'{nodes[u].get('title')}', which pupils last met {last}. "
            "Plan retrieval practice before this step.",
            file=cg.file,
            line=cg.succ[u][v].get("line"),
            data={"prerequisite": u, "gap": gap, "last_met_by": met_by},
        )

    def map_marks(self, finding: Finding, g: nx.DiGraph) -> Iterable[MapMark]:
        return [("edge", (finding.nodes[1], finding.nodes[0]), "stale")]


class IsolatedStep(Rule):
    """A step with no prerequisites that nothing builds on."""

    id = "isolated-step"
    family = "connections"
    severity = Severity.INFO
    summary = "A step linked to nothing cannot be checked and is easily forgotten."
    doc = RuleDoc(
        what="Flags a step with no prerequisites that nothing builds on.",
        why="Coherence means each step connects to what came before and what comes next. A "
        "step linked to nothing is either a missing link in the scheme's `requires` (so the "
        "audit cannot check it) or a one-off that pupils have no reason to connect to "
        "anything else.",
        example="""- id: y7-ns-2
  title: Fermi estimation problems
  # no requires, and no step requires it""",
        use_instead="""Link it to what it draws on, and let a later step require it:
- id: y7-ns-2
  title: Estimate with rounded values
  requires: [y7-round-2]""",
    )

    def check(self, cg: CurriculumGraph, options: Any) -> list[Finding]:
        ins, outs = cg.degrees()

        def when(n: str) -> str:
            return f" ({cg.period_label(n)})" if cg.placed else ""

        return [
            self.finding(
                (n,),
                f"'{cg.attrs[n].get('title')}'{when(n)} has no prerequisites "
                "and nothing builds on it: link it to the steps it draws on and leads to.",
                file=cg.file,
                line=cg.attrs[n].get("line"),
            )
            for n, before, after in zip(cg.order, ins, outs, strict=True)
            if not before and not after
        ]

    def map_marks(self, finding: Finding, g: nx.DiGraph) -> Iterable[MapMark]:
        return [("node", finding.nodes[0], "isolated")]
