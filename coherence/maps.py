"""Draw a scheme with Graphviz: teaching time left to right, findings marked.

One column (rank) per half-term, headed by its year and half-term; units are
labelled clusters; steps are nodes coloured and shaped by strand (an
Okabe-Ito colour-blind-safe palette, and a shape per strand so colour is never
the only cue). Findings are drawn on the map: cycle edges in bold red, late
prerequisites as dashed edges pointing back in time, missing prerequisites as
dashed "ghost" nodes, oversized steps with a double outline, isolated steps
faded. A legend explains every mark.

All scheme text is quoted by :func:`dot_quote` (never an HTML-like label), so
quotes, backslashes, ``<...>``, braces and non-ASCII show literally.
"""

from __future__ import annotations

import shutil
import textwrap
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import PurePath
from typing import TYPE_CHECKING

import networkx as nx

from coherence.audit import AuditResult
from coherence.errors import InputError
from coherence.graph import PRIOR, STEP, UNDEFINED, CurriculumGraph
from coherence.text import printable_lines

if TYPE_CHECKING:
    from coherence.comparison import Pairwise

#: Okabe & Ito (2008): distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
#: A shape per strand, so strands differ without colour too.
SHAPES = ("box", "ellipse", "hexagon", "octagon", "parallelogram", "house", "trapezium", "cds")
LATE = "#D55E00"
CYCLE = "#CC0000"
FADED = "#999999"
#: Fill of the step (or unit) a ``--focus`` map is about.
FOCUS = "#FFE680"
#: Above this many steps the whole-scheme map is drawn one node per unit.
UNITS_ONLY_ABOVE = 400
FORMATS = ("svg", "png", "pdf", "dot")


def dot_quote(text: object) -> str:
    """Quote any text as a DOT string that Graphviz shows literally.

    Backslashes are doubled (so ``\\n`` or ``\\N`` in a title is not an escape),
    quotes escaped, and line breaks kept as DOT's centred-line escape. The
    result is always a quoted string, never an HTML-like ``<...>`` label.

    Examples
    --------
    >>> dot_quote('a "b" \\\\ <c>')
    '"a \\\\"b\\\\" \\\\\\\\ <c>"'
    """
    s = printable_lines(str(text).replace("\r\n", "\n").replace("\r", "\n"))
    s = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{s}"'


def _stmt(name: str, **attrs: object) -> str:
    """A DOT node or edge statement; every attribute value is quoted."""
    body = ", ".join(f"{k}={dot_quote(v)}" for k, v in attrs.items())
    return f"{name} [{body}];"


def _heading(key: str, text: str) -> str:
    return _stmt(dot_quote(key), label=text, shape="plaintext", style="", fontsize=13)


def _wrap(title: str, width: int = 22, lines: int = 3) -> str:
    parts = textwrap.wrap(title, width) or [title]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][: width - 1].rstrip() + "…"
    return "\n".join(parts)


@dataclass(frozen=True)
class _Marks:
    cycle_edges: frozenset[tuple[str, str]]
    late_edges: frozenset[tuple[str, str]]
    stale_edges: frozenset[tuple[str, str]]
    oversized: frozenset[str]
    isolated: frozenset[str]
    focused: frozenset[str] = frozenset()


def _marks(result: AuditResult | None) -> _Marks:
    cycle: set[tuple[str, str]] = set()
    late: set[tuple[str, str]] = set()
    stale: set[tuple[str, str]] = set()
    oversized: set[str] = set()
    isolated: set[str] = set()
    if result is not None:
        from coherence.rules.registry import REGISTRY

        g = result.graph.g
        edges = {"cycle": cycle, "late": late, "stale": stale}
        nodes = {"oversized": oversized, "isolated": isolated}
        for f in result.findings:
            rule = REGISTRY.get(f.rule)
            for kind, item, style in rule.map_marks(f, g) if rule else ():
                if kind == "edge" and style in edges:
                    edges[style].add(item)  # type: ignore[arg-type]
                elif kind == "node" and style in nodes:
                    nodes[style].add(item)  # type: ignore[arg-type]
    return _Marks(
        frozenset(cycle),
        frozenset(late),
        frozenset(stale),
        frozenset(oversized),
        frozenset(isolated),
    )


