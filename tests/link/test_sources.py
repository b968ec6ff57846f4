"""Each source of proposals on small hand-made schemes: what it proposes and what it must not."""

from __future__ import annotations

from coherence.link.draft import DEFAULT_MIN_SCORE, Draft, Options, draft
from coherence.load import bundled_schemes, load_framework, load_scheme
from coherence.model import Framework

from .conftest import framework, scheme, unit

FW = framework(
    (
        "N-03",
        "Primes, factors and multiples; highest common factor, lowest common multiple",
        "number",
        [],
    ),
    ("A-10", "Find the nth term of an arithmetic sequence", "algebra", []),
    ("G-11", "Angles in parallel lines: alternate and corresponding angles", "geometry", []),
    ("N-09", "Move between fractions and decimals", "number", []),
)


def _req(d: Draft, step: str) -> dict[str, str]:
    return {
        p.target: p.source
        for p in d.at(DEFAULT_MIN_SCORE)
        if p.kind == "requires" and p.step == step
    }


def _cov(d: Draft, step: str) -> list[str]:
    return [p.target for p in d.at(DEFAULT_MIN_SCORE) if p.kind == "covers" and p.step == step]


# ------------------------------------------------------------------- covers
def test_covers_matches_abbreviations_and_synonyms() -> None:
    s = scheme(
        unit("u1", "Number", [("a", "Find the HCF and LCM of two numbers")]),
        unit("u2", "Sequences", [("b", "Position-to-term rules for linear sequences")]),
        unit("u3", "Trip", [("c", "Plan a school trip budget")]),
    )
    d = draft(s, FW, Options(only="covers"))
    assert _cov(d, "a")[0] == "N-03"
    assert _cov(d, "b")[0] == "A-10"  # "position-to-term" ~ "nth term", "linear" ~ "arithmetic"
    assert _cov(d, "c") == []  # nothing in common: no guess
    ev = next(p.evidence for p in d.proposals if p.step == "a")
    assert '"hcf"' in ev  # the statement says "highest common factor": the shared idea is named


def test_covers_prefers_the_statement_of_the_steps_key_stage() -> None:
    ks2 = framework(
        ("Y6-F", "Add and subtract fractions with different denominators", "fractions", []),
        stage="KS2-Y6",
    ).statements
    ks3 = framework(
        ("KS3-F", "Add and subtract fractions with different denominators", "number", []),
        stage="KS3",
    ).statements
    fw = Framework(name="Both", statements=[*ks2, *ks3])
    step = [("a", "Add fractions with different denominators")]
    y8 = draft(scheme(unit("u", "Fractions", step, year=8)), fw, Options(only="covers"))
    y6 = draft(scheme(unit("u", "Fractions", step, year=6)), fw, Options(only="covers"))
    assert _cov(y8, "a")[0] == "KS3-F"
    assert _cov(y6, "a")[0] == "Y6-F"
    revisit = [p for p in y8.proposals if p.target == "Y6-F"]
    assert all("revisit" in p.evidence for p in revisit)


def test_declared_covers_are_not_proposed_again() -> None:
    s = scheme(unit("u1", "Number", [{"id": "a", "title": "HCF and LCM", "covers": ["N-03"]}]))
    assert "N-03" not in _cov(draft(s, FW), "a")


# ---------------------------------------------------------------- framework
FW_CHAIN = framework(
    ("S1", "Algebraic notation", "algebra", []),
    ("S2", "Substitute into expressions", "algebra", ["S1"]),
)


def test_framework_source_lifts_the_expert_graph() -> None:
    s = scheme(
        unit(
            "u1",
            "Letters",
            [{"id": "a", "title": "Alpha", "covers": ["S1"]}, {"id": "x", "title": "Xylophone"}],
        ),
        unit("u2", "Later", [{"id": "b", "title": "Beta", "covers": ["S2"]}], term=2),
    )
    d = draft(s, FW_CHAIN, Options(only="requires"))
    assert _req(d, "b") == {"a": "framework"}
    p = next(p for p in d.proposals if p.step == "b")
    assert "S1" in p.evidence and "S2" in p.evidence


