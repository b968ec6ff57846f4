"""Gaps: prerequisites that are missing or late, framework statements out of
order or never covered."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coherence.graph import PRIOR, STEP, UNDEFINED, CurriculumGraph
from coherence.rules.base import Finding, MapMark, Rule, RuleDoc, Severity, option

if TYPE_CHECKING:
    import networkx as nx

#: Edge kinds that may share the term of the step that needs them (Curricular Analytics).
CO_KINDS = frozenset({"corequisite", "strict-corequisite"})


def _title(cg: CurriculumGraph, node: str) -> str:
    return str(cg.attrs[node].get("title") or node)


class MissingPrerequisite(Rule):
    """``requires`` names an id defined nowhere (suggests close ids taught earlier)."""

    id = "missing-prerequisite"
    family = "gaps"
    severity = Severity.ERROR
    summary = "Pupils are assumed to know something the scheme never teaches."
    doc = RuleDoc(
        what="Flags a `requires` entry that names an id defined nowhere in the scheme: "
        "not a step, not a unit, not a prior-knowledge item. Suggests the closest ids "
        "among what is taught before the step that needs it.",
        why="The step assumes something pupils were never taught (or a typo hides which "
        "step it builds on). Nobody can check that the prerequisite is in place, and the "
        "audit cannot tell whether it is taught in time.",
        example="""units:
  - id: y8-ratio-and-scale
    ...
  - id: y9-proportion
    requires: [y8-ratio-scale]      # no such id""",
        use_instead="Name the unit that teaches it, or add the knowledge to `prior:` if "
        "pupils bring it from Key Stage 2:\n"
        """  - id: y9-proportion
    requires: [y8-ratio-and-scale]""",
    )

    @dataclass(frozen=True)
    class Options:
        max_suggestions: int = option(3, "how many close ids to suggest (0: none)")

    def check(self, cg: CurriculumGraph, options: Any) -> list[Finding]:
        undefined = list(cg.steps_of_kind(UNDEFINED))
        if not undefined:
            return []
        suggest = _Suggester(cg, options.max_suggestions)
        findings = []
        for missing in undefined:
            for step in cg.dependents(missing):
                edge = cg.succ[missing][step]
                who = f"'{_title(cg, step)}'"
                if edge.get("via") == "unit":
                    unit = cg.unit_by_id.get(str(cg.attrs[step].get("unit")))
                    who = f"Unit '{unit.title}'" if unit else who
                close = suggest.before(missing, step)
                hint = f" Did you mean {', '.join(repr(s) for s in close)}?" if close else ""
                findings.append(
                    self.finding(
                        (step, missing),
                        f"{who} requires '{missing}', which is not a step, "
                        f"unit or prior-knowledge item of this scheme.{hint}",
                        file=cg.file,
                        line=edge.get("line"),
                        data={"missing": missing, "suggest": close},
                    )
                )
        return findings


class _Suggester:
    """Close ids to a misspelt one, among what is taught before a given step.

    Scores are rapidfuzz's normalised similarity ratio (the measure of
    :func:`difflib.get_close_matches`, in C++: difflib took 66 s over the 377
    dangling references of a real six-year scheme); at least 60 of 100.
    """

    CUTOFF = 60.0

    def __init__(self, cg: CurriculumGraph, limit: int) -> None:
        self.cg = cg
        self.limit = limit
        # Where each id is taught: prior items before everything, a unit at its last step.
        self.when: dict[str, int] = {}
        for n, a in cg.attrs.items():
            if a.get("kind") == PRIOR:
                self.when[n] = -1
            elif a.get("kind") == STEP:
                self.when[n] = a["order"]
        for u in cg.units:
            self.when.setdefault(u.id, cg.attrs[u.steps[-1]]["order"])
        self.names = list(self.when)
        self._scored: dict[str, list[str]] = {}

    def before(self, missing: str, step: str) -> list[str]:
        if self.limit <= 0:
            return []
        if missing not in self._scored:
            from rapidfuzz import fuzz, process

            hits = process.extract(
                missing, self.names, scorer=fuzz.ratio, score_cutoff=self.CUTOFF, limit=None
            )
            hits.sort(key=lambda h: (-h[1], h[0]))
            self._scored[missing] = [h[0] for h in hits]
        attrs = self.cg.attrs.get(step, {})
        at = attrs.get("order") if attrs.get("kind") == STEP else None
        return [n for n in self._scored[missing] if at is None or self.when[n] < at][: self.limit]


def _cyclic_edges(cg: CurriculumGraph) -> set[tuple[str, str]]:
    """Edges inside a cycle: reported by the cycle rule, not as late prerequisites."""
    from coherence.rules.cycles import cyclic_components, self_loops

    succ = cg.succ
    edges: set[tuple[str, str]] = {(n, n) for n in self_loops(cg)}
    for comp in cyclic_components(cg):
        edges.update((u, v) for u in comp for v in succ[u] if v in comp)
    return edges


