"""The prerequisite graph of a scheme and its teaching order. No analysis here.

Nodes are steps, prior items and referenced-but-undefined ids; an edge runs
from a prerequisite to the step that needs it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from coherence.model import PERIODS_PER_YEAR, Framework, Scheme, Unit, parse_term, period_label
from coherence.util import paused_gc

if TYPE_CHECKING:
    import networkx as nx

#: Adjacency as networkx keeps it: node -> {neighbour: edge attributes}.
Adjacency = dict[str, dict[str, dict[str, Any]]]

STEP = "step"
PRIOR = "prior"
UNDEFINED = "undefined"


@dataclass(frozen=True)
class UnitInfo:
    """A unit as placed in the teaching order."""

    id: str
    title: str
    year: int | None
    term: int | None
    strand: str | None
    steps: tuple[str, ...]
    line: int | None
    covers: tuple[str, ...] = ()
    #: Of ``covers``, the codes drafted by ``coherence link`` (not yet reviewed).
    inferred_covers: tuple[str, ...] = ()


@dataclass(eq=False)
class CurriculumGraph:
    """A scheme of learning as a prerequisite graph.

    The graph is kept as plain dicts (``attrs``, ``succ``, ``pred``), which is
    all the audit needs; :attr:`g` shares them as a ``networkx.DiGraph``, made
    on first use, so an audit never imports networkx.

    Attributes
    ----------
    g : networkx.DiGraph
        Node attributes: ``kind`` (``step``/``prior``/``undefined``), ``title``,
        ``unit``, ``strand``, ``covers`` (tuple), ``lessons``, ``year``, ``term``
        (period within the year), ``period`` (global period index, or None when
        unplaced), ``order`` (index in the teaching order), ``file``, ``line``.
        Edge attributes: ``kind`` (``prerequisite``/``corequisite``/
        ``strict-corequisite``), ``via`` (``step`` or ``unit`` requires),
        ``ref`` (the id as written) and ``line`` (where it was written);
        ``inferred`` (True) on a link drafted by ``coherence link`` and not yet
        reviewed. A step's node has ``inferred_covers`` (tuple) when some of its
        ``covers`` are drafted ones.
    scheme : Scheme
        The scheme it was built from.
    framework : Framework or None
        The framework in force, if any.
    order : list of str
        Step ids in teaching order.
    units : list of UnitInfo
        Units in teaching order.
    placed : bool
        True when every unit has a year and a term.
    attrs : dict
        Node attributes by node id (``g.nodes`` as a plain dict, read only).
    succ, pred : dict
        ``{node: {successor or predecessor: edge attributes}}`` (``g.succ``,
        ``g.pred`` as plain dicts, read only).
    """

    attrs: dict[str, dict[str, Any]]
    succ: Adjacency
    pred: Adjacency
    scheme: Scheme
    framework: Framework | None
    order: list[str]
    units: list[UnitInfo]
    placed: bool
    periods_per_year: int
    unit_by_id: dict[str, UnitInfo] = field(default_factory=dict)
    #: Derived structure computed once and shared (e.g. cycles, by the rules).
    cache: dict[str, Any] = field(default_factory=dict, repr=False)
    _nx: nx.DiGraph | None = field(default=None, init=False, repr=False)

    @property
    def g(self) -> nx.DiGraph:
        """The graph as a ``networkx.DiGraph`` sharing :attr:`attrs`, :attr:`succ`, :attr:`pred`."""
        if self._nx is None:
            import networkx as nx

            self._nx = nx.DiGraph()
            self._nx._node, self._nx._adj, self._nx._pred = self.attrs, self.succ, self.pred
        return self._nx

    def release(self) -> None:
        """Empty the graph, so its memory is freed now rather than by the cyclic collector.

        networkx caches views that point back to their graph; a summarised graph
        is dropped at once when many schemes are loaded (``coherence compare``).
        """
        if self._nx is not None:
            self._nx.clear()
        for part in (self.attrs, self.succ, self.pred, self.cache):
            part.clear()

    @property
    def index(self) -> dict[str, int]:
        """Each step's position in the teaching order (:attr:`order`)."""
        if "index" not in self.cache:
            self.cache["index"] = {n: i for i, n in enumerate(self.order)}
        index: dict[str, int] = self.cache["index"]
        return index

    def step_successors(self) -> list[list[int]]:
        """Between steps only: the successors of each step, by teaching position.

        Examples
        --------
        >>> from coherence.model import Scheme
        >>> s = Scheme.model_validate({"name": "S", "units": [{"id": "u", "title": "U",
        ...     "steps": [{"id": "a", "title": "A"}, {"id": "b", "title": "B",
        ...     "requires": ["a", "ks2"]}]}], "prior": [{"id": "ks2", "title": "KS2"}]})
        >>> build_graph(s).step_successors()
        [[1], []]
        """
        if "step_successors" not in self.cache:
            index, succ = self.index, self.succ
            self.cache["step_successors"] = [
                [index[w] for w in succ[v] if w in index] for v in self.order
            ]
        out: list[list[int]] = self.cache["step_successors"]
        return out

    def steps_forward(self) -> bool:
        """True when every link between steps runs forward in the teaching order.

        The teaching order is then a topological order and the graph has no
        cycle (only steps have prerequisites, so only steps can form one).
        """
        if "steps_forward" not in self.cache:
            self.cache["steps_forward"] = len(self.index) == len(self.order) and all(
                v < w for v, outs in enumerate(self.step_successors()) for w in outs
            )
        forward: bool = self.cache["steps_forward"]
        return forward

    @property
    def file(self) -> str | None:
        """The scheme's source file."""
        return self.scheme.source

    def steps(self) -> list[str]:
        """Step ids in teaching order."""
        return self.order

    def prerequisites(self, node: str) -> list[str]:
        """Direct prerequisites of ``node``, in teaching order where known."""
        # (networkx's error for a node not in the graph)
        preds = self.pred[node] if node in self.pred else self.g.predecessors(node)
        return sorted(preds, key=self.sort_key)

    def dependents(self, node: str) -> list[str]:
        """Steps that directly build on ``node``, in teaching order."""
        succs = self.succ[node] if node in self.succ else self.g.successors(node)
        return sorted(succs, key=self.sort_key)

    def sort_key(self, node: str) -> tuple[int, int, str]:
        """Key sorting nodes by teaching order (prior items first, undefined last)."""
        attrs = self.attrs[node]
        kind = attrs.get("kind")
        if kind == PRIOR:
            return (0, attrs.get("order", 0), node)
        if kind == STEP:
            return (1, attrs["order"], node)
        return (2, 0, node)

    def period(self, node: str) -> int | None:
        """Global period index of a step (0 = first period of year 0), or None."""
        p = self.attrs[node].get("period")
        return p if isinstance(p, int) else None

    def periods_between(self, earlier: str, later: str) -> int | None:
        """Periods (half-terms in schools) from ``earlier`` to ``later``; None if unplaced."""
        a, b = self.period(earlier), self.period(later)
        return None if a is None or b is None else b - a

    @property
    def period_name(self) -> str:
        """What one period is called: ``half-term`` or ``term``."""
        return "half-term" if self.periods_per_year == 6 else "term"

    def period_label(self, node: str) -> str:
        """Human label of where a node is taught, e.g. ``Y7 Autumn 1``."""
        attrs = self.attrs[node]
        kind = attrs.get("kind")
        if kind == PRIOR:
            return "prior knowledge"
        if kind != STEP:
            return "not in the scheme"
        return self.label_for(attrs.get("year"), attrs.get("term"))

    def label_for(self, year: int | None, term: int | None) -> str:
        """Label a (year, term) pair in this scheme's calendar."""
        if year is None or term is None:
            return "unplaced"
        return period_label(year, term, self.periods_per_year)

    def steps_of_kind(self, kind: str) -> Iterator[str]:
        """Nodes of one kind (``step``, ``prior`` or ``undefined``), as :attr:`attrs` lists them."""
        ids: list[str] | None = self.cache.get(f"kind:{kind}")  # gathered by build_graph
        if ids is not None:
            return iter(ids)
        return (n for n, a in self.attrs.items() if a.get("kind") == kind)

    def column(self, key: str) -> list[Any]:
        """``attrs[step].get(key)`` for every step in teaching order (:attr:`order`).

        ``period``, ``lessons`` and ``covers`` are gathered as the graph is
        built; another key is read once, then kept.

        Examples
        --------
        >>> from coherence.model import Scheme
        >>> s = Scheme.model_validate({"name": "S", "units": [{"id": "u", "title": "U",
        ...     "steps": [{"id": "a", "title": "A", "lessons": 2}, {"id": "b", "title": "B"}]}]})
        >>> cg = build_graph(s)
        >>> cg.column("lessons"), cg.column("title")
        ([2, 1], ['A', 'B'])
        """
        if f"column:{key}" not in self.cache:
            attrs = self.attrs
            self.cache[f"column:{key}"] = [attrs[n].get(key) for n in self.order]
        values: list[Any] = self.cache[f"column:{key}"]
        return values

    def number_of_edges(self) -> int:
        """How many links the graph has (``g.number_of_edges()``), counted as it was built."""
        if "edges" not in self.cache:
            self.cache["edges"] = sum(map(len, self.succ.values()))
        edges: int = self.cache["edges"]
        return edges

    def degrees(self) -> tuple[list[int], list[int]]:
        """Each step's number of prerequisites and of dependents, in teaching order."""
        if "degrees" not in self.cache:
            pred, succ = self.pred, self.succ
            self.cache["degrees"] = (
                [len(pred[n]) for n in self.order],
                [len(succ[n]) for n in self.order],
            )
        degrees: tuple[list[int], list[int]] = self.cache["degrees"]
        return degrees