def test_framework_source_never_points_later() -> None:
    s = scheme(
        unit("u1", "Early", [{"id": "b", "title": "Beta", "covers": ["S2"]}]),
        unit("u2", "Late", [{"id": "a", "title": "Alpha", "covers": ["S1"]}], term=2),
    )
    d = draft(s, FW_CHAIN, Options(only="requires"))
    assert _req(d, "b") == {}


def test_framework_source_uses_a_prior_item() -> None:
    s = scheme(
        unit("u1", "Later", [{"id": "b", "title": "Beta", "covers": ["S2"]}]),
        prior=[{"id": "ks2", "title": "Letters for numbers", "covers": ["S1"]}],
    )
    assert _req(draft(s, FW_CHAIN, Options(only="requires")), "b") == {"ks2": "framework"}


# ----------------------------------------------------------- prior knowledge
def test_prior_knowledge_matches_an_earlier_step() -> None:
    s = scheme(
        unit("u1", "Coordinates", [("c1", "Plot coordinates in four quadrants")]),
        unit("u2", "Angles", [("g1", "Measure angles with a protractor")], term=2),
        unit(
            "u3",
            "Straight-line graphs",
            [("l1", "Draw straight-line graphs")],
            term=3,
            prior_knowledge=["Plot coordinates on a grid", "Bake a cake"],
        ),
    )
    d = draft(s, None, Options(only="requires"))
    assert _req(d, "u3").get("c1") == "prior-knowledge"
    ev = next(p.evidence for p in d.proposals if p.step == "u3" and p.target == "c1")
    assert "Plot coordinates on a grid" in ev
    assert "g1" not in _req(d, "u3")  # the near-miss: nothing about angles
    assert d.later == []


def test_prior_knowledge_best_matched_later_is_reported_not_proposed() -> None:
    s = scheme(
        unit("u1", "Place value", [("p1", "Order decimals")]),
        unit(
            "u2",
            "Ratio",
            [("r1", "Share an amount in a ratio")],
            term=2,
            prior_knowledge=["Simplify fractions to their lowest terms"],
        ),
        unit("u3", "Fractions", [("f1", "Simplify fractions")], term=3),
    )
    d = draft(s, None, Options(only="requires"))
    assert [(m.step, m.target) for m in d.later] == [("u2", "f1")]
    assert "f1" not in _req(d, "u2")


# --------------------------------------------------------------------- text
def test_text_source_links_similar_earlier_steps_in_the_strand() -> None:
    s = scheme(
        unit(
            "u1", "Fractions", [("f1", "Add fractions with the same denominator")], strand="number"
        ),
        unit("u2", "Angles", [("g1", "Angles in parallel lines")], strand="geometry", term=2),
        unit(
            "u3",
            "Fractions again",
            [("f2", "Add fractions with different denominators")],
            strand="number",
            term=3,
        ),
    )
    d = draft(s, None, Options(only="requires"))
    assert _req(d, "f2") == {"f1": "text"}
    assert _req(d, "g1") == {}  # the near-miss: angles share nothing with fractions


# ----------------------------------------------------------------- sequence
def test_sequence_only_where_the_titles_share_an_idea() -> None:
    s = scheme(
        unit(
            "u1",
            "Mixed",
            [
                ("a", "Mean of a set of data"),
                ("b", "Mean from a frequency table"),
                ("c", "Bearings on a map"),
            ],
        ),
    )
    d = draft(s, None, Options(only="requires"))
    assert "a" in _req(d, "b")
    assert "b" not in _req(d, "c")  # next in the unit, but nothing in common


# ------------------------------------------------------------- whole drafts
def test_no_proposal_points_later_on_any_bundled_scheme() -> None:
    for path in bundled_schemes():
        sch = load_scheme(path)
        fw = load_framework(sch.framework) if sch.framework else None
        d = draft(sch, fw)
        pos = {sid: i for i, sid in enumerate(d.graph.order)}
        first = {u.id: pos[u.steps[0]] for u in d.graph.units}
        prior = {p.id for p in sch.prior}
        for p in d.proposals:
            if p.kind == "requires":
                at = pos.get(p.step, first.get(p.step))
                assert at is not None
                assert p.target in prior or pos[p.target] < at, (path, p)


def test_drafting_is_deterministic() -> None:
    sch = load_scheme(bundled_schemes()[-1])
    fw = load_framework("england-ks3")
    assert draft(sch, fw).proposals == draft(sch.model_copy(deep=True), fw).proposals
