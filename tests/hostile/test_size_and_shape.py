"""Size and shape: every refusal is one line, under 10 s and 1 GB (capped in the child)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coherence.load import limits
from tests.hostile.generate import csv_rows, scheme_rows, xlsx, xlsx_bomb
from tests.hostile.runner import assert_refused, run

DIGITS = "9" * 5000


def _check(path: Path, *words: str) -> None:
    assert_refused(run(["check", str(path)]), path.name, *words)


@pytest.mark.slow
def test_million_row_csv(tmp_path: Path) -> None:
    _check(csv_rows(tmp_path / "big.csv", 1_000_000), "1,000,001 rows", "limit")


def test_csv_just_over_the_row_limit(tmp_path: Path) -> None:
    _check(csv_rows(tmp_path / "big.csv", limits.MAX_ROWS), "rows", "limit")


@pytest.mark.slow
def test_xlsx_over_the_row_limit(tmp_path: Path) -> None:
    _check(xlsx(tmp_path / "big.xlsx", scheme_rows(limits.MAX_ROWS + 10)), "rows", "limit")


@pytest.mark.slow
@pytest.mark.parametrize("megabytes", [20, 300])
def test_xlsx_zip_bomb(tmp_path: Path, megabytes: int) -> None:
    # 20 MB: one part compressed hundreds of times; 300 MB: beyond the total expansion limit.
    _check(xlsx_bomb(tmp_path / "bomb.xlsx", megabytes), "zip bomb")


def test_xlsx_with_too_many_parts(tmp_path: Path) -> None:
    import zipfile

    f = tmp_path / "parts.xlsx"
    with zipfile.ZipFile(f, "w") as z:
        for i in range(limits.MAX_XLSX_PARTS + 1):
            z.writestr(f"p{i}", b"")
    _check(f, "parts")


def test_small_generated_xlsx_still_loads(tmp_path: Path) -> None:
    r = run(["check", str(xlsx(tmp_path / "ok.xlsx", scheme_rows(30)))])
    assert r.code == 0, r.stderr
    assert b"30 steps" in r.stdout


@pytest.mark.parametrize("items", [1_000_000, 3_100_000])
def test_yaml_flow_list(tmp_path: Path, items: int) -> None:
    f = tmp_path / "flow.yaml"
    f.write_text("name: x\nunits: [" + ",".join(["1"] * items) + "]\n")
    _check(f, "limit")


def test_yaml_many_units_in_block_style(tmp_path: Path) -> None:
    f = tmp_path / "units.yaml"
    f.write_text("name: x\nunits:\n" + "  - {}\n" * (limits.MAX_UNITS + 1))
    _check(f, f"{limits.MAX_UNITS + 1:,} units")


def test_yaml_many_steps(tmp_path: Path) -> None:
    step = "{id: s, title: S}"
    f = tmp_path / "steps.yaml"
    per_unit = ", ".join([step] * 1000)
    units = "".join(f"  - {{id: u{i}, steps: [{per_unit}]}}\n" for i in range(201))
    f.write_text("name: x\nunits:\n" + units)
    _check(f, "steps", "limit")


def _alias_fan_out(width: int, depth: int) -> str:
    lines = ["name: x", "l0: &l0 [" + ", ".join(["x"] * width) + "]"]
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]" for i in range(1, depth)]
    return "\n".join([*lines, f"units: [*l{depth - 1}]"]) + "\n"


@pytest.mark.parametrize(
    ("width", "depth"), [(1000, 2), (100, 3), (10, 9), (2, 40), (200_000, 1)], ids=str
)
def test_yaml_alias_fan_out(tmp_path: Path, width: int, depth: int) -> None:
    f = tmp_path / "aliases.yaml"
    text = _alias_fan_out(width, depth)
    if depth == 1:  # one anchor, aliased very many times
        text = "name: x\na: &a x\nunits: [" + ", ".join(["*a"] * width) + "]\n"
    f.write_text(text)
    _check(f)


@pytest.mark.parametrize("nesting", ["[" * 100_000, "{a: " * 100_000], ids=["list", "map"])
def test_yaml_deep_nesting(tmp_path: Path, nesting: str) -> None:
    f = tmp_path / "deep.yaml"
    f.write_text(f"name: x\nunits: {nesting}\n")
    _check(f)


@pytest.mark.parametrize(
    ("where", "value", "words"),
    [
        ("year", DIGITS, ["year", "digits"]),
        ("term", DIGITS, ["digits"]),
        ("year", f'"{DIGITS}"', ["year"]),
        ("year", ".inf", ["infinite"]),
        ("year", "-.inf", ["infinite"]),
        ("year", ".nan", ["NaN"]),
        ("lessons", "1" + "0" * 400, ["digits"]),
    ],
    ids=lambda v: str(v)[:8],
)
def test_yaml_numbers(tmp_path: Path, where: str, value: str, words: list[str]) -> None:
    unit = {"year": "7", "term": "autumn-1", "lessons": "1"}
    unit[where] = value
    f = tmp_path / "numbers.yaml"
    f.write_text(
        "name: x\nunits:\n  - id: u\n    title: U\n"
        f"    year: {unit['year']}\n    term: {unit['term']}\n"
        f"    steps:\n      - id: s\n        title: S\n        lessons: {unit['lessons']}\n"
    )
    _check(f, *words)


@pytest.mark.parametrize(
    ("row", "words"),
    [
        (f"{DIGITS},Autumn 1,U,S,1", []),
        (f"7,{DIGITS},U,S,1", []),
        (f"7,Autumn 1,U,S,{DIGITS}", ["lessons"]),
        ("7,Autumn 1,U,S,1e400", ["lessons"]),
        ("7,Autumn 1,U,S,inf", ["lessons"]),
    ],
    ids=lambda v: str(v)[:8],
)
def test_spreadsheet_numbers(tmp_path: Path, row: str, words: list[str]) -> None:
    f = tmp_path / "numbers.csv"
    f.write_text(f"Year,Term,Unit,Step,Lessons\n{row}\n")
    r = run(["check", str(f)])
    assert_refused(r, "numbers.csv", *words)
    assert len(r.lines[0]) < 600


CA_HEAD = "Curriculum,CS\nSystem Type,semester\nCourses\n"


@pytest.mark.parametrize(
    ("term", "credits", "words"),
    [
        ("inf", "3", ["Term 'inf' is not a number from 1 to"]),
        ("-inf", "3", ["from 1 to"]),
        ("nan", "3", ["from 1 to"]),
        ("1e300", "3", ["from 1 to"]),
        (DIGITS, "3", ["from 1 to"]),
        ("0", "3", ["from 1 to"]),
        ("1", "inf", ["Credit Hours"]),
        ("1", "nan", ["Credit Hours"]),
    ],
    ids=lambda v: str(v)[:8],
)
def test_curricular_analytics_numbers(
    tmp_path: Path, term: str, credits: str, words: list[str]
) -> None:
    f = tmp_path / "plan.csv"
    f.write_text(
        CA_HEAD + "Course ID,Course Name,Prerequisites,Corequisites,Term,Credit Hours\n"
        f"1,Intro,,,{term},{credits}\n2,Next,1,,2,3\n"
    )
    r = run(["check", str(f)])
    assert_refused(r, "plan.csv:5", *words)


@pytest.mark.parametrize("fmt", ["yaml", "csv"])
def test_too_many_links(tmp_path: Path, fmt: str) -> None:
    """A million undefined prerequisites used to exhaust memory building the graph."""
    if fmt == "yaml":
        f = tmp_path / "links.yaml"
        ids = ", ".join(f"r{i}" for i in range(limits.MAX_LINKS + 1))
        f.write_text(
            "name: x\nunits:\n  - id: u\n    title: U\n    year: 7\n    term: 1\n"
            f"    steps:\n      - id: s\n        title: S\n        requires: [{ids}]\n"
        )
    else:
        f = tmp_path / "links.csv"
        cell = ";".join(f"r{i}" for i in range(5000))
        rows = "".join(f'7,Autumn 1,U,S{j},"{cell}"\n' for j in range(limits.MAX_LINKS // 5000 + 1))
        f.write_text("Year,Term,Unit,Step,Requires\n" + rows)
    _check(f, "links", "limit")


@pytest.mark.slow
def test_running_out_of_memory_is_one_line(tmp_path: Path) -> None:
    """Within the limits but beyond the memory the machine gives: one line, not a traceback."""
    f = tmp_path / "links.csv"
    cell = ";".join(f"r{i}" for i in range(1000))
    f.write_text(
        "Year,Term,Unit,Step,Requires\n"
        + "".join(f'7,Autumn 1,U,S{j},"{cell}"\n' for j in range(200))
    )
    r = run(["audit", str(f)], memory=200 * 2**20)
    assert_refused(r, "links.csv", "out of memory", fast=False)


@pytest.mark.parametrize(
    ("bad", "where"),
    [
        (10**20, "requires[1]"),
        (float("nan"), "requires[1]"),
        ([["x", float("inf")]], "requires[1][0][1]"),
    ],
)
def test_a_bad_number_among_ids_is_named_by_its_place(bad: object, where: str) -> None:
    tree = {"units": [{"id": "u", "steps": [{"id": "s", "requires": ["a", bad, "b"]}]}]}
    with pytest.raises(limits.InputError) as e:
        limits.check_scheme_tree(tree, "s.yaml")
    assert f"s.yaml: units[0].steps[0].{where}: " in str(e.value)
    shared = ["a", "b"]  # one list reached twice (a YAML alias) is fine
    limits.check_scheme_tree({"units": [{"id": "u", "covers": shared, "x": shared}]}, "s.yaml")
