"""Link drafting benchmark (issue 13): how good ``coherence link`` is, and how fast.

Three yardsticks, each beside the simple baselines measured in the same run:

1. Riverside (bundled) stripped of its ``requires`` and ``covers``: covers agreement
   with the original (top proposal right, per step with codes) and precision/recall
   of requires against the original graph.
2. Achieve the Core's coherence map as a titles-only scheme (grade g -> Year g+1,
   cluster -> unit, a grade's clusters spread over six half-terms, no framework):
   precision (share of proposed A->B with A an expert prerequisite of B at any
   distance) and recall (share of expert arrows A->B joined by a path of proposals).
3. Oak KS3 (titles and unit prior knowledge only) against ``england-ks3``: share of
   lessons given a code, share of the prior-knowledge statements linked; a sample of
   30 proposals is printed for judging by eye (``--sample``).

Then the whole ``coherence link`` command on generated titled schemes of 1,000 and
10,000 steps (wall time and peak memory).

Baselines: "TF-IDF titles" links each step to its most similar earlier step (and
gives each step the statement most similar to its title), with plain words, no
stemming, no vocabulary; "previous step" links each step to the one before it in
its unit.

Run: ``python benchmarks/link.py [--sample] [--thresholds] [--no-timing]``
"""

from __future__ import annotations

import argparse
import html
import json
import math
import random
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, coherence_cmd

from coherence.link.draft import DEFAULT_MIN_SCORE, Draft, draft
from coherence.load import bundled_scheme_path, load_framework, load_scheme
from coherence.model import Framework, Scheme

REF = ROOT.parent / "shared" / "reference"
ATC = REF / "atc-coherence-map"
OAK = REF / "oak-maths"
Edge = tuple[str, str]


# ------------------------------------------------------------------ measures
def precision_recall(proposed: Iterable[Edge], expert: Iterable[Edge]) -> tuple[float, float, int]:
    """Precision (proposed A->B with A an expert ancestor of B) and recall (expert
    A->B joined by a path of proposed links). Returns (precision, recall, proposed)."""
    eg: nx.DiGraph = nx.DiGraph(list(expert))
    prop = sorted(set(proposed))
    ok = sum(1 for a, b in prop if a in eg and b in eg and nx.has_path(eg, a, b))
    pg: nx.DiGraph = nx.DiGraph(prop)
    reach: dict[str, set[str]] = {}

    def desc(n: str) -> set[str]:
        if n not in reach:
            reach[n] = nx.descendants(pg, n) if n in pg else set()
        return reach[n]

    exp = list(eg.edges)
    hit = sum(1 for a, b in exp if b in desc(a))
    return (ok / len(prop) if prop else 0.0), (hit / len(exp) if exp else 0.0), len(prop)


def _plain(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _PLAIN_STOP]


_PLAIN_STOP = set(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "in",
        "on",
        "to",
        "for",
        "with",
        "by",
        "from",
        "as",
        "at",
        "is",
        "are",
        "be",
        "it",
        "its",
        "this",
    ]
)


def _tfidf(docs: Sequence[list[str]]) -> list[dict[str, float]]:
    df: dict[str, int] = {}
    for d in docs:
        for t in set(d):
            df[t] = df.get(t, 0) + 1
    n = len(docs)
    out = []
    for d in docs:
        v: dict[str, float] = {}
        for t in d:
            v[t] = v.get(t, 0.0) + 1.0
        v = {t: c * (math.log((n + 1) / (df[t] + 1)) + 1) for t, c in v.items()}
        norm = math.sqrt(sum(w * w for w in v.values())) or 1.0
        out.append({t: w / norm for t, w in v.items()})
    return out


def _cos(a: dict[str, float], b: dict[str, float]) -> float:
    return sum(w * b[t] for t, w in a.items() if t in b)


def teaching_order(scheme: Scheme) -> list[str]:
    from coherence.graph import build_graph

    return build_graph(scheme).order


