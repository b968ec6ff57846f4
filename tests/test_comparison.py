"""compare: coverage sets, first-taught positions, tau, disagreements, real programmes."""

from __future__ import annotations

import contextlib
import itertools
import json
import random
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from coherence.audit import audit
from coherence.cli import main
from coherence.comparison import (
    KeyInfo,
    SchemeKeys,
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


def keys(*units: dict[str, Any], match: str = "framework") -> SchemeKeys:
    return from_audit(audit(graph(*units, framework=FW)), match)


def school(order: list[str], terms: list[int] | None = None) -> SchemeKeys:
    terms = terms or [1] * len(order)
    return keys(
        *(
            unit(f"u{i}", 7 + (t - 1) // 6, (t - 1) % 6 + 1, step(f"s{i}", covers=[c]))
            for i, (c, t) in enumerate(zip(order, terms, strict=True))
        )
    )


def brute_tau_b(x: Sequence[float], y: Sequence[float]) -> float:
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
    return float((conc - disc) / ((conc + disc + tx) * (conc + disc + ty)) ** 0.5)


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
    dot = out.read_text()
    assert dot.startswith("digraph") and "A · algebra" not in dot
    assert "Riverside Academy · algebra" in dot and "Oakfield Academy · algebra" in dot
    assert (
        (tmp_path / "r.md")
        .read_text()
        .startswith("# Riverside Academy and Oakfield Academy compared")
    )


# -- the pairwise matrix: fast paths and workers agree with the plain definition ------------


def random_keys(rng: random.Random, name: str, *, ties: bool, placed: bool = True) -> SchemeKeys:
    pool = [f"k{i}" for i in range(40)]
    chosen = rng.sample(pool, rng.randint(0, 30))
    positions = [rng.randint(0, 8) for _ in chosen] if ties else rng.sample(range(100), len(chosen))
    keys = {
        k: KeyInfo(p, p if placed else None, f"P{p}", "s", f"step-{k}")
        for k, p in zip(chosen, positions, strict=True)
    }
    return SchemeKeys(name, None, placed, 6, keys)


@pytest.mark.parametrize("seed", range(5))
def test_matrix_matches_pairwise_definitions(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from coherence import comparison as compare

    rng = random.Random(seed)
    schemes = [random_keys(rng, f"S{i}", ties=i % 2 == 0, placed=i != 3) for i in range(9)]
    expected_cov = [[0.0] * 9 for _ in range(9)]
    expected_tau: list[list[float | None]] = [[None] * 9 for _ in range(9)]
    for i, j in itertools.product(range(9), repeat=2):
        a, b = schemes[i], schemes[j]
        union = set(a.keys) | set(b.keys)
        expected_cov[i][j] = len(set(a.keys) & set(b.keys)) / len(union) if union else 1.0
        shared = sorted(set(a.keys) & set(b.keys))
        x = [a.keys[k].order for k in shared]
        y = [b.keys[k].order for k in shared]
        with contextlib.suppress(ZeroDivisionError):
            if a.placed and b.placed and len(shared) >= 2:
                expected_tau[i][j] = brute_tau_b(x, y)
    one = compare_many(schemes, "id")
    monkeypatch.setattr(compare, "_PARALLEL_WORK", 0)  # force the worker processes
    two = compare_many(schemes, "id", jobs=2)
    for got in (one, two):
        for i, j in itertools.product(range(9), repeat=2):
            if i == j:
                continue
            assert got.coverage[i][j] == pytest.approx(expected_cov[i][j], abs=1e-3)
            want = expected_tau[i][j]
            assert (got.order[i][j] is None) == (want is None), (i, j)
            if want is not None:
                assert got.order[i][j] == pytest.approx(want, abs=1e-3)
    assert one.coverage == two.coverage and one.order == two.order


@pytest.mark.parametrize("limit", [0, 10_000])
def test_inversions_both_algorithms(limit: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from coherence import comparison as compare

    monkeypatch.setattr(compare, "_BISECT_MAX", limit)  # 0: always the merge sort
    rng = random.Random(limit)
    for _ in range(50):
        a = [rng.randint(0, 6) for _ in range(rng.randint(0, 25))]
        brute = sum(a[i] > a[j] for i, j in itertools.combinations(range(len(a)), 2))
        assert compare.inversions(a) == brute


def test_same_school_twice_gets_told_apart(tmp_path: Path) -> None:
    from coherence.comparison import load_all
    from coherence.load import bundled_scheme_path

    src = Path(bundled_scheme_path("riverside-ks3.yaml")).read_text()
    (tmp_path / "v2").mkdir()
    copies = [tmp_path / "riverside-2025.yaml", tmp_path / "v2" / "riverside-2025.yaml"]
    for c in copies:
        c.write_text(src)
    paths = [bundled_scheme_path("riverside-ks3.yaml"), *map(str, copies)]
    names = [s.name for s in load_all(paths, "framework", None, full=False)]
    assert names == [
        "Riverside Academy (riverside-ks3)",
        "Riverside Academy (riverside-2025) #1",
        "Riverside Academy (riverside-2025) #2",
    ]


# -- reports ---------------------------------------------------------------------------------

HOSTILE = "[@click=app.quit]x <b>x</b> | *y*"


def hostile_scheme(path: Path, school: str, order: list[str]) -> str:
    units = "\n".join(
        f"""  - id: u{i}
    title: "{HOSTILE} unit {i}"
    year: {7 + i // 6}
    term: {i % 6 + 1}
    strand: "{HOSTILE}"
    steps:
      - id: {sid}
        title: "{HOSTILE} {sid}"
        covers: [KS3-N-0{i + 1}]"""
        for i, sid in enumerate(order)
    )
    path.write_text(
        f'name: "{school}"\nschool: "{school}"\nframework: england-ks3\nunits:\n{units}\n'
    )
    return str(path)


def test_reports_show_scheme_text_literally(tmp_path: Path) -> None:
    a = hostile_scheme(tmp_path / "a.yaml", HOSTILE, ["s1", "s2", "s3"])
    b = hostile_scheme(tmp_path / "b.yaml", "B " + HOSTILE, ["s3", "s2", "s1"])
    for fmt in ("text", "markdown", "html", "json"):
        out = tmp_path / f"r.{fmt}"
        assert main(["compare", a, b, "--match", "id", "--format", fmt, "-o", str(out)]) == 0
        text = out.read_text()
        if fmt == "text":
            assert HOSTILE in text
        elif fmt == "markdown":
            assert "&lt;b&gt;x&lt;/b&gt; \\| \\*y\\*" in text and "<b>" not in text
        elif fmt == "html":
            assert "&lt;b&gt;x&lt;/b&gt;" in text and "<b>x" not in text
        else:
            assert json.loads(text)["a"]["name"] == HOSTILE
    # In the drawing, a quoted DOT string is literal text: an SVG shows it escaped.
    svg = tmp_path / "t.svg"
    if shutil.which("dot") is None:
        svg = tmp_path / "t.dot"
    assert main(["compare", a, b, "--match", "id", "--render", str(svg), "-o", str(out)]) == 0
    drawing = svg.read_text()
    if svg.suffix == ".svg":
        assert "&lt;b&gt;x&lt;/b&gt;" in drawing and "<b>x" not in drawing
    else:
        assert '"A · [@click=app.quit]x <b>x</b> | *y*' in drawing


def test_pair_report_lists_first_teaching_of_each_shared_statement(tmp_path: Path) -> None:
    a = hostile_scheme(tmp_path / "a.yaml", "Ash", ["s1", "s2", "s3"])
    b = hostile_scheme(tmp_path / "b.yaml", "Birch", ["s3", "s2", "s1"])
    # Both cover KS3-N-01..03 in the same half-terms by key; ids differ in position.
    cmp_id = tmp_path / "id.json"
    assert main(["compare", a, b, "--match", "id", "--format", "json", "-o", str(cmp_id)]) == 0
    data = json.loads(cmp_id.read_text())
    when = {s["key"]: (s["a"], s["b"], s["gap"]) for s in data["shared"]}
    assert when == {
        "s1": ("Y7 Autumn 1", "Y7 Spring 1", 2),
        "s2": ("Y7 Autumn 2", "Y7 Autumn 2", 0),
        "s3": ("Y7 Spring 1", "Y7 Autumn 1", -2),
    }
    assert data["order_agreement"]["tau"] == -1.0
    text = tmp_path / "r.txt"
    assert main(["compare", a, b, "--match", "framework", "-o", str(text)]) == 0
    out = text.read_text()
    assert "When each school first teaches it" in out and "KS3-N-01" in out
    # The same 3 statements in the same half-terms agree fully, but 3 is too few to mean it.
    overall = next(line for line in out.splitlines() if "all strands" in line)
    assert "too few shared statements" in overall and "1.00" not in overall


def test_many_schools_summarised_as_closest_matches() -> None:
    from coherence.report.comparison import MAX_MATRIX, format_comparison

    rng = random.Random(7)
    schemes = [random_keys(rng, f"School {i}", ties=False) for i in range(MAX_MATRIX + 2)]
    many = compare_many(schemes, "id")
    text = format_comparison(many, "text", width=200)
    assert "Closest schools" in text and "Coverage similarity" not in text
    md = format_comparison(many, "markdown").split("## Closest schools")[1].splitlines()
    for i in range(len(schemes)):
        others = [j for j in range(len(schemes)) if j != i]
        best = max(others, key=lambda j: many.coverage[i][j])
        row = next(line for line in md if line.startswith(f"| School {i} |"))
        assert row.split(" | ")[1] == f"School {best}"


def test_render_needs_exactly_two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from coherence.load import bundled_scheme_path

    paths = [
        bundled_scheme_path(n)
        for n in ("riverside-ks3.yaml", "hillside-spiral.yaml", "oakfield-blocked.yaml")
    ]
    assert main(["compare", *paths, "--render", str(tmp_path / "x.svg")]) == 2
    assert "exactly two" in capsys.readouterr().err
    assert not (tmp_path / "x.svg").exists()


# -- the TUI compare view (``coherence explore A --compare B``) --------------------------------


async def test_tui_compare_view_highlights_differences_literally(tmp_path: Path) -> None:
    from textual.widgets import DataTable

    from coherence.audit import run_audit
    from tui.screens.comparison import CompareApp

    a = hostile_scheme(tmp_path / "a.yaml", HOSTILE, ["s1", "s2", "s3"])
    b = hostile_scheme(tmp_path / "b.yaml", "B", ["s1", "s2"])
    app = CompareApp(run_audit(a), run_audit(b))
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        table = app.strand_table()
        cells = list(zip(*[[str(c) for c in col.cells] for col in table.columns], strict=True))
        rows = {r[0]: list(r) for r in cells}
        # Strands are the framework's; A teaches 3 number statements, B 2 of them.
        assert rows["number"][3:6] == ["2", "1", "0"]
        only = app.query_one("#only", DataTable)
        assert [str(c) for c in only.get_row_at(0)][:2] == ["KS3-N-03", "A"]
        assert HOSTILE in str(app.title)
        await pilot.press("tab")  # a click action in a title must not have run
        assert app.is_running


def _tiny(path: Path, school: str, strand: str, framework: bool, n: int = 6) -> str:
    """A one-unit scheme: n steps s1..sn covering KS3-N-01.. in order."""
    steps = "".join(
        f"      - {{id: s{i}, title: Step {i}, covers: [KS3-N-{i:02d}]}}\n" for i in range(1, n + 1)
    )
    fw = "framework: england-ks3\n" if framework else ""
    path.write_text(
        f"name: {school}\nschool: {school}\n{fw}units:\n  - id: u1\n    title: Number\n"
        f"    year: 7\n    term: autumn-1\n    strand: {strand}\n    steps:\n{steps}"
    )
    return str(path)


def test_matching_is_decided_from_every_scheme_whatever_the_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from coherence.load import bundled_scheme_path

    oak = _tiny(tmp_path / "oak.yaml", "Oak National", "number", framework=False)
    bundled = [bundled_scheme_path(n) for n in ("riverside-ks3.yaml", "hillside-spiral.yaml")]
    runs = []
    for paths in ([oak, *bundled], [*bundled, oak]):
        assert main(["compare", *paths, "--format", "json", "--jobs", "1"]) == 0
        data = json.loads(capsys.readouterr().out)
        names = [s["name"] for s in data["schemes"]]
        r, h = names.index("Riverside Academy"), names.index("Hillside School")
        runs.append((data["match"], data["similarity"]["coverage"][r][h], data["notes"]))
    assert runs[0] == runs[1]
    match, similarity, notes = runs[0]
    assert match == "framework" and similarity > 0.9
    assert "2 of 3 schemes use" in notes[0] and "Oak National (no framework)" in notes[0]
    # ... and the text report says so.
    assert main(["compare", oak, *bundled, "--jobs", "1"]) == 0
    assert "Oak National (no framework)" in " ".join(capsys.readouterr().out.split())


def test_strands_differing_only_in_case_are_one_strand(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = _tiny(tmp_path / "a.yaml", "Ash", "Algebra", framework=False)
    b = _tiny(tmp_path / "b.yaml", "Birch", "algebra ", framework=False)
    assert main(["compare", a, b, "--match", "id", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data["coverage"]) == ["Algebra"]
    assert list(data["order_agreement"]["by_strand"]) == ["Algebra"]
    assert main(["compare", a, b, "--match", "id"]) == 0
    timeline = capsys.readouterr().out.split("Timeline by strand")[1]
    assert timeline.count("Algebra") == 2 and "algebra" not in timeline


def test_reports_name_schools_and_use_plain_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from coherence.load import bundled_scheme_path

    paths = [
        bundled_scheme_path(n)
        for n in ("riverside-ks3.yaml", "hillside-spiral.yaml", "oakfield-blocked.yaml")
    ]
    assert main(["compare", *paths, "--format", "markdown", "--jobs", "1"]) == 0
    md = capsys.readouterr().out
    header = "|  | Riverside Academy | Hillside School | Oakfield Academy |"
    assert md.count(header) == 2  # shared coverage and order agreement
    assert "## Shared coverage" in md and "## Order agreement" in md
    assert "| Statement | Riverside Academy | Hillside School | Oakfield Academy |" in md
    for jargon in ("Jaccard", "tau-b", "Kendall", "keys", "periods", "| 1 |"):
        assert jargon not in md, jargon


def test_order_agreement_needs_enough_shared_statements(tmp_path: Path) -> None:
    from coherence.comparison import MIN_SHARED_FOR_ORDER
    from coherence.report.comparison import format_comparison

    few = compare_many(
        [
            SchemeKeys(
                name,
                None,
                True,
                6,
                {f"k{i}": KeyInfo(i, i, "Y7 Autumn 1", "number", f"s{i}") for i in keys},
            )
            for name, keys in (
                ("Ash", range(10)),
                ("Birch", range(MIN_SHARED_FOR_ORDER - 1)),
                ("Cedar", range(MIN_SHARED_FOR_ORDER)),
            )
        ],
        "framework",
    )
    rows = format_comparison(few, "text", width=200).split("Order agreement")[1].splitlines()
    birch = next(line for line in rows if line.startswith("Birch "))
    cedar = next(line for line in rows if line.startswith("Cedar "))
    assert birch.count("too few shared statements") == 2
    assert cedar.count("too few shared statements") == 1 and "1.00" in cedar


def test_render_refuses_an_unknown_suffix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from coherence.load import bundled_scheme_path

    paths = [bundled_scheme_path(n) for n in ("riverside-ks3.yaml", "oakfield-blocked.yaml")]
    out = tmp_path / "timeline.jpg"
    assert main(["compare", *paths, "--render", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and ".svg, .png, .pdf or .dot" in err[0] and not out.exists()


def test_pair_lists_keys_of_one_step_in_the_schemes_order() -> None:
    codes = [f"K{i:02d}" for i in range(30)]
    a = SchemeKeys("A", None, True, 6, {k: KeyInfo(0, 0, "Y7", "s", "a1") for k in codes[::-1]})
    b = SchemeKeys("B", None, True, 6, {k: KeyInfo(0, 0, "Y7", "s", "b1") for k in codes})
    assert [s["key"] for s in compare_two(a, b, "framework").shared] == codes[::-1]
