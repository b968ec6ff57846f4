"""Write a scheme for review: drafted links added as ``inferred_requires`` and
``inferred_covers``, every comment and the order of the department's file kept.

Review happens in the file: moving an inferred entry into ``requires``/``covers``
keeps it; deleting it rejects it. ``drafted_links`` records what this run drafted,
so the next run can tell a deletion (added to ``rejected_links``, never proposed
again) from an entry still awaiting review.
"""

from __future__ import annotations

import io
import itertools
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.tokens import CommentToken

from coherence.errors import InputError
from coherence.link.draft import Draft, Kind, Proposal
from coherence.model import Scheme, Step, Unit

#: ruamel.yaml folds lines at 80 columns by default; a long title must stay on one line.
_WIDTH = 4096
_STEP_KEYS_BEFORE = ("covers", "requires", "lessons", "title", "id")


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.width = _WIDTH
    y.preserve_quotes = True
    return y


def _guess_indent(text: str) -> tuple[int, int]:
    """(mapping indent, dash offset) as the file writes them: ``units:\\n  - id:`` is (2, 2)."""
    pairs: dict[tuple[int, int], int] = {}
    lines = text.splitlines()
    for a, b in itertools.pairwise(lines):
        m_key = re.match(r"^( *)[\w-]+:\s*(#.*)?$", a)
        m_dash = re.match(r"^( *)- ", b)
        if m_key and m_dash:
            off = len(m_dash.group(1)) - len(m_key.group(1))
            if off >= 0:
                pairs[(2, off)] = pairs.get((2, off), 0) + 1
    return max(pairs, key=lambda k: pairs[k]) if pairs else (2, 0)


def _flow_list(items: Iterable[str]) -> CommentedSeq:
    s = CommentedSeq(list(items))
    s.fa.set_flow_style()
    return s


def _move_trailing_comment(cm: CommentedMap, old: Any, new: Any) -> None:
    """Keep the comment lines that followed ``old`` (the last key) after ``new``.

    ruamel.yaml attaches the comment lines between two items of a list to the last
    key of the first item; a key appended after it would otherwise land below them.
    """
    entry = cm.ca.items.get(old)
    if not entry or len(entry) < 3 or entry[2] is None:
        return
    tok = entry[2]
    value = tok.value
    nl = value.find("\n")
    if nl < 0 or nl == len(value) - 1:
        return
    keep, move = value[: nl + 1], value[nl + 1 :]
    tok.value = keep
    cm.ca.items[new] = [None, None, CommentToken(move, tok.start_mark, None), None]


def _set_key(
    cm: CommentedMap, key: str, value: Any, after: Sequence[str], before: str | None
) -> None:
    if key in cm:
        cm[key] = value
        return
    keys = list(cm.keys())
    if before is not None and before in cm:
        cm.insert(keys.index(before), key, value)
        return
    pos = len(keys)
    for k in after:
        if k in cm:
            pos = keys.index(k) + 1
            break
    last = keys[-1] if keys else None
    cm.insert(pos, key, value)
    if pos == len(keys) and last is not None:
        _move_trailing_comment(cm, last, key)


def _del_key(cm: CommentedMap, key: str) -> None:
    if key in cm:
        keys = list(cm.keys())
        if keys[-1] == key and len(keys) > 1:
            _move_trailing_comment(cm, key, keys[-2])
        del cm[key]


def _holders(doc: CommentedMap) -> dict[str, tuple[CommentedMap, bool]]:
    out: dict[str, tuple[CommentedMap, bool]] = {}
    for u in doc.get("units") or []:
        if isinstance(u, CommentedMap):
            out[str(u.get("id"))] = (u, True)
            for s in u.get("steps") or []:
                if isinstance(s, CommentedMap):
                    out[str(s.get("id"))] = (s, False)
    return out


def _from_model(scheme: Scheme) -> CommentedMap:
    data = scheme.model_dump(mode="json", exclude_defaults=True, exclude_none=True)
    return _commented(data)  # type: ignore[no-any-return]


def _commented(obj: Any) -> Any:
    if isinstance(obj, dict):
        return CommentedMap((k, _commented(v)) for k, v in obj.items())
    if isinstance(obj, list):
        if all(isinstance(x, str) for x in obj) and all(len(x) < 60 for x in obj):
            return _flow_list(obj)
        return CommentedSeq(_commented(x) for x in obj)
    return obj


