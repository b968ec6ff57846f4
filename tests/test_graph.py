"""Building the prerequisite graph and the teaching order."""

from __future__ import annotations

from typing import Any

import pytest

from coherence.graph import PRIOR, STEP, UNDEFINED, build_graph
from coherence.model import Scheme


def scheme(units: list[dict[str, Any]], **extra: Any) -> Scheme:
    return Scheme.model_validate({"name": "Test", "units": units, **extra})


def unit(uid: str, year: int, term: str, steps: list[dict[str, Any]], **kw: Any) -> dict[str, Any]:
    return {"id": uid, "title": uid.title(), "year": year, "term": term, "steps": steps, **kw}


def test_teaching_order_follows_year_then_half_term_not_file_order() -> None:
    s = scheme(
        [
            unit("late", 8, "autumn-1", [{"id": "c", "title": "C"}]),
            unit("early", 7, "spring-2", [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}]),
            unit("first", 7, "autumn-1", [{"id": "z", "title": "Z"}]),
        ]
    )
    cg = build_graph(s)
    assert cg.order == ["z", "a", "b", "c"]
    assert [u.id for u in cg.units] == ["first", "early", "late"]
    assert cg.periods_between("z", "c") == 6
    assert cg.period_label("a") == "Y7 Spring 2"


def test_unit_requires_apply_to_first_step_and_unit_reference_means_last_step() -> None:
    s = scheme(
        [
            unit("u1", 7, "autumn-1", [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}]),
            unit(
                "u2",
                7,
                "autumn-2",
                [{"id": "c", "title": "C"}, {"id": "d", "title": "D", "requires": ["u1"]}],
                requires=["ks2"],
            ),
        ],
        prior=[{"id": "ks2", "title": "KS2 fractions"}],
    )
    cg = build_graph(s)
    assert set(cg.g.edges) == {("ks2", "c"), ("b", "d")}
    assert cg.g.edges["ks2", "c"]["via"] == "unit"
    assert cg.g.edges["b", "d"]["ref"] == "u1"
    assert cg.g.nodes["ks2"]["kind"] == PRIOR
    assert cg.g.nodes["c"]["kind"] == STEP


def test_undefined_references_become_marked_nodes() -> None:
    s = scheme([unit("u", 7, "autumn-1", [{"id": "a", "title": "A", "requires": ["ghost"]}])])
    cg = build_graph(s)
    assert cg.g.nodes["ghost"]["kind"] == UNDEFINED
    assert ("ghost", "a") in cg.g.edges
    assert list(cg.steps_of_kind(UNDEFINED)) == ["ghost"]


def test_requisite_kinds_are_kept_on_edges() -> None:
    s = scheme(
        [
            unit(
                "u",
                7,
                "autumn-1",
                [
                    {"id": "a", "title": "A"},
                    {"id": "b", "title": "B"},
                    {"id": "c", "title": "C", "corequires": ["a"], "strict_corequires": ["b"]},
                ],
            )
        ]
    )
    cg = build_graph(s)
    assert cg.g.edges["a", "c"]["kind"] == "corequisite"
    assert cg.g.edges["b", "c"]["kind"] == "strict-corequisite"


def test_unplaced_scheme_keeps_file_order_and_no_periods() -> None:
    s = scheme(
        [
            {"id": "u", "title": "U", "steps": [{"id": "b", "title": "B"}]},
            {"id": "v", "title": "V", "steps": [{"id": "a", "title": "A", "requires": ["b"]}]},
        ]
    )
    cg = build_graph(s)
    assert not cg.placed
    assert cg.order == ["b", "a"]
    assert cg.period("a") is None
    assert cg.periods_between("b", "a") is None
    assert cg.period_label("a") == "unplaced"


def test_three_term_school_terms_map_to_half_terms() -> None:
    s = scheme(
        [
            unit("u1", 7, "autumn", [{"id": "a", "title": "A"}]),
            unit("u2", 7, "summer", [{"id": "b", "title": "B"}]),
        ]
    )
    cg = build_graph(s)
    assert cg.periods_between("a", "b") == 4


