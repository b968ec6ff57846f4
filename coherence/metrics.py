"""Coherence metrics: counts, connectedness, coverage, strands, and the
Curricular Analytics measures (blocking, delay, centrality, complexity).

The Curricular Analytics measures follow Heileman et al. (2018) exactly as
curricularanalytics.org computes them (checked against its own values for 339
real courses in the tests). Every requisite kind counts as an edge. Only steps
take part: prior items are knowledge from before the scheme and undefined
references are not taught, so neither lengthens a path nor blocks anything.

Nothing here enumerates paths. Path counts and path-length sums come from one
pass each way over a topological order; reachability counts use Python
integers as bitsets over that order. With cycles, the measures are computed on
the condensation (each strongly connected component as one vertex) and each
member step takes its component's values; :attr:`Metrics.condensed` says so.
"""

from __future__ import annotations

import heapq
import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from coherence.frameworks import statements_in_scope
from coherence.graph import PRIOR, UNDEFINED, CurriculumGraph
from coherence.util import Count, paused_gc, topological_order

if TYPE_CHECKING:
    import networkx as nx

_KEY_STAGES = ((1, 2, "KS1"), (3, 6, "KS2"), (7, 9, "KS3"), (10, 11, "KS4"), (12, 13, "KS5"))


@dataclass(frozen=True)
class StepMetrics:
    """Curricular Analytics measures of one step."""

    blocking: int
    delay: int
    #: Exact; prints briefly when huge (path counts grow exponentially along long chains).
    centrality: Count
    complexity: float


@dataclass(frozen=True)
class StrandMetrics:
    """How one strand (thread) runs through the scheme."""

    strand: str
    steps: int
    lessons: int
    periods_visited: int
    longest_gap: int | None
    first: str | None
    last: str | None


@dataclass(frozen=True)
class Coverage:
    """Framework coverage for the scheme's key stages."""

    in_scope: tuple[str, ...]
    covered: tuple[str, ...]
    uncovered: tuple[str, ...]
    percent: float


@dataclass
class Metrics:
    """Everything :func:`compute_metrics` measures."""

    totals: dict[str, int | float | None]
    steps: dict[str, StepMetrics]
    strands: dict[str, StrandMetrics]
    keystones: list[str]
    coverage: Coverage | None
    condensed: bool
    notes: list[str] = field(default_factory=list)


def _topological(succ: list[list[int]]) -> list[int] | None:
    """Topological order of integer adjacency lists; None when there is a cycle.

    Steps are numbered in teaching order, which is already topological unless
    a prerequisite comes late: then no sort is needed.
    """
    if all(v < w for v, outs in enumerate(succ) for w in outs):
        return list(range(len(succ)))
    return topological_order(dict(enumerate(succ)))


def _weak_components(succ: list[list[int]], pred: list[list[int]]) -> list[int]:
    """The weakly connected component of each vertex, numbered from 0.

    Examples
    --------
    >>> _weak_components([[1], [], [], [2]], [[], [0], [3], []])
    [0, 0, 1, 1]
    """
    comp = [-1] * len(succ)
    label = 0
    for start in range(len(succ)):
        if comp[start] >= 0:
            continue
        comp[start] = label
        stack = [start]
        while stack:
            v = stack.pop()
            for w in (*succ[v], *pred[v]):
                if comp[w] < 0:
                    comp[w] = label
                    stack.append(w)
        label += 1
    return comp


def _reach_positions(
    succ: list[list[int]], pred: list[list[int]], order: list[int]
) -> tuple[list[int], list[int]]:
    """Each vertex's bit in the reachability bitsets, and its weakly connected component.

    Reachability never leaves a weakly connected component, so bits are
    counted within each component, from the end of the topological order: a
    vertex's bitset is then no wider than what follows it in its component
    (numbered over the whole graph, every bitset was as wide as the graph).
    """
    comp = _weak_components(succ, pred)
    taken = [0] * len(succ)
    position = [0] * len(succ)
    for v in reversed(order):
        c = comp[v]
        position[v] = taken[c]
        taken[c] += 1
    return position, comp


