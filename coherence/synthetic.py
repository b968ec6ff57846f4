"""Synthetic schemes of any size, for benchmarks and scale tests.

The schemes look like real ones (years 7-11, six half-terms, units of small
steps in strands, prerequisites mostly on recent steps of the same strand) so
timings are representative. They are deterministic for a given seed.
"""

from __future__ import annotations

import random
from typing import Any

from coherence.model import HALF_TERM_NAMES

STRANDS = ("number", "algebra", "ratio", "geometry", "probability", "statistics")
TERMS = tuple(name.lower().replace(" ", "-") for name in HALF_TERM_NAMES)


def generate_scheme(
    n_steps: int,
    *,
    seed: int = 0,
    steps_per_unit: int = 5,
    max_requires: int = 3,
    dense_cycle: bool = False,
    framework_codes: list[str] | None = None,
    name: str | None = None,
) -> dict[str, Any]:
    """Generate a scheme as the dict a YAML scheme file would hold.

    Parameters
    ----------
    n_steps : int
        Number of small steps.
    seed : int
        Random seed; the same seed gives the same scheme.
    steps_per_unit : int
        Steps in each unit.
    max_requires : int
        Most prerequisites per step (each step gets 0..max_requires).
    dense_cycle : bool
        If True, every step also requires a later step, so the whole scheme is
        one dense strongly connected component (a worst case for cycle rules).
    framework_codes : list of str, optional
        Codes to sprinkle into ``covers``.
    name : str, optional
        The scheme's name.

    Returns
    -------
    dict
        ``{"name", "units": [...]}`` ready for ``Scheme.model_validate`` or YAML.

    Examples
    --------
    >>> s = generate_scheme(10, steps_per_unit=5)
    >>> len(s["units"]), sum(len(u["steps"]) for u in s["units"])
    (2, 10)
    """
    rng = random.Random(seed)
    n_units = max(1, -(-n_steps // steps_per_unit))
    years = max(1, min(13, -(-n_units // 30)))  # about 30 units a year
    per_year = -(-n_units // years)
    units: list[dict[str, Any]] = []
    ids: list[str] = []
    by_strand: dict[str, list[int]] = {s: [] for s in STRANDS}
    made = 0
    for ui in range(n_units):
        year = 7 + ui // per_year if years <= 7 else 1 + ui // per_year
        term = TERMS[min(5, (ui % per_year) * 6 // per_year)]
        strand = STRANDS[rng.randrange(len(STRANDS))]
        steps = []
        for si in range(min(steps_per_unit, n_steps - made)):
            sid = f"u{ui}-s{si}"
            req: list[str] = []
            if si > 0:
                req.append(ids[-1])
            pool = by_strand[strand]
            for _ in range(rng.randint(0, max_requires - len(req))):
                if pool:
                    req.append(ids[pool[max(0, len(pool) - 1 - int(rng.expovariate(0.05)))]])
            step: dict[str, Any] = {
                "id": sid,
                "title": f"Step {si + 1} of unit {ui}",
                "requires": sorted(set(req)),
            }
            if rng.random() < 0.1:
                step["lessons"] = rng.randint(1, 4)
            if framework_codes and rng.random() < 0.5:
                step["covers"] = [framework_codes[rng.randrange(len(framework_codes))]]
            steps.append(step)
            by_strand[strand].append(len(ids))
            ids.append(sid)
            made += 1
        units.append(
            {
                "id": f"u{ui}",
                "title": f"Unit {ui} ({strand})",
                "year": year,
                "term": term,
                "strand": strand,
                "steps": steps,
            }
        )
    if dense_cycle:
        all_steps = [s for u in units for s in u["steps"]]
        for i, s in enumerate(all_steps):
            later = [all_steps[j]["id"] for j in range(i + 1, min(len(all_steps), i + 4))]
            s["requires"] = sorted(set(s["requires"]) | set(later or [all_steps[0]["id"]]))
    return {"name": name or f"Synthetic scheme of {n_steps} steps", "units": units}


def to_yaml(scheme: dict[str, Any]) -> str:
    """Write a generated scheme as block-style YAML text (one key per line)."""
    out = [f"name: {scheme['name']}", "units:"]
    for u in scheme["units"]:
        out += [
            f"  - id: {u['id']}",
            f"    title: {u['title']}",
            f"    year: {u['year']}",
            f"    term: {u['term']}",
            f"    strand: {u['strand']}",
            "    steps:",
        ]
        for s in u["steps"]:
            out += [f"      - id: {s['id']}", f"        title: {s['title']}"]
            if "lessons" in s:
                out.append(f"        lessons: {s['lessons']}")
            if s.get("requires"):
                out.append(f"        requires: [{', '.join(s['requires'])}]")
            if s.get("covers"):
                out.append(f"        covers: [{', '.join(s['covers'])}]")
    return "\n".join(out) + "\n"