def strand_styles(cg: CurriculumGraph) -> dict[str, tuple[str, str]]:
    """Colour and shape of each strand, in order of first appearance."""
    strands: list[str] = []
    for n in cg.order:
        s = cg.g.nodes[n].get("strand") or "(none)"
        if s not in strands:
            strands.append(s)
    return {s: (PALETTE[i % len(PALETTE)], SHAPES[i % len(SHAPES)]) for i, s in enumerate(strands)}


def select_steps(
    cg: CurriculumGraph,
    *,
    focus: str | None = None,
    depth: int = 1,
    strand: str | None = None,
    year: int | None = None,
) -> list[str]:
    """Steps in a view, in teaching order.

    Raises
    ------
    InputError
        For an unknown focus step, strand or year (with what exists).
    """
    g = cg.g
    steps = list(cg.order)
    if focus is not None:
        if focus not in g:
            unit = cg.unit_by_id.get(focus)
            if unit is None:
                from coherence.util import did_you_mean

                raise InputError(f"no step or unit '{focus}'" + did_you_mean(focus, steps))
            seeds = set(unit.steps)
        else:
            seeds = {focus}
        keep = set(seeds)
        for direction in (g.predecessors, g.successors):
            frontier = set(seeds)
            for _ in range(max(0, depth)):
                frontier = {m for n in frontier for m in direction(n)} - keep
                keep |= frontier
        steps = [n for n in steps if n in keep] + [
            n for n in keep if n in g and g.nodes[n].get("kind") != STEP
        ]
    if strand is not None:
        strands = {g.nodes[n].get("strand") for n in cg.order}
        if strand not in strands:
            known = ", ".join(sorted(s for s in strands if s))
            raise InputError(f"no strand '{strand}' (strands: {known})")
        steps = [n for n in steps if g.nodes[n].get("strand") == strand]
    if year is not None:
        years = {g.nodes[n].get("year") for n in cg.order}
        if year not in years:
            known = ", ".join(str(y) for y in sorted(y for y in years if y is not None))
            raise InputError(f"no year {year} (years: {known})")
        steps = [n for n in steps if g.nodes[n].get("year") == year]
    return steps


def _period_heading(cg: CurriculumGraph, period: int) -> str:
    year, term = divmod(period, cg.periods_per_year)
    return cg.label_for(year, term + 1).replace(" ", "\n", 1)


def to_dot(
    result: AuditResult | CurriculumGraph,
    *,
    focus: str | None = None,
    depth: int = 1,
    strand: str | None = None,
    year: int | None = None,
    units_only: bool | None = None,
    reduce: bool = False,
    title: str | None = None,
) -> str:
    """The DOT source of a map of the scheme (or of a view of it).

    Parameters
    ----------
    result : AuditResult or CurriculumGraph
        An audit (findings are marked) or a bare graph.
    focus, depth : str, int
        Show a step's (or unit's) neighbourhood: what it builds on and what
        builds on it, ``depth`` links each way.
    strand : str
        One strand across the years.
    year : int
        One school year.
    units_only : bool or None
        One node per unit. None: automatic above :data:`UNITS_ONLY_ABOVE` steps.
    reduce : bool
        Drop edges implied by others (transitive reduction), for readability.
    title : str, optional
        A heading for the map.

    Returns
    -------
    str
        DOT source.

    Examples
    --------
    >>> from coherence.pipeline import load_graph
    >>> dot = to_dot(load_graph(None), strand="algebra")
    >>> dot.startswith("digraph")
    True
    """
    audit = result if isinstance(result, AuditResult) else None
    cg = result.graph if isinstance(result, AuditResult) else result
    steps = select_steps(cg, focus=focus, depth=depth, strand=strand, year=year)
    n_steps = sum(1 for n in steps if cg.g.nodes[n].get("kind") == STEP)
    notes: list[str] = []
    if units_only is None:
        units_only = n_steps > UNITS_ONLY_ABOVE
        if units_only:
            # Redundant links are most of a large map's edges and of dot's time
            # (2,000 steps: 7 s -> 0.2 s), and hide the structure anyway.
            reduce = True
            notes.append(
                f"{n_steps} steps: drawn one node per unit, redundant links left out "
                "(use --focus, --strand or --year for steps)"
            )
    heading = title or cg.scheme.name
    view = [
        f"focus {focus} (depth {depth})" if focus else "",
        f"strand {strand}" if strand else "",
        f"year {year}" if year is not None else "",
    ]
    label = " · ".join([heading, *(v for v in view if v)])
    focused = _focused(cg, focus)
    if units_only:
        return _units_dot(cg, audit, steps, label, notes, reduce, focused)
    return _steps_dot(cg, audit, steps, label, notes, reduce, focused)


