"""Compare schools' curricula: coverage, sequencing and structure.

Schools use different ids and unit titles, so schemes are matched on a *key*:

- ``framework``: the framework statements each step covers (the default when
  the schemes share a framework);
- ``id``: step ids;
- ``title``: normalised step titles (lower case, punctuation and filler words
  removed, common abbreviations expanded), as Curricular Analytics matches
  courses by name.

A key's *first-taught position* in a scheme is the earliest step, in teaching
order, that has it. Order agreement is Kendall's tau-b over the first-taught
positions of the keys two schemes share, computed in O(n log n) by Knight's
algorithm for two schemes, and for every pair of many schemes by the same counts
in NumPy, one scheme against all later ones at a time.
"""

from __future__ import annotations

import bisect
import gc
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from coherence.graph import CurriculumGraph

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from coherence.audit import AuditResult
    from coherence.metrics import Metrics

MATCHES = ("framework", "id", "title")
#: Fewer shared keys than this and an order agreement means nothing (two shared
#: statements always agree fully or not at all): reports say "too few shared".
MIN_SHARED_FOR_ORDER = 5
_ABBREVIATIONS = {
    "intro": "introduction",
    "&": "and",
    "i": "1",
    "ii": "2",
    "iii": "3",
    "iv": "4",
    "calc": "calculus",
    "prob": "probability",
    "stats": "statistics",
    "eqns": "equations",
    "eqn": "equation",
    "fracs": "fractions",
    "math": "mathematics",
    "maths": "mathematics",
}
_FILLER = frozenset({"the", "a", "an", "of", "to", "in", "for", "with"})


def normalise_title(title: str) -> str:
    """A title reduced to what two schools would both write.

    Examples
    --------
    >>> normalise_title("Intro. to Calculus II")
    'introduction calculus 2'
    >>> normalise_title("Fractions & Decimals")
    'fractions and decimals'
    """
    words = re.sub(r"[^\w&]+", " ", title.lower()).split()
    out = [_ABBREVIATIONS.get(w, w) for w in words]
    return " ".join(w for w in out if w not in _FILLER)


@dataclass(frozen=True)
class KeyInfo:
    """Where a scheme first teaches a key."""

    order: int  # index in the scheme's teaching order
    period: int | None  # global half-term (or term) index; None when unplaced
    label: str  # e.g. "Y8 Spring 1"
    strand: str
    step: str


@dataclass
class SchemeKeys:
    """What a scheme teaches, keyed for comparison, with its summary facts."""

    name: str
    file: str | None
    placed: bool
    periods_per_year: int
    keys: dict[str, KeyInfo]
    framework: str | None = None
    totals: dict[str, Any] = field(default_factory=dict)
    findings: dict[str, int] = field(default_factory=dict)
    keystones: set[str] = field(default_factory=set)
    strand_periods: dict[str, list[int]] = field(default_factory=dict)
    strand_units: dict[str, dict[int, list[str]]] = field(default_factory=dict)
    #: With ``match="auto"``: the step-title keys and keystones, kept until
    #: :func:`choose_match` has seen every scheme.
    by_title: tuple[dict[str, KeyInfo], set[str]] | None = None


def scheme_keys(cg: CurriculumGraph, match: str) -> dict[str, KeyInfo]:
    """First-taught position of every key of a scheme.

    Parameters
    ----------
    cg : CurriculumGraph
    match : str
        ``framework``, ``id`` or ``title``.

    Returns
    -------
    dict
        ``{key: KeyInfo}``.
    """
    attrs_of = cg.attrs
    fw_strand = {s.code: s.strand for s in cg.framework.statements} if cg.framework else {}
    unit_covers = {u.steps[0]: u.covers for u in cg.units if u.covers}
    out: dict[str, KeyInfo] = {}
    for i, n in enumerate(cg.order):
        attrs = attrs_of[n]
        strand = str(attrs.get("strand") or "(none)")
        if match == "framework":
            keys = [*unit_covers.get(n, ()), *attrs.get("covers", ())]
        elif match == "id":
            keys = [n]
        else:
            keys = [normalise_title(str(attrs.get("title") or n))]
        for k in keys:
            if k and k not in out:
                out[k] = KeyInfo(
                    order=i,
                    period=attrs.get("period"),
                    label=cg.period_label(n),
                    strand=fw_strand.get(k, strand) if match == "framework" else strand,
                    step=n,
                )
    return out