def _unit_period(scheme: Scheme, year: int | None, term: int | str | None) -> int | None:
    if term is None or year is None:
        return None
    if scheme.system == "half-terms":
        return parse_term(term)
    return int(term)


def build_graph(
    scheme: Scheme, framework: Framework | None = None, *, inferred: bool = True
) -> CurriculumGraph:
    """Build the prerequisite graph and teaching order of a scheme.

    Teaching position of a step is (year, period, unit order in that period,
    step order in the unit). A unit's ``requires`` apply to its first step; a
    reference to a unit means its last step.

    Parameters
    ----------
    scheme : Scheme
        A validated scheme.
    framework : Framework, optional
        The framework to audit against.
    inferred : bool
        Include the drafted links (``inferred_requires``/``inferred_covers``),
        marked ``inferred``; False keeps only the department's own.

    Returns
    -------
    CurriculumGraph

    Examples
    --------
    >>> from coherence.model import Scheme
    >>> s = Scheme.model_validate({"name": "S", "units": [{"id": "u", "title": "U",
    ...     "year": 7, "term": 1, "steps": [{"id": "a", "title": "A"},
    ...     {"id": "b", "title": "B", "requires": ["a"]}]}]})
    >>> cg = build_graph(s)
    >>> cg.order, list(cg.g.edges)
    (['a', 'b'], [('a', 'b')])
    """
    with paused_gc():
        return _build(scheme, framework, inferred)