def _focused(cg: CurriculumGraph, focus: str | None) -> frozenset[str]:
    """The steps a ``--focus`` names: the step, or every step of the unit."""
    if focus is None:
        return frozenset()
    if focus in cg.g:
        return frozenset({focus})
    unit = cg.unit_by_id.get(focus)
    return frozenset(unit.steps) if unit is not None else frozenset()


def _header(label: str, notes: list[str]) -> list[str]:
    text = label + ("\n" + "\n".join(notes) if notes else "")
    return [
        "digraph coherence {",
        '  graph [rankdir=LR, newrank=true, remincross=false, compound=true, fontname="Helvetica", '
        f"labelloc=t, fontsize=18, nodesep=0.25, ranksep=0.6, label={dot_quote(text)}];",
        '  node [fontname="Helvetica", fontsize=10, style="rounded,filled", fillcolor=white];',
        '  edge [color="#555555", arrowsize=0.6];',
    ]


def _legend(styles: dict[str, tuple[str, str]], marks: _Marks, ghosts: bool) -> list[str]:
    out = [
        "  subgraph cluster_legend {",
        '    label="Legend"; style=rounded; color="#BBBBBB"; fontsize=12;',
    ]
    prev = None
    for i, (strand, (colour, shape)) in enumerate(styles.items()):
        name = f"legend_strand_{i}"
        out.append(
            "    " + _stmt(name, label=f"strand: {strand}", shape=shape, color=colour, penwidth=2)
        )
        if prev:
            out.append(f"    {prev} -> {name} [style=invis];")
        prev = name
    items: list[tuple[str, str]] = []
    if marks.oversized:
        items.append(("oversized step", "shape=box, peripheries=2, penwidth=3"))
    if marks.isolated:
        items.append(("isolated step (faded)", f'shape=box, color="{FADED}", fontcolor="{FADED}"'))
    if ghosts:
        items.append(("missing prerequisite", f'shape=box, style="dashed", color="{FADED}"'))
    if marks.focused:
        items.append(("in focus", f'shape=box, fillcolor="{FOCUS}", penwidth=3'))
    for i, (text, attrs) in enumerate(items):
        name = f"legend_mark_{i}"
        out.append(f"    {name} [label={dot_quote(text)}, {attrs}];")
        if prev:
            out.append(f"    {prev} -> {name} [style=invis];")
        prev = name
    edges = [
        ("prerequisite", "builds on", ""),
        ("late", "late prerequisite", f'color="{LATE}", style=dashed, penwidth=2'),
        ("cycle", "cycle", f'color="{CYCLE}", penwidth=3'),
        ("stale", "stale prerequisite", "style=dotted"),
    ]
    shown = {
        "late": bool(marks.late_edges),
        "cycle": bool(marks.cycle_edges),
        "stale": bool(marks.stale_edges),
        "prerequisite": True,
    }
    for key, text, attrs in edges:
        if not shown[key]:
            continue
        a, b = f"legend_{key}_a", f"legend_{key}_b"
        out.append("    " + _stmt(a, label="", shape="point", width=0.05))
        out.append("    " + _stmt(b, label=text, shape="plaintext", style=""))
        out.append(f"    {a} -> {b} [{attrs}];" if attrs else f"    {a} -> {b};")
        if prev:
            out.append(f"    {prev} -> {a} [style=invis];")
        prev = b
    out.append("  }")
    return out