def _paths_in(
    pred: list[list[int]], weight: list[int], order: list[int]
) -> tuple[list[int], list[int], list[int]]:
    """Paths from the sources into each vertex: how many, the sum of their vertex
    counts (the vertex included) and the longest (one pass in topological order).

    Examples
    --------
    >>> _paths_in([[], [0], [0, 1]], [1, 1, 1], [0, 1, 2])
    ([1, 1, 2], [1, 2, 5], [1, 2, 3])
    """
    n = len(pred)
    n_in, s_in, long_in = [0] * n, [0] * n, [0] * n
    for v in order:
        w = weight[v]
        ps = pred[v]
        if ps:
            cnt = tot = best = 0
            for u in ps:
                if cnt:
                    cnt += n_in[u]
                    tot += s_in[u]
                else:  # the first one's (big) counts taken as they are, not copied by a sum
                    cnt, tot = n_in[u], s_in[u]
                if long_in[u] > best:
                    best = long_in[u]
            n_in[v], s_in[v], long_in[v] = cnt, tot + _times(w, cnt), best + w
        else:
            n_in[v], s_in[v], long_in[v] = 1, w, w
    return n_in, s_in, long_in


def _times(w: int, n: int) -> int:
    """``w * n`` for a vertex weight ``w``; ``n`` itself (no big copy) for a plain step."""
    return n if w == 1 else w * n


#: The centrality of a step that is not inside any chain (no prerequisite or no dependent).
_NONE = Count(0)


def _dag_measures(
    succ: list[list[int]], weight: list[int], order: list[int]
) -> tuple[list[int], list[int], list[Count]]:
    """Blocking, delay and centrality of every vertex of a DAG.

    A vertex of weight w stands for w vertices on any path (a strongly
    connected component of w steps on the condensation; 1 for a plain step).
    """
    n = len(succ)
    pred: list[list[int]] = [[] for _ in range(n)]
    for v, outs in enumerate(succ):
        for w in outs:
            pred[w].append(v)
    position, comp = _reach_positions(succ, pred, order)
    n_in, s_in, long_in = _paths_in(pred, weight, order)
    n_out, s_out, long_out = [0] * n, [0] * n, [0] * n
    blocking = [0] * n
    centrality = [_NONE] * n
    # The bits of the heavy vertices (condensed cycles) of each component, and their extra weight.
    heavy: dict[int, list[tuple[int, int]]] = {}
    for v in range(n):
        if weight[v] > 1:
            heavy.setdefault(comp[v], []).append((position[v], weight[v] - 1))
    # Reachability as bitsets over the topological order; a vertex's set (and its path
    # counts) is freed once every predecessor has used it, so memory stays near the
    # graph's width.
    reach: dict[int, int] = {}
    waiting = [len(ps) for ps in pred]
    for v in reversed(order):
        w = weight[v]
        outs = succ[v]
        bits = 0
        if outs:
            cnt = tot = best = 0
            for x in outs:
                if bits:
                    cnt += n_out[x]
                    tot += s_out[x]
                    bits |= reach[x]
                else:  # the first one's (big) counts and bits taken as they are
                    cnt, tot, bits = n_out[x], s_out[x], reach[x]
                if long_out[x] > best:
                    best = long_out[x]
                waiting[x] -= 1
                if not waiting[x]:
                    del reach[x]
                    n_out[x] = s_out[x] = 0
            n_out[v], s_out[v], long_out[v] = cnt, tot + _times(w, cnt), best + w
            if pred[v]:
                # Sum over source->sink paths through v of their vertex counts: each path is
                # a prefix ending at v joined to a suffix after v (counts have thousands of
                # digits on long chains: two big multiplications).
                centrality[v] = Count(s_in[v] * cnt + n_in[v] * tot)
        else:
            n_out[v], s_out[v], long_out[v] = 1, w, w
        n_in[v] = s_in[v] = 0  # used only for v's centrality
        total = bits.bit_count()
        if heavy:
            for i, extra in heavy.get(comp[v], ()):
                if bits >> i & 1:
                    total += extra
        blocking[v] = total
        if waiting[v]:
            # Stored with v's own bit, so predecessors need one OR per edge.
            reach[v] = bits | (1 << position[v])
    delay = [long_in[v] + long_out[v] - weight[v] for v in range(n)]
    return blocking, delay, centrality