def _with_inferred(declared: list[str], drafted: list[Any], use: bool) -> tuple[str, ...]:
    if not use or not drafted:
        return tuple(declared)
    return tuple(dict.fromkeys([*declared, *(x.target for x in drafted)]))


@dataclass
class _Nodes:
    """The nodes of a scheme as the graph keeps them, with what the audit reads of every step.

    Node ids by kind and the columns are gathered while the attribute dicts are
    at hand: reading 100,000 attribute dicts again costs more than this.
    """

    attrs: dict[str, dict[str, Any]] = field(default_factory=dict)
    kinds: dict[str, list[str]] = field(
        default_factory=lambda: {PRIOR: [], STEP: [], UNDEFINED: []}
    )
    order: list[str] = field(default_factory=list)
    units: list[UnitInfo] = field(default_factory=list)
    #: Where a reference to a unit leads: its last step.
    last_step: dict[str, str] = field(default_factory=dict)
    columns: dict[str, list[Any]] = field(
        default_factory=lambda: {"period": [], "lessons": [], "covers": []}
    )
    #: Covers drafted by ``coherence link`` among the steps' and units' covers.
    drafted: int = 0


@dataclass
class _Links:
    """The links of a scheme as the graph keeps them, with what the audit reads of them."""

    succ: Adjacency
    pred: Adjacency
    undefined: dict[str, int | None]
    #: Each step's teaching position.
    position: dict[str, int]
    #: The links between steps, by teaching position, and each step's prerequisites.
    after: list[list[int]]
    n_pred: list[int]
    edges: int = 0
    #: Links drafted by ``coherence link`` among them.
    drafted: int = 0


