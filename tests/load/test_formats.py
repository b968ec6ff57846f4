"""Every input format loads to the same Scheme and graph."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from coherence.graph import CurriculumGraph, build_graph
from coherence.load import bundled_scheme_path, load_scheme

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference"
PLANS = REFERENCE / "curricular-analytics" / "plans"


def signature(cg: CurriculumGraph) -> tuple[dict[str, Any], set[tuple[str, str, str]]]:
    nodes = {
        n: {k: v for k, v in d.items() if k not in ("file", "line")}
        for n, d in cg.g.nodes(data=True)
    }
    edges = {(u, v, d["kind"]) for u, v, d in cg.g.edges(data=True)}
    return nodes, edges


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_bundled_example_gives_the_same_graph_from_yaml_csv_and_xlsx(ext: str) -> None:
    yaml_graph = build_graph(load_scheme(bundled_scheme_path("riverside-ks3.yaml")))
    other = build_graph(load_scheme(bundled_scheme_path(f"riverside-ks3.{ext}")))
    assert signature(other) == signature(yaml_graph)
    assert len(other.order) >= 120


def test_source_lines_point_at_the_rows_and_items(tmp_path: Path) -> None:
    cg = build_graph(load_scheme(bundled_scheme_path("riverside-ks3.csv")))
    lines = Path(bundled_scheme_path("riverside-ks3.csv")).read_text(encoding="utf-8-sig")
    row = lines.splitlines()[cg.g.nodes["y7-seq-2"]["line"] - 1]
    assert ",y7-seq-2," in row
    ycg = build_graph(load_scheme(bundled_scheme_path()))
    text = Path(bundled_scheme_path()).read_text().splitlines()
    assert "y7-seq-2" in text[ycg.g.nodes["y7-seq-2"]["line"] - 1]


def _xlsx(rows: list[list[Any]], merges: list[str] = ()) -> bytes:  # type: ignore[assignment]
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for r in rows:
        ws.append(r)
    for m in merges:
        ws.merge_cells(m)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_xlsx_merged_cells_floats_blank_rows_and_synonyms(tmp_path: Path) -> None:
    data = _xlsx(
        [
            [
                "Year group",
                "Half term",
                "Block",
                "Small step",
                "Prior knowledge",
                "NC code",
                "Lessons",
            ],
            [7.0, "Autumn 1", "Place value", "Read large numbers", None, "KS3-N-01", 1.0],
            [None, None, None, "Compare decimals", "y7-place-value-1", None, 2.0],
            [None, None, None, None, None, None, None],
            [7.0, "Autumn 2", "Fractions", "Equivalent fractions", "y7-place-value-2", None, None],
        ],
        merges=["A2:A3", "B2:B3", "C2:C3"],
    )
    f = tmp_path / "scheme.xlsx"
    f.write_bytes(data)
    s = load_scheme(f)
    assert [u.id for u in s.units] == ["y7-place-value", "y7-fractions"]
    assert [st.id for st in s.units[0].steps] == ["y7-place-value-1", "y7-place-value-2"]
    assert s.units[0].year == 7 and s.units[0].steps[1].lessons == 2
    assert s.units[1].steps[0].requires == ["y7-place-value-2"]
    assert s.units[0].steps[0].covers == ["KS3-N-01"]


def test_csv_with_bom_semicolons_and_cp1252(tmp_path: Path) -> None:
    text = "Year;Term;Unit;Step;Requires\r\n7;Autumn 1;Angles;Angles ≤ 90° in a triangle;\r\n"
    bom = tmp_path / "bom.csv"
    bom.write_bytes("\ufeff".encode() + text.encode("utf-8"))
    s = load_scheme(bom)
    assert s.steps[0].title == "Angles ≤ 90° in a triangle"
    cp = tmp_path / "cp.csv"
    cp.write_bytes(text.replace("≤", "<").encode("cp1252"))
    assert load_scheme(cp).steps[0].title == "Angles < 90° in a triangle"


def test_csv_three_term_school_and_list_separators(tmp_path: Path) -> None:
    f = tmp_path / "s.csv"
    f.write_text(
        "Year,Term,Unit ID,Unit,Step ID,Step,Requires\n"
        '8,Autumn,u1,Algebra,a,Expand,\n8,Summer,u2,Graphs,b,Plot,"a, x ; y"\n'
    )
    cg = build_graph(load_scheme(f))
    assert cg.periods_between("a", "b") == 4
    assert load_scheme(f).steps[1].requires == ["a", "x", "y"]


def _real_plans() -> list[Path]:
    if not PLANS.is_dir():
        pytest.skip(f"reference data absent: {PLANS}")
    return sorted(PLANS.glob("*.csv"))


# courses, prerequisite edges, co- and strict co-requisite edges (SOURCE.md's table)
EXPECTED = {
    "BSCS_Hawaii_Manoa": (41, 36, 3),
    "California_Berkely_V2": (30, 15, 1),
    "Colostate_CSDegree": (37, 24, 1),
    "Colostate_CSDegree_2017": (37, 28, 2),
    "Colostate_CSDegree_2017_w_MATH": (41, 34, 2),
    "Kennesaw_State_University_CS": (43, 36, 5),
    "Metropolitan_State_University_CS": (34, 26, 1),
    "Michigan_Ann_Arbor_CS": (38, 22, 6),
    "U_of_Colorado_Boulder_CS": (38, 35, 1),
}


def test_nine_real_curricular_analytics_files_load() -> None:
    plans = _real_plans()
    assert {p.stem for p in plans} == set(EXPECTED)
    for p in plans:
        scheme = load_scheme(p)
        cg = build_graph(scheme)
        kinds = [d["kind"] for _, _, d in cg.g.edges(data=True)]
        courses, pre, co = EXPECTED[p.stem]
        assert (
            len(cg.order),
            kinds.count("prerequisite"),
            len(kinds) - kinds.count("prerequisite"),
        ) == (
            courses,
            pre,
            co,
        ), p.name
        assert not cg.placed
        assert scheme.system == ("quarter" if "Michigan" in p.stem else "semester")


def test_curricular_analytics_term_column_places_courses(tmp_path: Path) -> None:
    f = tmp_path / "plan.txt"  # detected from content, not the extension
    f.write_text(
        "Curriculum,Plan\nSystem Type,quarter\nCourses\n"
        "Course ID,Course Name,Prefix,Number,Prerequisites,Corequisites,Strict-Corequisites,"
        "Credit Hours,Institution,Canonical Name,Term\n"
        "1,Calc I,MATH,1,,,,4,,,1\n2,Calc II,MATH,2,1,,,4,,,2\n3,Physics,PHYS,1,,2,,4,,,4\n"
    )
    cg = build_graph(load_scheme(f))
    assert cg.placed and cg.periods_per_year == 3
    assert cg.period_label("3") == "Year 2 term 1"
    assert cg.g.edges["2", "3"]["kind"] == "corequisite"
