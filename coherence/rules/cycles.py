"""Cycles: steps that (directly or through others) require themselves."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from coherence.graph import Adjacency, CurriculumGraph
from coherence.rules.base import Finding, MapMark, Rule, RuleDoc, Severity
from coherence.util import topological_order

if TYPE_CHECKING:
    import networkx as nx


def cyclic_components(cg: CurriculumGraph) -> list[set[str]]:
    """Strongly connected components with more than one node, computed once per graph.

    A linear topological pass first: on a DAG (the usual case) no component
    search runs at all. Self-loops are not included (see ``nx.selfloop_edges``).
    """
    if "cyclic_components" not in cg.cache:
        comps: list[set[str]] = []
        if not cg.steps_forward() and topological_order(cg.succ) is None:
            import networkx as nx

            comps = [c for c in nx.strongly_connected_components(cg.g) if len(c) > 1]
        cg.cache["cyclic_components"] = comps
    components: list[set[str]] = cg.cache["cyclic_components"]
    return components


def self_loops(cg: CurriculumGraph) -> list[str]:
    """Steps that require themselves (``nx.selfloop_edges``, as nodes)."""
    if cg.steps_forward():  # then no step requires itself
        return []
    return [n for n, outs in cg.succ.items() if n in outs]


def _shortest_cycle_through(succ: Adjacency, start: str, comp: set[str]) -> list[str]:
    """A shortest cycle through ``start`` inside its strongly connected component.

    One breadth-first search: linear in the component's size, however dense.
    """
    parent: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        u = queue.popleft()
        for v in succ[u]:
            if v == start:
                path = [u]
                while parent[path[-1]] is not None:
                    path.append(parent[path[-1]])  # type: ignore[arg-type]
                return path[::-1]
            if v in comp and v not in parent:
                parent[v] = u
                queue.append(v)
    return [start]  # unreachable for a real component


class Cycle(Rule):
    """Steps that require each other."""

    id = "cycle"
    family = "cycles"
    severity = Severity.ERROR
    summary = "Steps that need each other: none can be taught first."
    doc = RuleDoc(
        what="Flags each group of steps that require each other in a loop (one finding per "
        "strongly connected component, and per step that requires itself), lists its "
        "members, shows one concrete cycle in teaching order, and names the edge whose "
        "removal fits the teaching order best: the prerequisite that points furthest "
        "backwards in time.",
        why='A cycle says "A needs B" and "B needs A": neither can be taught first, so at '
        "least one of the links is wrong. Pupils will meet one of the steps without its "
        "foundations, and every analysis of order is unreliable there.",
        example="""- id: y8-eq-2
  requires: [y8-eq-3]
- id: y8-eq-3
  requires: [y8-eq-2]""",
        use_instead="""Keep the link that follows the teaching order:
- id: y8-eq-2
  requires: [y8-eq-1]
- id: y8-eq-3
  requires: [y8-eq-2]""",
    )

    def check(self, cg: CurriculumGraph, options: Any) -> list[Finding]:
        succ = cg.succ
        order = cg.index

        def pos(n: str) -> int:
            return order.get(n, -1)

        def title(n: str) -> str:
            return str(cg.attrs[n].get("title") or n)

        findings = []
        for only in sorted(set(self_loops(cg)), key=pos):
            findings.append(
                self.finding(
                    (only,),
                    f"'{title(only)}' requires itself. Remove '{only}' from its own requires.",
                    file=cg.file,
                    line=succ[only][only].get("line"),
                    data={"members": [only], "cycle": [only, only], "remove": [only, only]},
                )
            )
        for comp in cyclic_components(cg):
            members = sorted(comp, key=pos)
            loop = _shortest_cycle_through(succ, members[0], comp)
            pairs = list(zip(loop, [*loop[1:], loop[0]], strict=True))
            # The edge u -> v with u taught furthest after v is the one teaching order contradicts.
            remove = max(pairs, key=lambda e: (pos(e[0]) - pos(e[1]), -pos(e[1])))
            shown = " -> ".join([*loop, loop[0]])
            more = f" ({len(members)} steps in all)" if len(members) > len(loop) else ""
            findings.append(
                self.finding(
                    tuple(members),
                    f"Steps require each other in a cycle{more}: {shown}. "
                    f"Remove '{remove[0]}' from the requires of '{remove[1]}' "
                    f"('{title(remove[0])}' is taught after '{title(remove[1])}').",
                    file=cg.file,
                    line=succ[remove[0]][remove[1]].get("line"),
                    data={"members": members, "cycle": loop, "remove": list(remove)},
                )
            )
        return findings

    def map_marks(self, finding: Finding, g: nx.DiGraph) -> Iterable[MapMark]:
        members = set(finding.data.get("members", []))
        marks: list[MapMark] = [
            ("edge", (u, v), "cycle") for u in members for v in g.successors(u) if v in members
        ]
        loop = list(finding.data.get("cycle", []))
        if len(loop) == 2 and loop[0] == loop[1]:
            marks.append(("edge", (loop[0], loop[0]), "cycle"))
        return marks