def baseline_tfidf_requires(scheme: Scheme) -> list[Edge]:
    """Each step linked to its most similar earlier step (plain TF-IDF on titles)."""
    order = teaching_order(scheme)
    title = {s.id: s.title for s in scheme.steps}
    vecs = _tfidf([_plain(title[s]) for s in order])
    out = []
    for i in range(1, len(order)):
        best = max(range(i), key=lambda j: (_cos(vecs[i], vecs[j]), j))
        if _cos(vecs[i], vecs[best]) > 0:
            out.append((order[best], order[i]))
    return out


def baseline_previous(scheme: Scheme) -> list[Edge]:
    """Each step linked to the step before it in its unit."""
    return [(a.id, b.id) for u in scheme.units for a, b in zip(u.steps, u.steps[1:], strict=False)]


def baseline_tfidf_covers(scheme: Scheme, fw: Framework) -> dict[str, str]:
    """Each step given the statement most similar to its title (plain TF-IDF)."""
    steps = scheme.steps
    docs = [_plain(s.title) for s in fw.statements] + [_plain(s.title) for s in steps]
    vecs = _tfidf(docs)
    sv, qv = vecs[: len(fw.statements)], vecs[len(fw.statements) :]
    out = {}
    for s, q in zip(steps, qv, strict=True):
        best = max(range(len(sv)), key=lambda j: (_cos(q, sv[j]), -j))
        if _cos(q, sv[best]) > 0:
            out[s.id] = fw.statements[best].code
    return out


def proposed_edges(d: Draft, min_score: float) -> list[Edge]:
    """Drafted requires as (prerequisite, step) edges; a unit's are its first step's."""
    first = {u.id: u.steps[0] for u in d.graph.units}
    return [(p.target, first.get(p.step, p.step)) for p in d.at(min_score) if p.kind == "requires"]


def declared_edges(scheme: Scheme) -> list[Edge]:
    from coherence.graph import STEP, build_graph

    cg = build_graph(scheme)
    return [
        (a, b)
        for a, b, k in cg.g.edges(data="kind")
        if k == "prerequisite" and cg.attrs[b].get("kind") == STEP
    ]


def requires_rows(
    bare: Scheme, d: Draft, expert: list[Edge], min_scores: Sequence[float]
) -> list[list[str]]:
    """Precision/recall of the two baselines and of the draft at each threshold."""
    rows = []
    runs = [
        ("  baseline TF-IDF titles", baseline_tfidf_requires(bare)),
        ("  baseline previous step", baseline_previous(bare)),
    ] + [(f"  coherence link >= {m}", proposed_edges(d, m)) for m in min_scores]
    for name, edges in runs:
        p, r, n = precision_recall(edges, expert)
        rows.append([name, f"{p:.2f}", f"{r:.2f}", str(n)])
    return rows


def strip(scheme: Scheme) -> Scheme:
    s = scheme.model_copy(deep=True)
    for u in s.units:
        u.requires, u.covers = [], []
        for st in u.steps:
            st.requires, st.covers = [], []
    for p in s.prior:
        p.covers = []
    return s


# ----------------------------------------------------------------- yardstick 1
def riverside(min_scores: Sequence[float]) -> list[list[str]]:
    original = load_scheme(bundled_scheme_path())
    fw = load_framework("england-ks3")
    bare = strip(original)
    truth_cov = {s.id: set(s.covers) for s in original.steps if s.covers}
    expert = declared_edges(original)
    d = draft(bare, fw)
    rows = []

    def covers_row(name: str, top: dict[str, str]) -> list[str]:
        right = sum(1 for s, c in top.items() if c in truth_cov.get(s, ()))
        given = sum(1 for s in top if s in truth_cov)
        return [
            name,
            f"{right / len(truth_cov):.2f}",
            f"{right / given:.2f}" if given else "-",
            f"{given / len(truth_cov):.2f}",
        ]

    rows.append(["Riverside covers", "top right/all", "top right/given", "given"])
    rows.append(covers_row("  baseline TF-IDF titles", baseline_tfidf_covers(bare, fw)))
    for m in min_scores:
        top: dict[str, str] = {}
        for p in d.at(m):
            if p.kind == "covers":
                top.setdefault(p.step, p.target)
        rows.append(covers_row(f"  coherence link >= {m}", top))
    rows.append(["Riverside requires", "precision", "recall", "proposed"])
    rows += requires_rows(bare, d, expert, min_scores)
    return rows