class LatePrerequisite(Rule):
    """A prerequisite taught after the step that needs it."""

    id = "late-prerequisite"
    family = "gaps"
    severity = Severity.ERROR
    summary = "Pupils meet the step before the knowledge it builds on."
    needs = frozenset({"positions"})
    doc = RuleDoc(
        what="Flags a prerequisite that is taught after the step that needs it, and says how "
        "far apart they are (in half-terms) and which move would fix it. A co-requisite from "
        "a Curricular Analytics file may share the term.",
        why="Pupils meet the step before the knowledge it builds on. Teachers either reteach "
        "the prerequisite on the spot (an unplanned detour) or pupils learn the step as a "
        "procedure without the understanding underneath it.",
        example="""- id: y9-pythagoras          # Y9 autumn-1
  steps:
    - id: y9-py-2
      title: Find the hypotenuse
      requires: [y9-roots-1]   # square roots, taught in Y9 autumn-2""",
        use_instead="Teach square roots first (move the unit before Pythagoras), or move "
        "Pythagoras after the roots unit.",
    )

    def check(self, cg: CurriculumGraph, options: Any) -> list[Finding]:
        nodes, succ, order = cg.attrs, cg.succ, cg.order
        in_cycle = _cyclic_edges(cg)
        findings = []
        # Periods follow the teaching order, so only a link running backwards can be late.
        for i, outs in enumerate(cg.step_successors()):
            u = order[i]
            au = nodes[u]
            for j in outs:
                if j >= i:
                    continue
                v = order[j]
                av = nodes[v]
                edge = succ[u][v]
                kind = edge.get("kind")
                if kind in CO_KINDS:
                    if au["period"] <= av["period"]:
                        continue
                elif au["order"] <= av["order"]:
                    continue
                if (u, v) in in_cycle:
                    continue
                findings.append(self._late(cg, u, v, kind))
        return findings

    def map_marks(self, finding: Finding, g: nx.DiGraph) -> Iterable[MapMark]:
        return [("edge", (finding.nodes[1], finding.nodes[0]), "late")]

    def _late(self, cg: CurriculumGraph, u: str, v: str, kind: str | None) -> Finding:
        """The finding for prerequisite ``u`` taught after ``v`` needs it."""
        nodes = cg.attrs
        period_name = cg.period_name
        gap = nodes[u]["period"] - nodes[v]["period"]
        if gap == 0:
            when = f"later in the same {period_name} ({cg.period_label(v)})"
            move = f"Teach '{_title(cg, u)}' before '{_title(cg, v)}' within the {period_name}."
        else:
            plural = "s" if gap != 1 else ""
            when = f"{gap} {period_name}{plural} later ({cg.period_label(u)})"
            move = (
                f"Move '{_title(cg, u)}' to {cg.period_label(v)} or earlier, "
                f"or move '{_title(cg, v)}' to {cg.period_label(u)} or later."
            )
        return self.finding(
            (v, u),
            f"'{_title(cg, v)}' ({cg.period_label(v)}) builds on "
            f"'{_title(cg, u)}', which is taught {when}. {move}",
            file=cg.file,
            line=cg.succ[u][v].get("line"),
            data={"prerequisite": u, "gap": gap, "kind": kind},
        )


def first_covered(cg: CurriculumGraph) -> dict[str, tuple[int, str]]:
    """For each statement code: (teaching index, node) of where it is first covered.

    Prior items count as covered before the scheme (index -1); a unit's own
    ``covers`` count at its first step.
    """
    first: dict[str, tuple[int, str]] = {}
    for n in cg.steps_of_kind(PRIOR):
        for code in cg.attrs[n].get("covers", ()):
            first.setdefault(code, (-1, n))
    for u in cg.units:
        head = u.steps[0]
        idx = cg.attrs[head]["order"]
        for code in u.covers:
            if code not in first or first[code][0] > idx:
                first[code] = (idx, head)
    for idx, (n, covers) in enumerate(zip(cg.order, cg.column("covers"), strict=True)):
        for code in covers or ():
            if code not in first or first[code][0] > idx:
                first[code] = (idx, n)
    return first


class FrameworkSequence(Rule):
    """A statement taught before a statement it builds on in the framework."""

    id = "framework-sequence"
    family = "gaps"
    severity = Severity.WARNING
    summary = "The framework's experts say this statement comes too soon."
    needs = frozenset({"positions", "framework", "covers"})
    doc = RuleDoc(
        what="With a framework, flags a step that covers a statement S before anything in "
        "the scheme covers a statement that S builds on in the framework's expert "
        "prerequisite graph. (A statement the scheme never covers is left to "
        "`uncovered-statement`.)",
        why="The framework's experts say a statement cannot sensibly be taught before its "
        "prerequisite statements. Teaching it first means pupils meet an idea without the "
        "ideas it is built from.",
        example="""# framework: KS3-A-10 (nth term) requires KS3-A-01 (algebraic notation)
- id: y7-seq-4      # Y7 autumn-1
  covers: [KS3-A-10]
- id: y7-alg-1      # Y7 spring-1
  covers: [KS3-A-01]""",
        use_instead="Teach algebraic notation before the nth term: move the sequences unit "
        "after the algebra unit, or keep early sequences to term-to-term rules.",
    )

    def check(self, cg: CurriculumGraph, options: Any) -> list[Finding]:
        fw = cg.framework
        assert fw is not None
        stmts = fw.by_code()
        first = first_covered(cg)
        findings = []
        for code, (idx, node) in first.items():
            st = stmts.get(code)
            if st is None or idx < 0:
                continue
            later = [r for r in st.requires if r in first and first[r][0] > idx]
            if not later:
                continue
            parts = []
            for r in later:
                rnode = first[r][1]
                title = stmts[r].title if r in stmts else r
                if cg.attrs[rnode]["period"] == cg.attrs[node]["period"]:
                    at = f"later in the same {cg.period_name} ({cg.period_label(rnode)})"
                else:
                    at = f"in {cg.period_label(rnode)}"
                parts.append(f"{r} ({title}), first covered by '{_title(cg, rnode)}' {at}")
            findings.append(
                self.finding(
                    (node, *(first[r][1] for r in later)),
                    f"'{_title(cg, node)}' ({cg.period_label(node)}) covers {code} "
                    f"({st.title}) before the statements it builds on in the framework: "
                    + "; ".join(parts)
                    + ".",
                    file=cg.file,
                    line=cg.attrs[node].get("line"),
                    data={"statement": code, "requires": later},
                )
            )
        return findings


