"""Edit a scheme: move, link, retitle, accept, review drafted links; undo, redo and save.

Every edit is a small frozen operation with two halves: one returns a new
:class:`~coherence.model.Scheme` (the old one is never changed, so undo and
redo are a stack of states), the other applies the same change to the
ruamel.yaml round-trip document of a YAML file, so saving keeps every comment
and the key order. A spreadsheet, Word or Curricular Analytics input is never
written over: saving writes the native YAML beside it and says so.

After each change the audit re-runs and :class:`FindingsDiff` says, in plain
words, which findings the change fixed and which it added.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from coherence.audit import AuditResult, audit
from coherence.config import CONFIG_NAME, Acceptance, Config, load_config, parse_config
from coherence.errors import InputError
from coherence.graph import CurriculumGraph, build_graph
from coherence.io import write_atomic
from coherence.model import HALF_TERM_NAMES, InferredLink, LinkRef, Scheme, Step, Unit
from coherence.rules.base import Finding
from coherence.util import plural

__all__ = [
    "AcceptFinding",
    "AddPrerequisite",
    "Batch",
    "Change",
    "EditError",
    "EditSession",
    "FindingsDiff",
    "KeepLink",
    "MoveStep",
    "MoveUnit",
    "Operation",
    "RejectLink",
    "RemovePrerequisite",
    "Saved",
    "SetPriorKnowledge",
    "SetTitle",
    "diff_findings",
    "drafted_links",
]

LinkKind = Literal["requires", "covers"]
Doc = Any  # a ruamel.yaml CommentedMap: untyped


class EditError(ValueError):
    """An edit that cannot be made (said to the user, the scheme unchanged)."""


# ------------------------------------------------------------------ locating
@dataclass(frozen=True)
class _Where:
    unit: int
    step: int | None  # None: the unit itself


def _find(scheme: Scheme, item_id: str) -> _Where:
    for ui, u in enumerate(scheme.units):
        if u.id == item_id:
            return _Where(ui, None)
        for si, s in enumerate(u.steps):
            if s.id == item_id:
                return _Where(ui, si)
    raise EditError(f"no step or unit '{item_id}' in this scheme")


def _item(scheme: Scheme, where: _Where) -> Unit | Step:
    u = scheme.units[where.unit]
    return u if where.step is None else u.steps[where.step]


def _with_units(scheme: Scheme, units: list[Unit]) -> Scheme:
    return scheme.model_copy(update={"units": units})


def _with_item(scheme: Scheme, where: _Where, item: Unit | Step) -> Scheme:
    """A new scheme with one unit or step replaced (everything else shared)."""
    units = list(scheme.units)
    if where.step is None:
        assert isinstance(item, Unit)
        units[where.unit] = item
    else:
        steps = list(units[where.unit].steps)
        assert isinstance(item, Step)
        steps[where.step] = item
        units[where.unit] = units[where.unit].model_copy(update={"steps": steps})
    return _with_units(scheme, units)


def _doc_item(doc: Doc, where: _Where) -> Doc:
    unit = doc["units"][where.unit]
    return unit if where.step is None else unit["steps"][where.step]


def _doc_set(node: Doc, key: str, value: Any, before: str = "steps") -> None:
    """Set ``key`` in a ruamel mapping; a new key goes before ``before`` (else at the end)."""
    if key in node:
        node[key] = value
        return
    keys = list(node)
    if before in keys:
        node.insert(keys.index(before), key, value)
    else:
        _append_item(node, key, value)


# Comments: ruamel keeps the full-line comments that precede an item on the end
# of the item before it (its deepest last value). Moving or deleting an item
# must hand those lines to whatever now comes before them, or they would move
# with the wrong item or vanish.
def _is_block(node: Any) -> bool:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    return isinstance(node, CommentedMap | CommentedSeq) and bool(node) and not node.fa.flow_style()


Slot = tuple[Any, Any, int]


def _slot(container: Any, key: Any) -> Slot:
    """Where the comments after ``container[key]`` are kept (its deepest last value)."""
    from ruamel.yaml.comments import CommentedMap

    value = container[key]
    if _is_block(value):
        return _tail(value)
    return container, key, 2 if isinstance(container, CommentedMap) else 0


def _tail(node: Any) -> Slot:
    """Where the comments after a non-empty block list or mapping are kept."""
    from ruamel.yaml.comments import CommentedMap

    return _slot(node, list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1)


def _take(slot: Slot) -> str:
    """Remove and return the full-line comments at ``slot`` (the end-of-line one stays)."""
    container, key, i = slot
    entry = container.ca.items.get(key)
    token = entry[i] if entry and len(entry) > i else None
    if token is None or "\n" not in token.value:
        return ""
    own, rest = token.value.split("\n", 1)
    token.value = own + "\n"
    return str(rest)


def _give(slot: Slot, lines: str) -> None:
    """Append full-line comments at ``slot``."""
    if not lines.strip():
        return
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    container, key, i = slot
    entry = container.ca.items.setdefault(key, [None, None, None, None] if i == 2 else [None])
    while len(entry) <= i:
        entry.append(None)
    token = entry[i]
    if token is None:
        entry[i] = CommentToken("\n" + lines, CommentMark(0), None)
    else:
        token.value = (token.value if token.value.endswith("\n") else token.value + "\n") + lines


def _pop_item(container: Any, key: Any) -> Any:
    """Delete ``container[key]`` (a list index or a mapping key), keeping the comments after it."""
    keys = list(range(len(container))) if isinstance(container, list) else list(container)
    at = keys.index(key)
    lines = _take(_slot(container, key))
    value = container[key]
    del container[key]
    if at > 0:
        _give(_slot(container, keys[at - 1]), lines)
    return value


def _move_in_seq(seq: Any, old: int, new: int) -> None:
    """Move ``seq[old]`` so it ends at index ``new``, its leading comments with it."""
    lead = _take(_slot(seq, old - 1)) if old > 0 else ""
    node = _pop_item(seq, old)
    follows = ""
    if new > 0:
        follows = _take(_slot(seq, new - 1))
        _give(_slot(seq, new - 1), lead)
        lead = ""
    seq.insert(new, node)
    _give(_slot(seq, new), lead + follows)


def _append_item(container: Any, key: Any, value: Any) -> None:
    """Add at the end of a block list (key None) or mapping; later comments follow it."""
    lines = _take(_tail(container)) if _is_block(container) else ""
    if key is None:
        container.append(value)
        key = len(container) - 1
    else:
        container[key] = value
    _give(_slot(container, key), lines)


def _flow_list(values: Sequence[Any]) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


# ---------------------------------------------------------------- operations
class Operation:
    """An edit: a new scheme from an old one, and the same change on a YAML document."""

    def describe(self) -> str:
        """The edit in words, for the notice and the undo history."""
        raise NotImplementedError

    def on_scheme(self, scheme: Scheme) -> Scheme:
        """Return the edited scheme (``scheme`` is not changed).

        Raises
        ------
        EditError
            When the edit cannot be made.
        """
        raise NotImplementedError

    def on_doc(self, doc: Doc, before: Scheme) -> None:
        """Make the same change in a ruamel.yaml document of the scheme as it was ``before``."""
        raise NotImplementedError

    def acceptances(self) -> tuple[Acceptance, ...]:
        """Acceptances this edit adds to ``coherence.toml``."""
        return ()


def _term_value(existing: int | str | None, term: int, system: str) -> int | str:
    """Write the new term in the style the unit already used (a name or a number)."""
    if system == "half-terms" and (existing is None or isinstance(existing, str)):
        return HALF_TERM_NAMES[term - 1].lower().replace(" ", "-")
    return term


def _unit_key(scheme: Scheme, u: Unit) -> tuple[int, int]:
    from coherence.graph import _unit_period

    return (u.year or 0, _unit_period(scheme, u.year, u.term) or 0)


def _insert_at(scheme: Scheme, rest: list[Unit], key: tuple[int, int], index: int | None) -> int:
    """Where a unit for period ``key`` goes in ``rest`` to be ``index``-th in that period."""
    peers = [i for i, u in enumerate(rest) if _unit_key(scheme, u) == key]
    if peers and index is not None and index < len(peers):
        return peers[max(index, 0)]
    if peers:
        return peers[-1] + 1
    earlier = [i for i, u in enumerate(rest) if _unit_key(scheme, u) < key]
    return earlier[-1] + 1 if earlier else 0


@dataclass(frozen=True)
class MoveUnit(Operation):
    """Move a unit to a year and half-term, at a position among that half-term's units.

    Examples
    --------
    >>> from coherence.load import load_scheme, bundled_scheme_path
    >>> s = MoveUnit("y7-sequences", 7, 2, 0).on_scheme(load_scheme(bundled_scheme_path()))
    >>> [u.id for u in s.units if u.year == 7 and u.term == "autumn-2"][0]
    'y7-sequences'
    """

    unit: str
    year: int
    term: int
    index: int | None = None  # 0 = first in the half-term; None = last

    def describe(self) -> str:
        """In words."""
        where = f"Year {self.year} {HALF_TERM_NAMES[self.term - 1]}"
        pos = "" if self.index is None else f", position {self.index + 1}"
        return f"moved unit {self.unit} to {where}{pos}"

    def _plan(self, scheme: Scheme) -> tuple[int, int, Unit]:
        where = _find(scheme, self.unit)
        if where.step is not None:
            raise EditError(f"'{self.unit}' is a step, not a unit: move it into a unit")
        per_year = 6 if scheme.system == "half-terms" else (2 if scheme.system == "semester" else 3)
        if not 1 <= self.term <= per_year:
            raise EditError(f"term {self.term} is out of range (1-{per_year})")
        old = scheme.units[where.unit]
        new = old.model_copy(
            update={"year": self.year, "term": _term_value(old.term, self.term, scheme.system)}
        )
        rest = [u for i, u in enumerate(scheme.units) if i != where.unit]
        return where.unit, _insert_at(scheme, rest, _unit_key(scheme, new), self.index), new

    def on_scheme(self, scheme: Scheme) -> Scheme:
        """The scheme with the unit moved."""
        old, to, new = self._plan(scheme)
        rest = [u for i, u in enumerate(scheme.units) if i != old]
        rest.insert(to, new)
        return _with_units(scheme, rest)

    def on_doc(self, doc: Doc, before: Scheme) -> None:
        """Move the unit's mapping (its comments travel with it)."""
        old, to, new = self._plan(before)
        node = doc["units"][old]
        node["year"] = new.year
        _doc_set(node, "term", new.term)
        if to != old:
            _move_in_seq(doc["units"], old, to)


