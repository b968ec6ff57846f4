"""Gap rules: missing-prerequisite, late-prerequisite, framework-sequence, uncovered-statement."""

from __future__ import annotations

from coherence.rules.base import Severity
from tests.rules.conftest import check, framework, graph, step, unit


def test_missing_prerequisite_suggests_the_closest_id() -> None:
    cg = graph(
        unit("y8-ratio-and-scale", 8, 1, step("r1")),
        unit("y9-prop", 9, 1, step("p1", "y8-ratio-scale")),
    )
    (f,) = check("missing-prerequisite", cg)
    assert f.nodes == ("p1", "y8-ratio-scale")
    assert f.severity is Severity.ERROR
    assert "'y8-ratio-and-scale'" in f.message
    assert f.data["suggest"][0] == "y8-ratio-and-scale"


def test_missing_prerequisite_ignores_units_steps_and_prior_items() -> None:
    cg = graph(
        unit("u1", 7, 1, step("a")),
        unit("u2", 7, 2, step("b", "u1", "a", "ks2")),
        prior=[{"id": "ks2", "title": "KS2"}],
    )
    assert check("missing-prerequisite", cg) == []


def test_late_prerequisite_reports_gap_and_move() -> None:
    cg = graph(
        unit("py", 9, "autumn-2", step("hyp", "roots")),
        unit("num", 9, "spring-1", step("roots")),
    )
    (f,) = check("late-prerequisite", cg)
    assert f.nodes == ("hyp", "roots")
    assert f.data["gap"] == 1
    assert "1 half-term later (Y9 Spring 1)" in f.message
    assert "Move 'Step roots' to Y9 Autumn 2 or earlier" in f.message


def test_late_prerequisite_within_one_half_term() -> None:
    cg = graph(unit("u", 7, 1, step("a", "b"), step("b")))
    (f,) = check("late-prerequisite", cg)
    assert f.data["gap"] == 0 and "later in the same half-term" in f.message


def test_earlier_prerequisite_same_half_term_is_not_late() -> None:
    cg = graph(unit("u", 7, 1, step("a"), step("b", "a")), unit("v", 7, 1, step("c", "b")))
    assert check("late-prerequisite", cg) == []


def test_corequisite_may_share_the_term_but_not_come_later() -> None:
    same = graph(unit("t1", 1, 1, step("a", corequires=["b"]), step("b")))
    assert check("late-prerequisite", same, **{}) == []
    later = graph(unit("t1", 1, 1, step("a", corequires=["b"])), unit("t2", 1, 2, step("b")))
    (f,) = check("late-prerequisite", later, **{})
    assert f.data["kind"] == "corequisite"


def test_cycle_edges_are_left_to_the_cycle_rule() -> None:
    cg = graph(unit("u", 7, 1, step("a", "b"), step("b", "a")))
    assert check("late-prerequisite", cg) == []


FW = framework(("A1", "KS3", []), ("A10", "KS3", ["A1"]), ("A2", "KS3", []), ("K4", "KS4-H", []))


def test_framework_sequence_flags_a_statement_before_its_framework_prerequisite() -> None:
    cg = graph(
        unit("seq", 7, 1, step("s4", covers=["A10"])),
        unit("alg", 7, 3, step("a1", covers=["A1"])),
        framework=FW,
    )
    (f,) = check("framework-sequence", cg)
    assert f.nodes == ("s4", "a1")
    assert "A10" in f.message and "A1 (Statement A1)" in f.message


def test_framework_sequence_near_misses() -> None:
    in_order = graph(
        unit("alg", 7, 1, step("a1", covers=["A1"])),
        unit("seq", 7, 3, step("s4", covers=["A10"])),
        framework=FW,
    )
    assert check("framework-sequence", in_order, **{}) == []
    # A prerequisite statement covered by prior knowledge is known from the start.
    prior = graph(
        unit("seq", 7, 1, step("s4", covers=["A10"])),
        prior=[{"id": "ks2", "title": "KS2", "covers": ["A1"]}],
        framework=FW,
    )
    assert check("framework-sequence", prior, **{}) == []
    # Never covered at all: uncovered-statement's job, not this rule's.
    never = graph(unit("seq", 7, 1, step("s4", covers=["A10"])), framework=FW)
    assert check("framework-sequence", never, **{}) == []