class UncoveredStatement(Rule):
    """A framework statement for the scheme's years that no step covers."""

    id = "uncovered-statement"
    family = "gaps"
    severity = Severity.WARNING
    summary = "Pupils are entitled to this statement and no step teaches it."
    needs = frozenset({"framework", "covers"})
    doc = RuleDoc(
        what="With a framework, flags each statement for the scheme's key stage(s) that no "
        "step or unit covers. The coverage percentage is in the metrics. A scheme with no "
        "link to the framework at all is not flagged statement by statement: the audit says "
        "once that coverage cannot be measured yet.",
        why="Pupils are entitled to the whole programme of study. A statement no step covers "
        "is a gap pupils carry into the next key stage, and later steps that build on it "
        "stand on nothing.",
        example="# england-ks3 has KS3-P-03 (Venn diagrams); no step lists it in covers.",
        use_instead="""Cover it in the step that teaches it:
- id: y8-prob-3
  title: Enumerate outcomes with Venn diagrams
  covers: [KS3-P-03]""",
    )

    def check(self, cg: CurriculumGraph, options: Any) -> list[Finding]:
        from coherence.metrics import framework_coverage

        cov = framework_coverage(cg)
        fw = cg.framework
        if cov is None or fw is None:
            return []
        stmts = fw.by_code()
        return [
            self.finding(
                (code,),
                f"{code} ({stmts[code].title}; {stmts[code].strand}) is in the framework for "
                "this key stage but no step or unit covers it.",
                file=stmts[code].file or fw._source_file,
                line=stmts[code].line,
                data={"statement": code, "strand": stmts[code].strand},
            )
            for code in cov.uncovered
        ]


class UnknownStatement(Rule):
    """``covers`` names a code the framework does not have."""

    id = "unknown-statement"
    family = "gaps"
    severity = Severity.ERROR
    summary = "A link to a framework statement that does not exist says nothing about coverage."
    needs = frozenset({"framework"})
    doc = RuleDoc(
        what="With a framework, flags a `covers` code on a step or unit that is not a "
        "statement of the framework, and suggests the closest codes. (Prior-knowledge items "
        "may cite an earlier stage's codes, such as the KS2 ready-to-progress criteria.)",
        why="Coverage, sequencing and the comparison of schools all rest on these links. A "
        "mistyped code silently counts for nothing: the statement it meant looks untaught "
        "and the step looks unlinked.",
        example="""- id: y7-fdp-2
  covers: [KS3-N-99]     # england-ks3 has no KS3-N-99""",
        use_instead="""Use the framework's code (`coherence frameworks england-ks3` lists them):
- id: y7-fdp-2
  covers: [KS3-N-09]""",
    )

    @dataclass(frozen=True)
    class Options:
        max_suggestions: int = option(3, "how many close codes to suggest (0: none)")

    def check(self, cg: CurriculumGraph, options: Any) -> list[Finding]:
        fw = cg.framework
        assert fw is not None
        codes = fw.by_code()
        where: list[tuple[str, str, str, int | None]] = []  # node, title, code, line
        for n, covers in zip(cg.order, cg.column("covers"), strict=True):
            where += [
                (n, _title(cg, n), c, cg.attrs[n].get("line"))
                for c in covers or ()
                if c not in codes
            ]
        for u in cg.units:
            where += [
                (u.steps[0], f"Unit '{u.title}'", c, u.line) for c in u.covers if c not in codes
            ]
        if not where:
            return []
        import difflib

        findings = []
        for node, title, code, line in where:
            close = difflib.get_close_matches(code, list(codes), n=options.max_suggestions)
            hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
            who = title if title.startswith("Unit '") else f"'{title}'"
            findings.append(
                self.finding(
                    (node, code),
                    f"{who} covers {code}, which is not a statement of {fw.id or fw.name}.{hint}",
                    file=cg.file,
                    line=line,
                    data={"statement": code, "suggest": close},
                )
            )
        return findings