@dataclass(frozen=True)
class MoveStep(Operation):
    """Move a step into a unit (its own or another) at a position.

    Examples
    --------
    >>> from coherence.load import load_scheme, bundled_scheme_path
    >>> s = MoveStep("y7-seq-2", "y7-sequences", 0).on_scheme(load_scheme(bundled_scheme_path()))
    >>> [x.id for x in s.units[0].steps][:2]
    ['y7-seq-2', 'y7-seq-1']
    """

    step: str
    unit: str
    index: int | None = None  # None: last in the unit

    def describe(self) -> str:
        """In words."""
        pos = "the end" if self.index is None else f"position {self.index + 1}"
        return f"moved step {self.step} to {pos} of unit {self.unit}"

    def _plan(self, scheme: Scheme) -> tuple[_Where, int, int]:
        src = _find(scheme, self.step)
        if src.step is None:
            raise EditError(f"'{self.step}' is a unit: use move unit")
        dst = _find(scheme, self.unit)
        if dst.step is not None:
            raise EditError(f"'{self.unit}' is a step, not a unit")
        if dst.unit != src.unit and len(scheme.units[src.unit].steps) == 1:
            raise EditError(
                f"'{self.step}' is the only step of unit {scheme.units[src.unit].id}: "
                "a unit needs at least one step"
            )
        size = len(scheme.units[dst.unit].steps) - (1 if dst.unit == src.unit else 0)
        to = size if self.index is None else max(0, min(self.index, size))
        return src, dst.unit, to

    def on_scheme(self, scheme: Scheme) -> Scheme:
        """The scheme with the step moved."""
        src, dst, to = self._plan(scheme)
        units = list(scheme.units)
        step = units[src.unit].steps[src.step or 0]
        left = [s for i, s in enumerate(units[src.unit].steps) if i != src.step]
        units[src.unit] = units[src.unit].model_copy(update={"steps": left})
        steps = list(units[dst].steps)
        steps.insert(to, step)
        units[dst] = units[dst].model_copy(update={"steps": steps})
        return _with_units(scheme, units)

    def on_doc(self, doc: Doc, before: Scheme) -> None:
        """Move the step's mapping."""
        src, dst, to = self._plan(before)
        assert src.step is not None
        steps = doc["units"][src.unit]["steps"]
        if src.unit == dst:
            if to != src.step:
                _move_in_seq(steps, src.step, to)
            return
        node = _pop_item(steps, src.step)
        target = doc["units"][dst]["steps"]
        if to >= len(target):
            _append_item(target, None, node)
        else:
            target.insert(to, node)


