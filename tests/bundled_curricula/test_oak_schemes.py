"""Oak National Academy's curriculum as bundled reference schemes: load, audit, compare."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from coherence.cli import main
from coherence.load import bundled_scheme_path, load_scheme, resolve_scheme

ROOT = Path(__file__).resolve().parents[2]
OAK = ROOT.parent / "shared" / "reference" / "oak-maths"
SCHEMES = {
    "oak-primary": (range(1, 7), None),
    "oak-ks3": (range(7, 10), None),
    "oak-ks4-foundation": (range(10, 12), "foundation"),
    "oak-ks4-higher": (range(10, 12), "higher"),
}


def _oak(name: str) -> str:
    if not OAK.is_dir():
        pytest.skip(f"Oak reference data not present at {OAK}")
    return (OAK / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(SCHEMES))
def test_reference_scheme_loads_with_attribution_and_derived_half_terms(name: str) -> None:
    path = bundled_scheme_path(f"{name}.yaml")
    text = Path(path).read_text(encoding="utf-8")
    assert (
        "Contains public sector information licensed under the Open Government Licence v3.0" in text
    )
    assert "Credit: Oak National Academy" in text
    assert "Half-terms are NOT in Oak's data" in text
    scheme = load_scheme(name)  # by name, not path
    years, tier = SCHEMES[name]
    assert scheme.source == path
    assert scheme.framework == "england" and scheme.tier == tier
    assert {u.year for u in scheme.units} == set(years)
    assert all(s.lessons == 1 for s in scheme.steps)  # one step per lesson
    for year in years:  # half-terms run 1..6 in Oak's order within each year
        terms = [u.term for u in scheme.units if u.year == year]
        assert terms == sorted(terms) and terms[0] == 1 and terms[-1] == 6, (name, year)
    # Read exactly as written: the notes only say what became of Oak's free-text prior knowledge.
    assert scheme.load_notes
    assert all(n.message.split(" ", 1)[1].startswith("prior-knowledge") for n in scheme.load_notes)


def test_units_lessons_and_prior_knowledge_match_oak() -> None:
    """Counts measured in Oak's files with plain text search (no rdflib)."""
    ks = {n: _oak(f"mathematics-key-stage-{n}.ttl") for n in (1, 2, 3, 4)}
    blocks = {
        b.split("\n", 1)[0].strip(): b for t in ks.values() for b in t.split("\n\n") if b.strip()
    }

    def objects(block: str, prop: str) -> list[str]:
        m = re.search(rf"curric:{prop}\s+(.*?)\s*[;.]\s*$", block, re.S | re.M)
        return re.findall(r"oakcurric:[\w-]+", m.group(1)) if m else []

    slots = lessons = 0
    for block in blocks.values():
        if "a curric:Programme" in block:
            for inclusion in objects(block, "hasUnitVariantInclusion"):
                slots += 1
                variant = objects(blocks[inclusion], "includesUnitVariant")[0]
                lessons += len(objects(blocks[variant], "hasLessonInclusion"))
    schemes = [load_scheme(n) for n in SCHEMES]
    assert sum(len(s.units) for s in schemes) == slots == 223
    assert sum(len(s.steps) for s in schemes) == lessons == 2145
    # Every unit's prior-knowledge statements are kept as text, word for word.
    labels = {
        " ".join(m.replace('\\"', '"').split())
        for t in ks.values()
        for m in re.findall(
            r'a curric:PriorKnowledgeRequirement ;\n\s+rdfs:label "((?:[^"\\]|\\.)*)"@en', t
        )
    }
    kept = {p for s in schemes for u in s.units for p in u.prior_knowledge}
    assert kept and kept <= labels
    ks3 = load_scheme("oak-ks3")
    first = ks3.units[0]
    assert first.title == "Place value" and first.strand == "number" and first.prior_knowledge