# ----------------------------------------------------------------- yardstick 2
def _atc_text(text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split())


def _atc_normalise(code: str, official: dict[str, str]) -> list[str]:
    """EdgeSet codes -> official K-8 standard ids (see the reference's SOURCE.md)."""
    code = code.split("||")[0]
    out: list[str] = []
    for part in code.split(";"):
        bits = part.split(".")
        grade = "K" if bits[0] == "0" else bits[0]
        if len(bits) == 2:  # a whole domain: "0.OA"
            out += [
                k for k in official if k.startswith(f"{grade}.{bits[1]}.") and k.count(".") == 3
            ]
            continue
        domain, rest = bits[1], bits[2:]
        nums = rest[0].split(",")
        subs = rest[1].split(",") if len(rest) > 1 else [""]
        for n in nums:
            for sub in subs:
                pat = re.compile(rf"^{re.escape(grade)}\.{re.escape(domain)}\.[A-Z]\.{n}{sub}$")
                out += [k for k in official if pat.match(k)]
    return out


def atc_scheme() -> tuple[Scheme, list[Edge]]:
    data = json.loads((ATC / "standards.json").read_text())
    official = {m["id"]: _atc_text(m["description"]) for m in data["math"]}
    edges: set[Edge] = set()
    for line in (ATC / "edges.csv").read_text().splitlines()[1:]:
        row = next(iter(__import__("csv").reader([line])))
        if row[2] != "Arrow":
            continue
        for a in _atc_normalise(row[0], official):
            for b in _atc_normalise(row[1], official):
                if a != b:
                    edges.add((a, b))
    nodes = {n for e in edges for n in e}
    grades = ["K", "1", "2", "3", "4", "5", "6", "7", "8"]
    units: list[dict[str, Any]] = []
    for gi, g in enumerate(grades):
        clusters = [k for k in official if k.startswith(g + ".") and k.count(".") == 2]
        in_grade = [c for c in clusters if any(n.startswith(c + ".") for n in nodes)]
        for ci, c in enumerate(in_grade):
            steps = [
                {"id": n, "title": official[n]}
                for n in official
                if n in nodes and n.startswith(c + ".")
            ]
            units.append(
                {
                    "id": c,
                    "title": official[c],
                    "year": gi + 1,
                    "term": 1 + ci * 6 // len(in_grade),
                    "strand": c.split(".")[1],
                    "steps": steps,
                }
            )
    scheme = Scheme.model_validate({"name": "Achieve the Core coherence map", "units": units})
    steps = {s.id for s in scheme.steps}
    return scheme, sorted((a, b) for a, b in edges if a in steps and b in steps)


def atc(min_scores: Sequence[float]) -> list[list[str]]:
    scheme, expert = atc_scheme()
    d = draft(scheme, None)
    rows = [
        [
            f"ATC map ({len(scheme.steps)} steps, {len(expert)} arrows)",
            "precision",
            "recall",
            "proposed",
        ]
    ]
    return rows + requires_rows(scheme, d, expert, min_scores)


# ----------------------------------------------------------------- yardstick 3
_TRIPLE_BLOCK = re.compile(r"^(oakcurric:[\w-]+)\s*\n(.*?)\s\.\s*$", re.M | re.S)


def _ttl_blocks(text: str) -> dict[str, str]:
    """Subject -> its block of predicates (Oak's files write one subject per block)."""
    return {m.group(1): m.group(2) for m in _TRIPLE_BLOCK.finditer(text)}


def _ttl_value(block: str, pred: str) -> str | None:
    m = re.search(rf'{pred}\s+"""(.*?)"""|{pred}\s+"((?:[^"\\]|\\.)*)"', block, re.S)
    if not m:
        return None
    return " ".join((m.group(1) or m.group(2) or "").split())


def _ttl_refs(block: str, pred: str) -> list[str]:
    m = re.search(rf"{pred}\s+(.*?)(?:;\s*\n|$)", block, re.S)
    return re.findall(r"oakcurric:[\w-]+", m.group(1)) if m else []