def _list_edit(
    scheme: Scheme, item_id: str, key: str, change: Callable[[list[Any]], list[Any]]
) -> Scheme:
    where = _find(scheme, item_id)
    item = _item(scheme, where)
    return _with_item(
        scheme, where, item.model_copy(update={key: change(list(getattr(item, key)))})
    )


def _doc_list_edit(
    doc: Doc, before: Scheme, item_id: str, key: str, change: Callable[[list[Any]], list[Any]]
) -> None:
    node = _doc_item(doc, _find(before, item_id))
    current = node.get(key)
    if current is None:
        new = change([])
        if new:
            _doc_set(node, key, _flow_list(new))
        return
    _doc_replace_list(node, key, change(list(current)))


def _doc_replace_list(node: Doc, key: str, new: list[Any]) -> None:
    """Make ``node[key]`` hold ``new``, editing the existing list (style and comments kept)."""
    current = node[key]
    if not new:
        _pop_item(node, key)
        return
    for i in reversed(range(len(current))):
        if current[i] not in new:
            _pop_item(current, i)
    for value in new:
        if value not in current:
            _append_item(current, None, value)


@dataclass(frozen=True)
class AddPrerequisite(Operation):
    """Make a step (or unit) build on another step, unit or prior item.

    Examples
    --------
    >>> from coherence.load import load_scheme, bundled_scheme_path
    >>> s = AddPrerequisite("y7-seq-2", "ks2-fractions").on_scheme(
    ...     load_scheme(bundled_scheme_path()))
    >>> "ks2-fractions" in s.units[0].steps[1].requires
    True
    """

    item: str
    target: str

    def describe(self) -> str:
        """In words."""
        return f"{self.item} now builds on {self.target}"

    def _add(self, values: list[Any]) -> list[Any]:
        if self.target == self.item:
            raise EditError("a step cannot build on itself")
        if self.target in values:
            raise EditError(f"{self.item} already builds on {self.target}")
        return [*values, self.target]

    def on_scheme(self, scheme: Scheme) -> Scheme:
        """The scheme with the prerequisite added."""
        return _list_edit(scheme, self.item, "requires", self._add)

    def on_doc(self, doc: Doc, before: Scheme) -> None:
        """Append to ``requires``."""
        _doc_list_edit(doc, before, self.item, "requires", self._add)