def summarise(path: str, match: str, framework: str | None, full: bool) -> SchemeKeys:
    """Load a scheme and reduce it to what comparison needs (picklable, for workers).

    ``full`` also runs the audit (findings by rule); without it only the graph
    and the metrics are computed.
    """
    from coherence.pipeline import load_graph

    cg = load_graph(path, framework)
    try:
        if full:
            from coherence.audit import audit

            return from_audit(audit(cg), match)
        from coherence.metrics import compute_metrics

        return _summary(cg, match, compute_metrics(cg), {})
    finally:
        cg.release()


_SUMMARISED = 0


def _summarise_and_tidy(path: str, match: str, framework: str | None, full: bool) -> SchemeKeys:
    """:func:`summarise`, collecting young cyclic garbage now and then.

    The CLI runs with the cyclic collector off (short-lived commands) and a
    comparison loads scheme after scheme: whatever a loaded scheme leaves in
    reference cycles would otherwise stay. Only the young generations are
    collected: a full collection would go through every summary kept so far
    each time (200 schemes of 1,000 steps matched by id: 0.5 s of CPU against 0.05 s).
    """
    global _SUMMARISED
    out = summarise(path, match, framework, full)
    _SUMMARISED += 1
    if _SUMMARISED % 20 == 0 and not gc.isenabled():
        gc.collect(1)
    return out


def from_audit(result: AuditResult, match: str) -> SchemeKeys:
    """A comparison summary of an audit already run (as the TUI has one)."""
    findings: dict[str, int] = {}
    for f in result.findings:
        if not f.accepted:
            findings[f.rule] = findings.get(f.rule, 0) + 1
    return _summary(result.graph, match, result.metrics, findings)


def _summary(
    cg: CurriculumGraph, match: str, metrics: Metrics, findings: dict[str, int]
) -> SchemeKeys:
    keys = scheme_keys(cg, "framework" if match == "auto" else match)
    s = SchemeKeys(
        name=cg.scheme.school or cg.scheme.name,
        file=cg.file,
        placed=cg.placed,
        periods_per_year=cg.periods_per_year,
        keys=keys,
        framework=cg.framework.id if cg.framework else None,
        totals=dict(metrics.totals),
        findings=findings,
    )
    s.keystones = _keystones(keys, metrics)
    if match == "auto":
        titles = scheme_keys(cg, "title")
        s.by_title = (titles, _keystones(titles, metrics))
    for u in cg.units:
        strand = u.strand or "(none)"
        period = cg.attrs[u.steps[0]].get("period")
        if period is not None:
            s.strand_periods.setdefault(strand, []).append(period)
            s.strand_units.setdefault(strand, {}).setdefault(period, []).append(u.title)
    return s


def _keystones(keys: dict[str, KeyInfo], metrics: Metrics) -> set[str]:
    """The keys first taught at a keystone step."""
    key_of_step: dict[str, list[str]] = defaultdict(list)
    for k, info in keys.items():
        key_of_step[info.step].append(k)
    return {k for n in metrics.keystones for k in key_of_step.get(n, [])}


def choose_match(schemes: Sequence[SchemeKeys]) -> tuple[str, str | None, str]:
    """Decide how schemes summarised with ``match="auto"`` are matched, from all of them.

    By framework statements when one framework is used by at least half the
    schemes (and by two or more), else by step titles; the schemes are switched
    to the chosen keys in place. The order of the schemes never matters.

    Returns
    -------
    tuple
        ``(match, framework id or None, a sentence saying how and why)``.

    Examples
    --------
    >>> def s(name, fw):
    ...     return SchemeKeys(name, None, True, 6, {}, framework=fw, by_title=({}, set()))
    >>> how = choose_match([s("Oak", None), s("A", "ks3"), s("B", "ks3"), s("C", "ks3")])[2]
    >>> print(how)  # doctest: +NORMALIZE_WHITESPACE
    matched by the statements of framework ks3, which 3 of 4 schemes use; Oak (no framework)
    shares only the statement codes its steps list
    (--match title compares every scheme by step titles instead)
    >>> choose_match([s("Oak", None), s("A", "ks3")])[:2]
    ('title', None)
    """
    used = Counter(s.framework for s in schemes if s.framework)
    fw, users = used.most_common(1)[0] if used else (None, 0)
    n = len(schemes)
    if fw is not None and users >= 2 and 2 * users >= n:
        for s in schemes:
            s.by_title = None
        if users == n:
            return (
                "framework",
                fw,
                f"matched by the statements of framework {fw}, which every scheme uses",
            )
        others = [
            f"{s.name} ({'framework ' + s.framework if s.framework else 'no framework'})"
            for s in schemes
            if s.framework != fw
        ]
        return (
            "framework",
            fw,
            f"matched by the statements of framework {fw}, which {users} of {n} schemes use; "
            f"{', '.join(others)} shares only the statement codes its steps list "
            "(--match title compares every scheme by step titles instead)",
        )
    for s in schemes:
        if s.by_title is not None:
            s.keys, s.keystones = s.by_title
            s.by_title = None
    why = (
        f"framework {fw} is used by only {users} of {n} schemes"
        if fw
        else "no scheme names a framework"
    )
    return "title", None, f"matched by step titles: {why} (--match framework to compare statements)"


