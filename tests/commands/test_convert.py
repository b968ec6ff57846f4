"""``coherence convert``: any layout to the native YAML, CSV or XLSX, and back to the same graph."""

from __future__ import annotations

from pathlib import Path

import pytest

from coherence.cli import main
from coherence.graph import build_graph
from coherence.load import load_scheme
from tests.load import gallery
from tests.load.test_layouts import EXPECTED_SHAPE, LAYOUTS, kept, shape, title_edges


@pytest.mark.parametrize("ext", ["yaml", "csv", "xlsx"])
@pytest.mark.parametrize(
    "layout",
    [
        "csv rows, title rows above the header",
        "xlsx steps in one cell, six terms",
        "docx tables under headings",
    ],
)
def test_convert_keeps_the_scheme(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], layout: str, ext: str
) -> None:
    src = LAYOUTS[layout](tmp_path)
    out = tmp_path / f"out.{ext}"
    assert main(["convert", str(src), "-o", str(out)]) == 0
    assert f"wrote {out}: 5 units, 11 steps" in capsys.readouterr().err
    scheme = load_scheme(out)
    assert shape(scheme) == EXPECTED_SHAPE
    assert title_edges(build_graph(scheme)) == gallery.EDGES
    assert kept(scheme) == gallery.KEPT
    if ext == "yaml":
        text = out.read_text()
        assert text.startswith("# yaml-language-server: $schema=./scheme.schema.json\n")
        assert "prior_knowledge:" in text and "# Read loosely (check these):" in text
        assert "term: autumn-2" in text


def test_convert_refuses_its_input_and_existing_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = gallery.write_csv_rows(tmp_path)
    before = src.read_bytes()

    def refused(*argv: str) -> str:
        assert main(["convert", *argv]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1
        return err[0]

    assert "refusing to overwrite the input" in refused(str(src), "-o", str(src), "--force")
    other = tmp_path / "other.yaml"
    other.write_text("keep me")
    assert "already exists" in refused(str(src), "-o", str(other))
    assert other.read_text() == "keep me"
    assert "OUT must end in .yaml, .yml, .csv or .xlsx" in refused(str(src), "-o", "x.txt")
    assert src.read_bytes() == before
    assert main(["convert", str(src), "-o", str(other), "--force"]) == 0
    assert load_scheme(other).steps[0].title == "Read and write large numbers"


def test_formula_like_titles_stay_text(tmp_path: Path) -> None:
    src = tmp_path / "f.csv"
    src.write_text('Year,Term,Unit,Step\n7,HT1,Number,"=HYPERLINK(""x"")"\n7,HT1,Number,-3 + 5\n')
    out = tmp_path / "out.csv"
    assert main(["convert", str(src), "-o", str(out)]) == 0
    assert "'=HYPERLINK" in out.read_text(encoding="utf-8-sig")
    assert [s.title for s in load_scheme(out).steps] == ['=HYPERLINK("x")', "-3 + 5"]
    xlsx = tmp_path / "out.xlsx"
    assert main(["convert", str(src), "-o", str(xlsx)]) == 0
    assert [s.title for s in load_scheme(xlsx).steps] == ['=HYPERLINK("x")', "-3 + 5"]


@pytest.mark.parametrize("name", ["riverside-ks3.yaml", "hillside-spiral.yaml"])
def test_bundled_yaml_round_trips_exactly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    from coherence.load import bundled_scheme_path

    out = tmp_path / "again.yaml"
    assert main(["convert", bundled_scheme_path(name), "-o", str(out)]) == 0
    assert load_scheme(out).model_dump() == load_scheme(bundled_scheme_path(name)).model_dump()
    assert "requires: [" in out.read_text()
    csv_out = tmp_path / "again.csv"
    assert main(["convert", bundled_scheme_path(name), "-o", str(csv_out)]) == 0
    assert "a spreadsheet has no place for the scheme's school and framework" in (
        capsys.readouterr().err
    )