@dataclass(frozen=True)
class RemovePrerequisite(Operation):
    """Stop a step (or unit) building on something it names in ``requires``."""

    item: str
    target: str

    def describe(self) -> str:
        """In words."""
        return f"{self.item} no longer builds on {self.target}"

    def _remove(self, values: list[Any]) -> list[Any]:
        if self.target not in values:
            raise EditError(f"{self.item} does not list {self.target} in its requires")
        return [v for v in values if v != self.target]

    def on_scheme(self, scheme: Scheme) -> Scheme:
        """The scheme without the prerequisite."""
        return _list_edit(scheme, self.item, "requires", self._remove)

    def on_doc(self, doc: Doc, before: Scheme) -> None:
        """Remove from ``requires``."""
        _doc_list_edit(doc, before, self.item, "requires", self._remove)


@dataclass(frozen=True)
class SetTitle(Operation):
    """Retitle a step or unit."""

    item: str
    title: str

    def describe(self) -> str:
        """In words."""
        return f"retitled {self.item}"

    def _title(self) -> str:
        title = " ".join(self.title.split())
        if not title:
            raise EditError("a title cannot be empty")
        return title

    def on_scheme(self, scheme: Scheme) -> Scheme:
        """The scheme with the new title."""
        where = _find(scheme, self.item)
        item = _item(scheme, where)
        return _with_item(scheme, where, item.model_copy(update={"title": self._title()}))

    def on_doc(self, doc: Doc, before: Scheme) -> None:
        """Set ``title``."""
        _doc_item(doc, _find(before, self.item))["title"] = self._title()


@dataclass(frozen=True)
class SetPriorKnowledge(Operation):
    """Replace a step's or unit's prior-knowledge statements (one per line)."""

    item: str
    lines: tuple[str, ...]

    def describe(self) -> str:
        """In words."""
        return f"prior knowledge of {self.item} edited"

    def _lines(self, _: list[Any]) -> list[Any]:
        return [" ".join(line.split()) for line in self.lines if line.strip()]

    def on_scheme(self, scheme: Scheme) -> Scheme:
        """The scheme with the new statements."""
        return _list_edit(scheme, self.item, "prior_knowledge", self._lines)

    def on_doc(self, doc: Doc, before: Scheme) -> None:
        """Set ``prior_knowledge`` (removed when empty)."""
        node = _doc_item(doc, _find(before, self.item))
        new = self._lines([])
        if not new:
            if "prior_knowledge" in node:
                _pop_item(node, "prior_knowledge")
        else:
            _doc_set(node, "prior_knowledge", new)


@dataclass(frozen=True)
class AcceptFinding(Operation):
    """Accept a finding with a reason (an ``[[accept]]`` entry in ``coherence.toml``)."""

    rule: str
    nodes: tuple[str, ...]
    reason: str

    def describe(self) -> str:
        """In words."""
        return f"accepted {self.rule} for {', '.join(self.nodes)}"

    def on_scheme(self, scheme: Scheme) -> Scheme:
        """The scheme is unchanged (the acceptance lives in the config)."""
        if not self.reason.strip():
            raise EditError("say why the department accepts it: a reason is needed")
        return scheme

    def on_doc(self, doc: Doc, before: Scheme) -> None:
        """Nothing in the scheme file."""

    def acceptances(self) -> tuple[Acceptance, ...]:
        """The acceptance to write."""
        return (Acceptance(self.rule, self.nodes, " ".join(self.reason.split())),)


def _inferred_key(kind: LinkKind) -> str:
    return "inferred_requires" if kind == "requires" else "inferred_covers"