def _rank(heading: str, groups: list[list[str]], *, clusters: bool) -> str:
    """One half-term's column: ``groups`` top to bottom, in teaching order.

    Each group is a unit's steps (``clusters``: drawn as a box) or a single
    node. Graphviz 2.43 with ``rankdir=LR`` stacks a flat edge ``a -> b`` with
    ``a`` above ``b`` outside clusters but with ``a`` *below* ``b`` inside one,
    honours such edges only with ``remincross`` off, and aborts
    (``merge_chain`` assertion) on invisible flat edges between clusters. So a
    chain runs backward inside each cluster; without clusters it runs forward
    from the heading. Measured on the bundled scheme (neighbouring pairs out of
    teaching order, top to bottom): steps map, steps in a unit 88 of 134 -> 0;
    map of units, units in a half-term 5 of 18 -> 1. The order of unit boxes
    in a steps map stays Graphviz's (no safe way to chain clusters).

    Examples
    --------
    >>> print(_rank("h:0", [["a", "b"], ["c"]], clusters=True))
      { rank=same; "h:0"; "a"; "b"; "c"; }
      "b" -> "a" [style=invis];
    >>> print(_rank("h:0", [["a"], ["c"]], clusters=False))
      { rank=same; "h:0"; "a"; "c"; }
      "h:0" -> "a" -> "c" [style=invis];
    """
    members = [m for g in groups for m in g]
    names = [dot_quote(n) for n in (heading, *members)]
    out = ["  { rank=same; " + " ".join(n + ";" for n in names) + " }"]
    if clusters:
        out += [
            "  " + " -> ".join(map(dot_quote, reversed(g))) + " [style=invis];"
            for g in groups
            if len(g) > 1
        ]
    elif len(names) > 1:
        out.append("  " + " -> ".join(names) + " [style=invis];")
    return "\n".join(out)


def _by_unit(cg: CurriculumGraph, nodes: list[str]) -> list[list[str]]:
    """Consecutive nodes of one unit grouped (nodes in teaching order)."""
    out: list[list[str]] = []
    for n in nodes:
        unit = cg.g.nodes[n].get("unit")
        if out and cg.g.nodes[out[-1][0]].get("unit") == unit:
            out[-1].append(n)
        else:
            out.append([n])
    return out


