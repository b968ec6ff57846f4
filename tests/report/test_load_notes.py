"""Reports show what was read loosely (at the top) and the department's own words on steps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coherence.audit import run_audit
from coherence.report import format_report
from tests.load import gallery

PK = "Know number bonds to 20"  # kept as text on y7-place-value-1, an isolated step


@pytest.fixture
def csv_path(tmp_path: Path) -> Path:
    return gallery.write_csv_rows(tmp_path)


def test_text_report_notes_at_the_top_and_prior_knowledge_under_the_step(csv_path: Path) -> None:
    text = format_report(run_audit(str(csv_path)), "text", width=200)
    notes_at = text.index("Read loosely from the file")
    assert "  • header found on row 3; 2 row(s) above it skipped" in text
    assert notes_at < text.index("isolated-step")
    step_at = text.index("y7-place-value-1 “Read and write large numbers”")
    assert text.index(f"Prior knowledge (as written): {PK}") > step_at


def test_markdown_and_html_escape_the_words(tmp_path: Path) -> None:
    f = tmp_path / "s.csv"
    f.write_text(
        "Year,Term,Unit,Step,Prior knowledge,Notes\n"
        "7,HT1,Number,Count,<b>bold</b> [x](javascript:y),\x1b[2J *care*\n"
    )
    result = run_audit(str(f))
    md = format_report(result, "markdown")
    assert "## Read loosely from the file" in md
    assert "<br>*Prior knowledge (as written):* &lt;b&gt;bold&lt;/b&gt; \\[x\\](javascript:y)" in md
    assert "\\x1b" in md and "\x1b" not in md
    html = format_report(result, "html", maps=False)
    assert "<h2>Read loosely from the file (check these)</h2>" in html
    assert (
        '<div class="more"><span class="muted">Prior knowledge (as written): </span>'
        "&lt;b&gt;bold&lt;/b&gt;" in html
    )
    assert "<b>bold</b>" not in html


def test_json_report_has_notes_and_texts(csv_path: Path) -> None:
    data = json.loads(format_report(run_audit(str(csv_path)), "json"))
    scheme = data["scheme"]
    assert scheme["load_notes"][0]["line"] == 3
    assert scheme["texts"]["y7-place-value-1"] == {"prior_knowledge": [PK], "notes": None}
    assert set(scheme["texts"]) == {"y7-place-value-1", "y8-negative-numbers-1"}
