"""Gaps: prerequisites that are missing or late, framework statements out of
order or never covered."""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Mapping
from typing import Any

import networkx as nx

from coherence.graph import PRIOR, STEP, UNDEFINED, CurriculumGraph
from coherence.rules.base import Finding, Severity

#: Edge kinds that may share the term of the step that needs them (Curricular Analytics).
CO_KINDS = frozenset({"corequisite", "strict-corequisite"})


def _title(cg: CurriculumGraph, node: str) -> str:
    return str(cg.attrs[node].get("title") or node)


def missing_prerequisite(cg: CurriculumGraph, options: Mapping[str, Any]) -> list[Finding]:
    """What it does
    Flags a `requires` entry that names an id defined nowhere in the scheme:
    not a step, not a unit, not a prior-knowledge item. Suggests the closest
    existing ids.

    Why is this bad?
    The step assumes something pupils were never taught (or a typo hides
    which step it builds on). Nobody can check that the prerequisite is in
    place, and the audit cannot tell whether it is taught in time.

    Example
        units:
          - id: y8-ratio-and-scale
            ...
          - id: y9-proportion
            requires: [y8-ratio-scale]      # no such id

    Use instead
          - id: y9-proportion
            requires: [y8-ratio-and-scale]  # the unit that teaches it
    or add the knowledge to `prior:` if pupils bring it from Key Stage 2.
    """
    g = cg.g
    undefined = [n for n, k in g.nodes(data="kind") if k == UNDEFINED]
    if not undefined:
        return []
    known = [n for n, k in g.nodes(data="kind") if k in (STEP, PRIOR)]
    known += [u.id for u in cg.units]
    limit = int(options.get("max_suggestions", 3))
    suggester = _Suggester(known)
    findings = []
    for missing in undefined:
        suggest = suggester.closest(missing, limit) if limit else []
        hint = f" Did you mean {', '.join(repr(s) for s in suggest)}?" if suggest else ""
        for step in sorted(g.successors(missing), key=cg.sort_key):
            edge = g.edges[missing, step]
            who = f"'{_title(cg, step)}'"
            if edge.get("via") == "unit":
                unit = cg.unit_by_id.get(str(cg.attrs[step].get("unit")))
                who = f"Unit '{unit.title}'" if unit else who
            findings.append(
                Finding(
                    rule="missing-prerequisite",
                    severity=Severity.ERROR,
                    nodes=(step, missing),
                    message=f"{who} requires '{missing}', which is not a step, "
                    f"unit or prior-knowledge item of this scheme.{hint}",
                    file=cg.file,
                    line=g.edges[missing, step].get("line"),
                    data={"missing": missing, "suggest": suggest},
                )
            )
    return findings


class _Suggester:
    """Closest existing ids to a misspelt one (:func:`difflib.get_close_matches`).

    Up to ``FULL`` ids every id is compared. Beyond that (difflib costs about a
    quarter of a second per lookup among 50,000 ids) the candidates are the
    ids nearest in sorted order and in sorted order of the reversed ids, which
    keeps a typo near the end and one near the start alike.
    """

    FULL = 2000
    WINDOW = 150

    def __init__(self, known: list[str]) -> None:
        self.known = known
        self.forward: list[str] = []
        self.backward: list[str] = []
        if len(known) > self.FULL:
            self.forward = sorted(known)
            self.backward = sorted(k[::-1] for k in known)

    def closest(self, missing: str, limit: int) -> list[str]:
        if not self.forward:
            return difflib.get_close_matches(missing, self.known, n=limit, cutoff=0.6)
        w = self.WINDOW
        i = bisect.bisect(self.forward, missing)
        j = bisect.bisect(self.backward, missing[::-1])
        candidates = set(self.forward[max(0, i - w) : i + w])
        candidates.update(k[::-1] for k in self.backward[max(0, j - w) : j + w])
        return difflib.get_close_matches(missing, sorted(candidates), n=limit, cutoff=0.6)


def _cyclic_edges(cg: CurriculumGraph) -> set[tuple[str, str]]:
    """Edges inside a cycle: reported by the cycle rule, not as late prerequisites."""
    from coherence.rules.cycles import cyclic_components

    g = cg.g
    edges: set[tuple[str, str]] = set(nx.selfloop_edges(g))
    for comp in cyclic_components(cg):
        edges.update((u, v) for u in comp for v in g.successors(u) if v in comp)
    return edges