def test_networkx_view_shares_the_plain_dicts() -> None:
    s = scheme(
        [
            unit("u", 7, "autumn-1", [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}]),
            unit("v", 7, "autumn-2", [{"id": "c", "title": "C", "requires": ["a", "ghost"]}]),
        ]
    )
    cg = build_graph(s)
    g = cg.g
    assert g is cg.g  # made once
    assert dict(g.nodes(data=True)) == cg.attrs
    assert set(g.edges) == {(u, v) for u, outs in cg.succ.items() for v in outs}
    assert dict(g.pred["c"]) == cg.pred["c"]
    g.nodes["a"]["title"] = "Changed"
    assert cg.attrs["a"]["title"] == "Changed"


def test_steps_by_teaching_position() -> None:
    s = scheme(
        [
            unit("late", 7, "spring-1", [{"id": "b", "title": "B", "requires": ["a"]}]),
            unit("early", 7, "autumn-1", [{"id": "a", "title": "A", "requires": ["b"]}]),
        ],
        prior=[{"id": "ks2", "title": "KS2"}],
    )
    cg = build_graph(s)
    assert cg.index == {"a": 0, "b": 1}
    assert cg.step_successors() == [[1], [0]]
    assert not cg.steps_forward()  # a cycle: a link runs backwards
    forward = build_graph(scheme([unit("u", 7, "autumn-1", [{"id": "a", "title": "A"}])]))
    assert forward.steps_forward()


def test_an_audit_to_json_never_imports_networkx(tmp_path: Any) -> None:
    import subprocess
    import sys

    from coherence.synthetic import generate_scheme, to_yaml

    path = tmp_path / "s.yaml"
    path.write_text(to_yaml(generate_scheme(300, seed=1)))
    code = (
        "import sys\n"
        "from coherence.cli import main\n"
        f"main(['audit', {str(path)!r}, '--format', 'json', '--fail-on', 'never'])\n"
        "assert 'networkx' not in sys.modules, 'networkx imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("name", ["riverside-ks3.yaml", "oak-ks3.yaml", "hillside-spiral.yaml"])
def test_what_the_build_gathers_matches_the_graph(name: str) -> None:
    from coherence.load import bundled_scheme_path
    from coherence.pipeline import load_graph

    cg = load_graph(bundled_scheme_path(name))
    attrs, order = cg.attrs, cg.order
    for key in ("period", "lessons", "covers"):
        assert cg.column(key) == [attrs[n].get(key) for n in order]
    for kind in (PRIOR, STEP, UNDEFINED):
        assert list(cg.steps_of_kind(kind)) == [n for n, a in attrs.items() if a["kind"] == kind]
    assert cg.degrees() == ([len(cg.pred[n]) for n in order], [len(cg.succ[n]) for n in order])
    assert cg.number_of_edges() == cg.g.number_of_edges()
    index = {n: i for i, n in enumerate(order)}
    assert cg.index == index
    assert cg.step_successors() == [[index[w] for w in cg.succ[v] if w in index] for v in order]


def test_drafted_links_counted_as_built_match_a_count_of_the_graph() -> None:
    from coherence.audit import count_inferred

    def drafted(target: str) -> dict[str, Any]:
        return {"target": target, "score": 0.8, "source": "text"}

    steps = [
        {"id": "a", "title": "A", "covers": ["X"], "inferred_covers": [drafted("X"), drafted("Y")]},
        {
            "id": "b",
            "title": "B",
            "requires": ["a"],
            "inferred_requires": [drafted("a"), drafted("ghost"), drafted("u")],
        },
    ]
    s = scheme([unit("u", 7, "autumn-1", steps, inferred_covers=[drafted("Z")])])
    for inferred in (True, False):
        cg = build_graph(s, inferred=inferred)
        counted = count_inferred(cg)
        del cg.cache["drafted_links"]
        assert counted == count_inferred(cg) == (4 if inferred else 0)
