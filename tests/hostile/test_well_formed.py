"""Well-formed outputs: SVG maps and HTML reports parse, with hostile titles shown literally."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.hostile.runner import run

needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz's dot is not installed"
)

#: Titles XML cannot hold raw (BEL, BS, ESC, U+FFFE), markup, quotes, backslashes, bidi.
TITLES = [
    "bell \\a backspace \\b escape \\e[31m",
    "nonchar \\uFFFE and \\uFFFF",
    "<script>alert(1)</script> & \\\" ' ]]>",
    "back\\\\slash \\\\N \\\\n \\\\G",
    "override \\u202e isolate \\u2066x\\u2069 mark \\u200f",
    "nul-ish \\x01\\x02\\x1f del \\x7f c1 \\x85\\x9b",
]


def scheme(tmp_path: Path, title: str) -> Path:
    f = tmp_path / "hostile.yaml"
    f.write_text(
        f'name: "School {title}"\n'
        "units:\n"
        f'  - id: u1\n    title: "Unit {title}"\n    year: 7\n    term: autumn-1\n'
        f'    strand: "strand {title}"\n'
        "    steps:\n"
        f'      - id: s1\n        title: "Step {title}"\n        requires: [missing]\n'
        '      - id: s2\n        title: "Next"\n        requires: [s1]\n'
    )
    return f


class _Strict(HTMLParser):
    """Collects text; flags characters HTML forbids (controls other than whitespace)."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _forbidden(text: str) -> list[str]:
    return [
        c
        for c in text
        if (ord(c) < 0x20 and c not in "\t\n\r") or 0x7F <= ord(c) <= 0x9F or c in "\ufffe\uffff"
    ]


@needs_dot
@pytest.mark.parametrize("title", TITLES, ids=range(len(TITLES)))
def test_svg_map_parses_and_shows_titles(tmp_path: Path, title: str) -> None:
    out = tmp_path / "map.svg"
    r = run(["render", str(scheme(tmp_path, title)), "-o", str(out), "--steps"])
    assert r.code == 0, r.stderr
    root = ET.parse(out).getroot()  # raises on anything XML cannot hold
    shown = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "Step" in shown
    assert not _forbidden(out.read_text())


@pytest.mark.parametrize("title", TITLES, ids=range(len(TITLES)))
def test_dot_source_is_literal(tmp_path: Path, title: str) -> None:
    out = tmp_path / "map.dot"
    assert run(["render", str(scheme(tmp_path, title)), "-o", str(out)]).code == 0
    text = out.read_text()
    assert not _forbidden(text)
    assert "<script>" not in text or '"' in text  # quoted string labels, never HTML-like


@pytest.mark.parametrize("title", TITLES, ids=range(len(TITLES)))
@pytest.mark.parametrize("maps", [False, True], ids=["no-maps", "maps"])
def test_html_report_parses(tmp_path: Path, title: str, maps: bool) -> None:
    if maps and shutil.which("dot") is None:
        pytest.skip("Graphviz's dot is not installed")
    out = tmp_path / "report.html"
    args = ["report", str(scheme(tmp_path, title)), "-o", str(out)]
    r = run(args if maps else [*args, "--no-maps"])
    assert r.code == 0, r.stderr
    html = out.read_text()
    assert not _forbidden(html)
    assert "<script>" not in html
    parser = _Strict()
    parser.feed(html)
    assert "School" in "".join(parser.text)
    if maps:
        svgs = re.findall(r"<svg\b.*?</svg>", html, flags=re.S)
        assert svgs
        for svg in svgs:
            ET.fromstring(svg)


@pytest.mark.parametrize("title", TITLES[:3], ids=range(3))
def test_compare_html_parses(tmp_path: Path, title: str, example: str) -> None:
    r = run(["compare", str(scheme(tmp_path, title)), example, "--format", "html"])
    assert r.code == 0, r.stderr
    html = r.stdout.decode()
    assert not _forbidden(html)
    assert "<script>" not in html
