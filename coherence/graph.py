"""The prerequisite graph of a scheme and its teaching order. No analysis here.

Nodes are steps, prior items and referenced-but-undefined ids; an edge runs
from a prerequisite to the step that needs it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from coherence.model import PERIODS_PER_YEAR, Framework, Scheme, Unit, parse_term
from coherence.util import paused_gc

if TYPE_CHECKING:
    import networkx as nx

#: Adjacency as networkx keeps it: node -> {neighbour: edge attributes}.
Adjacency = dict[str, dict[str, dict[str, Any]]]

STEP = "step"
PRIOR = "prior"
UNDEFINED = "undefined"

HALF_TERM_NAMES = ("Autumn 1", "Autumn 2", "Spring 1", "Spring 2", "Summer 1", "Summer 2")


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
        if self.periods_per_year == 6:
            return f"Y{year} {HALF_TERM_NAMES[term - 1]}"
        return f"Year {year} term {term}"

    def steps_of_kind(self, kind: str) -> Iterator[str]:
        """Nodes of one kind (``step``, ``prior`` or ``undefined``)."""
        return (n for n, a in self.attrs.items() if a.get("kind") == kind)


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


def _build(scheme: Scheme, framework: Framework | None, inferred: bool = True) -> CurriculumGraph:
    ppy = PERIODS_PER_YEAR[scheme.system]
    placed = scheme.is_placed()
    file = scheme.source
    # Built as networkx keeps a graph, without its add_* calls, which copy every
    # attribute dict (18% of an audit at 50,000 steps). A later duplicate id keeps the
    # first node's attributes (ids are unique in a validated scheme).
    attrs: dict[str, dict[str, Any]] = {}
    for i, p in enumerate(scheme.prior):
        if p.id not in attrs:
            attrs[p.id] = {
                "kind": PRIOR,
                "title": p.title,
                "covers": tuple(p.covers),
                "file": file,
                "line": p.line,
                "order": i,
            }

    keyed: list[tuple[tuple[int, int, int], Unit, int | None]] = []
    for ui, u in enumerate(scheme.units):
        term = _unit_period(scheme, u.year, u.term)
        key = (u.year or 0, term or 0, ui) if placed else (0, 0, ui)
        keyed.append((key, u, term))
    keyed.sort(key=lambda kv: kv[0])

    drafted = 0  # links drafted by coherence link, in the graph: covers, then edges
    units: list[UnitInfo] = []
    order: list[str] = []
    last_step: dict[str, str] = {}
    for _, u, term in keyed:
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
                drafted += len(covers) - len(s.covers)
            if s.id not in attrs:
                attrs[s.id] = node
            order.append(s.id)
        unit_covers = _with_inferred(u.covers, u.inferred_covers, inferred)
        drafted += len(unit_covers) - len(u.covers)
        steps = tuple([s.id for s in u.steps])
        units.append(
            UnitInfo(
                id=u.id,
                title=u.title,
                year=u.year,
                term=term,
                strand=u.strand,
                steps=steps,
                line=u.line,
                covers=unit_covers,
                inferred_covers=unit_covers[len(u.covers) :],
            )
        )
        last_step[u.id] = steps[-1]

    succ: Adjacency = {n: {} for n in attrs}
    pred: Adjacency = {n: {} for n in attrs}
    undefined: dict[str, int | None] = {}

    def link(
        ref: str, target: str, kind: str, via: str, line: int | None, by_link: bool = False
    ) -> None:
        nonlocal drafted
        src = ref if ref in attrs else last_step.get(ref, ref)
        outs = succ.get(src)
        if outs is None:  # first met: an undefined id
            undefined[src] = line
            outs = succ[src] = {}
            pred[src] = {}
        if target not in outs:
            edge = {"kind": kind, "via": via, "ref": ref, "line": line}
            if by_link:
                edge["inferred"] = True
                drafted += 1
            outs[target] = pred[target][src] = edge

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
    if inferred:  # after the department's own links, which win when both exist
        for u in scheme.units:
            for x in u.inferred_requires:
                link(x.target, u.steps[0].id, "prerequisite", "unit", x.line or u.line, True)
            for s in u.steps:
                for x in s.inferred_requires:
                    link(x.target, s.id, "prerequisite", "step", x.line or s.line, True)
    for n, line in undefined.items():
        attrs[n] = {"kind": UNDEFINED, "title": n, "file": file, "line": line}
    cg = CurriculumGraph(
        attrs=attrs,
        succ=succ,
        pred=pred,
        scheme=scheme,
        framework=framework,
        order=order,
        units=units,
        placed=placed,
        periods_per_year=ppy,
    )
    cg.unit_by_id = {u.id: u for u in units}
    cg.cache["drafted_links"] = drafted
    return cg
