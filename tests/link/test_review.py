"""Write for review, reject, accept, re-run; the audit's marking of drafted links; the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from coherence.audit import audit, run_audit
from coherence.cli import main
from coherence.graph import build_graph
from coherence.link.draft import DEFAULT_MIN_SCORE, Options, draft
from coherence.link.write import format_for_review
from coherence.load import bundled_scheme_path, load_framework, load_scheme
from coherence.load.yaml import parse_yaml
from coherence.model import Scheme

SCHEME = """\
# A department's scheme: comments everywhere must survive.
name: Review test   # the name
units:
  # ---- the first unit
  - id: u1
    title: Fractions
    year: 7
    term: 1
    strand: number
    steps:
      - id: a
        title: Add fractions with the same denominator
      # a comment between steps
      - id: b
        title: Add fractions with different denominators   # trailing
  - id: u2
    title: More fractions
    year: 7
    term: 2
    strand: number
    steps:
      - id: c
        title: Subtract fractions with different denominators
        requires: []
# the end
"""


def _load(text: str, tmp_path: Path, name: str = "s.yaml") -> Scheme:
    f = tmp_path / name
    f.write_text(text)
    return load_scheme(str(f))


def _review(text: str, tmp_path: Path, **kw: object) -> str:
    s = _load(text, tmp_path)
    d = draft(s, None)
    return format_for_review(s, d, d.at(DEFAULT_MIN_SCORE), text=text, **kw)  # type: ignore[arg-type]


def _is_subsequence(small: list[str], big: list[str]) -> bool:
    it = iter(big)
    return all(any(line == b for b in it) for line in small)


def test_round_trip_keeps_every_comment_and_the_order(tmp_path: Path) -> None:
    out = _review(SCHEME, tmp_path)
    assert "inferred_requires:" in out
    assert _is_subsequence(SCHEME.splitlines(), out.splitlines())
    # the comment between steps still sits right before step b
    lines = out.splitlines()
    i = lines.index("      # a comment between steps")
    assert lines[i + 1] == "      - id: b"
    s = _load(out, tmp_path, "out.yaml")
    drafted = {(r.step, r.kind, r.target) for r in s.drafted_links}
    inferred = {(st.id, x.target) for st in s.steps for x in st.inferred_requires}
    assert ("c", "b") in inferred and ("c", "requires", "b") in drafted


def test_round_trip_keeps_long_lines_whole_and_the_riverside_comments(tmp_path: Path) -> None:
    text = Path(bundled_scheme_path()).read_text()
    s = load_scheme(bundled_scheme_path())
    d = draft(s, load_framework("england-ks3"))
    out = format_for_review(s, d, d.at(DEFAULT_MIN_SCORE), text=text)
    assert _is_subsequence(text.splitlines(), out.splitlines())
    assert all("evidence" in line for line in out.splitlines() if "{target:" in line)
    parse_yaml(out, "out.yaml")


def test_deleted_entries_stay_rejected_and_moved_ones_are_kept(tmp_path: Path) -> None:
    out = _review(SCHEME, tmp_path)
    # Review: delete the drafted c -> b, and move b -> a into requires.
    data = _load(out, tmp_path, "r1.yaml")
    c = next(st for st in data.steps if st.id == "c")
    b = next(st for st in data.steps if st.id == "b")
    assert any(x.target == "b" for x in c.inferred_requires)
    assert any(x.target == "a" for x in b.inferred_requires)
    c.inferred_requires = [x for x in c.inferred_requires if x.target != "b"]
    b.requires = ["a"]
    b.inferred_requires = []
    again = draft(data, None)
    proposed = {(p.step, p.target) for p in again.proposals if p.kind == "requires"}
    assert ("c", "b") not in proposed  # rejected: never again
    assert ("b", "a") not in proposed  # accepted: it is the department's own now
    assert ("c", "requires", "b") in again.excluded
    assert ("b", "requires", "a") not in again.excluded
    # Written again, the rejection is remembered in rejected_links.
    rewritten = format_for_review(data, again, again.at(DEFAULT_MIN_SCORE))
    s2 = _load(rewritten, tmp_path, "r2.yaml")
    assert ("c", "requires", "b") in {(r.step, r.kind, r.target) for r in s2.rejected_links}
    assert ("c", "b") not in {p for p in proposed}


def test_accept_all_moves_proposals_into_requires(tmp_path: Path) -> None:
    out = _review(SCHEME, tmp_path, accept_all=True)
    s = _load(out, tmp_path, "acc.yaml")
    c = next(st for st in s.steps if st.id == "c")
    assert "b" in c.requires and c.inferred_requires == []
    assert not s.drafted_links
    assert _is_subsequence(
        [ln for ln in SCHEME.splitlines() if "requires" not in ln], out.splitlines()
    )


# ------------------------------------------------------------------ audit
MARKED = """\
name: Marked
units:
  - id: u1
    title: U
    year: 7
    term: 1
    steps:
      - id: a
        title: A
        inferred_requires:
          - {target: b, score: 0.7, source: text, evidence: similar}
      - id: b
        title: B
      - id: c
        title: C
        requires: [d]
      - id: d
        title: D