def late_prerequisite(cg: CurriculumGraph, options: Mapping[str, Any]) -> list[Finding]:
    """What it does
    Flags a prerequisite that is taught after the step that needs it, and
    says how far apart they are (in half-terms) and which move would fix it.
    A co-requisite from a Curricular Analytics file may share the term.

    Why is this bad?
    Pupils meet the step before the knowledge it builds on. Teachers either
    reteach the prerequisite on the spot (an unplanned detour) or pupils learn
    the step as a procedure without the understanding underneath it.

    Example
        - id: y9-pythagoras          # Y9 autumn-1
          steps:
            - id: y9-py-2
              title: Find the hypotenuse
              requires: [y9-roots-1]   # square roots, taught in Y9 autumn-2

    Use instead
    Teach square roots first (move the unit before Pythagoras), or move
    Pythagoras after the roots unit.
    """
    g = cg.g
    nodes = cg.attrs
    in_cycle = _cyclic_edges(cg)
    period_name = cg.period_name
    findings = []
    for u, outs in g._succ.items():
        au = nodes[u]
        if au.get("kind") != STEP:
            continue
        for v, edge in outs.items():
            av = nodes[v]
            kind = edge.get("kind")
            if kind in CO_KINDS:
                if au["period"] <= av["period"]:
                    continue
            elif au["order"] <= av["order"]:
                continue
            if (u, v) in in_cycle:
                continue
            findings.append(_late(cg, u, v, kind, period_name))
    return findings


def _late(cg: CurriculumGraph, u: str, v: str, kind: str | None, period_name: str) -> Finding:
    """The finding for prerequisite ``u`` taught after ``v`` needs it."""
    nodes = cg.attrs
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
    return Finding(
        rule="late-prerequisite",
        severity=Severity.ERROR,
        nodes=(v, u),
        message=f"'{_title(cg, v)}' ({cg.period_label(v)}) builds on "
        f"'{_title(cg, u)}', which is taught {when}. {move}",
        file=cg.file,
        line=cg.g._succ[u][v].get("line"),
        data={"prerequisite": u, "gap": gap, "kind": kind},
    )


def first_covered(cg: CurriculumGraph) -> dict[str, tuple[int, str]]:
    """For each statement code: (teaching index, node) of where it is first covered.

    Prior items count as covered before the scheme (index -1); a unit's own
    ``covers`` count at its first step.
    """
    first: dict[str, tuple[int, str]] = {}
    for n, attrs in cg.attrs.items():
        if attrs.get("kind") == PRIOR:
            for code in attrs.get("covers", ()):
                first.setdefault(code, (-1, n))
    for u in cg.units:
        head = u.steps[0]
        idx = cg.attrs[head]["order"]
        for code in u.covers:
            if code not in first or first[code][0] > idx:
                first[code] = (idx, head)
    for n in cg.order:
        attrs = cg.attrs[n]
        idx = attrs["order"]
        for code in attrs.get("covers", ()):
            if code not in first or first[code][0] > idx:
                first[code] = (idx, n)
    return first


def framework_sequence(cg: CurriculumGraph, options: Mapping[str, Any]) -> list[Finding]:
    """What it does
    With a framework, flags a step that covers a statement S before anything
    in the scheme covers a statement that S builds on in the framework's
    expert prerequisite graph. (A statement the scheme never covers is left
    to `uncovered-statement`.)

    Why is this bad?
    The framework's experts say S cannot sensibly be taught before its
    prerequisite statements. Teaching it first means pupils meet an idea
    without the ideas it is built from.

    Example
        # framework: KS3-A-10 (nth term) requires KS3-A-01 (algebraic notation)
        - id: y7-seq-4      # Y7 autumn-1
          covers: [KS3-A-10]
        - id: y7-alg-1      # Y7 spring-1
          covers: [KS3-A-01]

    Use instead
    Teach algebraic notation before the nth term: move the sequences unit
    after the algebra unit, or keep early sequences to term-to-term rules.
    """
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
            Finding(
                rule="framework-sequence",
                severity=Severity.WARNING,
                nodes=(node, *(first[r][1] for r in later)),
                message=f"'{_title(cg, node)}' ({cg.period_label(node)}) covers {code} "
                f"({st.title}) before the statements it builds on in the framework: "
                + "; ".join(parts)
                + ".",
                file=cg.file,
                line=cg.attrs[node].get("line"),
                data={"statement": code, "requires": later},
            )
        )
    return findings


def uncovered_statement(cg: CurriculumGraph, options: Mapping[str, Any]) -> list[Finding]:
    """What it does
    With a framework, flags each statement for the scheme's key stage(s) that
    no step or unit covers. The coverage percentage is in the metrics.

    Why is this bad?
    Pupils are entitled to the whole programme of study. A statement no step
    covers is a gap pupils carry into the next key stage, and later steps
    that build on it stand on nothing.

    Example
        # england-ks3 has KS3-P-03 (Venn diagrams); no step lists it in covers.

    Use instead
        - id: y8-prob-3
          title: Enumerate outcomes with Venn diagrams
          covers: [KS3-P-03]
    """
    from coherence.metrics import framework_coverage

    cov = framework_coverage(cg)
    fw = cg.framework
    if cov is None or fw is None:
        return []
    stmts = fw.by_code()
    source = fw._source_file
    findings = []
    for code in cov.uncovered:
        st = stmts[code]
        findings.append(
            Finding(
                rule="uncovered-statement",
                severity=Severity.WARNING,
                nodes=(code,),
                message=f"{code} ({st.title}; {st.strand}) is in the framework for this key "
                "stage but no step or unit covers it.",
                file=st.file or source,
                line=st.line,
                data={"statement": code, "strand": st.strand},
            )
        )
    return findings