def _steps_dot(
    cg: CurriculumGraph,
    audit: AuditResult | None,
    steps: list[str],
    label: str,
    notes: list[str],
    reduce: bool,
    focused: frozenset[str] = frozenset(),
) -> str:
    g = cg.g
    marks = replace(_marks(audit), focused=focused)
    styles = strand_styles(cg)
    shown = set(steps)
    # Prerequisites outside the view (prior items, ghosts) are drawn as context.
    extra: list[str] = []
    for n in steps:
        for p in g.predecessors(n):
            kind = g.nodes[p].get("kind")
            if p not in shown and kind in (PRIOR, UNDEFINED):
                shown.add(p)
                extra.append(p)
    edges = [(u, v) for u, v in g.edges() if u in shown and v in shown]
    if reduce:
        sub = nx.DiGraph(edges)
        if nx.is_directed_acyclic_graph(sub):
            kept = set(nx.transitive_reduction(sub).edges())
            edges = [e for e in edges if e in kept or e in marks.late_edges]
        else:
            notes.append("not reduced: the view has a cycle")
    lines = _header(label, notes)
    ghosts = False
    # Headings: one rank per half-term, chained so time runs left to right.
    periods = sorted({p for n in steps if (p := cg.period(n)) is not None})
    prior_nodes = [n for n in extra if g.nodes[n].get("kind") == PRIOR]
    chain: list[str] = []
    if prior_nodes:
        lines.append(
            '  "h:prior" [label="Prior\\nknowledge", shape=plaintext, style="", fontsize=13];'
        )
        chain.append('"h:prior"')
    for p in periods:
        lines.append("  " + _heading(f"h:{p}", _period_heading(cg, p)))
        chain.append(f'"h:{p}"')
    if len(chain) > 1:
        lines.append("  " + " -> ".join(chain) + " [style=invis, weight=100];")
    # Units as clusters.
    by_unit: dict[str, list[str]] = defaultdict(list)
    for n in steps:
        by_unit[str(g.nodes[n].get("unit"))].append(n)
    for i, u in enumerate(cg.units):
        members = by_unit.get(u.id)
        if not members:
            continue
        colour, _ = styles.get(u.strand or "(none)", (PALETTE[0], SHAPES[0]))
        lines.append(f"  subgraph cluster_{i} {{")
        lines.append(
            f"    label={dot_quote(_wrap(u.title, 30, 2))}; style=rounded;"
            f" color={dot_quote(colour)}; fontsize=11; tooltip={dot_quote(f'{u.id}: {u.title}')};"
        )
        for n in members:
            lines.append("    " + _step_node(cg, n, styles, marks))
        lines.append("  }")
    for n in extra:
        attrs = g.nodes[n]
        if attrs.get("kind") == UNDEFINED:
            ghosts = True
            ghost = _stmt(
                dot_quote(n),
                label=f"? {n}",
                shape="box",
                style="dashed,rounded",
                color=FADED,
                fontcolor=FADED,
                tooltip=f"not defined in the scheme: {n}",
            )
            lines.append("  " + ghost)
        else:
            title = str(attrs.get("title") or n)
            lines.append(
                "  "
                + _stmt(
                    dot_quote(n),
                    label=_wrap(title),
                    shape="note",
                    style="",
                    color=FADED,
                    tooltip=f"{n}: {title} (prior knowledge)",
                )
            )
    # Same rank per half-term (newrank lets a rank cross clusters).
    by_period: dict[int, list[str]] = defaultdict(list)
    for n in steps:
        p = cg.period(n)
        if p is not None:
            by_period[p].append(n)
    for p, members in sorted(by_period.items()):
        lines.append(_rank(f"h:{p}", _by_unit(cg, members), clusters=True))
    if prior_nodes:
        lines.append(_rank("h:prior", [[n] for n in prior_nodes], clusters=True))
    position = {n: i for i, n in enumerate(steps)}
    for u, v in edges:
        lines.append("  " + _edge(cg, u, v, marks, position))
    present = {g.nodes[n].get("strand") or "(none)" for n in steps}
    edge_set = set(edges)
    in_view = _Marks(
        marks.cycle_edges & edge_set,
        marks.late_edges & edge_set,
        marks.stale_edges & edge_set,
        marks.oversized & shown,
        marks.isolated & shown,
        focused & shown,
    )
    lines += _legend({k: v for k, v in styles.items() if k in present}, in_view, ghosts)
    lines.append("}")
    return "\n".join(lines) + "\n"


def _step_node(
    cg: CurriculumGraph, n: str, styles: dict[str, tuple[str, str]], marks: _Marks
) -> str:
    attrs = cg.g.nodes[n]
    colour, shape = styles.get(attrs.get("strand") or "(none)", (PALETTE[0], SHAPES[0]))
    title = str(attrs.get("title") or n)
    look: dict[str, object] = {"shape": shape, "color": colour, "penwidth": 1.5}
    if n in marks.oversized:
        look.update(peripheries=2, penwidth=3)
    if n in marks.isolated:
        look.update(fontcolor=FADED, color=FADED, style="rounded,filled,dashed")
    if n in marks.focused:
        look.update(fillcolor=FOCUS, penwidth=3)
    tooltip = f"{n}: {title} ({cg.period_label(n)}, {attrs.get('lessons', 1)} lesson(s))"
    return _stmt(dot_quote(n), label=_wrap(title), tooltip=tooltip, **look)