def _build(scheme: Scheme, framework: Framework | None, inferred: bool = True) -> CurriculumGraph:
    # Built as networkx keeps a graph, without its add_* calls, which copy every
    # attribute dict (18% of an audit at 50,000 steps). A later duplicate id keeps the
    # first node's attributes (ids are unique in a validated scheme).
    nodes = _nodes(scheme, inferred)
    links = _links(scheme, nodes, inferred)
    for n, line in links.undefined.items():
        nodes.attrs[n] = {"kind": UNDEFINED, "title": n, "file": scheme.source, "line": line}
    nodes.kinds[UNDEFINED] = list(links.undefined)
    cg = CurriculumGraph(
        attrs=nodes.attrs,
        succ=links.succ,
        pred=links.pred,
        scheme=scheme,
        framework=framework,
        order=nodes.order,
        units=nodes.units,
        placed=scheme.is_placed(),
        periods_per_year=PERIODS_PER_YEAR[scheme.system],
    )
    cg.unit_by_id = {u.id: u for u in nodes.units}
    cg.cache.update(drafted_links=nodes.drafted + links.drafted, edges=links.edges)
    if len(links.position) == len(nodes.order):  # (ids are unique in a validated scheme)
        n_succ = [len(outs) for outs in links.after]  # a link always leads to a step
        cg.cache.update(
            index=links.position, step_successors=links.after, degrees=(links.n_pred, n_succ)
        )
    cg.cache.update({f"kind:{k}": ids for k, ids in nodes.kinds.items()})
    cg.cache.update({f"column:{k}": values for k, values in nodes.columns.items()})
    return cg


def _teaching_order(scheme: Scheme) -> list[tuple[Unit, int | None]]:
    """The units in teaching order (year, period, then file order), each with its period
    within the year; file order when the scheme is not placed."""
    placed = scheme.is_placed()
    keyed: list[tuple[tuple[int, int, int], Unit, int | None]] = []
    for ui, u in enumerate(scheme.units):
        term = _unit_period(scheme, u.year, u.term)
        key = (u.year or 0, term or 0, ui) if placed else (0, 0, ui)
        keyed.append((key, u, term))
    keyed.sort(key=lambda kv: kv[0])
    return [(u, term) for _, u, term in keyed]