def format_for_review(
    scheme: Scheme,
    draft: Draft,
    proposals: Sequence[Proposal],
    *,
    kinds: Sequence[Kind] = ("covers", "requires"),
    accept_all: bool = False,
    text: str | None = None,
    framework: str | None = None,
) -> str:
    """The scheme as YAML with the proposals added for review.

    Parameters
    ----------
    scheme : Scheme
        The scheme the draft was made from.
    draft : Draft
    proposals : sequence of Proposal
        Those to write (at or above the chosen score).
    kinds : sequence of {"covers", "requires"}
        The kinds drafted this run: only their inferred entries are replaced.
    accept_all : bool
        Write the proposals straight into ``requires``/``covers`` (and accept the
        inferred entries already in the file).
    text : str, optional
        The scheme's YAML text, edited in place to keep comments and order. Without
        it (a spreadsheet), the YAML is written from the scheme.
    framework : str, optional
        The framework the covers were drafted against; written as the scheme's
        ``framework`` when it names none, so the review file audits against it.

    Returns
    -------
    str

    Examples
    --------
    >>> from coherence.link.draft import draft
    >>> text = "name: S\\nunits:\\n  - id: u  # the unit\\n    title: Fractions\\n    steps:\\n"
    >>> text += "      - id: a\\n        title: Add fractions\\n"
    >>> text += "      - id: b\\n        title: Add fractions with different denominators\\n"
    >>> s = Scheme.model_validate({"name": "S", "units": [{"id": "u", "title": "Fractions",
    ...     "steps": [{"id": "a", "title": "Add fractions"},
    ...               {"id": "b", "title": "Add fractions with different denominators"}]}]})
    >>> d = draft(s, None)
    >>> out = format_for_review(s, d, d.proposals, text=text)
    >>> "# the unit" in out and "inferred_requires:" in out
    True
    """
    y = _yaml()
    offset = 2
    if text is not None:
        mapping, offset = _guess_indent(text)
        y.indent(mapping=mapping, sequence=mapping + offset, offset=offset)
        doc = y.load(_without_own_lists(text, kinds))
    else:
        y.indent(mapping=2, sequence=4, offset=2)
        doc = _from_model(scheme)
    if not isinstance(doc, CommentedMap):
        raise InputError("expected a mapping at the top of the scheme", file=scheme.source)
    if framework and not doc.get("framework"):
        keys = list(doc)
        at = next((i + 1 for i, k in enumerate(keys) if k in ("school", "name")), 0)
        doc.insert(at, "framework", framework)
    holders = _holders(doc)
    models: dict[str, Unit | Step] = {}
    for u in scheme.units:
        models[u.id] = u
        models.update((st.id, st) for st in u.steps)
    blocks = _Blocks(text or "")
    by_holder: dict[tuple[str, str], list[Proposal]] = {}
    for p in proposals:
        by_holder.setdefault((p.step, p.kind), []).append(p)
    for hid, (cm, is_unit) in holders.items():
        for kind in kinds:
            key = f"inferred_{kind}"
            model = models.get(hid)
            pending = list(getattr(model, key, [])) if accept_all and model else []
            _del_key(cm, key)
            props = by_holder.get((hid, kind), [])
            before = "steps" if is_unit else None
            if accept_all:
                targets = [x.target for x in pending]
                targets += [p.target for p in props]
                if targets:
                    current = cm.get(kind)
                    if not isinstance(current, list):
                        current = _flow_list([])
                        _set_key(
                            cm,
                            kind,
                            current,
                            _STEP_KEYS_BEFORE[_STEP_KEYS_BEFORE.index(kind) + 1 :],
                            before,
                        )
                    for t in targets:
                        if t not in current:
                            current.append(t)
            elif props:
                block = blocks.add([_link_line(p) for p in props])
                _set_key(cm, key, block, ("inferred_covers", *_STEP_KEYS_BEFORE), before)
    # drafted_links: this run's drafts, plus earlier ones of kinds not drafted now that
    # are still awaiting review; rejected_links: every rejection so far.
    keep_other = [
        (d.step, d.kind, d.target)
        for d in scheme.drafted_links
        if d.kind not in kinds and (d.step, d.kind, d.target) not in draft.excluded
    ]
    drafted = list(dict.fromkeys([*keep_other, *((p.step, p.kind, p.target) for p in proposals)]))
    rejected = list(
        dict.fromkeys(
            [(r.step, r.kind, r.target) for r in scheme.rejected_links] + sorted(draft.excluded)
        )
    )
    top_after = ("rejected_links", "units")
    if drafted and not accept_all:
        _set_key(
            doc, "drafted_links", blocks.add([_ref_line(*r) for r in drafted]), top_after, None
        )
    else:
        _del_key(doc, "drafted_links")
    if rejected:
        _set_key(
            doc, "rejected_links", blocks.add([_ref_line(*r) for r in rejected]), ("units",), None
        )
    buf = io.StringIO()
    y.dump(doc, buf)
    return blocks.expand(buf.getvalue(), offset)


