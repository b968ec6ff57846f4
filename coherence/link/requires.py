"""Draft ``requires``: which earlier steps (or prior items) each step builds on.

Four sources, combined per (step, target): the framework lifted onto the scheme,
free-text prior knowledge, wording shared with earlier steps, and the step before
in the same unit. See :mod:`coherence.link.draft` for what each means.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass

from coherence.graph import CurriculumGraph
from coherence.link.draft import LaterMatch, Options, Proposal, Source
from coherence.link.text import (
    TfIdf,
    Vector,
    Vocabulary,
    combine,
    cosine,
    evidence_words,
    tokens,
)
from coherence.model import Framework

# Weights of each source's raw similarity, set on benchmarks/link.py: a text match
# to a step of another strand is weaker evidence than one in the same strand.
_OTHER_STRAND = 0.85
# Postings kept per word when matching earlier steps: the most recent ones. A word
# in thousands of titles says little, and this bounds the time on huge schemes.
_MAX_POSTINGS = 32
# Prior knowledge is reported as taught later only on a close match (similarity 0.4):
# weaker ones, measured on Oak KS3, were mostly KS2 ideas echoed by a later lesson.
_LATER_MIN = 0.75
# How far a redundant prerequisite is looked for (A needs B needs C: A needs C is implied).
_REDUNDANT_DEPTH = 4


def similarity_score(similarity: float) -> float:
    """A text or prior-knowledge proposal's score from its similarity (cosine, 0-1).

    Calibrated on ``benchmarks/link.py``: from a similarity of 0.2 the most similar
    earlier step is an expert's prerequisite (at any distance) about 3 times in 5,
    which this maps to the default threshold, 0.5.

    Examples
    --------
    >>> similarity_score(0.1), similarity_score(0.2), similarity_score(0.6)
    (0.25, 0.5, 1.0)
    """
    if similarity < 0.2:
        return round(2.5 * max(0.0, similarity), 3)
    return round(min(1.0, 0.5 + 1.25 * (similarity - 0.2)), 3)


@dataclass
class _Doc:
    id: str
    pos: int
    unit: str | None
    strand: str | None
    year: int | None
    title: str
    vec: Vector
    own: Vector


@dataclass
class _Found:
    source: Source
    score: float
    evidence: str


class _Index:
    """Earlier documents by word, filled in teaching order."""

    def __init__(self) -> None:
        self.postings: dict[str, list[tuple[int, float]]] = {}

    def add(self, i: int, vec: Vector) -> None:
        for t, w in vec.items():
            lst = self.postings.setdefault(t, [])
            lst.append((i, w))
            if len(lst) > 2 * _MAX_POSTINGS:
                del lst[:-_MAX_POSTINGS]

    def scores(self, q: Vector) -> dict[int, float]:
        acc: dict[int, float] = {}
        for t, w in q.items():
            lst = self.postings.get(t)
            if lst:
                for i, dw in lst[-_MAX_POSTINGS:]:
                    acc[i] = acc.get(i, 0.0) + w * dw
        return acc


def _docs(cg: CurriculumGraph, vocab: Vocabulary) -> tuple[list[_Doc], TfIdf]:
    attrs = cg.attrs
    prior = cg.scheme.prior
    raw: list[tuple[str, int, str | None, str | None, int | None, str, list[str], list[str]]] = []
    for i, p in enumerate(prior):
        raw.append((p.id, i - len(prior), None, None, None, p.title, tokens(p.title, vocab), []))
    unit_tokens = {u.id: tokens(u.title, vocab) for u in cg.units}
    for i, s in enumerate(cg.order):
        a = attrs[s]
        title = str(a["title"])
        raw.append(
            (
                s,
                i,
                str(a["unit"]),
                a.get("strand"),
                a.get("year"),
                title,
                tokens(title, vocab),
                unit_tokens[str(a["unit"])],
            )
        )
    tfidf = TfIdf([r[6] + r[7] for r in raw])
    docs = []
    for sid, pos, unit, strand, year, title, tt, ut in raw:
        own = combine(tfidf.vector(tt))
        docs.append(
            _Doc(sid, pos, unit, strand, year, title, combine(own, tfidf.vector(ut, 0.3)), own)
        )
    return docs, tfidf


def _text(
    docs: list[_Doc],
    vocab: Vocabulary,
    surface: dict[str, str],
    found: dict[tuple[str, str], list[_Found]],
) -> None:
    index = _Index()
    strands = [d.strand for d in docs]
    poss = [d.pos for d in docs]
    for i, d in enumerate(docs):
        if d.pos >= 0:
            st = d.strand
            best = heapq.nlargest(
                2,
                (
                    (
                        dot
                        if st is None or strands[j] == st or poss[j] < 0
                        else dot * _OTHER_STRAND,
                        poss[j],
                        j,
                    )
                    for j, dot in index.scores(d.vec).items()
                ),
            )
            top = best[0][0] if best else 0.0
            for score, _, j in best:
                if score < 0.9 * top:
                    break
                e = docs[j]
                if not any(t in e.own for t in d.own):
                    continue  # only the unit title in common: the sequence source's call
                same = st is not None and e.strand == st
                where = "in the same strand" if same else ("prior knowledge" if e.pos < 0 else "")
                ev = f"similar wording to {e.id} ({evidence_words(d.own, e.own, vocab, surface)})"
                if where:
                    ev += f", {where}"
                f = _Found("text", similarity_score(score), ev)
                found.setdefault((d.id, e.id), []).append(f)
        index.add(i, d.vec)


def _sequence(
    cg: CurriculumGraph,
    docs: dict[str, _Doc],
    vocab: Vocabulary,
    surface: dict[str, str],
    found: dict[tuple[str, str], list[_Found]],
) -> None:
    for u in cg.units:
        for prev, s in zip(u.steps, u.steps[1:], strict=False):
            a, b = docs[s], docs[prev]
            sim = cosine(a.own, b.own)
            if sim <= 0.0:
                continue
            score = min(1.0, 0.3 + 2.0 * sim)
            shared = evidence_words(a.own, b.own, vocab, surface)
            ev = f"the step before it in {u.id}, on the same idea ({shared})"
            found.setdefault((s, prev), []).append(_Found("sequence", score, ev))


def _framework(
    cg: CurriculumGraph,
    fw: Framework,
    covers: dict[str, dict[str, float]],
    found: dict[tuple[str, str], list[_Found]],
) -> None:
    requires = {st.code: st.requires for st in fw.statements}
    titles = {st.code: st.title for st in fw.statements}
    taught_by: dict[str, tuple[str, float]] = {}
    for p in cg.scheme.prior:
        for c in p.covers:
            taught_by[c] = (p.id, 1.0)
    for s in cg.order:
        mine = covers.get(s, {})
        for code, conf in sorted(mine.items()):
            for t in requires.get(code, ()):
                if t in mine or t not in taught_by:
                    continue
                target, tconf = taught_by[t]
                score = conf * tconf
                ev = (
                    f"teaches {code}, which builds on {t} ({titles.get(t, t)}), "
                    f"taught last in {target}"
                )
                found.setdefault((s, target), []).append(_Found("framework", score, ev))
        for code, conf in mine.items():
            taught_by[code] = (s, conf)


def _prior_knowledge(
    cg: CurriculumGraph,
    docs: list[_Doc],
    tfidf: TfIdf,
    vocab: Vocabulary,
    surface: dict[str, str],
    found: dict[tuple[str, str], list[_Found]],
) -> list[LaterMatch]:
    if not any(
        u.prior_knowledge or any(s.prior_knowledge for s in u.steps) for u in cg.scheme.units
    ):
        return []
    index = _Index()
    for i, d in enumerate(docs):
        for t, w in d.vec.items():
            index.postings.setdefault(t, []).append((i, w))
    pos = {d.id: d.pos for d in docs}
    later: list[LaterMatch] = []
    for u in cg.scheme.units:
        holders = [(u.id, u.prior_knowledge, pos[u.steps[0].id])]
        holders += [(s.id, s.prior_knowledge, pos[s.id]) for s in u.steps]
        for hid, texts, at in holders:
            for text in texts:
                q = combine(tfidf.vector(tokens(text, vocab)))
                if not q:
                    continue
                acc: dict[int, float] = {}
                for t, w in q.items():
                    for i, dw in index.postings.get(t, ()):
                        acc[i] = acc.get(i, 0.0) + w * dw
                ranked = sorted(acc.items(), key=lambda kv: (-kv[1], docs[kv[0]].pos))
                earlier = [(i, sc) for i, sc in ranked if docs[i].pos < at]
                after = [(i, sc) for i, sc in ranked if docs[i].pos > at and docs[i].unit != u.id]
                best_later = similarity_score(after[0][1]) if after else 0.0
                if best_later >= _LATER_MIN and (not earlier or after[0][1] > earlier[0][1] + 0.05):
                    later.append(LaterMatch(hid, text, docs[after[0][0]].id, best_later))
                if not earlier:
                    continue
                top = earlier[0][1]
                for i, sc in earlier[:2]:
                    if sc < 0.9 * top:
                        break
                    e = docs[i]
                    shared = evidence_words(q, e.vec, vocab, surface)
                    ev = f'prior knowledge "{text}" matches {e.id} ({shared})'
                    f = _Found("prior-knowledge", similarity_score(sc), ev)
                    found.setdefault((hid, e.id), []).append(f)
    return later


def draft_requires(
    cg: CurriculumGraph,
    fw: Framework | None,
    vocab: Vocabulary,
    opts: Options,
    skip: set[tuple[str, str, str]],
    surface: dict[str, str],
    covers: Sequence[Proposal],
) -> tuple[list[Proposal], list[LaterMatch]]:
    """Draft prerequisites from the four sources; never a step taught later.

    Parameters
    ----------
    cg : CurriculumGraph
    fw : Framework or None
    vocab : Vocabulary
    opts : Options
    skip : set of (step, kind, target)
        Declared or rejected links: not proposed.
    surface : dict
        Stems to the words as written, for evidence.
    covers : sequence of Proposal
        Drafted covers (those at ``opts.covers_for_framework`` feed the framework source).

    Returns
    -------
    (list of Proposal, list of LaterMatch)
    """
    docs, tfidf = _docs(cg, vocab)
    by_id = {d.id: d for d in docs}
    found: dict[tuple[str, str], list[_Found]] = {}
    _text(docs, vocab, surface, found)
    _sequence(cg, by_id, vocab, surface, found)
    if fw is not None:
        conf: dict[str, dict[str, float]] = {}
        for s in cg.order:
            conf[s] = {c: 1.0 for c in cg.attrs[s].get("covers", ())}
        for p in covers:
            if p.score >= opts.covers_for_framework and p.step in conf:
                conf[p.step].setdefault(p.target, min(1.0, p.score))
        _framework(cg, fw, conf, found)
    later = _prior_knowledge(cg, docs, tfidf, vocab, surface, found)

    pos = {d.id: d.pos for d in docs}
    first = {u.id: pos[u.steps[0]] for u in cg.units}
    per_step: dict[str, list[Proposal]] = {}
    for (holder, target), items in found.items():
        at = pos.get(holder, first.get(holder))
        if at is None or target == holder or pos.get(target, at) >= at:
            continue  # never a step taught later (or the step itself)
        if (holder, "requires", target) in skip or score_floor(items) < opts.floor:
            continue
        items = sorted(items, key=lambda f: -f.score)
        miss = 1.0
        for f in items:
            miss *= 1.0 - min(0.99, f.score)
        p = Proposal(
            holder,
            "requires",
            target,
            round(1.0 - miss, 3),
            items[0].source,
            "; ".join(dict.fromkeys(f.evidence for f in items)),
        )
        per_step.setdefault(holder, []).append(p)
    for props in per_step.values():
        props.sort(key=lambda p: (-p.score, -pos.get(p.target, -1), p.target))
        del props[opts.max_requires :]
    first_step = {u.id: u.steps[0] for u in cg.units}
    return _without_implied(cg, per_step, first_step), later


def _without_implied(
    cg: CurriculumGraph, per_step: dict[str, list[Proposal]], first: dict[str, str]
) -> list[Proposal]:
    """Drop a proposal A needs C when A needs B and B needs C are there already.

    Only a chain at least as strong as the dropped link counts (declared links
    weigh 1), so at any ``--min-score`` that shows A->C, the chain A->B->C shows too.
    """
    needs: dict[str, dict[str, float]] = {}
    for u, v, kind in cg.g.edges(data="kind"):
        if kind == "prerequisite":
            needs.setdefault(v, {})[u] = 1.0
    for holder, props in per_step.items():
        step = first.get(holder, holder)
        for p in props:
            got = needs.setdefault(step, {})
            got[p.target] = max(got.get(p.target, 0.0), p.score)

    def reaches(start: str, goal: str, strength: float) -> bool:
        frontier, seen = [start], {start}
        for _ in range(_REDUNDANT_DEPTH):
            nxt = []
            for n in frontier:
                for m, w in needs.get(n, {}).items():
                    if w >= strength and m not in seen:
                        if m == goal:
                            return True
                        seen.add(m)
                        nxt.append(m)
            frontier = nxt
        return False

    out: list[Proposal] = []
    for props in per_step.values():
        kept = [
            p
            for p in props
            if not any(q is not p and reaches(q.target, p.target, p.score) for q in props)
        ]
        out += kept
    return out


def score_floor(items: Sequence[_Found]) -> float:
    """The best score among a link's evidence."""
    return max(f.score for f in items)