def ca_metrics(
    g: nx.DiGraph, *, quarter: bool = False, nodes: list[Any] | None = None
) -> dict[Any, StepMetrics]:
    """Curricular Analytics measures of every vertex of a directed graph.

    Parameters
    ----------
    g : networkx.DiGraph
        Edges run from a prerequisite to the course or step that needs it.
    quarter : bool
        Scale complexity by 2/3 (rounded to 1 decimal) as for quarter systems.
    nodes : list, optional
        Measure the subgraph of these vertices only (default: all).

    Returns
    -------
    dict
        ``{vertex: StepMetrics}``. With cycles, values are those of the
        vertex's strongly connected component on the condensation, each
        component counting as many vertices as it has members; a member's
        blocking factor also counts the other members of its component.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph([("A", "C"), ("B", "C"), ("D", "C"), ("C", "E"), ("D", "F")])
    >>> g.add_nodes_from("GH")
    >>> m = ca_metrics(g)
    >>> sum(x.delay for x in m.values()), sum(x.blocking for x in m.values())
    (19, 8)
    >>> sum(x.centrality for x in m.values()), sum(x.complexity for x in m.values())
    (9, 27.0)
    """
    return _measure(g, quarter, nodes)[0]


def _measure(
    g: nx.DiGraph, quarter: bool, nodes: list[Any] | None
) -> tuple[dict[Any, StepMetrics], bool]:
    """:func:`ca_metrics`, and whether cycles forced the condensation."""
    verts = list(g) if nodes is None else list(nodes)
    index = {v: i for i, v in enumerate(verts)}
    adj = g._succ  # plain dict access: views are ~10x slower at 50k steps
    succ = [[index[w] for w in adj[v] if w in index] for v in verts]
    measured, condensed = _measure_indexed(succ, quarter)
    return dict(zip(verts, measured, strict=True)), condensed


def _measure_indexed(
    succ: list[list[int]], quarter: bool, order: list[int] | None = None
) -> tuple[list[StepMetrics], bool]:
    """The measures of vertices ``0..n-1`` given their successors; True when condensed.

    ``order``, when given, is a topological order of the vertices.
    """
    order = order or _topological(succ)
    if order is not None:
        weight = [1] * len(succ)
        member_of = list(range(len(succ)))
        blocking, delay, centrality = _dag_measures(succ, weight, order)
    else:
        comps = _strong_components(succ)
        member_of = [0] * len(succ)
        for c, comp in enumerate(comps):
            for v in comp:
                member_of[v] = c
        csucc_sets: list[set[int]] = [set() for _ in comps]
        for v, outs in enumerate(succ):
            for w in outs:
                if member_of[v] != member_of[w]:
                    csucc_sets[member_of[v]].add(member_of[w])
        csucc = [sorted(x) for x in csucc_sets]
        weight = [len(comp) for comp in comps]
        corder = _topological(csucc)
        assert corder is not None  # a condensation is acyclic
        blocking, delay, centrality = _dag_measures(csucc, weight, corder)
    out: list[StepMetrics] = []
    for c in member_of:
        b = blocking[c] + weight[c] - 1
        d = delay[c]
        raw = float(d + b)
        cx = round(raw * 2 / 3, 1) if quarter else raw
        out.append(StepMetrics(b, d, centrality[c], cx))
    return out, order is None