def _strand_key(strand: str) -> str:
    return " ".join(strand.split()).casefold()


def unify_strands(schemes: Sequence[SchemeKeys]) -> None:
    """Make strand names that differ only in case or spacing one strand, in place.

    Each strand keeps the spelling it first has (in the schemes' order).

    Examples
    --------
    >>> a = SchemeKeys("A", None, True, 6, {"x": KeyInfo(0, 0, "Y7", "Algebra", "s")})
    >>> b = SchemeKeys("B", None, True, 6, {"x": KeyInfo(0, 0, "Y7", "algebra ", "t")})
    >>> unify_strands([a, b]); b.keys["x"].strand
    'Algebra'
    """
    spelling: dict[str, str] = {}

    def name(strand: str) -> str:
        return spelling.setdefault(_strand_key(strand), strand)

    for s in schemes:
        for k, info in s.keys.items():
            if name(info.strand) != info.strand:
                s.keys[k] = replace(info, strand=name(info.strand))
        periods: dict[str, list[int]] = {}
        for strand, ps in s.strand_periods.items():
            periods.setdefault(name(strand), []).extend(ps)
        s.strand_periods = periods
        units: dict[str, dict[int, list[str]]] = {}
        for strand, by_period in s.strand_units.items():
            merged = units.setdefault(name(strand), {})
            for p, titles in by_period.items():
                merged.setdefault(p, []).extend(titles)
        s.strand_units = units


