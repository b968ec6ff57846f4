"""One document, three writers: the text, Markdown and HTML reports say the same things."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from coherence.audit import AuditResult, run_audit
from coherence.report import format_report
from coherence.report.audit import build
from coherence.report.document import Heading, Table, plain_text
from coherence.report.text import format_text


class _Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h2", "h3"):
            self._open, self.found = tag, [*self.found, ""]

    def handle_endtag(self, tag: str) -> None:
        if tag == self._open:
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            self.found[-1] += data


@pytest.fixture(scope="module")
def bundled() -> AuditResult:
    return run_audit(None)


def _headings(result: AuditResult) -> list[str]:
    doc = build(result)
    return [plain_text(b.spans) for b in doc.blocks if isinstance(b, Heading) and b.level > 1]


def test_every_format_has_the_same_sections_in_the_same_order(bundled: AuditResult) -> None:
    expected = _headings(bundled)
    assert expected[:3] == ["Summary", "Framework coverage", "Findings"]
    assert "late-prerequisite (error, 1)" in expected and expected[-1] == "Strands"

    text_lines = format_report(bundled, "text").splitlines()
    assert [h for h in expected if h in text_lines] == expected

    md = format_report(bundled, "markdown")
    md_headings = re.findall(r"^#{2,3} (.*)$", md, re.MULTILINE)
    assert [h.replace("\\", "") for h in md_headings] == expected

    parser = _Headings()
    parser.feed(format_report(bundled, "html", maps=False))
    assert parser.found == expected


def test_keystones_and_findings_alike_in_every_format(bundled: AuditResult) -> None:
    keystones = bundled.metrics.keystones
    assert len(keystones) == 10
    centrality = str(bundled.metrics.steps[keystones[-1]].centrality)
    for fmt in ("text", "markdown", "html"):
        out = format_report(bundled, fmt, maps=False)
        tail = out.split("Keystone steps")[1]
        assert all(k in tail for k in keystones), fmt  # all ten, in every format
        assert centrality in tail, fmt  # with the 'on chains' measure
        assert all(f.nodes[0] in out for f in bundled.findings), fmt


def test_text_tables_wrap_long_cells_to_the_width(bundled: AuditResult) -> None:
    doc = build(bundled)
    keystones = next(b for b in doc.blocks if isinstance(b, Table) and "unlocks" in b.headers)
    doc.blocks = [keystones]
    narrow = format_text(doc, width=70).splitlines()
    assert max(len(line) for line in narrow) <= 70
    wide = format_text(doc, width=200).splitlines()
    assert len(wide) < len(narrow)  # titles wrapped onto more lines when narrow
    second = next(
        i for i, line in enumerate(narrow) if line.startswith(bundled.metrics.keystones[1])
    )
    first_row = " ".join(narrow[2:second])  # the first keystone's title, wrapped in its column
    title = keystones.rows[0].cells[1].text
    assert second > 3 and all(word in first_row for word in title.split())


def test_explorer_tables_list_their_rows_where_the_grid_does_not_fit(
    bundled: AuditResult,
) -> None:
    from coherence.report.text import keystone_table, to_string

    first = bundled.metrics.keystones[0]
    blocking = bundled.metrics.steps[first].blocking
    wide = to_string(keystone_table(bundled), width=200)
    assert "┃ step" in wide or "│ step" in wide  # a grid with its heading row
    narrow = to_string(keystone_table(bundled), width=60)
    assert "│" not in narrow and "┃" not in narrow
    assert max(len(line) for line in narrow.splitlines()) <= 60
    lines = narrow.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(first + " "))
    below = " ".join(lines[at : at + 4])
    assert f"unlocks {blocking}" in below and "taught " in below  # every figure named
