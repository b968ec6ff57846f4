"""`coherence link` takes a bundled scheme's name, as every other command does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coherence.cli import main
from coherence.load import load_scheme


def test_link_a_bundled_scheme_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["link", "oak-ks3", "--format", "json", "--only", "covers"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scheme"] == "Oak National Academy maths, Key Stage 3"
    assert data["proposals"] and {p["kind"] for p in data["proposals"]} == {"covers"}


def test_the_review_file_names_the_framework_it_was_drafted_against(tmp_path: Path) -> None:
    csv = tmp_path / "y7.csv"
    csv.write_text(
        "Year,Term,Unit,Step\n7,Autumn 1,Sequences,Term-to-term rules\n"
        "7,Autumn 1,Sequences,Find the nth term of a linear sequence\n"
    )
    out = tmp_path / "review.yaml"
    assert main(["link", str(csv), "--framework", "england-ks3", "-o", str(out)]) == 0
    text = out.read_text()
    assert text.startswith("# yaml-language-server: $schema=")
    assert load_scheme(str(out)).framework == "england-ks3"
    yaml = tmp_path / "s.yaml"
    yaml.write_text(
        "# our scheme\nname: S  # kept\nunits:\n  - id: u\n    title: Sequences\n    year: 7\n"
        "    term: 1\n    steps:\n      - id: a\n        title: Term-to-term rules\n"
    )
    assert main(["link", str(yaml), "--framework", "england-ks3", "--in-place"]) == 0
    text = yaml.read_text()
    assert "# our scheme" in text and "name: S  # kept" in text
    assert load_scheme(str(yaml)).framework == "england-ks3"
