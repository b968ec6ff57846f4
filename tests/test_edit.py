"""Editing a scheme: each edit, what it changes in the findings, undo/redo, and saving
back (YAML keeps every comment and the order; spreadsheets are never overwritten)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from coherence.audit import run_audit
from coherence.edit import (
    AcceptFinding,
    AddPrerequisite,
    EditError,
    EditSession,
    KeepLink,
    MoveStep,
    MoveUnit,
    RejectLink,
    RemovePrerequisite,
    SetPriorKnowledge,
    SetTitle,
    drafted_links,
    keep_all_above,
)
from coherence.errors import InputError
from coherence.load import bundled_scheme_path, bundled_schemes, load_scheme
from coherence.rules.base import Finding

SCHEME = """\
# A small scheme: every comment must survive a save.
name: Small school   # trailing comment
units:
  # autumn 1 units
  - id: u1
    title: Fractions
    year: 7
    term: autumn-1
    strand: number
    steps:
      - id: a
        title: Equivalent fractions   # why: from KS2
      - id: b
        title: Add fractions
        requires: [a]
        inferred_requires:
          - {target: c, score: 0.4, source: text, evidence: "title mentions equations"}
        inferred_covers:
          - target: KS3-N-07
            score: 0.9
            source: framework
            evidence: "'add fractions' is a keyword of KS3-N-07"
  # autumn 2 units
  - id: u2
    title: Equations
    year: 7
    term: autumn-2
    strand: algebra
    steps:
      - id: c
        title: Solve equations
        requires: [b, d]   # flaw: d is taught after c
        inferred_requires:
          - target: a
            score: 0.8
            source: prior-knowledge
            evidence: "prior knowledge says 'fractions'"
      - id: d
        title: Expand brackets