def _edge(
    cg: CurriculumGraph, u: str, v: str, marks: _Marks, position: dict[str, int] | None = None
) -> str:
    """A prerequisite edge ``u -> v`` with its marks.

    An edge inside one unit and forward in teaching order is written
    ``v -> u [dir=back]``: drawn the same, but it agrees with the column's
    top-to-bottom order (see :func:`_rank`) instead of fighting it.
    """
    attrs: list[str] = []
    g = cg.g
    pu, pv = cg.period(u), cg.period(v)
    if (u, v) in marks.cycle_edges:
        attrs += [f'color="{CYCLE}"', "penwidth=3", 'label="cycle"', f'fontcolor="{CYCLE}"']
    if (u, v) in marks.late_edges:
        attrs += [
            f'color="{LATE}"',
            "style=dashed",
            "penwidth=2",
            'label="late"',
            f'fontcolor="{LATE}"',
        ]
    elif (u, v) in marks.stale_edges:
        attrs += ["style=dotted"]
    if g.nodes[u].get("kind") == UNDEFINED:
        attrs += ["style=dashed", f'color="{FADED}"']
    kind = g.edges[u, v].get("kind")
    if kind in ("corequisite", "strict-corequisite"):
        attrs.append(f"arrowhead=odot, tooltip={dot_quote(kind)}")
    if pu is not None and pv is not None and pu > pv:
        attrs.append("constraint=false")  # points back in time: must not bend the layout
    pos = position or {}
    same_unit = g.nodes[u].get("unit") == g.nodes[v].get("unit")
    if pu is not None and pu == pv and same_unit and u in pos and v in pos and pos[u] < pos[v]:
        attrs = [a.replace("arrowhead=", "arrowtail=") for a in attrs] + ["dir=back"]
        u, v = v, u
    body = ", ".join(attrs)
    return f"{dot_quote(u)} -> {dot_quote(v)}" + (f" [{body}];" if body else ";")


