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
positions of the keys two schemes share, computed in O(n log n).
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
    g = cg.g
    fw_strand = {s.code: s.strand for s in cg.framework.statements} if cg.framework else {}
    unit_covers = {u.steps[0]: u.covers for u in cg.units if u.covers}
    out: dict[str, KeyInfo] = {}
    for i, n in enumerate(cg.order):
        attrs = g.nodes[n]
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
    if full:
        from coherence.audit import audit

        return from_audit(audit(cg), match)
    from coherence.metrics import compute_metrics

    return _summary(cg, match, compute_metrics(cg), {})


_SUMMARISED = 0


def _summarise_and_tidy(path: str, match: str, framework: str | None, full: bool) -> SchemeKeys:
    """:func:`summarise`, collecting cyclic garbage now and then.

    The CLI runs with the cyclic collector off (short-lived commands); a
    comparison loads scheme after scheme, and each loaded graph left behind
    would otherwise stay (200 schemes of 1,000 steps, peak 410 MB -> 110 MB).
    """
    global _SUMMARISED
    out = summarise(path, match, framework, full)
    _SUMMARISED += 1
    if _SUMMARISED % 20 == 0 and not gc.isenabled():
        gc.collect()
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
        period = cg.g.nodes[u.steps[0]].get("period")
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
    n = len(xs)
    if n < 2:
        return None
    pairs = sorted(zip(xs, ys, strict=True))
    n0 = n * (n - 1) // 2
    n1 = _tied(xs)
    n2 = _tied(ys)
    n3 = _tied(pairs) if n1 and n2 else 0  # pairs tied on both need ties on each side
    swaps = inversions([p[1] for p in pairs])
    denom = math.sqrt((n0 - n1) * (n0 - n2))
    if denom == 0:
        return None
    return (n0 - n1 - n2 + n3 - 2 * swaps) / denom


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
    shared_keys = sorted(ka & kb, key=lambda k: a.keys[k].order)
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
    orders = [{k: info.order for k, info in s.keys.items()} for s in schemes]
    placed = [s.placed for s in schemes]
    cov = [[1.0] * n for _ in range(n)]
    shared_n = [[len(o)] * n for o in orders]
    order: list[list[float | None]] = [[1.0 if placed[i] else None] * n for i in range(n)]
    work = sum(len(o) for o in orders) * n  # ~ key look-ups over all pairs
    if jobs > 1 and n >= 8 and work >= _PARALLEL_WORK:
        from concurrent.futures import ProcessPoolExecutor

        # Rows get shorter down the triangle: interleave them so workers share evenly.
        with ProcessPoolExecutor(
            max_workers=jobs, initializer=_init_rows, initargs=(orders, placed)
        ) as pool:
            rows = pool.map(_row, range(n), chunksize=max(1, n // (jobs * 8)))
            for i, row in enumerate(rows):
                _fill(cov, order, shared_n, i, row)
                if progress:
                    progress(1)
    else:
        _init_rows(orders, placed)
        for i in range(n):
            _fill(cov, order, shared_n, i, _row(i))
            if progress:
                progress(1)
    sets = [set(o) for o in orders]
    all_keys = sorted(set().union(*sets))
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


# Below this many key look-ups the pairwise matrix is done in-process: starting
# workers and sending them the schemes costs more (measured: 200 schemes of 83
# statements take 0.3 s in-process).
_PARALLEL_WORK = 2_000_000


@dataclass
class _Rows:
    orders: list[dict[str, int]]
    placed: list[bool]
    # Each scheme's keys in teaching order, and whether no two share a position:
    # then a pair's tau needs no sort (the pairs are already in order of x).
    in_order: list[list[str]] = field(default_factory=list)
    distinct: list[bool] = field(default_factory=list)


_ROWS = _Rows([], [])


def _init_rows(orders: list[dict[str, int]], placed: list[bool]) -> None:
    global _ROWS
    _ROWS = _Rows(
        orders,
        placed,
        [sorted(o, key=o.__getitem__) for o in orders],
        [len(set(o.values())) == len(o) for o in orders],
    )


def _row(i: int) -> list[tuple[float, float | None, int]]:
    """Coverage Jaccard, order tau and shared keys of scheme ``i`` with every later scheme."""
    rows = _ROWS
    a = rows.orders[i]
    out: list[tuple[float, float | None, int]] = []
    for j in range(i + 1, len(rows.orders)):
        b = rows.orders[j]
        shared = a.keys() & b.keys()
        union = len(a) + len(b) - len(shared)
        jac = len(shared) / union if union else 1.0
        tau = None
        if rows.placed[i] and rows.placed[j]:
            if rows.distinct[i]:
                tau = _tau_sorted_x([b[k] for k in rows.in_order[i] if k in b])
            else:
                tau = kendall_tau_b([a[k] for k in shared], [b[k] for k in shared])
        out.append((round(jac, 3), None if tau is None else round(tau, 3), len(shared)))
    return out


def _tau_sorted_x(ys: list[int]) -> float | None:
    """Kendall's tau-b when x is 0, 1, 2, ... (distinct, in order): only y can tie."""
    n = len(ys)
    if n < 2:
        return None
    n0 = n * (n - 1) // 2
    n2 = _tied(ys)
    denom = math.sqrt(n0 * (n0 - n2))
    return (n0 - n2 - 2 * inversions(ys)) / denom if denom else None


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
