"""The scheme tree: Year -> half-term -> unit -> step, with finding badges.

Years and half-terms are built at once; units and steps are added when a
half-term is first expanded, so a 5,000-step scheme opens instantly.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from coherence.audit import AuditResult
from coherence.report.document import SEVERITY_MARK
from tui.safe import SEVERITY_STYLE, STRAND_COLOURS


@dataclass(frozen=True)
class Entry:
    """What a tree row stands for."""

    kind: str  # "year", "period", "unit" or "step"
    key: str


#: The counts of a row without findings (read, never written).
NO_FINDINGS: Counter[str] = Counter()


def badge(counts: Counter[str]) -> Text:
    """Finding counts by severity, e.g. ``✖1 ▲2``."""
    out = Text()
    for sev in ("error", "warning", "info"):
        if counts[sev]:
            out.append(f" {SEVERITY_MARK[sev]}{counts[sev]}", SEVERITY_STYLE[sev])
    return out


class SchemeTree(Tree[Entry]):
    """The scheme as a tree; highlighting a step shows its detail."""

    def __init__(self, result: AuditResult, **kwargs: object) -> None:
        super().__init__(Text(result.graph.scheme.name), **kwargs)  # type: ignore[arg-type]
        self.show_root = False
        self.guide_depth = 2
        self.load(result)

    def load(self, result: AuditResult) -> None:
        """(Re)build the tree for an audit result."""
        self.result = result
        cg = result.graph
        self.clear()
        self._step_counts: dict[str, Counter[str]] = defaultdict(Counter)
        for f in result.findings:
            if f.accepted:
                continue
            for n in f.nodes[:1]:
                self._step_counts[n][f.severity.value] += 1
        strands = sorted({u.strand or "" for u in cg.units})
        self._colour = {s: STRAND_COLOURS[i % len(STRAND_COLOURS)] for i, s in enumerate(strands)}
        self._units_by_period: dict[tuple[int | None, int | None], list[str]] = defaultdict(list)
        for u in cg.units:
            self._units_by_period[(u.year, u.term)].append(u.id)
        self._period_nodes: dict[tuple[int | None, int | None], TreeNode[Entry]] = {}
        self._unit_nodes: dict[str, TreeNode[Entry]] = {}
        self._step_nodes: dict[str, TreeNode[Entry]] = {}
        years: dict[int | None, TreeNode[Entry]] = {}
        period_counts = self._period_counts()
        for year, term in self._units_by_period:
            if year not in years:
                label = Text("Year " + str(year) if year is not None else "Unplaced", "bold")
                years[year] = self.root.add(label, data=Entry("year", str(year)), expand=True)
            label = Text(cg.label_for(year, term).split(" ", 1)[-1] if year is not None else "All")
            label.append_text(badge(period_counts.get((year, term), NO_FINDINGS)))
            node = years[year].add(label, data=Entry("period", f"{year}:{term}"), allow_expand=True)
            self._period_nodes[(year, term)] = node

    def _period_counts(self) -> dict[tuple[int | None, int | None], Counter[str]]:
        """Finding counts per half-term, from the steps that have findings (not every step)."""
        cg = self.result.graph
        totals: dict[tuple[int | None, int | None], Counter[str]] = defaultdict(Counter)
        for step, counts in self._step_counts.items():
            uid = cg.g.nodes[step].get("unit") if step in cg.g else None
            unit = cg.unit_by_id.get(str(uid)) if uid is not None else None
            if unit is not None:
                totals[(unit.year, unit.term)].update(counts)
        return totals

    def _populate(self, node: TreeNode[Entry]) -> None:
        if node.data is None or node.data.kind != "period" or node.children:
            return
        year_s, term_s = node.data.key.split(":")
        key = (None if year_s == "None" else int(year_s), None if term_s == "None" else int(term_s))
        g = self.result.graph.g
        for uid in self._units_by_period[key]:
            u = self.result.graph.unit_by_id[uid]
            counts: Counter[str] = Counter()
            for s in u.steps:
                counts.update(self._step_counts.get(s, NO_FINDINGS))
            label = Text("■ ", self._colour.get(u.strand or "", "white"))
            label.append(u.title)
            label.append(f"  {u.strand or ''}", "dim")
            label.append_text(badge(counts))
            unode = node.add(label, data=Entry("unit", uid))
            self._unit_nodes[uid] = unode
            for s in u.steps:
                slabel = Text(str(g.nodes[s].get("title") or s))
                slabel.append(f"  {s}", "dim")
                slabel.append_text(badge(self._step_counts.get(s, NO_FINDINGS)))
                self._step_nodes[s] = unode.add_leaf(slabel, data=Entry("step", s))

    def _on_tree_node_expanded(self, event: Tree.NodeExpanded[Entry]) -> None:
        self._populate(event.node)

    def reveal(self, node_id: str) -> bool:
        """Expand the way to a step or unit and move the cursor to it."""
        cg = self.result.graph
        g = cg.g
        if node_id in cg.unit_by_id:
            u = cg.unit_by_id[node_id]
            key = (u.year, u.term)
        elif node_id in g and g.nodes[node_id].get("kind") == "step":
            attrs = g.nodes[node_id]
            key = (attrs.get("year"), attrs.get("term"))
        else:
            return False
        period = self._period_nodes.get(key)
        if period is None:
            return False
        if period.parent is not None:
            period.parent.expand()
        self._populate(period)
        period.expand()
        target = self._step_nodes.get(node_id) or self._unit_nodes.get(node_id)
        if target is None:
            return False
        if target.parent is not None:
            target.parent.expand()
        # New rows get their line numbers when the tree next refreshes; only the
        # latest request is honoured, so a stale one cannot move the cursor back.
        self._wanted: TreeNode[Entry] | None = target
        self.call_after_refresh(self._select, target)
        return True

    @property
    def pending(self) -> TreeNode[Entry] | None:
        """The row a programmatic move is about to select (cursor moves before it are stale)."""
        return getattr(self, "_wanted", None)

    def _select(self, target: TreeNode[Entry]) -> None:
        if target is not self.pending:
            return
        # Node line numbers are only rebuilt lazily after an expand; a stale one
        # would put the cursor on another step. Reading the lines rebuilds them.
        _ = self._tree_lines
        if target.line < 0:
            self.call_after_refresh(self._select, target)
            return
        self._wanted = None
        self.move_cursor(target)
        self.scroll_to_node(target, animate=False)

    def current(self) -> Entry | None:
        """The entry under the cursor."""
        node = self.cursor_node
        return node.data if node is not None else None
