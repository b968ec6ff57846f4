"""What ``coherence link`` prints: plain text for a head of maths, or stable JSON.

JSON (version 1)::

    {"version": 1, "scheme": name, "framework": id or null, "min_score": S,
     "proposals": [{"step", "kind", "target", "score", "source", "evidence"}, ...],
     "summary": {...}}
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from coherence.link.draft import Draft, Proposal
from coherence.text import printable

_SOURCE_WORDS = {
    "framework": "curriculum order",
    "prior-knowledge": "prior knowledge",
    "text": "wording",
    "sequence": "order in the unit",
}


def summary(draft: Draft, proposals: Sequence[Proposal], min_score: float) -> dict[str, Any]:
    """Counts for the JSON ``summary`` (and the text report's closing lines).

    Keys: ``steps``, ``units``, ``proposals``, ``covers``, ``requires``, ``by_source``,
    ``steps_with_covers``, ``steps_with_requires``, ``below_min_score``,
    ``rejected_not_proposed``, ``prior_knowledge_later`` (a list of
    ``{"step", "text", "target", "score"}``), ``min_score``, ``file``.
    """
    steps = set(draft.graph.order)
    covers = [p for p in proposals if p.kind == "covers"]
    requires = [p for p in proposals if p.kind == "requires"]
    return {
        "file": draft.graph.scheme.source,
        "min_score": min_score,
        "steps": len(steps),
        "units": len(draft.graph.units),
        "proposals": len(proposals),
        "covers": len(covers),
        "requires": len(requires),
        "by_source": dict(sorted(Counter(p.source for p in requires).items())),
        "steps_with_covers": len({p.step for p in covers if p.step in steps}),
        "steps_with_requires": len({p.step for p in requires if p.step in steps}),
        "below_min_score": len(draft.proposals) - len(proposals),
        "rejected_not_proposed": len(draft.excluded),
        "prior_knowledge_later": [
            {"step": m.step, "text": m.text, "target": m.target, "score": m.score}
            for m in draft.later
        ],
    }


def format_json(draft: Draft, proposals: Sequence[Proposal], min_score: float) -> str:
    """The stable JSON document (see the module docstring)."""
    fw = draft.graph.framework
    doc = {
        "version": 1,
        "scheme": draft.graph.scheme.name,
        "framework": (fw.id or fw.name) if fw is not None else None,
        "min_score": min_score,
        "proposals": [
            {
                "step": p.step,
                "kind": p.kind,
                "target": p.target,
                "score": p.score,
                "source": p.source,
                "evidence": p.evidence,
            }
            for p in proposals
        ],
        "summary": summary(draft, proposals, min_score),
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def format_text(draft: Draft, proposals: Sequence[Proposal], min_score: float) -> str:
    """Proposals grouped by unit, with the evidence in words.

    Examples
    --------
    >>> from coherence.model import Scheme
    >>> from coherence.link.draft import draft
    >>> s = Scheme.model_validate({"name": "S", "units": [{"id": "u", "title": "Fractions",
    ...     "steps": [{"id": "a", "title": "Add fractions"},
    ...               {"id": "b", "title": "Add fractions with different denominators"}]}]})
    >>> d = draft(s, None)
    >>> print(format_text(d, d.at(0.5), 0.5).splitlines()[4])
    Fractions (u)
    """
    cg = draft.graph
    attrs = cg.attrs
    fw = cg.framework
    statements = {s.code: s.title for s in fw.statements} if fw is not None else {}
    by_holder: dict[str, list[Proposal]] = {}
    for p in proposals:
        by_holder.setdefault(p.step, []).append(p)
    fw_name = f"against {fw.id or fw.name}" if fw is not None else "without a framework"
    lines = [
        printable(f"Drafted links for {cg.scheme.name} ({fw_name}), score at least {min_score}"),
        "Score 0-1: how strongly the evidence supports a link. Keep a link by moving it into "
        "requires/covers; delete it to reject it.",
    ]
    if fw is None:
        lines.append(
            "No framework: the statements each step teaches (covers) and the prerequisites "
            "from the curriculum order are not drafted; give --framework (e.g. england-ks3)."
        )
    lines.append("")

    def title_of(node: str) -> str:
        a = attrs.get(node)
        if a is not None:
            return str(a.get("title", node))
        return statements.get(node, node)

    def entry(p: Proposal) -> list[str]:
        if p.kind == "covers":
            head = f"teaches {p.target}: {statements.get(p.target, '')}"
        else:
            head = f"builds on {p.target}: {title_of(p.target)}"
        label = f"[{p.score:.2f}, {_SOURCE_WORDS[p.source]}]"
        return [printable(f"      {head}  {label}"), printable(f"        why: {p.evidence}")]

    for u in cg.units:
        holders = [u.id, *u.steps]
        if not any(h in by_holder for h in holders):
            continue
        where = cg.label_for(u.year, u.term)
        lead = f"{where}: " if where != "unplaced" else ""
        lines.append(printable(f"{lead}{u.title} ({u.id})"))
        for h in holders:
            props = by_holder.get(h)
            if not props:
                continue
            label = "the unit as a whole" if h == u.id else f"{h}  {title_of(h)}"
            lines.append(printable(f"  {label}"))
            for p in props:
                lines += entry(p)
        lines.append("")
    s = summary(draft, proposals, min_score)
    lines.append(
        f"{s['covers']} statements taught ({s['steps_with_covers']} of {s['steps']} steps), "
        f"{s['requires']} prerequisites ({s['steps_with_requires']} steps) proposed; "
        f"{s['below_min_score']} weaker ones not shown (lower --min-score to see them)."
    )
    if s["rejected_not_proposed"]:
        lines.append(f"{s['rejected_not_proposed']} links rejected before were not proposed again.")
    if draft.later:
        lines.append("")
        lines.append("Prior knowledge best matched by a step taught later (check the order):")
        for m in draft.later:
            lines.append(
                printable(f'  {m.step}: "{m.text}" is taught in {m.target}: {title_of(m.target)}')
            )
    return "\n".join(lines) + "\n"