@dataclass(frozen=True)
class _LinkReview(Operation):
    step: str
    kind: LinkKind
    target: str

    def _split(self, scheme: Scheme) -> tuple[_Where, list[InferredLink]]:
        where = _find(scheme, self.step)
        links = getattr(_item(scheme, where), _inferred_key(self.kind))
        left = [x for x in links if x.target != self.target]
        if len(left) == len(links):
            raise EditError(f"no drafted {self.kind} link from {self.step} to {self.target}")
        return where, left

    def _drop_inferred(self, node: Doc) -> None:
        key = _inferred_key(self.kind)
        if key in node:
            kept = [x for x in node[key] if str(x.get("target")) != self.target]
            _doc_replace_list(node, key, kept)


@dataclass(frozen=True)
class KeepLink(_LinkReview):
    """Keep a drafted link: it moves into ``requires``/``covers``."""

    def describe(self) -> str:
        """In words."""
        return f"kept drafted link {self.step} {self.kind} {self.target}"

    def on_scheme(self, scheme: Scheme) -> Scheme:
        """The scheme with the link made the department's own."""
        where, left = self._split(scheme)
        item = _item(scheme, where)
        own = list(getattr(item, self.kind))
        if self.target not in own:
            own.append(self.target)
        update = {self.kind: own, _inferred_key(self.kind): left}
        return _with_item(scheme, where, item.model_copy(update=update))

    def on_doc(self, doc: Doc, before: Scheme) -> None:
        """Append the target to the list; drop the drafted entry."""
        where = _find(before, self.step)
        node = _doc_item(doc, where)
        if self.target not in (node.get(self.kind) or []):
            _doc_list_edit(doc, before, self.step, self.kind, lambda v: [*v, self.target])
        self._drop_inferred(node)


@dataclass(frozen=True)
class RejectLink(_LinkReview):
    """Reject a drafted link: it is dropped and remembered, never proposed again."""

    def describe(self) -> str:
        """In words."""
        return f"rejected drafted link {self.step} {self.kind} {self.target}"

    def on_scheme(self, scheme: Scheme) -> Scheme:
        """The scheme without the proposal, with it in ``rejected_links``."""
        where, left = self._split(scheme)
        item = _item(scheme, where)
        out = _with_item(scheme, where, item.model_copy(update={_inferred_key(self.kind): left}))
        ref = LinkRef(step=self.step, kind=self.kind, target=self.target)
        return out.model_copy(update={"rejected_links": [*scheme.rejected_links, ref]})

    def on_doc(self, doc: Doc, before: Scheme) -> None:
        """Drop the drafted entry; append to ``rejected_links``."""
        from ruamel.yaml.comments import CommentedMap

        self._drop_inferred(_doc_item(doc, _find(before, self.step)))
        entry = CommentedMap(step=self.step, kind=self.kind, target=self.target)
        entry.fa.set_flow_style()
        if "rejected_links" in doc:
            _append_item(doc["rejected_links"], None, entry)
        else:
            _doc_set(doc, "rejected_links", [entry], before="units")


@dataclass(frozen=True)
class Batch(Operation):
    """Several edits as one (one undo step), e.g. keep every drafted link above a score."""

    ops: tuple[Operation, ...]
    label: str

    def describe(self) -> str:
        """In words."""
        return self.label

    def on_scheme(self, scheme: Scheme) -> Scheme:
        """Each edit in turn."""
        for op in self.ops:
            scheme = op.on_scheme(scheme)
        return scheme

    def on_doc(self, doc: Doc, before: Scheme) -> None:
        """Each edit in turn, each against the scheme as it was then."""
        for op in self.ops:
            op.on_doc(doc, before)
            before = op.on_scheme(before)

    def acceptances(self) -> tuple[Acceptance, ...]:
        """All of them."""
        return tuple(a for op in self.ops for a in op.acceptances())


@dataclass(frozen=True)
class DraftedLink:
    """A drafted link awaiting review, with the step it belongs to."""

    step: str
    kind: LinkKind
    link: InferredLink


def drafted_links(scheme: Scheme) -> list[DraftedLink]:
    """Every drafted link of a scheme, in file order (requires before covers per item).

    Examples
    --------
    >>> from coherence.load import load_scheme, bundled_scheme_path
    >>> drafted_links(load_scheme(bundled_scheme_path()))
    []
    """
    out: list[DraftedLink] = []
    for u in scheme.units:
        items: list[Unit | Step] = [u, *u.steps]
        for item in items:
            out.extend(DraftedLink(item.id, "requires", x) for x in item.inferred_requires)
            out.extend(DraftedLink(item.id, "covers", x) for x in item.inferred_covers)
    return out


def keep_all_above(scheme: Scheme, score: float) -> Batch:
    """One edit keeping every drafted link scoring at least ``score``."""
    ops = tuple(
        KeepLink(d.step, d.kind, d.link.target)
        for d in drafted_links(scheme)
        if d.link.score >= score
    )
    if not ops:
        raise EditError(f"no drafted link scores {score:.2f} or more")
    return Batch(ops, f"kept {plural(len(ops), 'drafted link')} scoring {score:.2f} or more")