def _nodes(scheme: Scheme, inferred: bool) -> _Nodes:
    """The prior items, then the steps in teaching order, and the units."""
    out = _Nodes()
    attrs, file = out.attrs, scheme.source
    for i, p in enumerate(scheme.prior):
        if p.id not in attrs:
            out.kinds[PRIOR].append(p.id)
            attrs[p.id] = {
                "kind": PRIOR,
                "title": p.title,
                "covers": tuple(p.covers),
                "file": file,
                "line": p.line,
                "order": i,
            }
    ppy = PERIODS_PER_YEAR[scheme.system]
    placed = scheme.is_placed()
    order, step_ids = out.order, out.kinds[STEP]
    periods, lessons, covered = (out.columns[k] for k in ("period", "lessons", "covers"))
    for u, term in _teaching_order(scheme):
        period = (u.year * ppy + term - 1) if placed and u.year is not None and term else None
        for s in u.steps:
            covers = _with_inferred(s.covers, s.inferred_covers, inferred)
            node = {
                "kind": STEP,
                "title": s.title,
                "unit": u.id,
                "unit_title": u.title,
                "strand": u.strand,
                "covers": covers,
                "lessons": s.lessons,
                "credits": s.credits,
                "year": u.year,
                "term": term,
                "period": period,
                "order": len(order),
                "file": file,
                "line": s.line,
            }
            if len(covers) > len(s.covers):
                node["inferred_covers"] = covers[len(s.covers) :]
                out.drafted += len(covers) - len(s.covers)
            if s.id not in attrs:
                step_ids.append(s.id)
                attrs[s.id] = node
            else:  # a duplicate id: the first node's attributes
                node = attrs[s.id]
            periods.append(node.get("period"))
            lessons.append(node.get("lessons"))
            covered.append(node.get("covers"))
            order.append(s.id)
        out.units.append(_unit_info(u, term, inferred))
        out.drafted += len(out.units[-1].inferred_covers)
        out.last_step[u.id] = u.steps[-1].id
    return out


def _unit_info(u: Unit, term: int | None, inferred: bool) -> UnitInfo:
    covers = _with_inferred(u.covers, u.inferred_covers, inferred)
    return UnitInfo(
        id=u.id,
        title=u.title,
        year=u.year,
        term=term,
        strand=u.strand,
        steps=tuple([s.id for s in u.steps]),
        line=u.line,
        covers=covers,
        inferred_covers=covers[len(u.covers) :],
    )


def _links(scheme: Scheme, nodes: _Nodes, inferred: bool) -> _Links:
    """Every link of the scheme, the department's own first (they win over drafted ones).

    A unit's ``requires`` apply to its first step; a reference to a unit means
    its last step; an id defined nowhere becomes an undefined node.
    """
    attrs, last_step = nodes.attrs, nodes.last_step
    succ: Adjacency = {n: {} for n in attrs}
    pred: Adjacency = {n: {} for n in attrs}
    undefined: dict[str, int | None] = {}
    position = {n: i for i, n in enumerate(nodes.order)}
    after: list[list[int]] = [[] for _ in nodes.order]
    n_pred = [0] * len(nodes.order)
    edges = drafted = 0

    def link(
        ref: str, target: str, kind: str, via: str, line: int | None, by_link: bool = False
    ) -> None:
        nonlocal drafted, edges
        src = ref if ref in attrs else last_step.get(ref, ref)
        outs = succ.get(src)
        if outs is None:  # first met: an undefined id
            undefined[src] = line
            outs = succ[src] = {}
            pred[src] = {}
        if target not in outs:
            edges += 1
            edge = {"kind": kind, "via": via, "ref": ref, "line": line}
            if by_link:
                edge["inferred"] = True
                drafted += 1
            outs[target] = pred[target][src] = edge
            j = position[target]  # (a link always leads to a step)
            n_pred[j] += 1
            i = position.get(src)
            if i is not None:
                after[i].append(j)

    for u in scheme.units:
        first = u.steps[0].id
        for ref in u.requires:
            link(ref, first, "prerequisite", "unit", u.line)
        for s in u.steps:
            for ref in s.requires:
                link(ref, s.id, "prerequisite", "step", s.line)
            for ref in s.corequires:
                link(ref, s.id, "corequisite", "step", s.line)
            for ref in s.strict_corequires:
                link(ref, s.id, "strict-corequisite", "step", s.line)
    if inferred:
        for u in scheme.units:
            for x in u.inferred_requires:
                link(x.target, u.steps[0].id, "prerequisite", "unit", x.line or u.line, True)
            for s in u.steps:
                for x in s.inferred_requires:
                    link(x.target, s.id, "prerequisite", "step", x.line or s.line, True)
    return _Links(succ, pred, undefined, position, after, n_pred, edges, drafted)