"""


def comments(text: str) -> list[str]:
    return [m.group(0).strip() for m in re.finditer(r"#[^\n]*", text)]


@pytest.fixture
def small(tmp_path: Path) -> Path:
    f = tmp_path / "scheme.yaml"
    f.write_text(SCHEME)
    return f


def rules_at(session: EditSession, rule: str) -> list[tuple[str, ...]]:
    return [f.nodes for f in session.result.findings if f.rule == rule and not f.accepted]


def test_saving_without_edits_gives_back_every_bundled_file_byte_for_byte(tmp_path: Path) -> None:
    for path in bundled_schemes():
        copy = tmp_path / Path(path).name
        shutil.copy(path, copy)
        session = EditSession(str(copy))
        session.save()
        assert copy.read_text() == Path(path).read_text(), path


def test_fixing_a_late_prerequisite_says_so_and_undo_brings_it_back(small: Path) -> None:
    s = EditSession(str(small))
    assert ("c", "d") in rules_at(s, "late-prerequisite")
    change = s.apply(MoveStep("d", "u2", 0))
    assert change.diff.summary().startswith("fixes 1 error")
    assert "fixed: late-prerequisite at c, d" in change.diff.lines()
    assert rules_at(s, "late-prerequisite") == []
    undone = s.undo()
    assert undone is not None and undone.diff.summary().startswith("adds 1 error")
    assert ("c", "d") in rules_at(s, "late-prerequisite")
    redone = s.redo()
    assert redone is not None and rules_at(s, "late-prerequisite") == []
    assert s.redo() is None


def test_edits_saved_to_yaml_reload_as_the_edited_scheme_with_every_comment(
    small: Path,
) -> None:
    s = EditSession(str(small))
    s.apply(MoveUnit("u2", 7, 1, 0))
    s.apply(AddPrerequisite("d", "a"))
    s.apply(RemovePrerequisite("c", "b"))
    s.apply(SetTitle("a", "Equivalent  fractions [b]again"))
    s.apply(SetPriorKnowledge("b", ("Equivalent fractions", "  ")))
    s.apply(MoveStep("a", "u1", None))
    saved = s.save()
    assert saved.path == str(small) and not s.dirty
    text = small.read_text()
    assert sorted(comments(text)) == sorted(comments(SCHEME))
    assert "requires: [d]      # flaw: d is taught after c" in text
    reloaded = load_scheme(small)
    assert reloaded.model_dump() == s.scheme.model_dump()
    assert [u.id for u in reloaded.units] == ["u2", "u1"]
    assert reloaded.units[0].term == "autumn-1"
    assert [x.id for x in reloaded.units[1].steps] == ["b", "a"]
    assert reloaded.units[1].steps[1].title == "Equivalent fractions [b]again"
    assert reloaded.units[1].steps[0].prior_knowledge == ["Equivalent fractions"]

    # The audit of the saved file is the audit the session showed.
    def seen(findings: list[Finding]) -> list[tuple[str, tuple[str, ...], str]]:
        return [(f.rule, f.nodes, f.message) for f in findings]

    assert seen(run_audit(str(small)).findings) == seen(s.result.findings)
    # Save again after more edits, and after undoing past the save.
    s.apply(SetTitle("d", "Expand single brackets"))
    s.save()
    assert load_scheme(small).model_dump() == s.scheme.model_dump()
    s.undo()
    s.undo()
    s.save()
    assert load_scheme(small).model_dump() == s.scheme.model_dump()
    assert sorted(comments(small.read_text())) == sorted(comments(SCHEME))


def test_a_long_title_is_not_rewrapped(small: Path) -> None:
    s = EditSession(str(small))
    long = "Add and subtract fractions with different denominators " * 4
    s.apply(SetTitle("b", long))
    s.save()
    line = next(ln for ln in small.read_text().splitlines() if "Add and subtract" in ln)
    assert line.strip() == f"title: {' '.join(long.split())}"


def test_keeping_and_rejecting_drafted_links(small: Path) -> None:
    s = EditSession(str(small))
    assert [(d.step, d.kind, d.link.target) for d in drafted_links(s.scheme)] == [
        ("b", "requires", "c"),
        ("b", "covers", "KS3-N-07"),
        ("c", "requires", "a"),
    ]
    s.apply(keep_all_above(s.scheme, 0.8))
    s.apply(RejectLink("b", "requires", "c"))
    assert drafted_links(s.scheme) == []
    s.save()
    reloaded = load_scheme(small)
    b, c = reloaded.units[0].steps[1], reloaded.units[1].steps[0]
    assert b.covers == ["KS3-N-07"] and b.inferred_covers == [] and b.inferred_requires == []
    assert c.requires == ["b", "d", "a"] and c.inferred_requires == []
    assert [(r.step, r.kind, r.target) for r in reloaded.rejected_links] == [("b", "requires", "c")]
    assert comments(small.read_text()) == comments(SCHEME)
    with pytest.raises(EditError, match="no drafted"):
        s.apply(KeepLink("b", "requires", "c"))


def test_accepting_a_finding_appends_to_coherence_toml(small: Path) -> None:
    config = small.parent / "coherence.toml"
    config.write_text('# our decisions\nfail-on = "warning"\n')
    s = EditSession(str(small))
    change = s.apply(AcceptFinding("late-prerequisite", ("c", "d"), 'Agreed "for now" 3 March'))
    assert change.diff.summary().startswith("accepts 1 error")
    saved = s.save()
    assert saved.config == str(config)
    text = config.read_text()
    assert text.startswith('# our decisions\nfail-on = "warning"\n')
    fresh = run_audit(str(small))
    accepted = [f for f in fresh.findings if f.accepted]
    assert [(f.rule, f.reason) for f in accepted] == [
        ("late-prerequisite", 'Agreed "for now" 3 March')
    ]
    s.save()  # saving again does not add it twice
    assert config.read_text() == text
    with pytest.raises(EditError, match="reason"):
        s.apply(AcceptFinding("cycle", ("a",), "  "))


def test_a_spreadsheet_is_saved_as_yaml_beside_it_and_never_overwritten(tmp_path: Path) -> None:
    csv = tmp_path / "riverside-ks3.csv"
    shutil.copy(Path(bundled_scheme_path()).with_suffix(".csv"), csv)
    before = csv.read_bytes()
    s = EditSession(str(csv), framework="england-ks3")
    s.apply(SetTitle(s.scheme.units[0].steps[0].id, "Sequences in pictures"))
    saved = s.save()
    assert csv.read_bytes() == before
    assert saved.path == str(tmp_path / "riverside-ks3-edited.yaml")
    assert "not changed" in saved.note
    reloaded = load_scheme(saved.path)
    assert reloaded.units[0].steps[0].title == "Sequences in pictures"
    assert reloaded.model_dump() == s.scheme.model_dump()
    # Later saves edit the YAML it wrote, keeping its header comment.
    s.apply(SetTitle(s.scheme.units[0].steps[0].id, "Sequences"))
    s.save()
    text = Path(saved.path).read_text()
    assert text.startswith("# Saved by coherence explore from riverside-ks3.csv")
    assert load_scheme(saved.path).units[0].steps[0].title == "Sequences"


def test_a_file_changed_on_disk_is_not_overwritten(small: Path) -> None:
    s = EditSession(str(small))
    s.apply(SetTitle("a", "x"))
    small.write_text(SCHEME.replace("Fractions", "Fractions!"))
    with pytest.raises(InputError, match="changed on disk"):
        s.save()
    assert "Fractions!" in small.read_text()


@pytest.mark.parametrize(
    ("op", "message"),
    [
        (MoveStep("zz", "u1"), "no step or unit 'zz'"),
        (MoveStep("u1", "u2"), "is a unit"),
        (MoveStep("d", "c"), "is a step"),
        (MoveUnit("a", 7, 1), "is a step"),
        (MoveUnit("u1", 7, 9), "out of range"),
        (AddPrerequisite("a", "a"), "itself"),
        (AddPrerequisite("b", "a"), "already"),
        (RemovePrerequisite("a", "b"), "does not list"),
        (SetTitle("a", "   "), "empty"),
    ],
)
def test_impossible_edits_are_refused_and_change_nothing(
    small: Path, op: object, message: str
) -> None:
    s = EditSession(str(small))
    before = s.scheme
    with pytest.raises(EditError, match=message):
        s.apply(op)  # type: ignore[arg-type]
    assert s.scheme is before and not s.dirty and not s.can_undo


def test_moving_the_only_step_of_a_unit_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "s.yaml"
    f.write_text(SCHEME.replace("      - id: b\n        title: Add fractions\n", "      - id: b\n"))
    f.write_text(
        "name: S\nunits:\n  - id: u1\n    title: U\n    year: 7\n    term: 1\n"
        "    steps:\n      - {id: a, title: A}\n"
        "  - id: u2\n    title: V\n    year: 7\n    term: 2\n"
        "    steps:\n      - {id: b, title: B}\n"
    )
    s = EditSession(str(f))
    with pytest.raises(EditError, match="only step"):
        s.apply(MoveStep("a", "u2"))
    s.apply(MoveUnit("u2", 7, 1, 0))
    s.save()
    reloaded = load_scheme(f)
    assert [u.id for u in reloaded.units] == ["u2", "u1"] and reloaded.units[0].term == 1