def kendall_tau_b(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Kendall's tau-b of two paired samples, in O(n log n).

    Ties on either side are handled as tau-b does (Knight's algorithm: sort by
    ``(x, y)``, count the inversions left in ``y``).

    Parameters
    ----------
    xs, ys : sequence of numbers
        Paired observations (here: first-taught positions in two schemes).

    Returns
    -------
    float or None
        In [-1, 1]; None when undefined (fewer than two pairs, or one side all ties).

    Examples
    --------
    >>> kendall_tau_b([1, 2, 3, 4], [1, 2, 3, 4])
    1.0
    >>> kendall_tau_b([1, 2, 3, 4], [4, 3, 2, 1])
    -1.0
    >>> round(kendall_tau_b([1, 2, 3, 4, 5], [3, 4, 1, 2, 5]), 3)
    0.2
    """
    if len(xs) < 2:
        return None
    pairs = sorted(zip(xs, ys, strict=True))
    n1 = _tied(xs)
    n2 = _tied(ys)
    n3 = _tied(pairs) if n1 and n2 else 0  # pairs tied on both need ties on each side
    return _tau_b(len(xs), n1, n2, n3, inversions([p[1] for p in pairs]))


def _tau_b(n: int, x_ties: int, y_ties: int, both_ties: int, swaps: int) -> float | None:
    """Kendall's tau-b of ``n`` pairs from Knight's counts.

    The counts are of pairs of pairs: tied in x, tied in y, tied in both, and
    discordant (the inversions left in y once the pairs are sorted by x, then y).
    One formula for the pairwise and the N-way paths keeps their floats identical.

    Examples
    --------
    >>> _tau_b(4, 0, 0, 0, 6)
    -1.0
    >>> _tau_b(3, 3, 0, 0, 0) is None  # x all tied
    True
    """
    if n < 2:
        return None
    n0 = n * (n - 1) // 2
    denom = math.sqrt((n0 - x_ties) * (n0 - y_ties))
    if denom == 0:
        return None
    return (n0 - x_ties - y_ties + both_ties - 2 * swaps) / denom


def _tied(values: Sequence[Any]) -> int:
    """Number of pairs of equal values."""
    if len(set(values)) == len(values):
        return 0
    return sum(c * (c - 1) // 2 for c in Counter(values).values())


# Below this length, insertion into a sorted list (bisect, C memmove) beats a
# Python merge sort: 1,000 items 0.3 ms against 1.0 ms; at 20,000 they are even.
_BISECT_MAX = 10_000


def inversions(a: Sequence[Any]) -> int:
    """Number of pairs ``i < j`` with ``a[i] > a[j]`` (strict), in O(n log n).

    Examples
    --------
    >>> inversions([3, 1, 2, 2])
    3
    """
    if len(a) <= _BISECT_MAX:
        seen: list[Any] = []
        count = 0
        right, insert = bisect.bisect_right, seen.insert
        for i, v in enumerate(a):
            p = right(seen, v)
            count += i - p
            insert(p, v)
        return count
    return _merge_count(list(a))


def _merge_count(a: list[Any]) -> int:
    """Sort ``a`` in place (stable, bottom-up merge sort); return its strict inversions."""
    n = len(a)
    swaps = 0
    width = 1
    src, dst = a[:], [None] * n
    while width < n:
        for lo in range(0, n, 2 * width):
            mid, hi = min(lo + width, n), min(lo + 2 * width, n)
            i, j, k = lo, mid, lo
            while i < mid and j < hi:
                if src[j] < src[i]:
                    dst[k] = src[j]
                    swaps += mid - i
                    j += 1
                else:
                    dst[k] = src[i]
                    i += 1
                k += 1
            while i < mid:
                dst[k] = src[i]
                i += 1
                k += 1
            while j < hi:
                dst[k] = src[j]
                j += 1
                k += 1
        src, dst = dst, src
        width *= 2
    a[:] = src
    return swaps


def jaccard(a: set[str], b: set[str]) -> float:
    """|A ∩ B| / |A ∪ B| (1.0 for two empty sets)."""
    union = a | b
    return len(a & b) / len(union) if union else 1.0


def order_agreement(
    a: SchemeKeys, b: SchemeKeys, keys: Sequence[str] | None = None
) -> float | None:
    """Kendall's tau-b of first-taught order over shared (or given) keys; None if unplaced."""
    if not (a.placed and b.placed):
        return None
    shared = [
        k
        for k in (keys if keys is not None else a.keys.keys() & b.keys.keys())
        if k in a.keys and k in b.keys
    ]
    return kendall_tau_b([a.keys[k].order for k in shared], [b.keys[k].order for k in shared])


@dataclass
class Pairwise:
    """Two schemes side by side."""

    a: SchemeKeys
    b: SchemeKeys
    match: str
    coverage: dict[str, dict[str, list[str]]]  # strand -> both/only_a/only_b/neither -> keys
    shared: list[dict[str, Any]]  # per shared key: key, strand, a, b, gap (periods)
    far_apart: list[dict[str, Any]]  # shared keys taught more than a year apart
    tau: float | None
    tau_by_strand: dict[str, float | None]
    keystones_only_a: list[str]
    keystones_only_b: list[str]
    notes: list[str]
    titles: dict[str, str] = field(default_factory=dict)  # key -> framework statement title


def compare_two(
    a: SchemeKeys,
    b: SchemeKeys,
    match: str,
    universe: dict[str, str] | None = None,
    titles: dict[str, str] | None = None,
) -> Pairwise:
    """Compare two schemes.

    Parameters
    ----------
    a, b : SchemeKeys
    match : str
    universe : dict, optional
        ``{key: strand}`` of every key that could be covered (the framework's
        statements), for the "neither" column.
    titles : dict, optional
        ``{key: title}`` (framework statement titles) to show beside keys.
    """
    notes: list[str] = []
    unify_strands([a, b])
    ka, kb = set(a.keys), set(b.keys)
    strands: dict[str, str] = {}
    for k in ka | kb:
        strands[k] = (a.keys.get(k) or b.keys[k]).strand
    spelling = {_strand_key(v): v for v in strands.values()}
    for k, s in (universe or {}).items():
        strands.setdefault(k, spelling.setdefault(_strand_key(s), s))
    coverage: dict[str, dict[str, list[str]]] = defaultdict(
        lambda: {"both": [], "only_a": [], "only_b": [], "neither": []}
    )
    for k in sorted(strands):
        col = (
            "both"
            if k in ka and k in kb
            else "only_a"
            if k in ka
            else "only_b"
            if k in kb
            else "neither"
        )
        coverage[strands[k]][col].append(k)
    # Keys first taught by one step keep the order a lists them in (not a set's order).
    shared_keys = sorted((k for k in a.keys if k in kb), key=lambda k: a.keys[k].order)
    placed = a.placed and b.placed
    if not placed:
        notes.append("sequencing skipped: at least one scheme has no teaching positions")
    year = max(a.periods_per_year, b.periods_per_year)
    shared: list[dict[str, Any]] = []
    for k in shared_keys:
        pa, pb = a.keys[k].period, b.keys[k].period
        gap = None if pa is None or pb is None else pb - pa
        shared.append(
            {
                "key": k,
                "title": (titles or {}).get(k, ""),
                "strand": strands[k],
                "a": a.keys[k].label,
                "b": b.keys[k].label,
                "gap": gap,
            }
        )
    far = [s for s in shared if s["gap"] is not None and abs(s["gap"]) > year]
    far.sort(key=lambda s: -abs(s["gap"]))
    by_strand: dict[str, list[str]] = defaultdict(list)
    for k in shared_keys:
        by_strand[strands[k]].append(k)
    tau = order_agreement(a, b, shared_keys) if placed else None
    tau_by = {
        s: order_agreement(a, b, ks) if placed else None for s, ks in sorted(by_strand.items())
    }
    return Pairwise(
        a=a,
        b=b,
        match=match,
        coverage=dict(sorted(coverage.items())),
        shared=shared,
        far_apart=far,
        tau=tau,
        tau_by_strand=tau_by,
        keystones_only_a=sorted(a.keystones - b.keystones),
        keystones_only_b=sorted(b.keystones - a.keystones),
        notes=notes,
        titles=dict(titles or {}),
    )


@dataclass
class NWay:
    """Three or more schemes."""

    schemes: list[SchemeKeys]
    match: str
    coverage: list[list[float]]  # Jaccard matrix
    order: list[list[float | None]]  # tau matrix
    table: dict[str, list[str | None]]  # key -> first-taught label per school
    disagreements: list[dict[str, Any]]  # keys with the widest spread of first-taught periods
    notes: list[str]
    shared: list[list[int]] = field(default_factory=list)  # keys each pair shares


def compare_many(
    schemes: Sequence[SchemeKeys],
    match: str,
    *,
    top: int = 20,
    titles: dict[str, str] | None = None,
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
) -> NWay:
    """Similarity matrices, the key-by-school table and the most-disagreed keys.

    Parameters
    ----------
    schemes : sequence of SchemeKeys
        Three or more (two work too).
    match : str
        What the keys are (``framework``, ``id`` or ``title``), for the report.
    top : int
        How many of the most-disagreed keys to keep.
    titles : dict, optional
        ``{key: title}`` shown beside keys (framework statement titles).
    jobs : int
        Worker processes for the pairwise matrix; used only when there is
        enough work to pay for starting them.
    progress : callable, optional
        Called with the number of schemes whose matrix row is done.

    Returns
    -------
    NWay

    Examples
    --------
    >>> a = SchemeKeys("A", None, True, 6, {"x": KeyInfo(0, 0, "Y7 Autumn 1", "n", "a1")})
    >>> compare_many([a, a, a], "id").coverage[0]
    [1.0, 1.0, 1.0]
    """
    n = len(schemes)
    unify_strands(schemes)
    placed = [s.placed for s in schemes]
    all_keys = sorted(set().union(*(s.keys for s in schemes)))
    cov = [[1.0] * n for _ in range(n)]
    shared_n = [[len(s.keys)] * n for s in schemes]
    order: list[list[float | None]] = [[1.0 if placed[i] else None] * n for i in range(n)]
    rows = _rows_of(schemes, all_keys)
    work = sum(len(s.keys) for s in schemes) * n  # ~ positions compared over all pairs
    if jobs > 1 and n >= 8 and work >= _PARALLEL_WORK:
        from concurrent.futures import ProcessPoolExecutor

        # Rows get shorter down the triangle: interleave them so workers share evenly.
        with ProcessPoolExecutor(
            max_workers=jobs, initializer=_init_rows, initargs=(rows,)
        ) as pool:
            results = pool.map(_row, range(n), chunksize=max(1, n // (jobs * 8)))
            for i, row in enumerate(results):
                _fill(cov, order, shared_n, i, row)
                if progress:
                    progress(1)
    else:
        _init_rows(rows)
        for i in range(n):
            _fill(cov, order, shared_n, i, _row(i))
            if progress:
                progress(1)
    table = {k: [s.keys[k].label if k in s.keys else None for s in schemes] for k in all_keys}
    notes = []
    if not all(placed):
        notes.append(
            "order agreement and disagreements need teaching positions: unplaced schemes have none"
        )
    if len({s.periods_per_year for s in schemes if s.placed}) > 1:
        notes.append("schools divide the year differently: spreads count each school's own terms")
    spread: list[dict[str, Any]] = []
    for k in all_keys:
        periods = [
            (s.keys[k].period, s.name, s.keys[k].label)
            for s in schemes
            if k in s.keys and s.keys[k].period is not None
        ]
        if len(periods) >= 2:
            lo, hi = min(periods), max(periods)
            assert lo[0] is not None and hi[0] is not None
            spread.append(
                {
                    "key": k,
                    "title": (titles or {}).get(k, ""),
                    "spread": hi[0] - lo[0],
                    "earliest": {"school": lo[1], "when": lo[2]},
                    "latest": {"school": hi[1], "when": hi[2]},
                    "schools": len(periods),
                }
            )
    spread.sort(key=lambda d: (-d["spread"], d["key"]))
    return NWay(list(schemes), match, cov, order, table, spread[:top], notes, shared_n)


# Below this much work (keys times schemes) the pairwise matrix is done in-process:
# starting workers costs more. Measured (best of 5, two workers against none):
# 200 schemes of 83 keys (3.3 M) 179 against 139 ms, 100 of 1,000 (10 M) 484
# against 362 ms, 200 of 1,000 (40 M) 1.12 against 1.30 s.
_PARALLEL_WORK = 20_000_000
# At most this many positions are compared in one NumPy batch (bounds the memory).
_BATCH = 1 << 20


@dataclass
class _Rows:
    """What every row of the matrix needs; sent once to each worker process."""

    #: (schemes, keys): each key's first-taught position in each scheme, -1 if not taught.
    positions: NDArray[np.int64]
    #: Each scheme's key columns in teaching order ...
    columns: list[NDArray[np.intp]]
    #: ... and the dense ranks of their positions (keys taught by one step share a rank).
    ranks: list[NDArray[np.int64]]
    placed: list[bool]
    #: Whether no two of a scheme's keys share a position (no ties to count).
    distinct: list[bool]
    #: More than any position.
    top: int


_ROWS: _Rows | None = None


def _rows_of(schemes: Sequence[SchemeKeys], all_keys: list[str]) -> _Rows:
    """Every scheme's first-taught positions as one NumPy matrix over ``all_keys``."""
    import numpy as np

    column = {k: i for i, k in enumerate(all_keys)}
    positions = np.full((len(schemes), len(all_keys)), -1, dtype=np.int64)
    columns, ranks, distinct = [], [], []
    for row, s in zip(positions, schemes, strict=True):
        cols = np.fromiter((column[k] for k in s.keys), np.intp, len(s.keys))
        pos = np.fromiter((info.order for info in s.keys.values()), np.int64, len(s.keys))
        row[cols] = pos
        by_order = np.argsort(pos, kind="stable")
        pos = pos[by_order]
        rank = np.zeros(len(pos), dtype=np.int64)
        np.cumsum(pos[1:] != pos[:-1], out=rank[1:])
        columns.append(cols[by_order])
        ranks.append(rank)
        distinct.append(len(pos) == 0 or int(rank[-1]) == len(pos) - 1)
    placed = [s.placed for s in schemes]
    return _Rows(positions, columns, ranks, placed, distinct, int(positions.max(initial=0)) + 1)


def _init_rows(rows: _Rows) -> None:
    global _ROWS
    _ROWS = rows


def _row(i: int) -> list[tuple[float, float | None, int]]:
    """Coverage Jaccard, order tau and shared keys of scheme ``i`` with every later scheme."""
    rows = _ROWS
    assert rows is not None
    n = len(rows.placed)
    size = len(rows.columns[i])
    batch = max(1, _BATCH // max(1, size))
    out: list[tuple[float, float | None, int]] = []
    for lo in range(i + 1, n, batch):
        hi = min(n, lo + batch)
        ys = rows.positions[lo:hi][:, rows.columns[i]]
        x_ties, y_ties = not rows.distinct[i], not all(rows.distinct[lo:hi])
        counts = _tau_counts(rows.ranks[i], ys, rows.top, x_ties=x_ties, y_ties=y_ties)
        for j, (shared, *ties) in enumerate(counts, start=lo):
            union = size + len(rows.columns[j]) - shared
            jac = shared / union if union else 1.0
            tau = None
            if rows.placed[i] and rows.placed[j]:
                tau = _tau_b(shared, *ties)
            out.append((round(jac, 3), None if tau is None else round(tau, 3), shared))
    return out


def _tau_counts(
    ranks: NDArray[np.int64], ys: NDArray[np.int64], top: int, *, x_ties: bool, y_ties: bool
) -> list[tuple[int, int, int, int, int]]:
    """Knight's counts for tau-b of one scheme against several, vectorised.

    Parameters
    ----------
    ranks : array
        The scheme's key positions in teaching order, as dense ranks (x).
    ys : array
        One row per other scheme: its positions of those keys (y), -1 where it
        does not teach the key.
    top : int
        More than any position.
    x_ties, y_ties : bool
        Whether x, or any row of y, may have ties (if not, they are not counted).

    Returns
    -------
    list of tuple
        Per row of ``ys``: shared keys, pairs tied in x, in y, in both, and
        discordant pairs, as :func:`kendall_tau_b` counts them.

    Examples
    --------
    >>> import numpy as np
    >>> ys = np.array([[0, 1, 2, 3], [3, 2, -1, 0], [0, 0, 1, 1]])
    >>> _tau_counts(np.array([0, 1, 1, 2]), ys, 4, x_ties=True, y_ties=True)
    [(4, 1, 0, 0, 0), (3, 0, 0, 0, 3), (4, 1, 2, 0, 0)]
    """
    import numpy as np

    shared = ys >= 0
    n = np.count_nonzero(shared, axis=1)
    cols = np.arange(ys.shape[1])
    zeros = np.zeros(len(ys), dtype=np.int64)
    xy = ys
    if x_ties or not shared.all():
        # Knight's order (by x, then y) with the keys not shared moved to the end.
        xy = np.where(shared, ranks * top + ys, int(ranks[-1] + 1) * top)
        xy.sort(axis=1)
        ys = np.where(cols < n[:, None], xy % top, top)
    n1 = _tied_sorted(xy // top, n) if x_ties else zeros
    n3 = _tied_sorted(xy, n) if x_ties and y_ties else zeros
    n2 = _tied_sorted(np.sort(ys, axis=1), n) if y_ties else zeros
    swaps = _inversions_rows(ys, top)
    return list(zip(n.tolist(), n1.tolist(), n2.tolist(), n3.tolist(), swaps.tolist(), strict=True))


def _tied_sorted(a: NDArray[np.int64], n: NDArray[np.intp]) -> NDArray[np.int64]:
    """Pairs of equal values among the first ``n[r]`` values of each sorted row ``r``.

    Examples
    --------
    >>> import numpy as np
    >>> _tied_sorted(np.array([[1, 1, 1, 2, 2], [0, 1, 1, 5, 5]]), np.array([5, 3])).tolist()
    [4, 1]
    """
    import numpy as np

    cols = np.arange(a.shape[1])
    same = np.zeros(a.shape, dtype=bool)
    same[:, 1:] = (a[:, 1:] == a[:, :-1]) & (cols[1:] < n[:, None])
    # Each value is tied with every earlier value of its run: its column less the run's first.
    first = np.where(same, 0, cols)
    np.maximum.accumulate(first, axis=1, out=first)
    tied: NDArray[np.int64] = (cols - first).sum(axis=1, dtype=np.int64)
    return tied


# Levels of the merge count with halves up to this long compare every pair of the
# two halves directly; longer halves are merged by sorting (measured fastest on
# rows of 1,000 positions).
_COMPARE_MAX = 8


def _inversions_rows(ys: NDArray[np.int64], top: int) -> NDArray[np.int64]:
    """:func:`inversions` of every row of ``ys`` (values from 0 to ``top``), vectorised.

    A bottom-up merge count: at each level, the pairs taken one from the left
    half and one from the right half of a block, with the left value larger.

    Examples
    --------
    >>> import numpy as np
    >>> _inversions_rows(np.array([[3, 1, 2, 2], [0, 1, 2, 3], [3, 2, 1, 0]]), 3).tolist()
    [3, 0, 6]
    """
    import numpy as np

    rows, m = ys.shape
    width = 1 << max(0, (m - 1).bit_length())
    small = 2 * top + 1 <= np.iinfo(np.int16).max
    z = np.full((rows, width), top, dtype=np.int16 if small else np.int64)
    z[:, :m] = ys  # padded with the largest value, which adds no inversions
    count = np.zeros(rows, dtype=np.int64)
    half = 1
    while half < width and half <= _COMPARE_MAX:
        b = z.reshape(rows, -1, 2, half)
        count += (b[:, :, 0, :, None] > b[:, :, 1, None, :]).sum(axis=(1, 2, 3))
        half *= 2
    if half < width:
        z = np.sort(z.reshape(rows, -1, half), axis=-1).reshape(rows, width)
    while half < width:
        # Both halves sorted: tag each value with its half (left 0, right 1) and
        # sort the block. A right value's place there, less its place in its own
        # half, is how many left values are not larger than it.
        places = np.arange(2 * half)
        block = (z.reshape(rows, -1, 2 * half) << 1) | (places >= half)
        block.sort(axis=-1)
        right_places = ((block & 1) * places).sum(axis=(1, 2), dtype=np.int64)
        blocks = width // (2 * half)
        count += blocks * (half * half + half * (half - 1) // 2) - right_places
        z = (block >> 1).reshape(rows, width)
        half *= 2
    return count


def _fill(
    cov: list[list[float]],
    order: list[list[float | None]],
    shared: list[list[int]],
    i: int,
    row: list[tuple[float, float | None, int]],
) -> None:
    for j, (jac, tau, n) in enumerate(row, start=i + 1):
        cov[i][j] = cov[j][i] = jac
        order[i][j] = order[j][i] = tau
        shared[i][j] = shared[j][i] = n


def disambiguate(schemes: Sequence[SchemeKeys]) -> None:
    """Make the schemes' display names unique, in place.

    Two versions of one school's scheme share a name: each is then told apart
    by its file name (and by its place in the list if even that is shared).

    Examples
    --------
    >>> a = SchemeKeys("Oak", "v1/oak.yaml", True, 6, {})
    >>> b = SchemeKeys("Oak", "v2/oak-2025.yaml", True, 6, {})
    >>> disambiguate([a, b]); (a.name, b.name)
    ('Oak (oak)', 'Oak (oak-2025)')
    """
    from pathlib import PurePath

    counts = Counter(s.name for s in schemes)
    for s in schemes:
        if counts[s.name] > 1 and s.file:
            s.name = f"{s.name} ({PurePath(s.file).stem})"
    counts = Counter(s.name for s in schemes)
    seen: Counter[str] = Counter()
    for s in schemes:
        if counts[s.name] > 1:
            seen[s.name] += 1
            s.name = f"{s.name} #{seen[s.name]}"


def load_all(
    paths: Sequence[str],
    match: str,
    framework: str | None,
    *,
    full: bool,
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
) -> list[SchemeKeys]:
    """Summarise many schemes, in parallel worker processes when ``jobs`` > 1."""
    if jobs <= 1 or len(paths) < 4:
        out = []
        for p in paths:
            out.append(_summarise_and_tidy(p, match, framework, full))
            if progress:
                progress(1)
        disambiguate(out)
        return out
    from concurrent.futures import ProcessPoolExecutor

    results: list[SchemeKeys | None] = [None] * len(paths)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = {
            pool.submit(_summarise_and_tidy, p, match, framework, full): i
            for i, p in enumerate(paths)
        }
        from concurrent.futures import as_completed

        for fut in as_completed(futures):
            results[futures[fut]] = fut.result()
            if progress:
                progress(1)
    done = [r for r in results if r is not None]
    disambiguate(done)
    return done