# --------------------------------------------------------------- what changed
_SEVERITY_WORDS = {"error": ("error", "errors"), "warning": ("warning", "warnings")}


def _count_words(counts: Counter[str]) -> str:
    parts = []
    for sev in ("error", "warning", "info"):
        n = counts[sev]
        if n:
            one, many = _SEVERITY_WORDS.get(sev, ("note", "notes"))
            parts.append(plural(n, one, many))
    if len(parts) > 1:
        return ", ".join(parts[:-1]) + " and " + parts[-1]
    return parts[0] if parts else ""


def _fkey(f: Finding) -> tuple[str, tuple[str, ...]]:
    return (f.rule, f.nodes)


@dataclass(frozen=True)
class FindingsDiff:
    """Open findings a change removed, added, or that became accepted."""

    fixed: tuple[Finding, ...] = ()
    added: tuple[Finding, ...] = ()
    accepted: tuple[Finding, ...] = ()

    def summary(self) -> str:
        """``fixes 1 error, adds 1 warning`` (or that nothing changed).

        Examples
        --------
        >>> from coherence.rules.base import Severity
        >>> f = Finding("cycle", Severity.ERROR, ("a", "b"), "x")
        >>> FindingsDiff(fixed=(f,)).summary()
        'fixes 1 error'
        >>> FindingsDiff().summary()
        'the findings are unchanged'
        """
        parts = []
        for verb, group in (("fixes", self.fixed), ("accepts", self.accepted)):
            if group:
                parts.append(f"{verb} {_count_words(Counter(f.severity.value for f in group))}")
        if self.added:
            parts.append(f"adds {_count_words(Counter(f.severity.value for f in self.added))}")
        return ", ".join(parts) if parts else "the findings are unchanged"

    def lines(self, limit: int = 4, name: Callable[[str], str] | None = None) -> list[str]:
        """The findings named, ``fixed: late-prerequisite at y9-py-2``, at most ``limit``.

        ``name`` turns the step a finding is about into words (e.g. its title).

        Examples
        --------
        >>> from coherence.rules.base import Severity
        >>> f = Finding("cycle", Severity.ERROR, ("a", "b"), "x")
        >>> FindingsDiff(added=(f,)).lines(name=lambda n: f"Step {n.upper()} ({n})")
        ['new: cycle at Step A (a)']
        """

        def where(f: Finding) -> str:
            if name is not None and f.nodes:
                return name(f.nodes[0])
            return ", ".join(f.nodes[:2])

        out = []
        for label, group in (("fixed", self.fixed), ("accepted", self.accepted)):
            out += [f"{label}: {f.rule} at {where(f)}" for f in group]
        out += [f"new: {f.rule} at {where(f)}" for f in self.added]
        if len(out) > limit:
            out = [*out[:limit], f"and {len(out) - limit} more"]
        return out


def diff_findings(before: Sequence[Finding], after: Sequence[Finding]) -> FindingsDiff:
    """Compare two audits' findings by rule and steps (messages may reword).

    Examples
    --------
    >>> from coherence.rules.base import Severity
    >>> a = Finding("cycle", Severity.ERROR, ("a", "b"), "x")
    >>> b = Finding("isolated-step", Severity.INFO, ("c",), "y")
    >>> diff_findings([a], [b]).summary()
    'fixes 1 error, adds 1 note'
    """
    old = {_fkey(f): f for f in before}
    new = {_fkey(f): f for f in after}
    fixed = tuple(f for k, f in old.items() if not f.accepted and k not in new)
    added = tuple(f for k, f in new.items() if not f.accepted and (k not in old or old[k].accepted))
    accepted = tuple(f for k, f in new.items() if f.accepted and k in old and not old[k].accepted)
    return FindingsDiff(fixed, added, accepted)


# ------------------------------------------------------------------- session
@dataclass(frozen=True)
class Change:
    """What one edit (or undo, or redo) did."""

    description: str
    diff: FindingsDiff
    result: AuditResult

    def notice(self) -> str:
        """``Moved unit ...: fixes 1 error, adds 1 warning``."""
        text = self.description[:1].upper() + self.description[1:]
        return f"{text}: {self.diff.summary()}"


@dataclass(frozen=True)
class Saved:
    """Where a save went, and anything the user should know about it."""

    path: str
    note: str
    config: str | None = None


@dataclass
class _State:
    scheme: Scheme
    accept: tuple[Acceptance, ...] = ()


_YAML_SUFFIXES = (".yaml", ".yml")


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap the department's long titles
    return yaml


_SEQ_ITEM = re.compile(r"^( *)[\w-]+:[ \t]*(?:#.*)?\n(?:[ \t]*(?:#.*)?\n)*( *)- +(\S)", re.M)


