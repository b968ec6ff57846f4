"""The bundled schemes load, use real framework codes, and have exactly the flaws they declare."""

from __future__ import annotations

import importlib.util
from collections import defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

import networkx as nx
import pytest
from flawcheck import declared_flaws, structural_findings

from coherence.graph import STEP, CurriculumGraph, build_graph
from coherence.load import (
    bundled_scheme_path,
    bundled_schemes,
    load_framework,
    load_scheme,
)
from coherence.model import HALF_TERM_NAMES

ROOT = Path(__file__).resolve().parents[2]
NAMES = ["riverside-ks3.yaml", "hillside-spiral.yaml", "oakfield-blocked.yaml"]
RTP = "england-ks2-ready-to-progress"


def _graph(name: str) -> CurriculumGraph:
    path = bundled_scheme_path(name)
    scheme = load_scheme(path)
    assert scheme.framework
    return build_graph(scheme, load_framework(scheme.framework, relative_to=path))


def _first_taught(cg: CurriculumGraph, code: str) -> tuple[int, int]:
    for n in cg.order:
        if code in cg.g.nodes[n]["covers"]:
            return cg.g.nodes[n]["year"], cg.g.nodes[n]["term"]
    raise AssertionError(f"{code} never taught")


def test_the_package_finds_every_bundled_scheme() -> None:
    found = {Path(p).name for p in bundled_schemes()}
    assert set(NAMES) <= found
    assert Path(bundled_scheme_path()).name == "riverside-ks3.yaml"
    schemes = Path(bundled_scheme_path()).parent
    assert (schemes / "riverside-ks3.csv").is_file()
    assert (schemes / "riverside-ks3.xlsx").is_file()


@pytest.mark.parametrize("name", NAMES)
def test_scheme_loads_and_uses_only_real_codes(name: str) -> None:
    cg = _graph(name)
    assert cg.placed
    assert {u.year for u in cg.units} == {7, 8, 9}
    assert cg.framework is not None and cg.framework.id == "england-ks3"
    ks3 = cg.framework.by_code()
    rtp = load_framework(RTP).by_code()
    scheme = cg.scheme
    for u in scheme.units:
        assert set(u.covers) <= set(ks3), u.id
        for s in u.steps:
            assert set(s.covers) <= set(ks3), s.id
    for p in scheme.prior:
        assert set(p.covers) <= set(rtp), p.id
    # Each strand of a unit is a strand of the framework (so compare can group by strand).
    assert {u.strand for u in cg.units} <= {s.strand for s in cg.framework.statements}
    # Every prior item is used by some step.
    assert all(cg.g.out_degree(p.id) > 0 for p in scheme.prior)


@pytest.mark.parametrize("name", NAMES)
def test_scheme_has_exactly_the_flaws_it_declares(name: str) -> None:
    """Flaws are where the "# flaw:" comments say, and nowhere else (simple reference reading)."""
    path = bundled_scheme_path(name)
    declared = declared_flaws(path)
    assert declared, "every bundled scheme documents its deliberate flaws"
    assert structural_findings(_graph(name)) == declared


def test_riverside_is_the_realistic_example_the_issue_asks_for() -> None:
    cg = _graph("riverside-ks3.yaml")
    steps = [n for n in cg.order if cg.g.nodes[n]["kind"] == STEP]
    assert len(steps) >= 120
    assert 28 <= len(cg.units) <= 36
    # Mastery blocks: every half-term of every year is used.
    assert {(u.year, u.term) for u in cg.units} == {(y, t) for y in (7, 8, 9) for t in range(1, 7)}
    # Coverage: most, not all, KS3 statements.
    assert cg.framework is not None
    covered = {c for n in cg.order for c in cg.g.nodes[n]["covers"]}
    total = len(cg.framework.statements)
    assert 0.9 * total <= len(covered & set(cg.framework.by_code())) < total
    # Small steps: only the one declared oversized step is longer than three lessons.
    long = [n for n in steps if cg.g.nodes[n]["lessons"] > 3]
    assert [("oversized-step", n) for n in long] == [
        f for f in declared_flaws(bundled_scheme_path()) if f[0] == "oversized-step"
    ]
    # Seven kinds of flaw, five to eight findings, no cycle in the main example.
    flaws = declared_flaws(bundled_scheme_path())
    assert 5 <= len(flaws) <= 8
    assert len({rule for rule, _ in flaws}) == 7
    assert nx.is_directed_acyclic_graph(cg.g)


