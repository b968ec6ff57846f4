"""The N-way matrix's vectorised tau-b agrees exactly with the pairwise kendall_tau_b."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coherence import comparison
from coherence.comparison import (
    KeyInfo,
    SchemeKeys,
    compare_many,
    inversions,
    kendall_tau_b,
    order_agreement,
)
from tests.test_comparison import random_keys


def scheme(name: str, positions: dict[str, int], *, placed: bool = True) -> SchemeKeys:
    keys = {
        k: KeyInfo(p, p if placed else None, f"P{p}", "s", f"step-{k}")
        for k, p in positions.items()
    }
    return SchemeKeys(name, None, placed, 6, keys)


def expected_order(schemes: list[SchemeKeys]) -> list[list[float | None]]:
    """The matrix as the pairwise path computes it, rounded as the matrix is."""
    out: list[list[float | None]] = []
    for a in schemes:
        row: list[float | None] = []
        for b in schemes:
            if a is b:
                row.append(1.0 if a.placed else None)
                continue
            tau = order_agreement(a, b)
            row.append(None if tau is None else round(tau, 3))
        out.append(row)
    return out


@pytest.mark.parametrize("seed", range(8))
def test_matrix_is_the_pairwise_tau_exactly(seed: int) -> None:
    rng = random.Random(seed)
    schemes = [random_keys(rng, f"S{i}", ties=i % 3 != 0, placed=i != 4) for i in range(10)]
    assert compare_many(schemes, "id").order == expected_order(schemes)


def test_ties_missing_keys_and_unplaced_schemes() -> None:
    schemes = [
        scheme("A", {"a": 0, "b": 0, "c": 1, "d": 2, "e": 2, "f": 3}),  # ties in x
        scheme("B", {"a": 5, "b": 4, "c": 4, "d": 1, "f": 0, "g": 9}),  # ties in y, no e
        scheme("C", {"a": 0, "b": 1}),  # two shared keys: tau is +-1
        scheme("D", {"a": 3, "b": 3, "c": 3}),  # one position for everything: tau undefined
        scheme("E", {"a": 0, "b": 1, "c": 2}, placed=False),
        scheme("F", {}),  # nothing shared
    ]
    order = compare_many(schemes, "id").order
    assert order == expected_order(schemes)
    assert order[0][3] is None and order[3][0] is None  # D: every key tied
    assert all(order[4][j] is None for j in range(6))  # unplaced: null in the JSON
    assert order[0][5] is None and order[5][5] == 1.0
    assert compare_many(schemes[::-1], "id").order == expected_order(schemes[::-1])


def test_long_schemes_through_every_merge_level_and_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(3)
    keys = [f"k{i}" for i in range(300)]
    schemes = []
    for i in range(5):
        chosen = rng.sample(keys, rng.randint(150, 300))
        spread = 20_000 if i == 2 else 400  # positions past int16 take the int64 path
        schemes.append(scheme(f"S{i}", {k: rng.randrange(spread) for k in chosen}))
    want = expected_order(schemes)
    assert compare_many(schemes, "id").order == want
    monkeypatch.setattr(comparison, "_BATCH", 1)  # one other scheme per NumPy batch
    assert compare_many(schemes, "id").order == want


def test_counts_are_the_pairwise_counts() -> None:
    rng = random.Random(5)
    for _ in range(40):
        m = rng.randint(1, 40)
        x = sorted(rng.randint(0, 6) for _ in range(m))
        ranks = np.unique(x, return_inverse=True)[1].astype(np.int64)
        ys = np.array([[rng.choice([-1, *range(8)]) for _ in range(m)] for _ in range(4)])
        counts = comparison._tau_counts(ranks, ys, 8, x_ties=True, y_ties=True)
        for row, (n, *ties) in zip(ys.tolist(), counts, strict=True):
            shared = [(xv, yv) for xv, yv in zip(x, row, strict=True) if yv >= 0]
            assert n == len(shared)
            got = comparison._tau_b(n, *ties)
            assert got == kendall_tau_b([p[0] for p in shared], [p[1] for p in shared])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 40), min_size=1, max_size=70), min_size=1, max_size=4).filter(
        lambda rows: len({len(r) for r in rows}) == 1
    )
)
def test_vectorised_inversions(rows: list[list[int]]) -> None:
    got = comparison._inversions_rows(np.array(rows, dtype=np.int64), 40).tolist()
    assert got == [inversions(r) for r in rows]


def test_vectorised_inversions_against_brute_force() -> None:
    rng = random.Random(11)
    for m in (1, 2, 3, 16, 17, 33, 100):
        rows = [[rng.randint(0, 9) for _ in range(m)] for _ in range(3)]
        brute = [sum(r[i] > r[j] for i, j in itertools.combinations(range(m), 2)) for r in rows]
        assert comparison._inversions_rows(np.array(rows), 9).tolist() == brute