def guess_indent(text: str) -> tuple[int, int]:
    """The block-list style of a YAML text: (content indent, dash indent) of a list item.

    ``ruamel.yaml.util.load_yaml_guess_indent`` parses the whole file for this,
    which doubles the cost of a save.

    Examples
    --------
    >>> guess_indent("units:\\n  - id: a\\n    title: A\\n")
    (4, 2)
    >>> guess_indent("units:\\n- id: a\\n")
    (2, 0)
    """
    m = _SEQ_ITEM.search(text)
    if m is None:
        return 4, 2
    parent, dash = len(m.group(1)), len(m.group(2))
    return m.start(3) - m.start(2) - parent, dash - parent


def _load_doc(text: str) -> tuple[Doc, Any]:
    indent, dash = guess_indent(text)
    yaml = _yaml()
    yaml.indent(mapping=max(indent - dash, 2), sequence=indent, offset=dash)
    return yaml.load(text), yaml


def _dump(yaml: Any, doc: Doc) -> str:
    buf = io.StringIO()
    yaml.dump(doc, buf)
    return buf.getvalue()


def _toml_string(s: str) -> str:
    # A JSON string is a valid TOML basic string (same escapes).
    return json.dumps(s, ensure_ascii=False)


def accept_entries(accept: Sequence[Acceptance], table: str = "accept") -> str:
    """``[[accept]]`` tables for ``coherence.toml``.

    Examples
    --------
    >>> print(accept_entries([Acceptance("cycle", ("a", "b"), 'as "planned"')]), end="")
    <BLANKLINE>
    [[accept]]
    rule = "cycle"
    steps = ["a", "b"]
    reason = "as \\"planned\\""
    """
    out = ""
    for a in accept:
        steps = ", ".join(_toml_string(n) for n in a.nodes)
        out += f"\n[[{table}]]\nrule = {_toml_string(a.rule)}\nsteps = [{steps}]\n"
        out += f"reason = {_toml_string(a.reason)}\n"
    return out


