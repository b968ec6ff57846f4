"""The cycle rule: one finding per component, a concrete cycle, the edge to remove."""

from __future__ import annotations

import time

from coherence.graph import build_graph
from coherence.model import Scheme
from coherence.synthetic import generate_scheme
from tests.rules.conftest import check, graph, step, unit


def test_two_step_cycle_names_the_backward_edge() -> None:
    cg = graph(unit("u", 8, 1, step("eq2", "eq3"), step("eq3", "eq2")))
    (f,) = check("cycle", cg)
    assert f.nodes == ("eq2", "eq3")
    assert f.data["cycle"] == ["eq2", "eq3"]
    # eq3 is taught after eq2, so eq2 cannot build on it: remove eq3 -> eq2.
    assert f.data["remove"] == ["eq3", "eq2"]
    assert "Remove 'eq3' from the requires of 'eq2'" in f.message


def test_self_loop_and_separate_components() -> None:
    cg = graph(
        unit("u", 7, 1, step("a", "a"), step("b", "c"), step("c", "b"), step("d", "c")),
    )
    fs = check("cycle", cg)
    assert sorted(f.nodes for f in fs) == [("a",), ("b", "c")]
    assert "requires itself" in next(f for f in fs if f.nodes == ("a",)).message


def test_dag_has_no_cycle_findings() -> None:
    cg = graph(unit("u", 7, 1, step("a"), step("b", "a"), step("c", "a", "b")))
    assert check("cycle", cg) == []


def test_long_cycle_lists_all_members_and_one_concrete_cycle() -> None:
    cg = graph(unit("u", 7, 1, step("a", "d"), step("b", "a"), step("c", "b"), step("d", "c")))
    (f,) = check("cycle", cg)
    assert set(f.nodes) == {"a", "b", "c", "d"}
    assert f.data["cycle"] == ["a", "b", "c", "d"]
    assert f.data["remove"] == ["d", "a"]


def test_dense_component_gives_one_finding_without_enumerating_cycles() -> None:
    scheme = Scheme.model_validate(generate_scheme(400, dense_cycle=True))
    cg = build_graph(scheme)
    start = time.perf_counter()
    fs = check("cycle", cg)
    elapsed = time.perf_counter() - start
    assert len(fs) == 1 and len(fs[0].nodes) == 400
    # Not a timing test: enumeration would not finish at all at this density.
    assert elapsed < 60