def _units_dot(
    cg: CurriculumGraph,
    audit: AuditResult | None,
    steps: list[str],
    label: str,
    notes: list[str],
    reduce: bool,
    focused: frozenset[str] = frozenset(),
) -> str:
    g = cg.g
    styles = strand_styles(cg)
    shown = set(steps)
    focus_units = {str(g.nodes[n].get("unit")) for n in focused}
    unit_of = {n: str(g.nodes[n].get("unit")) for n in shown if g.nodes[n].get("kind") == STEP}
    units = [u for u in cg.units if any(s in shown for s in u.steps)]
    problems: Counter[str] = Counter()
    late_units: set[tuple[str, str]] = set()
    cycle_units: set[tuple[str, str]] = set()
    if audit is not None:
        for f in audit.findings:
            if f.accepted:
                continue
            for n in f.nodes[:1]:
                if n in unit_of:
                    problems[unit_of[n]] += 1
            if f.rule == "late-prerequisite" and f.nodes[1] in unit_of and f.nodes[0] in unit_of:
                late_units.add((unit_of[f.nodes[1]], unit_of[f.nodes[0]]))
            if f.rule == "cycle":
                members = [m for m in f.nodes if m in unit_of]
                ms = set(members)
                for m in members:
                    for s in g.successors(m):
                        if s in ms and unit_of[s] != unit_of[m]:
                            cycle_units.add((unit_of[m], unit_of[s]))
    counts: Counter[tuple[str, str]] = Counter()
    for u, v in g.edges():
        if u in unit_of and v in unit_of and unit_of[u] != unit_of[v]:
            counts[(unit_of[u], unit_of[v])] += 1
    pairs = list(counts)
    if reduce:
        sub = nx.DiGraph(pairs)
        if nx.is_directed_acyclic_graph(sub):
            kept = set(nx.transitive_reduction(sub).edges())
            pairs = [p for p in pairs if p in kept or p in late_units]
        else:
            notes.append("not reduced: units form a cycle")
    lines = _header(label, notes)
    periods = sorted(
        {
            u.year * cg.periods_per_year + (u.term or 1) - 1
            for u in units
            if u.year is not None and u.term
        }
    )
    chain = []
    for p in periods:
        lines.append("  " + _heading(f"h:{p}", _period_heading(cg, p)))
        chain.append(f'"h:{p}"')
    if len(chain) > 1:
        lines.append("  " + " -> ".join(chain) + " [style=invis, weight=100];")
    by_period: dict[int, list[str]] = defaultdict(list)
    for u in units:
        colour, shape = styles.get(u.strand or "(none)", (PALETTE[0], SHAPES[0]))
        n_steps = len(u.steps)
        text = f"{_wrap(u.title, 24, 3)}\n{n_steps} step{'s' if n_steps != 1 else ''}"
        if problems[u.id]:
            text += f" · {problems[u.id]} finding{'s' if problems[u.id] != 1 else ''}"
        extra = ", peripheries=2, penwidth=3" if problems[u.id] else ", penwidth=1.5"
        if u.id in focus_units:
            extra += f', fillcolor="{FOCUS}", penwidth=3'
        lines.append(
            f"  {dot_quote('u:' + u.id)} [label={dot_quote(text)}, shape={shape}, "
            f"color={dot_quote(colour)}, tooltip={dot_quote(u.id + ': ' + u.title)}{extra}];"
        )
        if u.year is not None and u.term:
            by_period[u.year * cg.periods_per_year + u.term - 1].append("u:" + u.id)
    for p, members in sorted(by_period.items()):
        lines.append(_rank(f"h:{p}", [[m] for m in members], clusters=False))
    for a, b in pairs:
        attrs = [
            f"penwidth={min(1 + counts[(a, b)] / 2, 5):.1f}",
            f'tooltip="{counts[(a, b)]} link(s)"',
        ]
        if (a, b) in cycle_units:
            attrs += [f'color="{CYCLE}"', 'label="cycle"']
        if (a, b) in late_units:
            attrs += [f'color="{LATE}"', "style=dashed", 'label="late"', "constraint=false"]
        lines.append(f"  {dot_quote('u:' + a)} -> {dot_quote('u:' + b)} [{', '.join(attrs)}];")
    marks = _Marks(
        frozenset(cycle_units),
        frozenset(late_units),
        frozenset(),
        frozenset(),
        frozenset(),
        frozenset(focus_units),
    )
    lines += _legend(styles, marks, False)
    lines.append("}")
    return "\n".join(lines) + "\n"


def dot_available() -> bool:
    """True when Graphviz's ``dot`` executable is on the PATH."""
    return shutil.which("dot") is not None


_MISSING_DOT = (
    "Graphviz's 'dot' is not installed: install it (Debian/Ubuntu: apt-get install graphviz; "
    "macOS: brew install graphviz) or use --format dot"
)


def render_bytes(dot_source: str, fmt: str) -> bytes:
    """Lay out DOT source with ``dot`` and return the image.

    Raises
    ------
    InputError
        When ``dot`` is missing or fails.
    """
    if fmt == "dot":
        return dot_source.encode()
    if fmt not in FORMATS:
        raise InputError(f"unknown format '{fmt}' (use {', '.join(FORMATS)})")
    if not dot_available():
        raise InputError(_MISSING_DOT)
    import graphviz

    try:
        out: bytes = graphviz.Source(dot_source).pipe(format=fmt, quiet=True)
    except graphviz.ExecutableNotFound:
        raise InputError(_MISSING_DOT) from None
    except graphviz.CalledProcessError as e:
        detail = (e.stderr or b"").decode(errors="replace").strip().splitlines()
        raise InputError(f"dot failed: {detail[-1] if detail else e}") from None
    return out


