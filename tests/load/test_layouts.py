"""Schemes as departments keep them: every layout of the gallery gives the same graph."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest

from coherence.graph import STEP, CurriculumGraph, build_graph
from coherence.load import load_scheme
from coherence.model import Scheme, parse_term
from tests.load import gallery

LAYOUTS: dict[str, Callable[[Path], Path]] = {
    "csv rows, title rows above the header": gallery.write_csv_rows,
    "xlsx sheet per year, Year column": partial(gallery.write_xlsx_sheet_per_year, year_col=True),
    "xlsx sheet per year, no Year column": partial(
        gallery.write_xlsx_sheet_per_year, year_col=False
    ),
    "xlsx steps in one cell, six terms": gallery.write_xlsx_steps_in_cell,
    "csv steps in one cell, HT labels": gallery.write_csv_steps_in_cell,
    "docx tables under headings": gallery.write_docx,
    "yaml": gallery.write_yaml,
}


def shape(s: Scheme) -> list[tuple[int | None, int, str, list[str]]]:
    return [
        (
            u.year,
            parse_term(u.term) if u.term is not None else 0,
            u.title,
            [x.title for x in u.steps],
        )
        for u in s.units
    ]


def title_edges(cg: CurriculumGraph) -> set[tuple[str, str]]:
    title = dict(cg.g.nodes(data="title"))
    steps = {n for n, k in cg.g.nodes(data="kind") if k == STEP}
    # Edges between consecutive steps of a unit are the teaching order, not prerequisites.
    return {(title[u], title[v]) for u, v in cg.g.edges() if u in steps and v in steps}


def kept(s: Scheme) -> list[str]:
    return sorted(
        [t for u in s.units for t in u.prior_knowledge]
        + [t for x in s.steps for t in x.prior_knowledge]
    )


EXPECTED_SHAPE = [(year, term, unit, steps) for year, term, unit, steps, _ in gallery.UNITS]


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_every_layout_gives_the_same_scheme_and_graph(tmp_path: Path, layout: str) -> None:
    scheme = load_scheme(LAYOUTS[layout](tmp_path))
    assert shape(scheme) == EXPECTED_SHAPE
    cg = build_graph(scheme)
    assert title_edges(cg) == gallery.EDGES
    assert kept(scheme) == gallery.KEPT
    notes = [str(n) for n in scheme.load_notes]
    assert any("2 prior-knowledge item(s) name no step" in n for n in notes), notes
    assert any("4 prior-knowledge item(s) name a step, unit or prior item" in n for n in notes)


def notes_of(path: Path) -> list[str]:
    return [n.message for n in load_scheme(path).load_notes]


def test_workbook_notes_say_what_was_skipped_and_taken_from_sheet_names(tmp_path: Path) -> None:
    notes = notes_of(gallery.write_xlsx_sheet_per_year(tmp_path, year_col=False))
    assert "sheet 'Cover' skipped: it has no Unit and Step columns" in notes
    assert "sheet 'Notes' skipped: it has no Unit and Step columns" in notes
    assert "sheet 'Year 7': year 7 from the sheet name 'Year 7'" in notes
    assert "sheet 'Y8 SoL': year 8 from the sheet name 'Y8 SoL'" in notes
    assert notes.index("sheet 'Cover' skipped: it has no Unit and Step columns") == 0
    assert any(
        n.startswith("sheet 'Year 7': header found on row 2; 1 row(s) above it skipped")
        for n in notes
    )
    # With a Year column the sheet name is not needed, and not mentioned.
    with_year = notes_of(gallery.write_xlsx_sheet_per_year(tmp_path, year_col=True))
    assert not any("from the sheet name" in n for n in with_year)


def test_steps_in_one_cell_are_split_and_said(tmp_path: Path) -> None:
    path = gallery.write_xlsx_steps_in_cell(tmp_path)
    scheme = load_scheme(path)
    assert [len(u.steps) for u in scheme.units] == [3, 2, 2, 2, 2]
    note = next(n for n in scheme.load_notes if "held several lines" in n.message)
    assert (
        note.message
        == "sheet 'KS3': 5 Step cell(s) held several lines: read as 11 steps, one per line"
    )
    assert note.cell == "KS3!D2"
    # A row per unit: its prior knowledge belongs to the unit.
    assert scheme.units[3].prior_knowledge == ["Times tables to 12 x 12"]
    assert scheme.units[3].requires == ["y7-place-value"]


def test_docx_notes_name_the_headings(tmp_path: Path) -> None:
    notes = notes_of(gallery.write_docx(tmp_path))
    assert (
        "the year or half-term of 5 tables was taken from their sheet names or headings"
        " (table 1: year 7 and half-term 'Autumn Term 1' from the heading 'Year 7' /"
        " 'Autumn Term 1'; table 2: year 7 and half-term 'Autumn term 2' from the heading"
        " 'Year 7' / 'Autumn term 2'; ...)"
    ) in notes


@pytest.mark.parametrize(
    "write",
    [
        gallery.write_xlsx_grid,
        partial(gallery.write_xlsx_grid, transpose=True),
        gallery.write_docx_grid,
    ],
    ids=["years down", "years across", "docx"],
)
def test_long_term_plan_grid_gives_units_of_one_step(
    tmp_path: Path, write: Callable[[Path], Path]
) -> None:
    scheme = load_scheme(write(tmp_path))
    got = [(u.year, parse_term(u.term), u.title, [s.title for s in u.steps]) for u in scheme.units]
    assert got == [
        (7, 1, "Place value", ["Place value"]),
        (7, 2, "Fractions", ["Fractions"]),
        (7, 3, "Algebraic notation", ["Algebraic notation"]),
        (7, 5, "Angles", ["Angles"]),
        (7, 5, "Area", ["Area"]),
        (7, 6, "Statistics", ["Statistics"]),
        (8, 1, "Negative numbers", ["Negative numbers"]),
        (8, 4, "Equations", ["Equations"]),
        (8, 5, "Ratio", ["Ratio"]),
    ]
    note = next(n.message for n in scheme.load_notes if "long-term plan" in n.message)
    assert "9 unit(s), each one step" in note
    assert "1 unit(s) spanning two half-terms placed at the first" in note
    assert build_graph(scheme).placed


def test_three_term_labels(tmp_path: Path) -> None:
    f = tmp_path / "three.csv"
    f.write_text(
        "Year,Term,Unit,Step\n7,Autumn Term,Number,Count\n7,Spring Term,Shape,Angles\n"
        "7,Summer Term,Data,Tables\n"
    )
    assert [parse_term(u.term) for u in load_scheme(f).units] == [1, 3, 5]


def test_requires_column_takes_titles_and_ids(tmp_path: Path) -> None:
    f = tmp_path / "req.csv"
    f.write_text(
        "Year,Term,Unit,Step,Requires\n"
        '7,Aut 1,Number,"Fractions, decimals and percentages",\n'
        "7,Aut 1,Number,Count,\n"
        '7,Aut 2,Shape,Angles,"fractions, decimals & percentages; y7-number-2"\n'
        "7,Aut 2,Shape,Area,Number\n"
        "7,Aut 2,Shape,Volume,Something unheard of\n"
    )
    scheme = load_scheme(f)
    steps = {s.title: s for s in scheme.steps}
    assert sorted(steps["Angles"].requires) == ["y7-number-1", "y7-number-2"]
    assert steps["Area"].requires == ["y7-number"]
    assert steps["Volume"].requires == [] and steps["Volume"].prior_knowledge == [
        "Something unheard of"
    ]
    notes = [n.message for n in scheme.load_notes]
    assert (
        "1 prerequisite(s) written as titles were matched to ids ('Number' -> y7-number)" in notes
    )


def test_a_title_names_the_latest_step_taught_before(tmp_path: Path) -> None:
    f = tmp_path / "spiral.csv"
    f.write_text(
        "Year,Term,Unit,Step,Prior knowledge\n"
        "7,1,Number,Count to 100,\n8,1,Number,Count to 100,Count to 100\n"
        "8,2,More,Add,Count to 100\n9,1,Later,Count to 100,\n"
    )
    steps = load_scheme(f).steps
    assert steps[1].requires == ["y7-number-1"]  # never itself
    assert steps[2].requires == ["y8-number-1"]  # the latest before, not year 9's


def test_blank_cells_repeat_the_cell_above(tmp_path: Path) -> None:
    f = tmp_path / "blank.csv"
    f.write_text("Year,Term,Unit,Step\n7,Autumn 1,Number,Count\n,,,Add\n,Autumn 2,Shape,Angles\n")
    scheme = load_scheme(f)
    assert [(u.year, u.title, len(u.steps)) for u in scheme.units] == [
        (7, "Number", 2),
        (7, "Shape", 1),
    ]
    assert "4 blank Year/Term/Unit/Strand cell(s) repeat the cell above" in [
        n.message for n in scheme.load_notes
    ]


def test_ignored_columns_and_hidden_sheets_are_said(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Year", "Term", "Unit", "Step", "Resources", "Homework"])
    ws.append([7, "HT1", "Number", "Count", "Textbook p4", "Sheet 1"])
    old = wb.create_sheet("Old version")
    old.sheet_state = "hidden"
    f = tmp_path / "cols.xlsx"
    wb.save(f)
    notes = notes_of(f)
    assert "sheet 'Sheet': column(s) not read: 'Resources', 'Homework'" in notes
    assert "hidden sheet 'Old version' not read (unhide it to include it)" in notes


@pytest.mark.parametrize(
    ("content", "expect"),
    [
        (
            "Year,Term,Unit,Step\n7,Winter,Angles,Measure\n",
            ":2: unit 'y7-angles': 'Winter' is not a half-term: use Autumn 1",
        ),
        (
            "Title\n\nTerm,Unit,Step\nAutumn 1,Angles,Measure\n",
            ":3: missing required column(s) year",
        ),
        ("Year,Unit\n7,Angles\n", ":1: missing required column(s) term"),
    ],
)
def test_bad_layouts_stay_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, expect: str
) -> None:
    from coherence.cli import main

    f = tmp_path / "bad.csv"
    f.write_text(content)
    assert main(["check", str(f)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and expect in err[0], err


def test_workbook_with_no_scheme_sheet_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import Workbook

    from coherence.cli import main

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Cover"
    ws.append(["Maths"])
    wb.create_sheet("Glossary").append(["Term", "Meaning"])
    f = tmp_path / "none.xlsx"
    wb.save(f)
    assert main(["check", str(f)]) == 2
    assert "no scheme found: none of sheet 'Cover', sheet 'Glossary' has Unit and Step columns" in (
        capsys.readouterr().err
    )


def test_word_document_without_tables_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import docx

    from coherence.cli import main

    doc = docx.Document()
    doc.add_paragraph("Year 7: we teach number first.")
    f = tmp_path / "prose.docx"
    doc.save(str(f))
    assert main(["check", str(f)]) == 2
    assert "the document has no tables" in capsys.readouterr().err
    fake = tmp_path / "fake.docx"
    fake.write_text("not a zip")
    assert main(["check", str(fake)]) == 2
    assert "claims to be a Word document" in capsys.readouterr().err


def test_a_list_of_units_without_steps_is_read_like_a_plan(tmp_path: Path) -> None:
    f = tmp_path / "units.csv"
    f.write_text("Year,Term,Unit\n7,HT1,Angles\n7,HT2,Area\n8,HT1,Ratio\n")
    scheme = load_scheme(f)
    assert [(u.year, u.title, [s.title for s in u.steps]) for u in scheme.units] == [
        (7, "Angles", ["Angles"]),
        (7, "Area", ["Area"]),
        (8, "Ratio", ["Ratio"]),
    ]
    assert scheme.load_notes[0].message == (
        "no Step column: each unit is read as one step with the unit's title"
    )


def test_a_units_only_sheet_beside_a_scheme_sheet_is_skipped(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Scheme"
    ws.append(["Year", "Term", "Unit", "Step"])
    ws.append([7, "HT1", "Angles", "Measure angles"])
    wb.create_sheet("Resources").append(["Year", "Term", "Unit", "Link"])
    f = tmp_path / "two.xlsx"
    wb.save(f)
    scheme = load_scheme(f)
    assert [s.title for s in scheme.steps] == ["Measure angles"]
    assert "sheet 'Resources' skipped: it has no Unit and Step columns" in notes_of(f)


def test_units_without_a_place_are_said(tmp_path: Path) -> None:
    f = tmp_path / "s.yaml"
    f.write_text(
        "name: S\nunits:\n"
        "  - {id: u1, title: A, year: 7, term: 1, steps: [{id: a, title: A}]}\n"
        "  - {id: u2, title: B, steps: [{id: b, title: B}]}\n"
    )
    assert notes_of(f) == [
        "1 unit(s) have no year or term (u2): the scheme's teaching positions are incomplete"
    ]
