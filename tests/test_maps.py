"""Graphviz maps: DOT text without dot, real SVG with dot."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from itertools import pairwise
from pathlib import Path

import pytest

from coherence.audit import audit, run_audit
from coherence.cli import main
from coherence.errors import InputError
from coherence.maps import dot_quote, render_bytes, to_dot
from tests.rules.conftest import graph, step, unit

NASTY = '"<b>x</b>" \\ {a|b} ½ ≤ π [@click=app.quit]x \\N'
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' not installed")


def flawed():  # type: ignore[no-untyped-def]
    cg = graph(
        unit("u1", 7, "autumn-1", step("a", "b", title=NASTY), step("b"), step("lonely")),
        unit(
            "u2", 7, "autumn-2", step("c", "a", "ghost", lessons=5), step("d", "e"), step("e", "d")
        ),
    )
    return audit(cg)


def test_quoting_keeps_text_literal() -> None:
    assert dot_quote('a"b') == '"a\\"b"'
    assert dot_quote("a\\nb") == '"a\\\\nb"'  # a backslash-n in a title is not a line break
    assert dot_quote("<b>x</b>").startswith('"<')  # quoted, never an HTML-like label


def test_dot_has_ranks_clusters_headings_and_every_mark() -> None:
    dot = to_dot(flawed())
    assert dot.startswith("digraph")
    assert 'label="Y7\\nAutumn 1"' in dot and 'label="Y7\\nAutumn 2"' in dot
    assert re.search(r'\{ rank=same; "h:42"; "a"; "b"; "lonely"; \}', dot)
    assert dot.count("subgraph cluster_") == 3  # two units and the legend
    late = next(line for line in dot.splitlines() if line.strip().startswith('"b" -> "a"'))
    assert 'label="late"' in late and "dashed" in late
    assert 'label="cycle"' in dot
    assert '"ghost" [label="? ghost"' in dot and "dashed,rounded" in dot
    oversized = next(line for line in dot.splitlines() if line.strip().startswith('"c" ['))
    assert 'peripheries="2"' in oversized
    isolated = next(line for line in dot.splitlines() if line.strip().startswith('"lonely" ['))
    assert "#999999" in isolated
    for legend in ("late prerequisite", "cycle", "missing prerequisite", "oversized step"):
        assert legend in dot


def test_untrusted_title_is_escaped_in_dot() -> None:
    dot = to_dot(flawed())
    assert dot_quote(NASTY)[1:-1].split("\\\\N")[0] in dot
    assert "<b>x</b>" in dot  # inside a quoted string
    assert "label=<" not in dot


def test_views() -> None:
    result = run_audit(None)
    focus = to_dot(result, focus="y9-py-2", depth=1)
    assert '"y9-py-2"' in focus and '"y9-num-2"' in focus and '"y7-seq-1"' not in focus
    algebra = to_dot(result, strand="algebra")
    assert '"y7-seq-1"' in algebra and '"y7-pv-1" [' not in algebra
    y8 = to_dot(result, year=8)
    assert '"h:48"' in y8 and '"h:42"' not in y8
    units = to_dot(result, units_only=True)
    assert '"u:y7-sequences"' in units and '"y7-seq-1"' not in units
    full = to_dot(result, reduce=False)
    reduced = to_dot(result, reduce=True)
    assert reduced.count("->") < full.count("->")
    with pytest.raises(InputError, match="no strand 'algebr'"):
        to_dot(result, strand="algebr")
    with pytest.raises(InputError, match="no step or unit 'nope'"):
        to_dot(result, focus="nope")


def test_large_scheme_defaults_to_units_only() -> None:
    from coherence.graph import build_graph
    from coherence.model import Scheme
    from coherence.synthetic import generate_scheme

    cg = build_graph(Scheme.model_validate(generate_scheme(600)))
    dot = to_dot(cg)
    assert "drawn one node per unit" in dot and '"u:u0"' in dot


def test_dot_format_needs_no_executable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no dot on the PATH
    out = tmp_path / "map.dot"
    assert main(["render", "-o", str(out)]) == 0
    assert out.read_text().startswith("digraph")
    capsys.readouterr()
    assert main(["render", "-o", str(tmp_path / "map.svg")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "apt-get install graphviz" in err[-1]


@needs_dot
def test_real_svg_is_valid_xml_with_every_step(tmp_path: Path) -> None:
    result = run_audit(None)
    svg = render_bytes(to_dot(result, units_only=False), "svg")
    root = ET.fromstring(svg)
    titles = {el.text for el in root.iter("{http://www.w3.org/2000/svg}title")}
    assert set(result.graph.order) <= titles


@needs_dot
def test_nasty_title_renders_literally_in_svg() -> None:
    svg = render_bytes(to_dot(flawed()), "svg").decode()
    ET.fromstring(svg)
    assert "&lt;b&gt;x&lt;/b&gt;" in svg and "½ ≤ π" in svg and "{a|b}" in svg


_SVG = "{http://www.w3.org/2000/svg}"


def _node_tops(svg: bytes) -> dict[str, float]:
    """Each node's top edge in the SVG (y grows downward), by its DOT name."""
    out: dict[str, float] = {}
    for g in ET.fromstring(svg).iter(f"{_SVG}g"):
        if g.get("class") != "node":
            continue
        title = g.find(f"{_SVG}title")
        ys = [float(t.get("y", "0")) for t in g.iter(f"{_SVG}text")]
        if title is not None and title.text and ys:
            out[title.text] = min(ys)
    return out