def format_for(out: str, fmt: str | None = None) -> str:
    """The format to write ``out`` in: ``fmt`` if given, else from its suffix.

    A file with no suffix is SVG; a suffix that is not a map format is refused
    (``map.jpg`` once got SVG written into it).

    Raises
    ------
    InputError
        For a suffix other than .svg, .png, .pdf or .dot (without ``fmt``).

    Examples
    --------
    >>> format_for("map.PNG"), format_for("map"), format_for("map.jpg", "png")
    ('png', 'svg', 'png')
    >>> try:
    ...     format_for("map.jpg")
    ... except InputError as e:
    ...     print(e)
    map.jpg: cannot draw a map as .jpg (name it .svg, .png, .pdf or .dot, or give --format)
    """
    if fmt:
        return fmt
    suffix = PurePath(out).suffix.lower()
    if not suffix:
        return "svg"
    if suffix.lstrip(".") in FORMATS:
        return suffix.lstrip(".")
    raise InputError(
        f"cannot draw a map as {suffix} (name it .svg, .png, .pdf or .dot, or give --format)",
        file=out,
    )


def render(dot_source: str, out: str, fmt: str) -> str:
    """Write the map to ``out`` (atomically) in ``fmt``; returns ``out``."""
    from coherence.io import write_output

    write_output(render_bytes(dot_source, fmt), out)
    return out


def timeline_dot(cmp: Pairwise) -> str:
    """A per-strand timeline of two schemes: a row per school and strand, a column per half-term.

    Parameters
    ----------
    cmp : Pairwise
        A two-scheme comparison (:func:`coherence.comparison.compare_two`).

    Returns
    -------
    str
        DOT source; every label quoted with :func:`dot_quote`.
    """
    schools = (cmp.a, cmp.b)
    periods = sorted({p for s in schools for ps in s.strand_periods.values() for p in ps})
    ppy = max(cmp.a.periods_per_year, cmp.b.periods_per_year)
    title = f"{cmp.a.name} (solid) and {cmp.b.name} (dashed): strands over time"
    lines = _header(title, [])
    chain = []
    for p in periods:
        year, term = divmod(p, ppy)
        lines.append(
            "  "
            + _heading(f"h:{p}", f"Y{year}\nHT{term + 1}" if ppy == 6 else f"Y{year}\nT{term + 1}")
        )
        chain.append(dot_quote(f"h:{p}"))
    if len(chain) > 1:
        lines.append("  " + " -> ".join(chain) + " [style=invis, weight=100];")
    strands = sorted(set(cmp.a.strand_units) | set(cmp.b.strand_units))
    colours = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(strands)}
    by_period: dict[int, list[str]] = defaultdict(list)
    for tag, school in (("A", cmp.a), ("B", cmp.b)):
        for strand in strands:
            prev = None
            for p, titles in sorted(school.strand_units.get(strand, {}).items()):
                node = f"{tag}:{strand}:{p}"
                text = f"{school.name} · {strand}\n" + _wrap("; ".join(titles), 28, 3)
                style = "filled" if tag == "A" else "filled,dashed"
                lines.append(
                    "  "
                    + _stmt(
                        dot_quote(node),
                        label=text,
                        shape="box",
                        style=style,
                        fillcolor="white",
                        color=colours[strand],
                        penwidth=2,
                    )
                )
                by_period[p].append(node)
                if prev:
                    lines.append(
                        "  "
                        + _stmt(f"{dot_quote(prev)} -> {dot_quote(node)}", color=colours[strand])
                    )
                prev = node
    for p, members in sorted(by_period.items()):
        lines.append(
            f"  {{ rank=same; {dot_quote(f'h:{p}')}; "
            + " ".join(dot_quote(m) + ";" for m in members)
            + " }"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"