def test_the_three_schools_differ_in_the_ways_their_headers_claim() -> None:
    riverside = _graph("riverside-ks3.yaml")
    hillside = _graph("hillside-spiral.yaml")
    oakfield = _graph("oakfield-blocked.yaml")
    # Pythagoras: Riverside Year 9, Oakfield Year 8, Hillside Year 9 spring.
    assert _first_taught(riverside, "KS3-G-14")[0] == 9
    assert _first_taught(oakfield, "KS3-G-14")[0] == 8
    assert _first_taught(hillside, "KS3-G-14") == (9, 3)
    # Hillside is a spiral planned by term: every strand in every term it teaches.
    assert {u.term for u in hillside.units} == {1, 3, 5}
    strands = {u.strand for u in hillside.units}
    visits: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for u in hillside.units:
        assert u.strand is not None and u.year is not None and u.term is not None
        visits[u.strand].add((u.year, u.term))
    for strand in strands - {"statistics", "probability"}:
        assert len(visits[strand]) == 9, strand
    data = visits["statistics"] | visits["probability"]
    assert len(data) == 9
    assert len(hillside.units) >= 40
    # Oakfield has few, long units; Hillside many short ones.
    assert len(oakfield.units) <= 20
    assert (
        len(oakfield.order) / len(oakfield.units)
        > 2 * len(hillside.order) / len(hillside.units) * 0.9
    )
    for cg in (hillside, oakfield):
        assert len(cg.order) >= 115


def _make_spreadsheets() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_spreadsheets", ROOT / "benchmarks" / "make_spreadsheets.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_bundled_csv_and_xlsx_are_generated_from_the_yaml() -> None:
    """The committed spreadsheets are exactly what the generator makes from the YAML today."""
    ms = _make_spreadsheets()
    assert ms.main(["--check", bundled_scheme_path()]) == 0
    scheme = load_scheme(bundled_scheme_path())
    rows = ms.scheme_rows(scheme)
    prior = [r for r in rows if r[0] == "prior"]
    assert len(prior) == len(scheme.prior) and rows[: len(prior)] == prior
    assert len(rows) - len(prior) == len(scheme.steps)
    assert {r[1] for r in rows[len(prior) :]} == set(HALF_TERM_NAMES)


def test_xlsx_looks_like_a_department_sheet() -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = Path(bundled_scheme_path()).with_suffix(".xlsx")
    ws = openpyxl.load_workbook(path).active
    ms = _make_spreadsheets()
    assert [c.value for c in ws[1]] == list(ms.HEADERS)
    assert all(c.font.b for c in ws[1])
    merged = {(r.min_col, r.min_row, r.max_row) for r in ws.merged_cells.ranges}
    scheme = load_scheme(bundled_scheme_path())
    row = 2 + len(scheme.prior)
    for u in scheme.units:
        last = row + len(u.steps) - 1
        if last > row:
            for col in (1, 2, 3, 4, 5):  # Year, Term, Unit ID, Unit, Strand
                assert (col, row, last) in merged, (u.id, col)
        assert ws.cell(row=row, column=3).value == u.id
        row = last + 1


def _signature(cg: CurriculumGraph) -> tuple[Any, ...]:
    keys = ("kind", "title", "unit", "strand", "covers", "lessons", "year", "term", "period")
    nodes = {n: tuple(a.get(k) for k in keys) for n, a in cg.g.nodes(data=True)}
    return nodes, set(cg.g.edges), list(cg.order)


@pytest.mark.parametrize("ext", [".csv", ".xlsx"])
def test_csv_and_xlsx_load_as_the_same_graph_as_the_yaml(ext: str) -> None:
    pytest.importorskip("coherence.load.spreadsheet", reason="spreadsheet loader not built yet")
    yaml_graph = build_graph(load_scheme(bundled_scheme_path()))
    other = build_graph(load_scheme(Path(bundled_scheme_path()).with_suffix(ext)))
    assert _signature(other) == _signature(yaml_graph)


@pytest.mark.parametrize("name", NAMES)
def test_audit_finds_the_declared_flaws_and_nothing_else(name: str) -> None:
    audit_mod = pytest.importorskip("coherence.audit", reason="audit not built yet")
    result = audit_mod.audit(_graph(name))
    found: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for f in result.findings:
        if not f.accepted:
            found[f.rule].append(tuple(f.nodes))
    declared: dict[str, set[str]] = defaultdict(set)
    for rule, node in declared_flaws(bundled_scheme_path(name)):
        declared[rule].add(node)
    assert set(found) == set(declared)
    for rule, nodes in declared.items():
        assert len(found[rule]) == len(nodes), (rule, found[rule])
        for node in nodes:
            assert any(node in f for f in found[rule]), (rule, node, found[rule])
