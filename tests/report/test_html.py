"""The HTML report: self-contained, escaped, every section present."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from coherence.audit import audit, run_audit
from coherence.cli import main
from coherence.report import format_report
from tests.rules.conftest import graph, step, unit


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.h2: list[str] = []
        self._in_h2 = False
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_h2 = tag == "h2"
        for k, v in attrs:
            if k in ("src", "href") and v and not v.startswith("#"):
                self.urls.append(v)

    def handle_data(self, data: str) -> None:
        if self._in_h2:
            self.h2.append(data.strip())
            self._in_h2 = False


def test_sections_and_no_external_resources() -> None:
    html = format_report(run_audit(None), "html")
    parser = _Collect()
    parser.feed(html)
    assert parser.h2[:5] == [
        "Summary",
        "Framework coverage",
        "Findings",
        "Keystone steps",
        "Strands",
    ]
    if shutil.which("dot"):
        assert "Map of units" in parser.h2 and "Strand map: algebra" in parser.h2
        assert "svg" in parser.tags
        assert 'class="map wide"' in html  # the long units map scrolls rather than shrinks
    assert parser.urls == []
    assert "script" not in parser.tags
    assert "@media print" in html
    whys = re.findall(r'<p class="why">(.*?)</p>', html, re.S)
    assert whys and not any("`" in w for w in whys)  # doc code spans shown as <code>


def test_untrusted_text_is_escaped() -> None:
    cg = graph(unit("u", 7, 1, step("a", title="<script>alert(1)</script><b>x</b>", lessons=9)))
    html = format_report(audit(cg), "html")
    assert "<script>" not in html and "<b>x</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;" in html
    assert not re.search(r"<script", html, re.I)


def test_report_command_writes_the_file(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert main(["report", "-o", str(out), "--no-maps"]) == 0
    text = out.read_text()
    assert text.startswith("<!DOCTYPE html>") and "Riverside Academy" in text


def test_report_without_dot_says_so_and_warns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no dot on the PATH
    out = tmp_path / "report.html"
    assert main(["report", "-o", str(out)]) == 0
    text = out.read_text()
    assert "Map not drawn" in text and "<svg" not in text
    assert "Keystone steps" in text
    assert "'dot' is not installed" in capsys.readouterr().err


needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' not installed")


def _year_maps(html: str) -> dict[str, tuple[float, float]]:
    """Each print-only year map: its heading -> the SVG's width and height (pt)."""
    out = {}
    for heading, w, h in re.findall(
        r'<section class="print-only year"><h3>(.*?)</h3><div class="map[^"]*">'
        r'<svg width="([\d.]+)pt" height="([\d.]+)pt"',
        html,
    ):
        out[heading] = (float(w), float(h))
    return out


@needs_dot
def test_long_units_map_is_printed_a_year_a_page() -> None:
    html = format_report(run_audit(None), "html")
    whole = re.search(
        r'<div class="screen-only"><div class="map wide"><svg width="([\d.]+)pt"', html
    )
    assert whole, "the whole map stays on screen"
    years = _year_maps(html)
    assert list(years) == [f"Map of units: Year {y}" for y in (7, 8, 9)]
    for w, _h in years.values():
        assert w < float(whole[1]) / 2  # each printed map is under half the strip's width
    assert "@page landscape" in html and ".print-only.year + .print-only.year" in html


@needs_dot
@pytest.mark.skipif(shutil.which("chromium") is None, reason="Chromium not installed")
def test_chromium_prints_the_year_maps_on_landscape_pages(tmp_path: Path) -> None:
    import subprocess

    page = tmp_path / "report.html"
    page.write_text(format_report(run_audit(None), "html"))
    pdf = tmp_path / "report.pdf"
    subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf.read_bytes())
    landscape = [b for b in boxes if float(b[0]) > float(b[1])]
    assert len(landscape) == 3  # Years 7, 8 and 9, a page each
    assert len(boxes) > len(landscape)  # the rest of the report stays portrait