def _out_of_order(tops: dict[str, float], columns: list[list[str]]) -> list[tuple[str, str]]:
    return [(a, b) for col in columns for a, b in pairwise(col) if tops[a] >= tops[b]]


@needs_dot
def test_steps_of_a_unit_are_drawn_top_to_bottom_in_teaching_order() -> None:
    result = run_audit(None)
    cg = result.graph
    tops = _node_tops(render_bytes(to_dot(result, units_only=False), "svg"))
    units = [list(u.steps) for u in cg.units]
    assert sum(len(u) - 1 for u in units) > 100
    assert _out_of_order(tops, units) == []


@needs_dot
def test_units_of_a_half_term_are_drawn_top_to_bottom_in_teaching_order() -> None:
    result = run_audit(None)
    cg = result.graph
    tops = _node_tops(render_bytes(to_dot(result, units_only=True, year=7), "svg"))
    columns: dict[tuple[int | None, object], list[str]] = {}
    for u in cg.units:
        if u.year == 7:
            columns.setdefault((u.year, u.term), []).append("u:" + u.id)
    assert max(len(c) for c in columns.values()) == 3
    assert _out_of_order(tops, list(columns.values())) == []


@needs_dot
def test_focused_step_is_filled_and_in_the_legend() -> None:
    svg = render_bytes(to_dot(run_audit(None), focus="y7-alg-3"), "svg")
    filled = {}
    for g in ET.fromstring(svg).iter(f"{_SVG}g"):
        title = g.find(f"{_SVG}title")
        shape = next((el for el in g.iter() if el.tag in (f"{_SVG}path", f"{_SVG}polygon")), None)
        if g.get("class") == "node" and title is not None and shape is not None:
            filled[title.text] = shape.get("fill", "").lower()
    assert filled["y7-alg-3"] == "#ffe680"
    others = {n for n, fill in filled.items() if fill == "#ffe680" and not n.startswith("legend")}
    assert others == {"y7-alg-3"}
    assert b">in focus<" in svg


def test_focused_unit_is_filled_in_a_map_of_units() -> None:
    dot = to_dot(run_audit(None), focus="y7-notation", units_only=True)
    lines = [ln for ln in dot.splitlines() if "#FFE680" in ln and "legend" not in ln]
    assert len(lines) == 1 and '"u:y7-notation"' in lines[0]


@pytest.mark.parametrize("name", ["map.jpg", "map.svgz", "map.html"])
def test_unknown_suffix_is_refused_in_one_line(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / name
    assert main(["render", "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and ".svg, .png, .pdf or .dot" in err[0]
    assert not out.exists()


@needs_dot
@pytest.mark.parametrize(
    ("name", "fmt", "magic"),
    [("map.png", None, b"\x89PNG"), ("MAP.PDF", None, b"%PDF"), ("map.jpg", "png", b"\x89PNG")],
)
def test_format_follows_the_suffix_unless_given(
    name: str, fmt: str | None, magic: bytes, tmp_path: Path
) -> None:
    out = tmp_path / name
    assert main(["render", "-o", str(out), *(["--format", fmt] if fmt else [])]) == 0
    assert out.read_bytes().startswith(magic)