def test_strands_are_oak_threads() -> None:
    threads = set(
        re.findall(r"^oakcurric:thread-([\w-]+)\n\s+a curric:Thread", _oak("threads.ttl"), re.M)
    )
    used = Counter(u.strand for n in SCHEMES for u in load_scheme(n).units)
    assert set(used) - {None} <= threads
    assert used[None] < 10  # Oak lists no thread for only a few units


def _make_oak(monkeypatch: pytest.MonkeyPatch) -> Any:
    if not OAK.is_dir():
        pytest.skip(f"Oak reference data not present at {OAK}")
    if importlib.util.find_spec("rdflib") is None:
        pytest.skip("rdflib (the test extra) is not installed")
    spec = importlib.util.spec_from_file_location("make_oak", ROOT / "benchmarks" / "make_oak.py")
    assert spec and spec.loader
    make_oak = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "make_oak", make_oak)  # dataclasses look it up
    spec.loader.exec_module(make_oak)
    return make_oak


def test_generated_files_match_the_data(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _make_oak(monkeypatch).main(["--check", "--oak", str(OAK)]) == 0


def test_generator_refuses_data_that_moves_a_code(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The hand tables are keyed by code: a code naming another descriptor stops the run."""
    make_oak = _make_oak(monkeypatch)
    frameworks = tmp_path / "curricula" / "frameworks"
    frameworks.mkdir(parents=True)
    ks1 = (ROOT / "curricula" / "frameworks" / "england-ks1.yaml").read_text(encoding="utf-8")
    moved = ks1.replace("contentdescriptor-count-100-beginning-0-1\n", "contentdescriptor-x\n", 1)
    assert moved != ks1
    (frameworks / "england-ks1.yaml").write_text(moved, encoding="utf-8")
    monkeypatch.setattr(make_oak, "ROOT", tmp_path)
    with pytest.raises(SystemExit, match=r"codes now name other descriptors: \['Y1-NPV-01'\]"):
        make_oak.main(["--check", "--oak", str(OAK)])


def test_audit_oak_ks3_against_england(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "oak-ks3", "--framework", "england", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    rules = Counter(f["rule"] for f in data["findings"])
    # Oak links no lesson to a statement: coverage cannot be measured yet, said once
    # (not 83 uncovered statements).
    why = {s["rule"]: s["why"] for s in data["skipped"]}
    assert why["uncovered-statement"].startswith("no step is linked to the framework yet")
    assert data["metrics"]["coverage"]["in_scope"] and all(
        c.startswith("KS3-") for c in data["metrics"]["coverage"]["in_scope"]
    )
    # Oak gives no prerequisite links: every lesson stands alone (an info finding).
    assert rules["isolated-step"] == 427
    assert set(rules) == {"isolated-step"}


def test_foundation_tier_is_not_held_to_higher_only_items(
    capsys: pytest.CaptureFixture[str],
) -> None:
    counts = {}
    for name in ("oak-ks4-foundation", "oak-ks4-higher"):
        main(["audit", name, "--format", "json"])
        data = json.loads(capsys.readouterr().out)
        counts[name] = len(data["metrics"]["coverage"]["in_scope"])
    assert counts == {"oak-ks4-foundation": 86, "oak-ks4-higher": 97}


def test_compare_a_school_with_oak_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    riverside = bundled_scheme_path("riverside-ks3.yaml")
    assert main(["compare", riverside, "oak-ks3"]) == 0
    out = capsys.readouterr().out
    assert "Riverside Academy" in out and "Oak National Academy" in out


def test_a_bundled_name_never_hides_a_real_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert resolve_scheme("oak-ks3").endswith("curricula/schemes/oak-ks3.yaml")
    (tmp_path / "oak-ks3").write_text("name: mine\n", encoding="utf-8")
    assert resolve_scheme("oak-ks3") == "oak-ks3"
    assert resolve_scheme("oak-ks9") == "oak-ks9"


def test_an_unknown_name_is_still_no_such_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "oak-ks9"]) == 2
    err = capsys.readouterr().err
    assert "oak-ks9" in err and "no such file" in err
