"""compare: coverage sets, first-taught positions, tau, disagreements, real programmes."""

from __future__ import annotations

import contextlib
import itertools
import json
import random
from pathlib import Path

import pytest

from coherence.audit import audit
from coherence.cli import main
from coherence.compare import (
    compare_many,
    compare_two,
    from_audit,
    kendall_tau_b,
    normalise_title,
)
from tests.rules.conftest import framework, graph, step, unit

REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference"
PLANS = REFERENCE / "curricular-analytics" / "plans"
FW = framework(("S1", "KS3", []), ("S2", "KS3", []), ("S3", "KS3", []), ("S4", "KS3", []))


def keys(*units, **kw):  # type: ignore[no-untyped-def]
    return from_audit(audit(graph(*units, framework=FW)), kw.get("match", "framework"))


def school(order: list[str], terms: list[int] | None = None):  # type: ignore[no-untyped-def]
    terms = terms or [1] * len(order)
    return keys(
        *(
            unit(f"u{i}", 7 + (t - 1) // 6, (t - 1) % 6 + 1, step(f"s{i}", covers=[c]))
            for i, (c, t) in enumerate(zip(order, terms, strict=True))
        )
    )


def brute_tau_b(x: list[float], y: list[float]) -> float:
    conc = disc = tx = ty = 0
    for i, j in itertools.combinations(range(len(x)), 2):
        dx, dy = x[i] - x[j], y[i] - y[j]
        if dx == 0 and dy == 0:
            continue
        if dx == 0:
            tx += 1
        elif dy == 0:
            ty += 1
        elif dx * dy > 0:
            conc += 1
        else:
            disc += 1
    return (conc - disc) / ((conc + disc + tx) * (conc + disc + ty)) ** 0.5


@pytest.mark.parametrize("seed", range(30))
def test_tau_b_matches_pair_counting_with_ties(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(2, 30)
    x = [rng.randint(0, 5) for _ in range(n)]
    y = [rng.randint(0, 5) for _ in range(n)]
    expected = None
    with contextlib.suppress(ZeroDivisionError):
        expected = brute_tau_b(x, y)
    got = kendall_tau_b(x, y)
    if expected is None:
        assert got is None
    else:
        assert got == pytest.approx(expected)


def test_identical_schemes_agree_fully() -> None:
    a = school(["S1", "S2", "S3", "S4"], [1, 2, 3, 4])
    cmp = compare_two(a, a, "framework", {c: "algebra" for c in ("S1", "S2", "S3", "S4")})
    assert cmp.tau == 1.0
    assert cmp.coverage["algebra"]["both"] == ["S1", "S2", "S3", "S4"]
    assert cmp.far_apart == []
    many = compare_many([a, a, a], "framework")
    assert all(v == 1.0 for row in many.coverage for v in row)


def test_reversed_order_gives_minus_one_and_far_apart_statements() -> None:
    a = school(["S1", "S2", "S3", "S4"], [1, 2, 3, 12])
    b = school(["S4", "S3", "S2", "S1"], [1, 2, 3, 12])
    cmp = compare_two(a, b, "framework")
    assert cmp.tau == -1.0
    # S1: A teaches it in Y7 Autumn 1, B in Y8 Summer 2: 11 half-terms later.
    first = {s["key"]: s for s in cmp.shared}
    assert (first["S1"]["a"], first["S1"]["b"], first["S1"]["gap"]) == (
        "Y7 Autumn 1",
        "Y8 Summer 2",
        11,
    )
    assert {s["key"] for s in cmp.far_apart} == {"S1", "S4"}


def test_disjoint_schemes_share_nothing() -> None:
    a = school(["S1", "S2"])
    b = school(["S3", "S4"])
    universe = {c: "algebra" for c in ("S1", "S2", "S3", "S4")}
    cmp = compare_two(a, b, "framework", universe)
    cols = cmp.coverage["algebra"]
    assert (cols["both"], cols["only_a"], cols["only_b"], cols["neither"]) == (
        [],
        ["S1", "S2"],
        ["S3", "S4"],
        [],
    )
    assert cmp.tau is None
    assert compare_many([a, b, a], "framework").coverage[0][1] == 0.0


def test_neither_column_and_most_disagreed() -> None:
    a = school(["S1", "S2"], [1, 2])
    b = school(["S2", "S1"], [1, 9])
    c = school(["S1", "S2"], [1, 3])
    universe = {c_: "algebra" for c_ in ("S1", "S2", "S3")}
    assert compare_two(a, b, "framework", universe).coverage["algebra"]["neither"] == ["S3"]
    many = compare_many([a, b, c], "framework")
    top = many.disagreements[0]
    assert top["key"] == "S1" and top["spread"] == 8
    assert top["earliest"]["when"] == "Y7 Autumn 1" and top["latest"]["when"] == "Y8 Spring 1"
    assert many.table["S2"] == ["Y7 Autumn 2", "Y7 Autumn 1", "Y7 Spring 1"]


def test_title_matching_normalises() -> None:
    assert normalise_title("Intro to Calculus I") == normalise_title("Introduction to calculus 1")
    a = keys(unit("u", 7, 1, step("x", title="Adding Fractions")), match="title")
    b = keys(unit("v", 7, 1, step("y", title="adding fractions!")), match="title")
    assert compare_two(a, b, "title").coverage["(none)"]["both"] == ["adding fractions"]


def test_bundled_schools_compare_from_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    from coherence.load import bundled_scheme_path

    paths = [bundled_scheme_path(n) for n in ("riverside-ks3.yaml", "hillside-spiral.yaml")]
    assert main(["compare", *paths, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "pair" and data["match"] == "framework"
    assert -1 <= data["order_agreement"]["tau"] <= 1
    assert (
        main(["compare", *paths, bundled_scheme_path("oakfield-blocked.yaml"), "--jobs", "1"]) == 0
    )
    assert "Where schools disagree most" in capsys.readouterr().out


def test_nine_real_programmes_nway_by_title(capsys: pytest.CaptureFixture[str]) -> None:
    if not PLANS.is_dir():
        pytest.skip(f"reference data absent: {PLANS}")
    paths = sorted(str(p) for p in PLANS.glob("*.csv"))
    assert main(["compare", *paths, "--match", "title", "--format", "json", "--jobs", "2"]) == 0
    data = json.loads(capsys.readouterr().out)
    names = [Path(s["file"]).stem for s in data["schemes"]]
    cov = data["similarity"]["coverage"]
    assert len(cov) == 9 and all(cov[i][i] == 1.0 for i in range(9))
    # The Colorado State variants are each other's closest match by course titles.
    for variant in (
        "Colostate_CSDegree",
        "Colostate_CSDegree_2017",
        "Colostate_CSDegree_2017_w_MATH",
    ):
        i = names.index(variant)
        best = max((j for j in range(9) if j != i), key=lambda j: cov[i][j])
        assert names[best].startswith("Colostate"), (variant, names[best])
    assert all(v is None for row in data["similarity"]["order"] for v in row)
    assert any("teaching positions" in n for n in data["notes"])


def test_compare_renders_timeline_dot(tmp_path: Path) -> None:
    from coherence.load import bundled_scheme_path

    out = tmp_path / "t.dot"
    paths = [bundled_scheme_path(n) for n in ("riverside-ks3.yaml", "oakfield-blocked.yaml")]
    assert (
        main(
            [
                "compare",
                *paths,
                "--render",
                str(out),
                "-o",
                str(tmp_path / "r.md"),
                "--format",
                "markdown",
            ]
        )
        == 0
    )
    assert out.read_text().startswith("digraph") and "A · algebra" in out.read_text()
    assert (
        (tmp_path / "r.md")
        .read_text()
        .startswith("# Riverside Academy and Oakfield Academy compared")
    )
