"""Draft links for a scheme: the framework statements each step teaches (covers) and
the earlier steps each builds on (requires), each with a score, a source and evidence.

Sources of ``requires`` proposals, each named on the proposal:

- ``framework``: a step teaches statement S, S builds on T in the framework, so the
  latest step taught before it that teaches T (or a prior item covering T) is proposed;
- ``prior-knowledge``: a step's or unit's free-text prior knowledge matched to the
  earlier steps and prior items it describes;
- ``text``: wording shared with an earlier step (the same strand weighs more);
- ``sequence``: the step before in the same unit, only when the two titles share an idea.

A proposal never points at a step taught later. The same input gives the same
proposals (ties are broken by teaching order and id).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from coherence.graph import CurriculumGraph, build_graph
from coherence.link.text import (
    TfIdf,
    Vector,
    Vocabulary,
    combine,
    evidence_words,
    load_vocabulary,
    surface_forms,
    tokens,
)
from coherence.model import Framework, Scheme, Statement, Step, Unit

Kind = Literal["covers", "requires"]
Source = Literal["framework", "prior-knowledge", "text", "sequence"]

#: The recommended operating point (see ``benchmarks/link.py``).
DEFAULT_MIN_SCORE = 0.5


@dataclass(frozen=True)
class Proposal:
    """One drafted link.

    Attributes
    ----------
    step : str
        The step (or unit) the link belongs to.
    kind : {"covers", "requires"}
    target : str
        A statement code (covers) or a step or prior-item id (requires).
    score : float
        0 to 1: how strongly the evidence supports it.
    source : str
        ``framework``, ``prior-knowledge``, ``text`` or ``sequence`` (covers: ``text``).
    evidence : str
        Why, in words.
    """

    step: str
    kind: Kind
    target: str
    score: float
    source: Source
    evidence: str


@dataclass(frozen=True)
class LaterMatch:
    """Prior-knowledge text whose best match is taught after the step that needs it."""

    step: str
    text: str
    target: str
    score: float


@dataclass
class Options:
    """Tuning of the drafting (defaults are the benchmarked ones).

    Attributes
    ----------
    only : {"covers", "requires"} or None
        Draft only one kind.
    max_covers, max_requires : int
        Most proposals kept per step.
    """

    only: Kind | None = None
    max_covers: int = 3
    max_requires: int = 3
    #: Below this a candidate is not even kept for the record.
    floor: float = 0.2
    #: Drafted covers at or above this feed the framework source of requires.
    covers_for_framework: float = 0.7


@dataclass
class Draft:
    """Everything ``coherence link`` drafted for a scheme.

    Attributes
    ----------
    proposals : list of Proposal
        In teaching order of their step, covers before requires, strongest first.
    later : list of LaterMatch
        Prior knowledge best matched by a step taught later.
    excluded : set of (step, kind, target)
        Links not proposed because the department rejected them.
    """

    graph: CurriculumGraph
    proposals: list[Proposal]
    later: list[LaterMatch] = field(default_factory=list)
    excluded: set[tuple[str, str, str]] = field(default_factory=set)

    def at(self, min_score: float) -> list[Proposal]:
        """The proposals scoring at least ``min_score``."""
        return [p for p in self.proposals if p.score >= min_score - 1e-12]


# ----------------------------------------------------------------- the scheme
@dataclass
class _Item:
    """A step or prior item as text, with its position (prior items come first)."""

    id: str
    pos: int
    title: str
    unit: str | None
    strand: str | None
    year: int | None


def _items(cg: CurriculumGraph) -> tuple[list[_Item], list[_Item]]:
    attrs = cg.attrs
    prior = [
        _Item(p.id, -1 - (len(cg.scheme.prior) - i), p.title, None, None, None)
        for i, p in enumerate(cg.scheme.prior)
    ]
    steps = [
        _Item(
            s,
            i,
            str(attrs[s]["title"]),
            str(attrs[s]["unit"]),
            attrs[s].get("strand"),
            attrs[s].get("year"),
        )
        for i, s in enumerate(cg.order)
    ]
    return prior, steps


def rejected_links(scheme: Scheme) -> set[tuple[str, str, str]]:
    """Links the department rejected: listed as rejected, or drafted and since deleted.

    A link in ``drafted_links`` that is now neither an inferred entry nor one of the
    department's own ``requires``/``covers`` was deleted during review.

    Examples
    --------
    >>> s = Scheme.model_validate({"name": "S", "units": [{"id": "u", "title": "U",
    ...     "steps": [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}]}],
    ...     "drafted_links": [{"step": "b", "kind": "requires", "target": "a"}]})
    >>> sorted(rejected_links(s))
    [('b', 'requires', 'a')]
    """
    out: set[tuple[str, str, str]] = {(r.step, r.kind, r.target) for r in scheme.rejected_links}
    present: set[tuple[str, str, str]] = set()
    holders: list[Unit | Step] = []
    for u in scheme.units:
        holders += [u, *u.steps]
    for h in holders:
        present.update((h.id, "requires", t) for t in h.requires)
        present.update((h.id, "requires", x.target) for x in h.inferred_requires)
        present.update((h.id, "covers", t) for t in h.covers)
        present.update((h.id, "covers", x.target) for x in h.inferred_covers)
    for d in scheme.drafted_links:
        key = (d.step, d.kind, d.target)
        if key not in present:
            out.add(key)
    return out


def _declared(scheme: Scheme) -> set[tuple[str, str, str]]:
    last = {u.id: u.steps[-1].id for u in scheme.units}
    out: set[tuple[str, str, str]] = set()
    for u in scheme.units:
        for hid, req, cov in [(u.id, u.requires, u.covers)] + [
            (s.id, s.requires, s.covers) for s in u.steps
        ]:
            for t in req:
                out.add((hid, "requires", t))
                if t in last:
                    out.add((hid, "requires", last[t]))
            out.update((hid, "covers", c) for c in cov)
    # A unit's requires belong to its first step too, and the reverse.
    for u in scheme.units:
        first = u.steps[0].id
        for h, k, t in list(out):
            if h == u.id:
                out.add((first, k, t))
            elif h == first and k == "requires":
                out.add((u.id, k, t))
    return out


# -------------------------------------------------------------------- covers
def covers_score(similarity: float) -> float:
    """A covers proposal's score from its text similarity (0 to 1).

    Calibrated on the bundled Riverside scheme (``benchmarks/link.py``): the top
    statement is right for about 3 steps in 4 from a similarity of 0.25 up, which
    this maps to 0.5, the default threshold.

    Examples
    --------
    >>> covers_score(0.25), covers_score(0.0), covers_score(1.0)
    (0.5, 0.0, 1.0)
    """
    return round(1.0 - math.pow(1.0 - min(1.0, max(0.0, similarity)), 2.41), 3)


_KS_YEARS = {"KS1": (1, 2), "KS2": (3, 6), "KS3": (7, 9), "KS4": (10, 11), "KS5": (12, 13)}


def stage_years(stage: str) -> tuple[int, int] | None:
    """The school years a statement's ``stage`` names, or None if it names none.

    Examples
    --------
    >>> stage_years("KS3"), stage_years("KS2-Y6"), stage_years("KS4-F"), stage_years("x")
    ((7, 9), (6, 6), (10, 11), None)
    """
    parts = stage.upper().replace("_", "-").split("-")
    years = _KS_YEARS.get(parts[0])
    for p in parts[1:]:
        if p.startswith("Y") and p[1:].isdigit():
            return (int(p[1:]), int(p[1:]))
    return years


def stage_fit(stage: str, year: int | None) -> tuple[float, str]:
    """How well a statement's stage suits a step's year: a weight and a word for it.

    A statement of the step's own key stage weighs 1; an earlier one is a revisit;
    a later one is unlikely.

    Examples
    --------
    >>> stage_fit("KS3", 8), stage_fit("KS2-Y6", 8)[1], stage_fit("KS4-H", 8)[1]
    ((1.0, ''), 'revisit', 'ahead')
    """
    years = stage_years(stage)
    if year is None or years is None or years[0] - 1 <= year <= years[1]:
        return 1.0, ""
    if year > years[1]:
        return max(0.6, 0.9 - 0.05 * (year - years[1] - 1)), "revisit"
    return 0.7, "ahead"


@dataclass
class _Corpus:
    """Statements as vectors, with an inverted index for fast matching."""

    statements: list[Statement]
    vectors: list[Vector]
    postings: dict[str, list[tuple[int, float]]]


def _statement_corpus(fw: Framework, tfidf: TfIdf, vocab: Vocabulary) -> _Corpus:
    vectors = [
        combine(
            tfidf.vector(tokens(s.title, vocab)),
            tfidf.vector(tokens(" ; ".join(s.keywords), vocab)),
            tfidf.vector(tokens(s.strand, vocab), 0.3),
        )
        for s in fw.statements
    ]
    postings: dict[str, list[tuple[int, float]]] = {}
    for i, v in enumerate(vectors):
        for t, w in v.items():
            postings.setdefault(t, []).append((i, w))
    return _Corpus(list(fw.statements), vectors, postings)


def _top(corpus: _Corpus, q: Vector) -> dict[int, float]:
    acc: dict[int, float] = {}
    for t, w in q.items():
        for i, dw in corpus.postings.get(t, ()):
            acc[i] = acc.get(i, 0.0) + w * dw
    return acc


def _draft_covers(
    cg: CurriculumGraph,
    fw: Framework,
    vocab: Vocabulary,
    opts: Options,
    skip: set[tuple[str, str, str]],
    surface: dict[str, str],
) -> list[Proposal]:
    steps = cg.order
    attrs = cg.attrs
    titles = {s: tokens(str(attrs[s]["title"]), vocab) for s in steps}
    unit_titles = {u.id: tokens(u.title, vocab) for u in cg.units}
    docs: list[Sequence[str]] = [
        tokens(s.title + " " + " ".join(s.keywords), vocab) for s in fw.statements
    ]
    tfidf = TfIdf([*docs, *titles.values()])
    corpus = _statement_corpus(fw, tfidf, vocab)
    statements = corpus.statements
    fit_by_year: dict[int | None, list[tuple[float, str]]] = {}
    out: list[Proposal] = []
    for u in cg.units:
        ut = tfidf.vector(unit_titles[u.id], 0.4)
        strand = tfidf.vector(tokens(u.strand or "", vocab), 0.2)
        for i, s in enumerate(u.steps):
            own = tfidf.vector(titles[s])
            near = [
                tfidf.vector(titles[u.steps[j]], 0.15)
                for j in (i - 1, i + 1)
                if 0 <= j < len(u.steps)
            ]
            q = combine(own, ut, strand, *near)
            fits = fit_by_year.get(u.year)
            if fits is None:
                fits = fit_by_year[u.year] = [stage_fit(st.stage, u.year) for st in statements]
            scored = heapq.nlargest(
                opts.max_covers + 3,
                ((dot * fits[idx][0], -idx) for idx, dot in _top(corpus, q).items()),
            )
            top = scored[0][0] if scored else 0.0
            kept = 0
            for score, neg in scored:
                idx = -neg
                code, why = statements[idx].code, fits[idx][1]
                if kept >= opts.max_covers or covers_score(score) < opts.floor or score < 0.8 * top:
                    break
                if (s, "covers", code) in skip:
                    continue
                vec = corpus.vectors[idx]
                words = evidence_words(own, vec, vocab, surface) or evidence_words(
                    q, vec, vocab, surface
                )
                evidence = "shares " + words
                if why == "revisit":
                    evidence += f" (a {corpus.statements[idx].stage} statement: a revisit)"
                elif why == "ahead":
                    evidence += f" (a {corpus.statements[idx].stage} statement: ahead of the year)"
                out.append(Proposal(s, "covers", code, covers_score(score), "text", evidence))
                kept += 1
    return out


# --------------------------------------------------------------------- draft
def draft(
    scheme: Scheme,
    framework: Framework | None,
    options: Options | None = None,
    vocabulary: Vocabulary | None = None,
) -> Draft:
    """Draft covers and requires for a scheme.

    Parameters
    ----------
    scheme : Scheme
    framework : Framework or None
        Without one, no covers and no framework-sourced requires are drafted.
    options : Options, optional
    vocabulary : Vocabulary, optional
        Default: the bundled ``curricula/vocabulary.yaml``.

    Returns
    -------
    Draft
    """
    opts = options or Options()
    vocab = vocabulary if vocabulary is not None else load_vocabulary()
    cg = build_graph(scheme, framework, inferred=False)  # pending drafts are not evidence
    rejected = rejected_links(scheme)
    skip = rejected | _declared(scheme)
    surface = surface_forms(
        [
            *(str(a["title"]) for a in cg.attrs.values() if "title" in a),
            *(u.title for u in cg.units),
        ]
    )
    proposals: list[Proposal] = []
    if framework is not None and opts.only != "requires":
        surface_forms((s.title + " " + " ".join(s.keywords) for s in framework.statements), surface)
        proposals += _draft_covers(cg, framework, vocab, opts, skip, surface)
    later: list[LaterMatch] = []
    if opts.only != "covers":
        from coherence.link.requires import draft_requires

        reqs, later = draft_requires(cg, framework, vocab, opts, skip, surface, proposals)
        proposals += reqs
    pos = {s: i for i, s in enumerate(cg.order)}
    first = {u.id: pos[u.steps[0]] for u in cg.units}
    proposals.sort(
        key=lambda p: (
            pos.get(p.step, first.get(p.step, -1)),
            p.kind != "covers",
            -p.score,
            p.target,
        )
    )
    return Draft(cg, proposals, later, rejected)
