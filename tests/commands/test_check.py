"""``coherence check``: the summary line, the notes, and ``--format json``."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import pytest

from coherence.cli import main
from coherence.load import bundled_scheme_path
from tests.load import gallery


def test_check_prints_the_notes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = gallery.write_xlsx_sheet_per_year(tmp_path, year_col=False)
    assert main(["check", str(f)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{f}: ok: 5 units, 11 steps, 4 edges, 8 notes"
    assert "  note: sheet 'Cover' skipped: it has no Unit and Step columns" in out
    assert "  note: sheet 'Year 7': year 7 from the sheet name 'Year 7'" in out
    assert len(out) == 9


def test_check_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = partial(gallery.write_xlsx_sheet_per_year, year_col=True)(tmp_path)
    assert main(["check", str(f), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {k: data[k] for k in ("file", "format", "units", "steps", "edges", "prior_items")} == {
        "file": str(f),
        "format": "xlsx",
        "units": 5,
        "steps": 11,
        "edges": 4,
        "prior_items": 0,
    }
    assert data["notes"][1] == {
        "message": "sheet 'Year 7': header found on row 2; 1 row(s) above it skipped:"
        " 'Year 7 mathematics'",
        "file": str(f),
        "line": None,
        "cell": "Year 7!A2",
    }
    assert data["notes"][0]["message"] == "sheet 'Cover' skipped: it has no Unit and Step columns"


def test_check_json_of_the_bundled_scheme(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", bundled_scheme_path(), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "yaml" and data["notes"] == [] and data["prior_items"] > 0