def _strong_components(succ: list[list[int]]) -> list[set[int]]:
    """Strongly connected components of integer adjacency lists (networkx's)."""
    import networkx as nx

    plain = nx.DiGraph()
    plain.add_nodes_from(range(len(succ)))
    plain.add_edges_from((v, w) for v, outs in enumerate(succ) for w in outs)
    return list(nx.strongly_connected_components(plain))


def scheme_stages(cg: CurriculumGraph) -> set[str]:
    """Key stages the scheme's years fall in, e.g. ``{"KS3"}`` for years 7-9.

    Examples
    --------
    >>> from coherence.model import Scheme
    >>> from coherence.graph import build_graph
    >>> s = Scheme.model_validate({"name": "S", "units": [{"id": "u", "title": "U",
    ...     "year": 8, "term": 1, "steps": [{"id": "a", "title": "A"}]}]})
    >>> scheme_stages(build_graph(s))
    {'KS3'}
    """
    stages: set[str] = set()
    for u in cg.units:
        if u.year is None:
            continue
        for lo, hi, ks in _KEY_STAGES:
            if lo <= u.year <= hi:
                stages.add(ks)
    return stages


def covered_codes(cg: CurriculumGraph) -> set[str]:
    """Every framework code some step or unit of the scheme covers."""
    codes: set[str] = set()
    for covers in cg.column("covers"):
        codes.update(covers or ())
    for u in cg.units:
        codes.update(u.covers)
    return codes


def _covers_any(cg: CurriculumGraph) -> bool:
    """True when some step or unit covers a framework statement (:func:`covered_codes`)."""
    return any(cg.column("covers")) or any(u.covers for u in cg.units)


def framework_coverage(cg: CurriculumGraph) -> Coverage | None:
    """Coverage of the framework statements for the scheme's key stages.

    The statements in scope are those of the scheme's years and tier
    (:func:`coherence.frameworks.statements_in_scope`). A statement is covered
    when a step or a unit lists it in ``covers``.

    Returns
    -------
    Coverage or None
        None when the scheme has no framework.
    """
    fw = cg.framework
    if fw is None:
        return None
    if "coverage" in cg.cache:
        cached: Coverage = cg.cache["coverage"]
        return cached
    scope = statements_in_scope(fw, (u.year for u in cg.units), cg.scheme.tier)
    in_scope = [s.code for s in scope]
    covered = covered_codes(cg)
    cov = [c for c in in_scope if c in covered]
    unc = [c for c in in_scope if c not in covered]
    percent = 100.0 * len(cov) / len(in_scope) if in_scope else 100.0
    coverage = Coverage(tuple(in_scope), tuple(cov), tuple(unc), round(percent, 1))
    cg.cache["coverage"] = coverage
    return coverage


def _strands(cg: CurriculumGraph) -> dict[str, StrandMetrics]:
    attrs = cg.attrs
    # One pass over the units in teaching order (a unit's steps share its strand and
    # period): per strand, its first and last step, lessons and the periods it visits.
    first: dict[str, str] = {}
    last: dict[str, str] = {}
    count: dict[str, int] = defaultdict(int)
    lessons: dict[str, int] = defaultdict(int)
    visits: dict[str, set[int]] = defaultdict(set)
    taught = cg.column("lessons")
    at = 0  # a unit's steps follow one another in the teaching order
    for u in cg.units:
        head = attrs[u.steps[0]]
        strand = head.get("strand") or "(none)"
        first.setdefault(strand, u.steps[0])
        last[strand] = u.steps[-1]
        count[strand] += len(u.steps)
        lessons[strand] += sum([int(x or 1) for x in taught[at : at + len(u.steps)]])
        at += len(u.steps)
        if (p := head.get("period")) is not None:
            visits[strand].add(p)
    out: dict[str, StrandMetrics] = {}
    for strand in sorted(first):
        periods = sorted(visits[strand])
        out[strand] = StrandMetrics(
            strand=strand,
            steps=count[strand],
            lessons=lessons[strand],
            periods_visited=len(periods),
            longest_gap=max((b - a for a, b in itertools.pairwise(periods)), default=None),
            first=cg.period_label(first[strand]) if periods else None,
            last=cg.period_label(last[strand]) if periods else None,
        )
    return out