"""


def test_audit_marks_findings_resting_on_drafted_links(tmp_path: Path) -> None:
    f = tmp_path / "m.yaml"
    f.write_text(MARKED)
    result = run_audit(str(f), rules=["late-prerequisite"])
    marks = {f.nodes: f.inferred for f in result.findings}
    assert marks == {("a", "b"): True, ("c", "d"): False}
    assert result.inferred_links == 1
    declared = run_audit(str(f), rules=["late-prerequisite"], links="declared")
    assert [f.nodes for f in declared.findings] == [("c", "d")]
    assert declared.inferred_links == 0


def test_audit_marks_findings_resting_on_drafted_covers() -> None:
    from .conftest import scheme, unit

    drafted = [{"target": "KS3-A-10", "score": 0.9, "source": "text"}]
    s = scheme(
        unit(
            "u",
            "U",
            [
                {"id": "a", "title": "nth term", "inferred_covers": drafted},
                {"id": "b", "title": "notation", "covers": ["KS3-A-01"]},
            ],
        )
    )
    result = audit(build_graph(s, load_framework("england-ks3")), rules=["framework-sequence"])
    assert [(f.nodes[0], f.inferred) for f in result.findings] == [("a", True)]


def test_reports_show_the_mark(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "m.yaml"
    f.write_text(MARKED)
    for fmt in ("text", "markdown", "json"):
        main(["audit", str(f), "--format", fmt, "--fail-on", "never"])
        out = capsys.readouterr().out
        if fmt == "json":
            data = json.loads(out)
            assert data["inferred_links"] == 1
            assert [x["inferred"] for x in data["findings"] if x["rule"] == "late-prerequisite"]
        else:
            assert "drafted link" in out
    main(["report", str(f), "-o", str(tmp_path / "r.html")])
    assert "(drafted link)" in (tmp_path / "r.html").read_text()


# -------------------------------------------------------------------- CLI
def test_cli_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["link", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"version", "scheme", "framework", "min_score", "proposals", "summary"}
    assert data["version"] == 1 and data["framework"] == "england-ks3"
    for p in data["proposals"]:
        assert set(p) == {"step", "kind", "target", "score", "source", "evidence"}
        assert p["score"] >= DEFAULT_MIN_SCORE
        assert p["source"] in {"framework", "prior-knowledge", "text", "sequence"}


def test_cli_in_place_keeps_a_backup(tmp_path: Path) -> None:
    f = tmp_path / "s.yaml"
    f.write_text(SCHEME)
    assert main(["link", str(f), "--in-place"]) == 0
    assert (tmp_path / "s.yaml.bak").read_text() == SCHEME
    assert "inferred_requires" in f.read_text()


def test_cli_never_overwrites_a_spreadsheet(tmp_path: Path) -> None:
    src = Path(bundled_scheme_path("riverside-ks3.csv"))
    f = tmp_path / "s.csv"
    shutil.copy(src, f)
    before = f.read_bytes()
    assert main(["link", str(f), "-o", str(f), "--format", "yaml"]) == 2
    assert (
        main(["link", str(f), "--in-place", "--framework", "england-ks3", "--only", "covers"]) == 0
    )
    assert f.read_bytes() == before
    written = load_scheme(str(tmp_path / "s.yaml"))
    assert any(st.inferred_covers for st in written.steps)
    assert main(["link", str(f), "--in-place"]) == 2  # s.yaml exists now: not overwritten


def test_cli_accept_all_needs_a_scheme_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["link", "--accept-all"]) == 2
    assert "--accept-all" in capsys.readouterr().err


def test_a_rerun_on_the_review_file_proposes_the_same(tmp_path: Path) -> None:
    text = Path(bundled_scheme_path()).read_text()
    s = load_scheme(bundled_scheme_path())
    fw = load_framework("england-ks3")
    first = draft(s, fw)
    out = format_for_review(s, first, first.at(DEFAULT_MIN_SCORE), text=text)
    again = draft(_load(out, tmp_path, "again.yaml"), fw)
    assert again.at(DEFAULT_MIN_SCORE) == first.at(DEFAULT_MIN_SCORE)
    assert again.excluded == set()


def test_hostile_text_never_reaches_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    evil = "Add fractions \x1b]0;pwned\x07 [bold]x[/bold] \u202e"
    text = SCHEME.replace(
        "        requires: []",
        f"        requires: []\n        prior_knowledge: [{json.dumps(evil)}]",
    ).replace("Add fractions with the same denominator", json.dumps(evil))
    f = tmp_path / "evil.yaml"
    f.write_text(text)
    assert main(["link", str(f)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert main(["link", str(f), "-o", str(tmp_path / "o.yaml")]) == 0
    assert load_scheme(str(tmp_path / "o.yaml")).steps[0].title == evil


def test_only_requires_keeps_covers_awaiting_review(tmp_path: Path) -> None:
    text = Path(bundled_scheme_path()).read_text()
    s = load_scheme(bundled_scheme_path())
    fw = load_framework("england-ks3")
    d = draft(s, fw)
    out = _load(format_for_review(s, d, d.at(DEFAULT_MIN_SCORE), text=text), tmp_path, "1.yaml")
    covers_before = {(st.id, x.target) for st in out.steps for x in st.inferred_covers}
    assert covers_before
    again = draft(out, fw, Options(only="requires"))
    text2 = (tmp_path / "1.yaml").read_text()
    out2 = format_for_review(
        out, again, again.at(DEFAULT_MIN_SCORE), kinds=("requires",), text=text2
    )
    s2 = _load(out2, tmp_path, "2.yaml")
    assert {(st.id, x.target) for st in s2.steps for x in st.inferred_covers} == covers_before
    drafted_covers = {(r.step, r.target) for r in s2.drafted_links if r.kind == "covers"}
    assert drafted_covers == covers_before
    assert not s2.rejected_links


def test_text_says_what_is_not_drafted_without_a_framework(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "s.yaml"
    f.write_text(SCHEME)
    assert main(["link", str(f)]) == 0
    out = capsys.readouterr().out
    assert "No framework" in out and "Fractions (u1)" in out


def test_cli_yaml_format_prints_the_scheme_for_review(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "s.yaml"
    f.write_text(SCHEME)
    assert main(["link", str(f), "--format", "yaml"]) == 0
    out = capsys.readouterr().out
    assert "# a comment between steps" in out and "inferred_requires:" in out
    assert f.read_text() == SCHEME  # printing never touches the file


def test_flow_style_steps_get_flow_style_lists(tmp_path: Path) -> None:
    text = (
        "name: Flow\nunits:\n  - id: u\n    title: Fractions\n    steps:\n"
        "      - {id: a, title: Add fractions with the same denominator}\n"
        "      - {id: b, title: Add fractions with different denominators}\n"
    )
    out = _review(text, tmp_path)
    assert "coherence-drafted-list" not in out
    s = _load(out, tmp_path, "flow-out.yaml")
    assert [x.target for x in s.steps[1].inferred_requires] == ["a"]


def test_a_rewritten_review_file_keeps_the_departments_edits(tmp_path: Path) -> None:
    out = _review(SCHEME, tmp_path)
    # The department notes something at the end of a drafted entry.
    lines = out.splitlines()
    i = next(n for n, ln in enumerate(lines) if "{target: b," in ln)
    lines[i] += "  # ask Sam"
    edited = "\n".join(lines) + "\n"
    s = _load(edited, tmp_path, "edited.yaml")
    d = draft(s, None)
    again = format_for_review(s, d, d.at(DEFAULT_MIN_SCORE), text=edited)
    # Every line of the department's file is kept; the drafted entry is redrafted
    # (its end-of-line note goes with it).
    assert _is_subsequence(SCHEME.splitlines(), again.splitlines())
    assert "{target: b," in again
    assert again.count("inferred_requires:") == out.count("inferred_requires:")
    _load(again, tmp_path, "again2.yaml")