def oak_scheme(ks: int = 3) -> Scheme:
    """Oak's KS3 programmes as a titles-and-prior-knowledge scheme (no links).

    Each year's units are spread over six half-terms in sequence order (Oak gives no
    half-terms); each lesson is a step; unit prior-knowledge statements are kept.
    """
    b = _ttl_blocks((OAK / f"mathematics-key-stage-{ks}.ttl").read_text())
    units: list[dict[str, Any]] = []
    seen: set[str] = set()
    progs = sorted(
        (k for k, v in b.items() if "a curric:Programme" in v),
        key=lambda k: int(re.findall(r"\d+", k)[-1]),
    )
    for prog in progs:
        year = int(re.findall(r"year-group-(\d+)", b[prog])[0])
        incs = sorted(
            _ttl_refs(b[prog], "curric:hasUnitVariantInclusion"),
            key=lambda k: int(_ttl_value(b[k], "curric:sequencePosition") or 0),
        )
        for ui, inc in enumerate(incs):
            uv = _ttl_refs(b[inc], "curric:includesUnitVariant")[0]
            unit = _ttl_refs(b[uv], "curric:isUnitVariantOf")[0]
            ub = b[unit]
            uid = _ttl_value(ub, "curric:slug") or unit
            pk = [
                _ttl_value(b[p], "rdfs:label") or ""
                for p in _ttl_refs(ub, "curric:hasPriorKnowledgeRequirement")
            ]
            les = sorted(
                _ttl_refs(b[uv], "curric:hasLessonInclusion"),
                key=lambda k: int(_ttl_value(b[k], "curric:sequencePosition") or 0),
            )
            steps = []
            for li in les:
                lesson = _ttl_refs(b[li], "curric:includesLesson")[0]
                slug = _ttl_value(b[lesson], "curric:slug") or lesson
                sid = slug if slug not in seen else f"y{year}-{slug}"
                seen.add(sid)
                steps.append({"id": sid, "title": _ttl_value(b[lesson], "rdfs:label")})
            units.append(
                {
                    "id": f"y{year}-{uid}",
                    "title": _ttl_value(ub, "rdfs:label"),
                    "year": year,
                    "term": 1 + ui * 6 // len(incs),
                    "prior_knowledge": [p for p in pk if p],
                    "steps": steps,
                }
            )
    return Scheme.model_validate({"name": "Oak National Academy KS3 mathematics", "units": units})


def oak(min_scores: Sequence[float], sample: bool) -> list[list[str]]:
    scheme = oak_scheme()
    fw = load_framework("england-ks3")
    d = draft(scheme, fw)
    n_pk = sum(len(u.prior_knowledge) for u in scheme.units)
    n_steps = len(scheme.steps)
    rows = [
        [
            f"Oak KS3 ({n_steps} lessons, {n_pk} prior-knowledge)",
            "lessons coded",
            "pk linked",
            "requires",
        ]
    ]
    base = baseline_tfidf_covers(scheme, fw)
    rows.append(["  baseline TF-IDF titles", f"{len(base) / n_steps:.2f}", "-", "-"])
    for m in min_scores:
        props = d.at(m)
        coded = {p.step for p in props if p.kind == "covers"}
        linked = {
            (p.step, t)
            for p in props
            if (p.kind == "requires" and p.source == "prior-knowledge")
            or "prior knowledge" in p.evidence
            for t in re.findall(r'prior knowledge "([^"]*)"', p.evidence)
        }
        nreq = sum(1 for p in props if p.kind == "requires")
        rows.append(
            [
                f"  coherence link >= {m}",
                f"{len(coded) / n_steps:.2f}",
                f"{len(linked) / n_pk:.2f}",
                str(nreq),
            ]
        )
    rows.append(["  prior knowledge matched later", str(len(d.later)), "", ""])
    if sample:
        _print_sample(scheme, d, fw)
    return rows