def compute_metrics(cg: CurriculumGraph, *, keystones: int = 10) -> Metrics:
    """Measure a scheme: totals, per-step Curricular Analytics measures, strands.

    Parameters
    ----------
    cg : CurriculumGraph
        The scheme's graph.
    keystones : int
        How many keystone steps (highest blocking factor) to name.

    Returns
    -------
    Metrics

    Examples
    --------
    >>> from coherence.model import Scheme
    >>> from coherence.graph import build_graph
    >>> s = Scheme.model_validate({"name": "S", "units": [{"id": "u", "title": "U",
    ...     "year": 7, "term": 1, "steps": [{"id": "a", "title": "A"},
    ...     {"id": "b", "title": "B", "requires": ["a"]}]}]})
    >>> m = compute_metrics(build_graph(s))
    >>> m.steps["a"].blocking, m.totals["longest_chain"], m.totals["connectedness"]
    (1, 2, 0.5)
    """
    with paused_gc():
        return _compute(cg, keystones)


def _compute(cg: CurriculumGraph, keystones: int) -> Metrics:
    steps = cg.order
    forward = list(range(len(steps))) if cg.steps_forward() else None
    measured, condensed = _measure_indexed(
        cg.step_successors(), cg.scheme.system == "quarter", forward
    )
    per_step = dict(zip(steps, measured, strict=True))
    notes: list[str] = []
    if condensed:
        notes.append(
            "The scheme has prerequisite cycles: blocking, delay and centrality were computed on "
            "the condensation (each cycle counted as one block of its steps); members of a cycle "
            "share its values."
        )
    coverage = framework_coverage(cg)
    linked = coverage is not None and _covers_any(cg)
    if coverage is not None and not linked:
        notes.append(
            "No step is linked to the framework yet, so coverage cannot be measured: "
            "'coherence link' drafts the links for the department to review."
        )
    with_prereq = lessons = blocking = delay = centrality = longest = 0
    complexity = 0.0
    each = zip(measured, cg.degrees()[0], cg.column("lessons"), strict=True)
    for m, n_pred, taught in each:  # one pass for every total
        if n_pred:
            with_prereq += 1
        lessons += int(taught or 1)
        blocking += m.blocking
        delay += m.delay
        centrality += m.centrality
        complexity += m.complexity
        if m.delay > longest:
            longest = m.delay
    totals: dict[str, int | float | None] = {
        "units": len(cg.units),
        "steps": len(steps),
        "lessons": lessons,
        "edges": cg.number_of_edges(),
        "prior": sum(1 for _ in cg.steps_of_kind(PRIOR)),
        "undefined": sum(1 for _ in cg.steps_of_kind(UNDEFINED)),
        "connectedness": round(with_prereq / len(steps), 4) if steps else 0.0,
        "longest_chain": longest,
        "coverage": coverage.percent if coverage and linked else None,
        "blocking": blocking,
        "delay": delay,
        "centrality": Count(centrality),
        "complexity": round(complexity, 1),
    }
    # The keystones are the few steps that block the most: a heap, not a sort of every
    # step, over the steps blocking at least as much as the last of them.
    top = heapq.nlargest(keystones, [m.blocking for m in measured if m.blocking])
    ranked = heapq.nsmallest(
        keystones,
        (
            (-m.blocking, -m.delay, i, steps[i])
            for i, m in enumerate(measured)
            if top and m.blocking >= top[-1]
        ),
    )
    return Metrics(
        totals=totals,
        steps=per_step,
        strands=_strands(cg),
        keystones=[r[3] for r in ranked],
        coverage=coverage,
        condensed=condensed,
        notes=notes,
    )
