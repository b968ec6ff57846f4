"""The audit: skipping, severities, acceptances, sorting, exit codes, reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coherence.audit import audit, run_audit
from coherence.cli import main
from coherence.config import Acceptance, Config, parse_config
from coherence.report import format_report
from coherence.rules.base import Severity
from tests.rules.conftest import graph, step, unit

FLAWED = """\
name: Flawed
units:
  - id: u1
    title: Unit one
    year: 7
    term: autumn-1
    steps:
      - id: a
        title: "[@click=app.quit]x <b>bold</b> | pipe"
        requires: [b]
      - id: b
        title: B
  - id: u2
    title: Unit two
    year: 7
    term: autumn-2
    steps:
      - id: c
        title: C
        lessons: 5
        requires: [a]
"""


def write(tmp_path: Path, text: str = FLAWED, config: str | None = None) -> Path:
    f = tmp_path / "scheme.yaml"
    f.write_text(text)
    if config is not None:
        (tmp_path / "coherence.toml").write_text(config)
    return f


def test_rules_needing_positions_or_a_framework_are_skipped_with_reasons() -> None:
    cg = graph({"id": "u", "title": "U", "steps": [{"id": "a", "title": "A"}]})
    result = audit(cg)
    skipped = {s.rule: s.why for s in result.skipped}
    assert "teaching positions" in skipped["late-prerequisite"]
    assert "no framework" in skipped["uncovered-statement"]
    assert "isolated-step" not in skipped


def test_findings_are_sorted_by_teaching_position_and_deterministic() -> None:
    cg = graph(
        unit("u2", 8, 1, step("z", "ghost")),
        unit("u1", 7, 1, step("y", lessons=9), step("x", "y")),
    )
    first = audit(cg).findings
    assert [f.nodes[0] for f in first] == ["y", "z"]
    assert first == audit(cg).findings


def test_severity_override_disable_and_rule_filter() -> None:
    cg = graph(unit("u", 7, 1, step("a", lessons=5)))
    cfg = Config(severities={"oversized-step": Severity.ERROR}, disabled={"isolated-step"})
    result = audit(cg, cfg)
    assert [(f.rule, f.severity) for f in result.findings] == [("oversized-step", Severity.ERROR)]
    assert ("isolated-step", "switched off in the configuration") in [
        (s.rule, s.why) for s in result.skipped
    ]
    only = audit(cg, None, ["isolated-step"])
    assert [f.rule for f in only.findings] == ["isolated-step"]


def test_acceptances_are_counted_never_fail_and_stale_ones_are_reported() -> None:
    cg = graph(unit("u", 7, 1, step("a", lessons=5), step("b", "a")))
    cfg = Config(
        accept=[
            Acceptance("oversized-step", ("a",), "Practical lesson block", 7),
            Acceptance("late-prerequisite", ("zzz",), "old", 12),
        ],
        fail_on="warning",
    )
    result = audit(cg, cfg)
    accepted = [f for f in result.findings if f.accepted]
    assert len(accepted) == 1 and accepted[0].reason == "Practical lesson block"
    unused = [f for f in result.findings if f.rule == "unused-acceptance"]
    assert len(unused) == 1 and unused[0].line == 12
    assert result.counts()["accepted"] == 1
    # The only open finding is the unused acceptance (a warning).
    assert result.failing("warning") and not result.failing("error")


def test_config_file_parsing_and_errors(tmp_path: Path) -> None:
    cfg = parse_config(
        '[tool.coherence]\nfail-on = "info"\n[tool.coherence.thresholds]\nmax-lessons = 4\n'
        '[tool.coherence.rules.cycle]\nseverity = "warning"\n'
        '[[tool.coherence.accept]]\nrule = "cycle"\nsteps = ["a"]\nreason = "ok"\n',
        "c.toml",
    )
    assert cfg.fail_on == "info" and cfg.rule_options["oversized-step"]["max_lessons"] == 4
    assert cfg.severities["cycle"] is Severity.WARNING and cfg.accept[0].nodes == ("a",)
    from coherence.errors import InputError

    with pytest.raises(InputError, match=r"c.toml:2: unknown threshold 'max-lesson'.*max-lessons"):
        parse_config("[thresholds]\nmax-lesson = 4\n", "c.toml")
    with pytest.raises(InputError, match=r"c.toml:2: unknown rule 'cycles'.*'cycle'"):
        parse_config("[rules]\ncycles = {enabled = false}\n", "c.toml")
    with pytest.raises(InputError, match=r"c.toml:4: \[\[accept\]\] needs a reason"):
        parse_config(
            'fail-on = "error"\n\n# accepted\n[[accept]]\nrule = "cycle"\nsteps = ["a"]\n', "c.toml"
        )
    with pytest.raises(InputError, match=r"c.toml:1: invalid TOML"):
        parse_config("fail-on = \n", "c.toml")


def test_cli_exit_codes_and_fail_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = write(tmp_path)
    assert main(["audit", str(f)]) == 1  # a late prerequisite is an error
    assert main(["audit", str(f), "--fail-on", "never"]) == 0
    assert main(["audit", str(f), "--rule", "oversized-step"]) == 0  # a warning only
    assert main(["audit", str(f), "--rule", "oversized-step", "--fail-on", "warning"]) == 1
    assert main(["audit", str(f), "--rule", "nope"]) == 2
    assert "unknown rule 'nope'" in capsys.readouterr().err


def test_config_beside_the_scheme_accepts_and_sets_fail_on(tmp_path: Path) -> None:
    f = write(
        tmp_path,
        config='fail-on = "warning"\n[[accept]]\nrule = "late-prerequisite"\nsteps = ["a"]\n'
        'reason = "Taught together in practice"\n[[accept]]\nrule = "oversized-step"\n'
        'steps = ["c"]\nreason = "Assessment week"\n',
    )
    assert main(["audit", str(f)]) == 0


def test_json_report_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = write(tmp_path)
    main(["audit", str(f), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"scheme", "metrics", "findings", "skipped"}
    assert set(data["metrics"]["steps"]["a"]) >= {"blocking", "delay", "centrality", "complexity"}
    finding = data["findings"][0]
    assert set(finding) >= {"rule", "severity", "nodes", "message", "location", "accepted"}
    assert finding["location"] == {"file": str(f), "line": 8}  # the step that requires it
    assert {
        "rule": "uncovered-statement",
        "why": "no framework: give --framework or 'framework:'",
    } in data["skipped"]


def test_untrusted_titles_show_literally_in_text_and_markdown(tmp_path: Path) -> None:
    result = run_audit(str(write(tmp_path)))
    text = format_report(result, "text")
    assert "[@click=app.quit]x <b>bold</b> | pipe" in text
    md = format_report(result, "markdown")
    assert "<b>" not in md and "&lt;b&gt;bold&lt;/b&gt;" in md
    assert "\\[@click=app.quit\\]x" in md and "\\| pipe" in md


def test_bundled_example_has_exactly_its_deliberate_flaws() -> None:
    result = run_audit(None)
    got = sorted((f.rule, f.nodes[0]) for f in result.findings)
    assert got == sorted(
        [
            ("missing-prerequisite", "y9-rp-1"),
            ("late-prerequisite", "y9-py-2"),
            ("framework-sequence", "y7-seq-4"),
            ("uncovered-statement", "KS3-P-03"),
            ("uncovered-statement", "KS3-S-03"),
            ("oversized-step", "y9-con-1"),
            ("stale-prerequisite", "y9-3d-1"),
            ("isolated-step", "y7-ns-2"),
        ]
    )


def test_rules_command_lists_and_documents(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    for rule in ("missing-prerequisite", "late-prerequisite", "cycle", "isolated-step"):
        assert rule in out
    assert main(["rules", "late-prerequisite"]) == 0
    doc = capsys.readouterr().out
    for heading in ("What it does", "Why it matters for learners", "Example", "Use instead"):
        assert f"## {heading}\n" in doc
    assert "```yaml\n" in doc
    # Every option a rule documents is one the config accepts (max_suggestions was refused).
    assert main(["rules", "missing-prerequisite"]) == 0
    assert "max-suggestions = 3" in capsys.readouterr().out
    assert main(["rules", "--format", "json"]) == 0
    rules = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rules][:2] == ["missing-prerequisite", "late-prerequisite"]
    stale = next(r for r in rules if r["id"] == "stale-prerequisite")
    assert stale["options"][0]["name"] == "stale-after" and stale["options"][0]["default"] == 6


def test_a_scheme_not_yet_linked_to_its_framework_is_told_once(tmp_path: Path) -> None:
    scheme = tmp_path / "s.yaml"
    scheme.write_text(
        "name: Unlinked\nframework: england-ks3\nunits:\n  - id: u\n    title: U\n    year: 7\n"
        "    term: 1\n    steps:\n      - id: a\n        title: Sequences\n"
        "      - id: b\n        title: Nth term\n        requires: [a]\n"
    )
    result = run_audit(str(scheme))
    assert result.metrics.totals["coverage"] is None
    assert not [f for f in result.findings if f.rule == "uncovered-statement"]
    assert any("No step is linked to the framework yet" in n for n in result.metrics.notes)
    text = format_report(result, "text")
    assert "not linked yet" in text and "coverage 0.0%" not in text
