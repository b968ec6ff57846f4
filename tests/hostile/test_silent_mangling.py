"""Silent mangling: an unterminated quote in a CSV used to merge rows into one step
without a word; now it is refused at the line where the quote opens."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.runner import assert_refused, run

HEADER = "Year,Term,Unit,Step\n"
CASES = {
    "runs to the end": (
        HEADER + '7,Autumn 1,Seq,Describe\n7,Autumn 1,Seq,"Continue\n7,Autumn 1,Seq,Nth term\n',
        3,
        "never closes",
    ),
    "closes at a later quote": (
        HEADER + '7,Autumn 1,Seq,"Describe\n7,Autumn 1,Seq,Continue\n7,Autumn 2,"Alg",Simplify\n',
        2,
        "runs on to line 4",
    ),
    "swallows a row": (
        HEADER + '7,Autumn 1,Seq,"Describe\n7,Autumn 1,Seq,Continue"\n7,Autumn 1,Seq,Next\n',
        2,
        "swallows line 3",
    ),
    "semicolons": (
        'Year;Term;Unit;Step\n7;Autumn 1;Seq;"Open\n7;Autumn 1;Seq;Next\n',
        2,
        "never closes",
    ),
    "last line": (HEADER + '7,Autumn 1,Seq,"Describe\n', 2, "never closes"),
}
CA = (
    "Curriculum,CS\nSystem Type,semester\nCourses\n"
    "Course ID,Course Name,Prerequisites,Corequisites\n"
    '1,"Intro,,\n2,Next,1,\n3,Last,2,\n'
)


@pytest.mark.parametrize("name", list(CASES))
def test_unterminated_quote_is_refused_at_its_line(tmp_path: Path, name: str) -> None:
    text, line, words = CASES[name]
    f = tmp_path / "scheme.csv"
    f.write_text(text)
    assert_refused(run(["check", str(f)]), f"scheme.csv:{line}:", words)


def test_curricular_analytics_unterminated_quote(tmp_path: Path) -> None:
    f = tmp_path / "plan.csv"
    f.write_text(CA)
    assert_refused(run(["check", str(f)]), "plan.csv:5:", "never closes")


@pytest.mark.parametrize(
    "text",
    [
        HEADER + '7,Autumn 1,Seq,"A step, with a comma"\n7,Autumn 1,Seq,Next\n',
        HEADER + '7,Autumn 1,Seq,"Two lines\nin one cell"\n7,Autumn 1,Seq,Next\n',
        HEADER + '7,Autumn 1,Seq,5" ruler\n7,Autumn 1,Seq,"say ""hi"""\n',
    ],
    ids=["comma", "multi-line cell", "inch mark and doubled quotes"],
)
def test_well_quoted_csv_still_loads(tmp_path: Path, text: str) -> None:
    f = tmp_path / "scheme.csv"
    f.write_text(text)
    r = run(["check", str(f)])
    assert r.code == 0, r.stderr
    assert b"2 steps" in r.stdout