class EditSession:
    """A scheme open for editing: the audit of its current state, undo, redo and save.

    Parameters
    ----------
    path : str or None
        The scheme file (None: the bundled example).
    framework, config : str, optional
        As for :func:`coherence.audit.run_audit`.

    Examples
    --------
    >>> from coherence.load import bundled_scheme_path
    >>> s = EditSession(bundled_scheme_path())
    >>> s.apply(AddPrerequisite("y9-py-2", "ks2-times-tables")).diff.summary()
    'adds 1 note'
    >>> s.dirty, s.undo() is not None, s.dirty
    (True, True, False)
    """

    def __init__(
        self, path: str | None, framework: str | None = None, config: str | None = None
    ) -> None:
        from coherence.load import bundled_scheme_path, load_framework, load_scheme

        self.path = path or bundled_scheme_path()
        self.framework_arg = framework
        self.config_arg = config
        scheme = load_scheme(self.path)
        ref = framework or scheme.framework
        self.framework = (
            load_framework(ref, relative_to=None if framework else self.path) if ref else None
        )
        self.config: Config = load_config(config, self.path)
        self._states: list[_State] = [_State(scheme)]
        self._ops: list[Operation] = []
        self._index = 0
        self._saved_index = 0
        self._config_written: tuple[Acceptance, ...] = ()
        self._origin_text = self._read_text() if self._is_yaml() else None
        self._last_written = self._origin_text
        # The ruamel document as last saved, with its stack index (parsing is the slow part).
        self._doc: tuple[Doc, Any, int] | None = None
        self.result = self._audit(self._states[0])

    # ---------------------------------------------------------------- state
    def _is_yaml(self) -> bool:
        from coherence.load import detect_format

        if not self.path.lower().endswith(_YAML_SUFFIXES):
            return False
        return detect_format(self.path, Path(self.path).read_bytes()[:8192]) == "yaml"

    def _read_text(self) -> str:
        return Path(self.path).read_bytes().decode("utf-8-sig")

    @property
    def scheme(self) -> Scheme:
        """The scheme as edited so far."""
        return self._states[self._index].scheme

    @property
    def graph(self) -> CurriculumGraph:
        """The current scheme's graph."""
        return self.result.graph

    @property
    def dirty(self) -> bool:
        """True when there are changes not yet saved."""
        return self._index != self._saved_index

    @property
    def can_undo(self) -> bool:
        """True when there is an edit to undo."""
        return self._index > 0

    @property
    def can_redo(self) -> bool:
        """True when there is an undone edit to redo."""
        return self._index < len(self._ops)

    @property
    def history(self) -> list[str]:
        """The edits made (undone ones excluded), oldest first."""
        return [op.describe() for op in self._ops[: self._index]]

    def _config_for(self, state: _State) -> Config:
        if not state.accept:
            return self.config
        return replace(self.config, accept=[*self.config.accept, *state.accept])

    def _audit(self, state: _State) -> AuditResult:
        return audit(build_graph(state.scheme, self.framework), self._config_for(state))

    def _move_to(self, index: int, description: str) -> Change:
        before = self.result
        self._index = index
        self.result = self._audit(self._states[index])
        return Change(
            description, diff_findings(before.findings, self.result.findings), self.result
        )

    # ---------------------------------------------------------------- edits
    def apply(self, op: Operation) -> Change:
        """Make an edit, re-run the audit and say what changed.

        Raises
        ------
        EditError
            When the edit cannot be made (nothing changes).
        """
        state = self._states[self._index]
        scheme = op.on_scheme(state.scheme)
        new = _State(scheme, state.accept + op.acceptances())
        del self._states[self._index + 1 :]
        del self._ops[self._index :]
        if self._saved_index > self._index:
            self._saved_index = -1  # the saved state is no longer reachable
        self._states.append(new)
        self._ops.append(op)
        return self._move_to(self._index + 1, op.describe())

    def undo(self) -> Change | None:
        """Undo the last edit (None when there is none)."""
        if not self.can_undo:
            return None
        return self._move_to(self._index - 1, "undid: " + self._ops[self._index - 1].describe())

    def redo(self) -> Change | None:
        """Redo the last undone edit (None when there is none)."""
        if not self.can_redo:
            return None
        return self._move_to(self._index + 1, "redid: " + self._ops[self._index].describe())

    # ----------------------------------------------------------------- save
    def save_path(self) -> str:
        """Where :meth:`save` writes: the file itself for YAML, else a YAML beside it."""
        if self._origin_text is not None:
            return self.path
        p = Path(self.path)
        return str(p.with_name(f"{p.stem}-edited.yaml"))

    def config_path(self) -> str:
        """The ``coherence.toml`` acceptances are written to."""
        return self.config_arg or self.config.source or str(Path(self.path).parent / CONFIG_NAME)

    def save(self) -> Saved:
        """Write the edits: YAML in place keeping comments and order; else native YAML beside.

        Raises
        ------
        InputError
            When the file changed on disk since it was opened, or cannot be written.
        """
        target = self.save_path()
        if self._origin_text is not None:
            text = self._save_yaml()
            note = f"Saved {target} (comments and order kept)"
        else:
            text = self._native_yaml()
            note = (
                f"Saved as {target}: {Path(self.path).name} is the department's file "
                "and is not changed"
            )
        config = self._save_acceptances()
        try:
            write_atomic(target, text)
        except OSError as e:
            raise InputError(f"cannot save: {e.strerror or e}", file=target) from None
        if self._origin_text is None:
            # From now on the session edits the YAML it wrote.
            self._origin_text = text
            self.path = target
            self._ops = self._ops[: self._index]
            self._states = self._states[: self._index + 1]
            self._rebase()
        else:
            self._last_written = text
        self._saved_index = self._index
        if config:
            note += f"; acceptances added to {config}"
        return Saved(target, note, config)

    def _rebase(self) -> None:
        """Make the current state the new origin (after saving a spreadsheet as YAML)."""
        current = self._states[self._index]
        self._states = [current]
        self._ops = []
        self._index = 0
        self._last_written = self._origin_text
        self._doc = None

    def _save_yaml(self) -> str:
        assert self._origin_text is not None
        on_disk = self._read_text() if os.path.exists(self.path) else None
        if on_disk is not None and on_disk != self._last_written:
            raise InputError(
                "changed on disk since it was opened here: reload (r) before saving, "
                "or your edits and the other change would overwrite each other",
                file=self.path,
            )
        cached, self._doc = self._doc, None
        if cached is not None and cached[2] == self._saved_index <= self._index:
            doc, yaml, start = cached  # the document as last saved: apply only what is new
        else:
            (doc, yaml), start = _load_doc(self._origin_text), 0
        for i in range(start, self._index):
            self._ops[i].on_doc(doc, self._states[i].scheme)
        self._doc = (doc, yaml, self._index)
        return _dump(yaml, doc)

    def _native_yaml(self) -> str:
        data = self.scheme.model_dump(mode="json", exclude_defaults=True)
        yaml = _yaml()
        yaml.indent(mapping=2, sequence=4, offset=2)
        head = (
            f"# Saved by coherence explore from {Path(self.path).name}"
            " (that file was not changed).\n"
        )
        return head + _dump(yaml, data)

    def _save_acceptances(self) -> str | None:
        pending = [a for a in self._states[self._index].accept if a not in self._config_written]
        if not pending:
            return None
        path = self.config_path()
        old = Path(path).read_text(encoding="utf-8-sig") if os.path.exists(path) else ""
        table = "tool.coherence.accept" if "[tool." in old else "accept"
        new = old + ("" if not old or old.endswith("\n") else "\n") + accept_entries(pending, table)
        parse_config(new, path)  # never write a config the audit cannot read
        write_atomic(path, new)
        self._config_written += tuple(pending)
        return path