def test_unit_covers_count_at_the_units_first_step() -> None:
    cg = graph(
        unit("alg", 7, 1, step("x"), step("y"), covers=["A1"]),
        unit("seq", 7, 1, step("s4", covers=["A10"])),
        framework=FW,
    )
    assert check("framework-sequence", cg) == []


def test_uncovered_statement_only_for_the_schemes_key_stage() -> None:
    cg = graph(unit("u", 7, 1, step("a", covers=["A1", "A10"])), framework=FW)
    fs = check("uncovered-statement", cg)
    assert [f.nodes for f in fs] == [("A2",)]  # K4 is KS4: out of scope for Year 7
    assert fs[0].severity is Severity.WARNING


def test_missing_prerequisite_suggests_only_what_is_taught_before() -> None:
    cg = graph(
        unit("u7", 7, 1, step("fractions-add"), step("x", "fractions-ad")),
        unit("u8", 8, 1, step("fractions-adds")),
    )
    (f,) = check("missing-prerequisite", cg)
    # 'fractions-adds' is closer but taught a year later: never suggested.
    assert f.data["suggest"] == ["fractions-add"]
    assert check("missing-prerequisite", cg, max_suggestions=0)[0].data["suggest"] == []


def test_missing_prerequisite_suggestions_stay_fast_with_many_dangling_ids() -> None:
    units = [
        unit(f"u{i}", 7 + i // 6, i % 6 + 1, *(step(f"s{i}-{j}-topic") for j in range(30)))
        for i in range(18)
    ]
    units.append(
        unit("late", 9, 6, *(step(f"q{k}", f"s{k % 18}-{k % 30}-topik") for k in range(400)))
    )
    cg = graph(*units)
    fs = check("missing-prerequisite", cg)
    assert len(fs) == 400
    assert all(f.data["suggest"][0].endswith("-topic") for f in fs)


def test_unknown_statement_names_the_code_and_the_closest() -> None:
    fw = framework(("KS3-N-09", "KS3", []), ("KS3-A-01", "KS3", []))
    cg = graph(
        unit("u", 7, 1, step("a", covers=["KS3-N-9"]), step("b", covers=["KS3-A-01"])),
        unit("v", 7, 2, step("c"), covers=["ZZ-1"]),
        prior=[{"id": "ks2", "title": "KS2", "covers": ["5F-2"]}],  # another stage's code
        framework=fw,
    )
    fs = check("unknown-statement", cg)
    assert [(f.nodes, f.data["suggest"][:1]) for f in fs] == [
        (("a", "KS3-N-9"), ["KS3-N-09"]),
        (("c", "ZZ-1"), []),
    ]
    assert fs[1].message.startswith("Unit 'Unit v' covers ZZ-1, which is not a statement")


def test_framework_rules_wait_for_the_first_link() -> None:
    from coherence.audit import audit

    fw = framework(("A1", "KS3", []), ("A2", "KS3", ["A1"]))
    cg = graph(unit("u", 7, 1, step("a"), step("b", "a")), framework=fw)
    result = audit(cg)
    assert not [f for f in result.findings if f.rule == "uncovered-statement"]
    why = {s.rule: s.why for s in result.skipped}
    assert why["uncovered-statement"].startswith("no step is linked to the framework yet")
    linked = graph(unit("u", 7, 1, step("a", covers=["A1"]), step("b", "a")), framework=fw)
    assert [f.nodes for f in audit(linked).findings if f.rule == "uncovered-statement"] == [("A2",)]
