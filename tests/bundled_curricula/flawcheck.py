"""Helpers for the bundled-curricula tests: the flaws a scheme declares, and the ones it has.

A bundled scheme marks each deliberate flaw with a comment ``# flaw: <rule>: ...``
just above the step (or unit) it is about; for ``uncovered-statement`` the comment
names the statement codes instead. :func:`structural_findings` is an independent,
deliberately simple reading of issue 4's rules (default thresholds), so the data can
be checked to be what it claims before, and independently of, the real audit.
"""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx

from coherence.graph import PRIOR, STEP, UNDEFINED, CurriculumGraph

MAX_LESSONS = 3
MAX_NEW_STATEMENTS = 2
MAX_FRESH_PREREQUISITES = 3
STALE_AFTER = 6

_FLAW = re.compile(r"^\s*#\s*flaw:\s*([a-z-]+):(.*)$")
_COMMENT = re.compile(r"^\s*#(.*)$")
_ID = re.compile(r"^\s*-\s+id:\s*(\S+)")
_CODE = re.compile(r"\bKS3-[A-Z]-\d\d\b")

Flaw = tuple[str, str]


def declared_flaws(path: str | Path) -> set[Flaw]:
    """The ``(rule, node)`` pairs a scheme file declares with ``# flaw:`` comments.

    The node is the id on the next ``- id:`` line, or, for ``uncovered-statement``,
    each statement code named in the comment (which may continue on further lines).
    """
    flaws: set[Flaw] = set()
    pending: list[tuple[str, str]] = []  # (rule, comment text so far)
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        m = _FLAW.match(line)
        if m:
            pending.append((m.group(1), m.group(2)))
            continue
        c = _COMMENT.match(line)
        if c and pending:
            rule, text = pending[-1]
            pending[-1] = (rule, text + " " + c.group(1))
            continue
        i = _ID.match(line)
        if i and pending:
            for rule, text in pending:
                if rule == "uncovered-statement":
                    flaws.update((rule, code) for code in _CODE.findall(text))
                else:
                    flaws.add((rule, i.group(1)))
            pending = []
    return flaws


def structural_findings(cg: CurriculumGraph) -> set[Flaw]:
    """What issue 4's rules would flag, as ``(rule, node)`` pairs (a simple reference reading).

    late-prerequisite (outside cycles) and framework-sequence name the step that comes
    too early;
    stale-prerequisite the step whose prerequisite was last met too long ago (a
    prior item counts as met at the scheme's first half-term); cycle the member
    taught first; uncovered-statement the statement code.
    """
    g = cg.g
    order = {n: i for i, n in enumerate(cg.order)}
    period = {n: g.nodes[n]["period"] for n in cg.order}
    start = min(period.values())
    found: set[Flaw] = set()

    for n, kind in g.nodes(data="kind"):
        if kind == UNDEFINED:
            found.update(("missing-prerequisite", s) for s in g.successors(n))
    component: dict[str, int] = {}
    for i, scc in enumerate(nx.strongly_connected_components(g)):
        component.update(dict.fromkeys(scc, i))
        if len(scc) > 1:
            found.add(("cycle", min(scc, key=order.__getitem__)))
    for u, v in g.edges:
        # An edge inside a cycle is the cycle's finding, not a late prerequisite.
        late = g.nodes[u].get("kind") == STEP and order[u] > order[v]
        if late and component[u] != component[v]:
            found.add(("late-prerequisite", v))

    fw = cg.framework
    if fw is not None:
        needs = {s.code: s.requires for s in fw.statements}
        first: dict[str, int] = {}
        for n in cg.order:
            for code in g.nodes[n]["covers"]:
                first.setdefault(code, order[n])
        for n in cg.order:
            for code in g.nodes[n]["covers"]:
                if any(first.get(r, len(order)) >= order[n] for r in needs.get(code, [])):
                    found.add(("framework-sequence", n))
        stages = {f"KS{1 if y <= 2 else 2 if y <= 6 else 3}" for y in _years(cg)}
        for st in fw.statements:
            if st.stage.split("-")[0] in stages and st.code not in first:
                found.add(("uncovered-statement", st.code))

    seen: set[str] = set()
    for n in cg.order:
        attrs = g.nodes[n]
        new = [c for c in attrs["covers"] if c not in seen]
        seen.update(attrs["covers"])
        fresh = [
            p
            for p in g.predecessors(n)
            if g.nodes[p].get("kind") == STEP and period[p] == period[n]
        ]
        if (
            attrs["lessons"] > MAX_LESSONS
            or len(new) > MAX_NEW_STATEMENTS
            or len(fresh) > MAX_FRESH_PREREQUISITES
        ):
            found.add(("oversized-step", n))

    for n in cg.order:
        for p in g.predecessors(n):
            kind = g.nodes[p].get("kind")
            if kind not in (STEP, PRIOR) or (kind == STEP and order[p] > order[n]):
                continue
            met = period[p] if kind == STEP else start
            for d in g.successors(p):
                if order[d] < order[n]:
                    met = max(met, period[d])
            if period[n] - met > STALE_AFTER:
                found.add(("stale-prerequisite", n))

    for n in cg.order:
        if g.in_degree(n) == 0 and g.out_degree(n) == 0:
            found.add(("isolated-step", n))
    return found


def _years(cg: CurriculumGraph) -> set[int]:
    return {u.year for u in cg.units if u.year is not None}
