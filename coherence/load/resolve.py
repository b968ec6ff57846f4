"""Turn free-text prior knowledge and titles into links, whatever the input format.

One pass over a loaded :class:`~coherence.model.Scheme`:

- a ``prior_knowledge`` item that names a step, unit or prior item by its id or by
  its title (compared after :func:`norm_title`: case, punctuation and spaces folded)
  becomes a ``requires`` link, and leaves ``prior_knowledge``;
- a ``requires`` entry that is no id but a title becomes that item's id;
- everything else stays as written. Each kind of change is said in one load note.

When a title is used more than once, the latest one taught before the step wins
(then a prior item, then the earliest one after it); a step never requires itself
or its own unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from coherence.model import LoadNote, Scheme, Step, Unit

_PUNCT = re.compile(r"[^\w]+")
_EXAMPLES = 3


def norm_title(text: str) -> str:
    """A title folded for matching: lower case, ``&`` as ``and``, punctuation to spaces.

    Examples
    --------
    >>> norm_title("  Fractions, Decimals & Percentages. ")
    'fractions decimals and percentages'
    """
    text = text.lower().replace("&", " and ").replace("_", " ")
    return " ".join(_PUNCT.sub(" ", text).split())


@dataclass(frozen=True)
class _Target:
    id: str
    position: int  # teaching position (file order); prior items come first (-1)
    unit: str | None  # the unit a step belongs to; a unit's own id for a unit
    is_step: bool


@dataclass
class _Index:
    by_id: dict[str, _Target] = field(default_factory=dict)
    by_title: dict[str, list[_Target]] = field(default_factory=dict)

    def add(self, target: _Target, title: str) -> None:
        self.by_id.setdefault(target.id, target)
        self.by_title.setdefault(norm_title(title), []).append(target)


def _index(scheme: Scheme) -> _Index:
    index = _Index()
    for p in scheme.prior:
        index.add(_Target(p.id, -1, None, False), p.title)
    position = 0
    for u in scheme.units:
        for s in u.steps:
            index.add(_Target(s.id, position, u.id, True), s.title)
            position += 1
        # A unit is learnt once its last step is taught.
        index.add(_Target(u.id, position - 1, u.id, False), u.title)
    return index


def _choose(
    candidates: list[_Target], position: int, own: set[str], unit: str | None
) -> str | None:
    """The candidate meant: the latest before ``position``, else the first after it.

    ``own`` ids are never chosen, nor (for a unit's own prior knowledge) its steps.
    """
    usable = [t for t in candidates if t.id not in own and (unit is None or t.unit != unit)]
    before = [t for t in usable if t.position < position]
    if before:
        return max(before, key=lambda t: (t.position, t.is_step)).id
    after = [t for t in usable if t.position >= position]
    return min(after, key=lambda t: (t.position, not t.is_step)).id if after else None


@dataclass
class _Tally:
    resolved: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)


def _resolve_item(
    owner: Unit | Step, index: _Index, position: int, own: set[str], tally: _Tally
) -> None:
    unit = owner.id if isinstance(owner, Unit) else None
    requires = list(owner.requires)
    for i, ref in enumerate(requires):
        if ref in index.by_id:
            continue
        target = _choose(index.by_title.get(norm_title(ref), []), position, own, unit)
        if target is not None:
            requires[i] = target
            tally.titles.append(f"'{ref}' -> {target}")
    kept: list[str] = []
    for text in owner.prior_knowledge:
        target = text.strip() if text.strip() in index.by_id else None
        if target in own:
            target = None
        if target is None:
            target = _choose(index.by_title.get(norm_title(text), []), position, own, unit)
        if target is None:
            kept.append(text)
            tally.kept.append(text)
        else:
            requires.append(target)
            tally.resolved.append(f"'{text}' -> {target}")
    if requires != owner.requires or kept != owner.prior_knowledge:
        owner.requires = list(dict.fromkeys(requires))
        owner.prior_knowledge = kept


def _examples(items: list[str]) -> str:
    shown = "; ".join(items[:_EXAMPLES])
    return f" ({shown}{'; ...' if len(items) > _EXAMPLES else ''})"


def _needs_work(scheme: Scheme) -> bool:
    """True when some item has prior-knowledge text or a ``requires`` that is not an id.

    One plain pass: a 50,000-step scheme without free text costs a few milliseconds.
    """
    known = {p.id for p in scheme.prior}
    refs: list[str] = []
    for u in scheme.units:
        if u.prior_knowledge:
            return True
        known.add(u.id)
        refs += u.requires
        for st in u.steps:
            if st.prior_knowledge:
                return True
            known.add(st.id)
            if st.requires:
                refs += st.requires
    return not known.issuperset(refs)


def resolve_links(scheme: Scheme) -> Scheme:
    """Resolve prior-knowledge items and titled ``requires`` to ids, in place.

    Parameters
    ----------
    scheme : Scheme
        A loaded scheme; its load notes gain one note per kind of change.

    Returns
    -------
    Scheme
        The same scheme.

    Examples
    --------
    >>> s = Scheme.model_validate({"name": "S", "units": [{"id": "u", "title": "Number",
    ...     "steps": [{"id": "a", "title": "Count to 10"},
    ...               {"id": "b", "title": "Add", "prior_knowledge": ["count to 10!", "Bonds"]}]}]})
    >>> resolve_links(s).steps[1].requires, s.steps[1].prior_knowledge
    (['a'], ['Bonds'])
    """
    needs_work = _needs_work(scheme)
    if not needs_work:
        return scheme
    index = _index(scheme)
    tally = _Tally()
    position = 0
    for u in scheme.units:
        _resolve_item(u, index, position, {u.id}, tally)
        for s in u.steps:
            _resolve_item(s, index, position, {s.id, u.id}, tally)
            position += 1
    said = (
        (
            tally.resolved,
            "prior-knowledge item(s) name a step, unit or prior item and became prerequisites",
        ),
        (tally.titles, "prerequisite(s) written as titles were matched to ids"),
        (
            [f"'{t[:50]}'" for t in tally.kept],
            "prior-knowledge item(s) name no step, unit or prior item: kept as text",
        ),
    )
    for items, what in said:
        if items:
            message = f"{len(items)} {what}{_examples(items)}"
            scheme._notes.append(LoadNote(message=message, file=scheme.source))
    return scheme