_OWN_ITEM = re.compile(r"^ *- \{(target|step): .*\}[ \t]*(#.*)?$")
_OWN_KEY = re.compile(
    r"^( *)(inferred_covers|inferred_requires|drafted_links|rejected_links):[ \t]*$"
)


def _without_own_lists(text: str, kinds: Sequence[Kind]) -> str:
    """``text`` without the lists this module wrote and is about to rewrite.

    Only a list as written here (a key, then one flow mapping per line) is taken
    out: it is rebuilt from the scheme, and ruamel.yaml reads thousands of them
    slowly. A comment at the end of a drafted entry goes with the entry; comment
    lines around the list stay. A list the department reformatted is left to ruamel.

    Examples
    --------
    >>> t = "a: 1\\ninferred_covers:\\n  - {target: X, score: 1}\\nb: 2\\n"
    >>> _without_own_lists(t, ["covers"])
    'a: 1\\nb: 2\\n'
    """
    names = {f"inferred_{k}" for k in kinds} | {"drafted_links", "rejected_links"}
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    i = 0
    while i < len(lines):
        m = _OWN_KEY.match(lines[i])
        if m and m.group(2) in names:
            j = i + 1
            while j < len(lines) and _OWN_ITEM.match(lines[j]):
                j += 1
            rest = lines[j] if j < len(lines) else ""
            ends = (
                not rest.strip()
                or rest.lstrip().startswith("#")
                or len(rest) - len(rest.lstrip(" ")) <= len(m.group(1))
            )
            if j > i + 1 and ends:
                i = j
                continue
        out.append(lines[i])
        i += 1
    return "".join(out)


class _Blocks:
    """Lists written as text after ruamel.yaml has dumped a placeholder for each.

    ruamel.yaml takes ~1 ms per flow mapping to emit; a 10,000-step scheme has
    tens of thousands of drafted entries. Each list is one placeholder scalar in
    the document (so comments and order are still ruamel's business) and its
    lines are written here, one flow mapping per line.
    """

    def __init__(self, text: str) -> None:
        self.prefix = "coherence-drafted-list-"
        while self.prefix in text:
            self.prefix += "x"
        self.lines: list[list[str]] = []

    def add(self, lines: list[str]) -> str:
        self.lines.append(lines)
        return f"{self.prefix}{len(self.lines) - 1}"

    def expand(self, dumped: str, offset: int) -> str:
        pat = re.compile(rf"^( *)([\w-]+): {re.escape(self.prefix)}(\d+)[ \t]*$", re.M)

        def block(m: re.Match[str]) -> str:
            dash = m.group(1) + " " * offset + "- "
            body = "\n".join(dash + line for line in self.lines[int(m.group(3))])
            return f"{m.group(1)}{m.group(2)}:\n{body}"

        out = pat.sub(block, dumped)
        # Inside a flow mapping ({id: a, ...}) the list stays in flow style too.
        inline = re.compile(rf"{re.escape(self.prefix)}(\d+)")
        return inline.sub(lambda m: "[" + ", ".join(self.lines[int(m.group(1))]) + "]", out)


_PLAIN = re.compile(r"^[A-Za-z][\w./-]*$")
_NOT_PLAIN = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}
_UNSAFE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)


def _scalar(value: str) -> str:
    r"""A YAML scalar for ``value`` in a flow mapping: plain when safe, else double-quoted.

    Examples
    --------
    >>> _scalar("y7-seq-1"), _scalar("6NPV-2"), _scalar('say "hi"\x1b')
    ('y7-seq-1', '"6NPV-2"', '"say \\"hi\\"\\u001b"')
    """
    if _PLAIN.match(value) and value.lower() not in _NOT_PLAIN:
        return value
    quoted = json.dumps(value, ensure_ascii=False)  # JSON strings are YAML double-quoted scalars
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _link_line(p: Proposal) -> str:
    return (
        f"{{target: {_scalar(p.target)}, score: {p.score}, source: {p.source}, "
        f"evidence: {_scalar(p.evidence)}}}"
    )


def _ref_line(step: str, kind: str, target: str) -> str:
    return f"{{step: {_scalar(step)}, kind: {kind}, target: {_scalar(target)}}}"
