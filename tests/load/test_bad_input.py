"""Every malformed input: one line naming file and line, exit 2, no traceback."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from coherence.cli import main

GOOD = """\
name: Tiny
units:
  - id: u1
    title: Fractions
    year: 7
    term: autumn-1
    steps:
      - id: a
        title: Compare fractions
      - id: b
        title: Add fractions
        requires: [a]
"""


def run_check(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    code = main(["check", str(path)])
    captured = capsys.readouterr()
    assert code == 2, captured.out
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err
    return lines[0]


@pytest.mark.parametrize(
    ("name", "content", "expect"),
    [
        ("invalid-yaml", GOOD.replace("requires: [a]", "requires: [a"), ":12:"),
        ("wrong-type", GOOD.replace("year: 7", "year: [7]"), ":5: units[0].year"),
        ("unknown-key", GOOD.replace("title: Add", "titel: Add"), "did you mean 'title'"),
        (
            "duplicate-id",
            GOOD.replace("id: b", "id: a"),
            ":10: duplicate id 'a' (first defined on line 8)",
        ),
        ("bad-year", GOOD.replace("year: 7", "year: 14"), ":5:"),
        (
            "bad-term",
            GOOD.replace("autumn-1", "winter-1"),
            ":6: unit 'u1': 'winter-1' is not a half-term",
        ),
        ("top-level-list", "- a\n- b\n", ":1: expected a mapping"),
        ("no-units", "name: x\n", "missing required key 'units'"),
        ("empty-steps", "name: x\nunits:\n  - id: u\n    title: U\n    steps: []\n", "steps"),
    ],
)
def test_bad_yaml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str, expect: str
) -> None:
    f = tmp_path / f"{name}.yaml"
    f.write_text(content)
    line = run_check(f, capsys)
    assert line.startswith(f"coherence: {f}")
    assert expect in line


def test_empty_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "empty.yaml"
    f.write_text("  \n")
    assert "file is empty" in run_check(f, capsys)


def test_non_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "latin.yaml"
    f.write_bytes(GOOD.replace("Add fractions", "Add fractions \xbd").encode("latin-1"))
    line = run_check(f, capsys)
    assert ":11: not UTF-8" in line


def test_alias_bomb(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bomb = ["name: &a x"]
    prev = "a"
    for i in range(12):
        cur = f"l{i}"
        bomb.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
        prev = cur
    f = tmp_path / "bomb.yaml"
    f.write_text("\n".join(bomb) + "\n")
    line = run_check(f, capsys)
    assert "alias" in line.lower()


def test_huge_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import coherence.load.limits as limits

    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 100)
    f = tmp_path / "big.yaml"
    f.write_text(GOOD)
    assert "the limit is" in run_check(f, capsys)


def test_directory_and_missing_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "is a directory" in run_check(tmp_path, capsys)
    assert "no such file" in run_check(tmp_path / "nope.yaml", capsys)


def test_fake_xlsx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "scheme.xlsx"
    f.write_text("Year,Term\n")
    assert "claims to be an Excel file" in run_check(f, capsys)
    z = tmp_path / "zip.xlsx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "not a workbook")
    z.write_bytes(buf.getvalue())
    assert "not a readable XLSX workbook" in run_check(z, capsys)


def test_csv_missing_column_and_bad_cells(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "s.csv"
    f.write_text("Year,Unit,Step\n7,Angles,Measure\n")
    line = run_check(f, capsys)
    assert ":1: missing required column(s) term" in line and "'Year'" in line
    f.write_text("Year,Term,Unit,Step,Lessons\n7,Autumn 1,Angles,Measure,two\n")
    assert ":2: Lessons 'two' is not a number" in run_check(f, capsys)
    f.write_text("Year,Term,Unit,Step\n7,Autumn 1,Angles,\n")
    assert ":2: the row has no Step title" in run_check(f, capsys)
    f.write_text("Year,Term,Unit,Step\n7,Winter,Angles,Measure\n")
    assert ":2: unit" in run_check(f, capsys)


def test_xlsx_errors_name_the_cell(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "KS3"
    ws.append(["Year", "Term", "Unit", "Step", "Lessons"])
    ws.append([7, "Autumn 1", "Angles", "Measure", "lots"])
    f = tmp_path / "s.xlsx"
    wb.save(f)
    assert f"{f}:KS3!E2: Lessons 'lots'" in run_check(f, capsys)


def test_bad_curricular_analytics_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "ca.csv"
    f.write_text(
        "Curriculum,CS\nSystem Type,trimester\nCourses\nCourse ID,Course Name,Prerequisites\n1,A,\n"
    )
    assert "unknown System Type 'trimester'" in run_check(f, capsys)
    f.write_text("Curriculum,CS\nCourses\nCourse ID,Course Name,Prerequisites\n1,A,\n1,B,\n")
    assert ":5: duplicate id '1' (first defined on line 4)" in run_check(f, capsys)


def test_unknown_framework(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "s.yaml"
    f.write_text("framework: england-ks5\n" + GOOD)
    assert "unknown framework 'england-ks5'" in run_check(f, capsys)


def test_bad_framework_cycle_and_dangling(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fw = tmp_path / "fw.yaml"
    fw.write_text(
        "name: F\nstatements:\n"
        "  - code: A\n    title: a\n    strand: s\n    stage: KS3\n    requires: [B]\n"
        "  - code: B\n    title: b\n    strand: s\n    stage: KS3\n    requires: [A]\n"
    )
    f = tmp_path / "s.yaml"
    f.write_text("framework: fw.yaml\n" + GOOD)
    assert "fw.yaml:3: framework has a prerequisite cycle: A -> B -> A" in run_check(f, capsys)
    fw.write_text(
        "name: F\nstatements:\n  - code: A\n    title: a\n    strand: s\n    stage: KS3\n"
        "    requires: [Z]\n"
    )
    assert "fw.yaml:3: statement 'A' requires 'Z'" in run_check(f, capsys)
