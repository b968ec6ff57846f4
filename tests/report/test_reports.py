"""Text, JSON and Markdown audit reports: content, shape, escaping, writing to a file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from coherence.audit import AuditResult, run_audit
from coherence.cli import main
from coherence.report import format_report
from coherence.report.json import format_json
from coherence.report.markdown import md_escape

EVIL = "[@click=app.quit]x <b>bold</b> | pipe *em* `code` \x1b[2J\u202eevil"

SCHEME = f"""\
name: "Evil \\e]0;title\\a school"
units:
  - id: u1
    title: Unit one
    year: 7
    term: autumn-1
    strand: "[red]number[/red]"
    steps:
      - id: a
        title: {json.dumps(EVIL)}
        requires: [b]
      - id: b
        title: B
  - id: u2
    title: Unit two
    year: 7
    term: autumn-2
    strand: algebra
    steps:
      - id: c
        title: C
        lessons: 5
        requires: [a, ghost]
      - id: d
        title: D
"""


@pytest.fixture
def result(tmp_path: Path) -> AuditResult:
    f = tmp_path / "scheme.yaml"
    f.write_text(SCHEME)
    (tmp_path / "coherence.toml").write_text(
        '[[accept]]\nrule = "isolated-step"\nsteps = ["d"]\nreason = "Enrichment <i>day</i>"\n'
    )
    return run_audit(str(f))


def test_text_report_groups_findings_by_rule_with_ids_titles_when_and_where(
    result: AuditResult,
) -> None:
    text = format_report(result, "text")
    assert "2 errors · 1 warning · 0 info · 1 accepted" in text
    rules = re.findall(r"^([a-z-]+) \((error|warning|info), (\d+)\)", text, re.MULTILINE)
    assert rules == [
        ("missing-prerequisite", "error", "1"),
        ("late-prerequisite", "error", "1"),
        ("oversized-step", "warning", "1"),
        ("isolated-step", "info", "1"),
    ]
    assert "Pupils meet the step before the knowledge it builds on." in text  # why it matters
    assert re.search(r"c “C”  Y7 Autumn 2  scheme\.yaml:\d+", text)
    assert "'C' requires 'ghost', which is not a step" in text
    assert "✔ accepted" in text and "accepted because: Enrichment <i>day</i>" in text
    assert "framework-sequence: no framework" in text  # skipped rules are listed
    assert "Strands" in text and "Keystone steps" in text


@pytest.mark.parametrize("color", [False, True])
def test_text_report_shows_scheme_text_literally_and_sends_no_control_codes(
    result: AuditResult, color: bool
) -> None:
    text = format_report(result, "text", color=color, width=300)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)  # our own colours only
    assert "[@click=app.quit]x <b>bold</b> | pipe *em* `code` \\x1b[2J\\u202eevil" in plain
    assert "[red]number[/red]" in plain  # a strand name, in the strands table
    assert "Evil \\x1b]0;title\\x07 school" in plain
    assert "\u202e" not in text and "\x07" not in text
    leftover = re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert "\x1b" not in leftover
    if not color:
        assert "\x1b" not in text


def test_plain_text_wraps_long_lines_with_an_indent(result: AuditResult) -> None:
    text = format_report(result, "text", width=60)
    body = text.split("\nKeystone steps")[0]
    assert all(len(line) <= 60 for line in body.splitlines() if " " in line.strip())
    assert "\n      " in body  # continuation lines are indented under their finding


def test_json_report_has_the_documented_shape(result: AuditResult) -> None:
    data = json.loads(format_report(result, "json"))
    assert data["version"] == 1
    assert set(data) == {"version", "scheme", "metrics", "counts", "findings", "skipped"}
    assert data["scheme"]["steps"] == 4 and data["scheme"]["placed"] is True
    assert set(data["metrics"]) == {
        "totals",
        "steps",
        "strands",
        "keystones",
        "coverage",
        "condensed",
        "notes",
        "steps_shown",
    }
    involved = {n for f in data["findings"] for n in f["nodes"]}
    assert set(data["metrics"]["steps"]) == involved & {"a", "b", "c", "d"}
    for values in data["metrics"]["steps"].values():
        assert set(values) == {"blocking", "delay", "centrality", "complexity"}
    assert data["counts"] == {"error": 2, "warning": 1, "info": 0, "accepted": 1}
    for f in data["findings"]:
        assert set(f) == {
            "rule",
            "severity",
            "nodes",
            "message",
            "location",
            "accepted",
            "reason",
            "data",
        }
        assert set(f["location"]) == {"file", "line"}
    late = next(f for f in data["findings"] if f["rule"] == "late-prerequisite")
    assert late["nodes"] == ["a", "b"] and late["data"]["prerequisite"] == "b"
    assert late["data"]["gap"] == 0
    missing = next(f for f in data["findings"] if f["rule"] == "missing-prerequisite")
    assert missing["data"]["missing"] == "ghost"
    accepted = [f for f in data["findings"] if f["accepted"]]
    assert [(f["rule"], f["reason"]) for f in accepted] == [
        ("isolated-step", "Enrichment <i>day</i>")
    ]
    assert {"rule": "cycle", "why": "no cycles"} not in data["skipped"]
    assert [s["rule"] for s in data["skipped"]] == [
        "unknown-statement",
        "framework-sequence",
        "uncovered-statement",
    ]


def test_json_carries_scheme_text_exactly_with_control_characters_escaped(
    result: AuditResult,
) -> None:
    raw = format_report(result, "json")
    assert "\x1b" not in raw and "\\u001b" in raw
    data = json.loads(raw)
    assert any(EVIL in f["message"] for f in data["findings"])


def test_json_findings_are_in_teaching_order(result: AuditResult) -> None:
    data = json.loads(format_report(result, "json"))
    order = {n: i for i, n in enumerate(result.graph.order)}
    firsts = [order[f["nodes"][0]] for f in data["findings"]]
    assert firsts == sorted(firsts)


def test_markdown_report_escapes_scheme_text(result: AuditResult) -> None:
    md = format_report(result, "markdown")
    assert md.startswith("# Coherence audit: Evil \\\\x1b\\]0;title\\\\x07 school")
    assert "<b>" not in md and "<i>" not in md and "&lt;b&gt;bold&lt;/b&gt;" in md
    assert "\\[@click=app.quit\\]x" in md and "\\*em\\*" in md and "\\`code\\`" in md
    assert "\x1b" not in md and "\u202e" not in md
    assert "\\[red\\]number\\[/red\\]" in md
    # Every table row has exactly its columns: no cell was split by a '|' in a title.
    for table in re.findall(r"((?:^\|.*\|$\n?)+)", md, re.MULTILINE):
        rows = table.strip().splitlines()
        widths = {len(re.findall(r"(?<!\\)\|", r)) for r in rows}
        assert len(widths) == 1, rows
    assert "*accepted because:* Enrichment &lt;i&gt;day&lt;/i&gt;" in md


def test_md_escape_on_its_own() -> None:
    assert md_escape("a|b") == "a\\|b"
    assert md_escape("x\ny\tz") == "x y z"
    assert md_escape("[t](javascript:alert(1))") == "\\[t\\](javascript:alert(1))"
    assert md_escape("<script>") == "&lt;script&gt;"
    assert md_escape("AT&T") == "AT&amp;T"


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_output_file_holds_what_stdout_would(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    f = tmp_path / "scheme.yaml"
    f.write_text(SCHEME)
    out = tmp_path / f"report.{fmt}"
    assert main(["audit", str(f), "--format", fmt, "-o", str(out), "--fail-on", "never"]) == 0
    assert "wrote" in capsys.readouterr().err
    assert main(["audit", str(f), "--format", fmt, "--fail-on", "never"]) == 0
    assert out.read_text() == capsys.readouterr().out
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp left


def test_clean_scheme_says_so(tmp_path: Path) -> None:
    f = tmp_path / "clean.yaml"
    f.write_text(
        "name: Clean\nunits:\n  - id: u\n    title: U\n    year: 7\n    term: 1\n    steps:\n"
        "      - {id: a, title: A}\n      - {id: b, title: B, requires: [a]}\n"
    )
    result = run_audit(str(f))
    assert result.findings == []
    assert "No findings: every rule that ran is satisfied." in format_report(result, "text")
    md = format_report(result, "markdown")
    for count in ("errors", "warnings", "info", "accepted"):
        assert f"- **0** {count}" in md


def _chain(n: int) -> AuditResult:
    """Each step requires the three before it: path counts grow like 1.84**n."""
    from coherence.audit import audit
    from coherence.graph import build_graph
    from coherence.model import Scheme

    steps = [
        {
            "id": f"s{i}",
            "title": f"Step {i}",
            "requires": [f"s{k}" for k in range(max(0, i - 3), i)],
        }
        for i in range(n)
    ]
    unit = {"id": "u", "title": "U", "year": 7, "term": 1, "steps": steps}
    return audit(build_graph(Scheme.model_validate({"name": "Chain", "units": [unit]})))


def test_path_counts_beyond_4300_digits_never_crash_any_output() -> None:

    result = _chain(16_800)  # centrality of the middle step: about 4,400 digits
    centre = result.metrics.steps["s8400"].centrality
    assert centre > 10**4300  # exact inside
    data = json.loads(format_json(result))
    assert data["metrics"]["steps_shown"] == "with-findings" and not data["metrics"]["steps"]
    assert re.fullmatch(r"\d\.\d\de\d{4}", data["metrics"]["totals"]["centrality"])
    for fmt in ("text", "markdown"):
        assert "Chain" in format_report(result, fmt)
    assert "<html" in format_report(result, "html", maps=False)


def test_full_metrics_give_every_step_exactly() -> None:
    result = _chain(200)  # path counts of 50+ digits: beyond any double
    brief = json.loads(format_json(result))
    assert isinstance(brief["metrics"]["totals"]["centrality"], str)
    data = json.loads(format_json(result, "full"))
    assert data["metrics"]["steps_shown"] == "all" and len(data["metrics"]["steps"]) == 200
    assert data["metrics"]["steps"]["s100"]["centrality"] == result.metrics.steps["s100"].centrality
    assert data["metrics"]["totals"]["centrality"] == sum(
        m.centrality for m in result.metrics.steps.values()
    )


def test_reports_speak_plainly_and_keep_exact_names_in_json() -> None:
    from coherence.report.audit import PLAIN_MEASURES

    real = run_audit(None)
    m = real.metrics
    text = format_report(real, "text")
    table = text.split("Keystone steps")[1].splitlines()
    at = next(i for i, line in enumerate(table) if line.startswith("step "))
    header = table[at].split()
    assert header[:3] == ["step", "title", "taught"] and "unlocks" in header
    for word in ("blocking", "delay", "centrality"):
        assert word not in table[at]
    first = table[at + 2].split()  # the first keystone's row: its unlocks are its blocking factor
    assert first[0] == m.keystones[0]
    assert str(m.steps[m.keystones[0]].blocking) in first
    flat = " ".join(text.split())
    assert "(blocking factor)" in flat and "coherence glossary" in flat
    assert "connectedness" not in text and "build on an earlier step" in flat
    md = format_report(real, "markdown")
    unlocks, chain = (PLAIN_MEASURES[k][0].capitalize() for k in ("blocking", "delay"))
    assert f"| Step | Title | Taught | {unlocks} | {chain} | On chains |" in md
    assert "Half-terms taught in" in md
    data = json.loads(format_report(real, "json"))
    assert {"blocking", "delay", "centrality", "complexity"} <= set(json.dumps(data).split('"'))
