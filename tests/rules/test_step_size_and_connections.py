"""oversized-step, stale-prerequisite and isolated-step."""

from __future__ import annotations

from tests.rules.conftest import check, graph, step, unit


def test_too_many_lessons_but_exactly_three_is_fine() -> None:
    cg = graph(unit("u", 9, 1, step("big", lessons=5), step("ok", "big", lessons=3)))
    (f,) = check("oversized-step", cg)
    assert f.nodes == ("big",) and "5 lessons" in f.message


def test_too_many_new_statements() -> None:
    cg = graph(
        unit("u", 7, 1, step("a", covers=["X1"]), step("b", "a", covers=["X1", "X2", "X3"])),
        unit("v", 7, 2, step("c", "b", covers=["X4", "X5", "X6"])),
    )
    fs = check("oversized-step", cg)
    # b brings two new statements (X1 was met in a): fine. c brings three: too many.
    assert [f.nodes for f in fs] == [("c",)]
    assert "3 new statements" in fs[0].message


def test_too_many_fresh_prerequisites() -> None:
    fresh = [step(x) for x in "abcd"]
    cg = graph(unit("u", 7, 1, *fresh, step("e", "a", "b", "c", "d")))
    (f,) = check("oversized-step", cg)
    assert f.nodes == ("e",) and "4 prerequisites first taught this half-term" in f.message
    # Three fresh ones and one from an earlier half-term: fine.
    cg = graph(
        unit("t", 7, 1, step("a")), unit("u", 7, 2, *fresh[1:], step("e", "a", "b", "c", "d"))
    )
    assert check("oversized-step", cg) == []


def test_stale_prerequisite_after_more_than_a_year() -> None:
    cg = graph(
        unit("u", 7, 1, step("a")),
        unit("v", 8, 2, step("b", "a")),  # 7 half-terms later: stale
    )
    (f,) = check("stale-prerequisite", cg)
    assert f.nodes == ("b", "a") and f.data["gap"] == 7


def test_exactly_six_half_terms_is_not_stale_and_use_refreshes() -> None:
    six = graph(unit("u", 7, 1, step("a")), unit("v", 8, 1, step("b", "a")))
    assert check("stale-prerequisite", six) == []
    refreshed = graph(
        unit("u", 7, 1, step("a")),
        unit("v", 7, 5, step("b", "a")),
        unit("w", 8, 4, step("c", "a")),  # a was last met in Y7 summer-1 by b: 5 half-terms
    )
    assert check("stale-prerequisite", refreshed) == []


def test_prior_knowledge_first_used_late_is_stale() -> None:
    cg = graph(
        unit("u", 7, 1, step("a")),
        unit("v", 9, 2, step("nets", "ks2-nets")),
        prior=[{"id": "ks2-nets", "title": "Nets"}],
    )
    (f,) = check("stale-prerequisite", cg)
    assert f.nodes == ("nets", "ks2-nets") and "prior knowledge" in f.message


def test_isolated_step() -> None:
    cg = graph(unit("u", 7, 1, step("a"), step("b", "a"), step("lonely")))
    (f,) = check("isolated-step", cg)
    assert f.nodes == ("lonely",)
    # A step with only a missing prerequisite is not isolated (it is a missing one).
    cg = graph(unit("u", 7, 1, step("a", "ghost")))
    assert check("isolated-step", cg) == []


def test_an_earlier_stage_statement_is_a_revisit_not_new() -> None:
    from tests.rules.conftest import framework

    fw = framework(
        ("Y6-A", "KS2-Y6", []),
        ("Y5-B", "KS2-Y5", []),
        ("K3-A", "KS3", []),
        ("K3-B", "KS3", []),
        ("K3-C", "KS3", []),
    )
    revisits = graph(unit("u", 7, 1, step("a", covers=["Y6-A", "Y5-B", "K3-A"])), framework=fw)
    assert check("oversized-step", revisits) == []
    three_new = graph(unit("u", 7, 1, step("a", covers=["K3-A", "K3-B", "K3-C"])), framework=fw)
    (f,) = check("oversized-step", three_new)
    assert f.data["new"] == ["K3-A", "K3-B", "K3-C"]