def _print_sample(scheme: Scheme, d: Draft, fw: Framework) -> None:
    titles = {s.id: s.title for s in scheme.steps} | {u.id: u.title for u in scheme.units}
    stitles = {s.code: s.title for s in fw.statements}
    props = d.at(DEFAULT_MIN_SCORE)
    rng = random.Random(13)
    cov = rng.sample([p for p in props if p.kind == "covers"], 15)
    req = rng.sample([p for p in props if p.kind == "requires"], 15)
    print("\nSample of 30 Oak KS3 proposals at the default threshold (seed 13):")
    for p in cov + req:
        tgt = stitles.get(p.target) or titles.get(p.target, "")
        print(f"- {p.kind} {p.source} {p.score:.2f}: {titles[p.step]!r} -> {p.target} {tgt!r}")
        print(f"    {p.evidence}")


# ------------------------------------------------------------------- timing
def titled_scheme(n_steps: int, seed: int = 0) -> dict[str, Any]:
    """A generated scheme of ``n_steps`` with real-looking titles (Oak's lesson titles)."""
    from coherence.synthetic import generate_scheme

    pool = [s.title for s in oak_scheme().steps] if OAK.exists() else None
    data = generate_scheme(n_steps, seed=seed)
    rng = random.Random(seed)
    for u in data["units"]:
        for s in u["steps"]:
            s["requires"] = []
            if pool:
                s["title"] = rng.choice(pool)
    return data


def _timed(cmd: list[str]) -> tuple[float, float, float, int]:
    """(wall s, CPU s, peak MB, exit code) of a command, from GNU time."""
    proc = subprocess.run(
        ["/usr/bin/time", "-f", "%e %U %S %M", *cmd], capture_output=True, text=True, check=False
    )
    wall_s, user, sys_s, kb = proc.stderr.strip().splitlines()[-1].split()
    return float(wall_s), float(user) + float(sys_s), int(kb) / 1024, proc.returncode


def timing() -> list[list[str]]:
    """The whole command on generated titled schemes; CPU time beside wall time, as
    the machine may be shared (wall time then says more about the neighbours)."""
    from coherence.synthetic import to_yaml

    rows = [["whole command", "wall s", "CPU s", "peak MB"]]
    with tempfile.TemporaryDirectory() as tmp:
        for n in (1000, 10000):
            data = titled_scheme(n)
            path = Path(tmp) / f"s{n}.yaml"
            path.write_text(
                to_yaml(data).replace("units:\n", "framework: england-ks3\nunits:\n", 1)
            )
            runs = (("", ["--format", "json"]), (" -o review.yaml", ["-o", f"{path}.out.yaml"]))
            for what, extra in runs:
                wall_s, cpu, mb, code = _timed([*coherence_cmd(), "link", str(path), *extra])
                assert code == 0, code
                name = f"  coherence link{what}, {n} steps"
                rows.append([name, f"{wall_s:.2f}", f"{cpu:.2f}", f"{mb:.0f}"])
        wall_s, cpu, mb, _ = _timed([sys.executable, "-c", "import networkx, pydantic"])
        rows.append(
            ["  baseline: import networkx, pydantic", f"{wall_s:.2f}", f"{cpu:.2f}", f"{mb:.0f}"]
        )
    return rows


def show(rows: list[list[str]]) -> None:
    for r in rows:
        print(f"{r[0]:<46}" + "".join(f"{c:>16}" for c in r[1:]))


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", action="store_true", help="print 30 Oak proposals to judge")
    ap.add_argument("--thresholds", action="store_true", help="sweep --min-score")
    ap.add_argument("--no-timing", action="store_true")
    args = ap.parse_args(argv)
    mins = [0.3, 0.4, DEFAULT_MIN_SCORE, 0.6, 0.7] if args.thresholds else [DEFAULT_MIN_SCORE]
    runs: list[Callable[[], list[list[str]]]] = [lambda: riverside(mins)]
    if ATC.exists():
        runs.append(lambda: atc(mins))
    else:
        print(f"(skipped ATC: {ATC} not found)")
    if OAK.exists():
        runs.append(lambda: oak(mins, args.sample))
    else:
        print(f"(skipped Oak: {OAK} not found)")
    if not args.no_timing:
        runs.append(timing)
    for run in runs:
        show(run())
        print()


if __name__ == "__main__":
    main()
