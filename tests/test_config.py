"""coherence.toml: thresholds, fail-on, rule settings, acceptances, and one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from coherence.cli import main
from coherence.config import Config, load_config, parse_config
from coherence.errors import InputError
from coherence.rules.base import Severity
from coherence.rules.registry import REGISTRY

SCHEME = """\
name: Config test
units:
  - id: u
    title: U
    year: 7
    term: autumn-1
    steps:
      - id: a
        title: A
        lessons: 5
      - id: b
        title: B
        requires: [a]
"""


def test_defaults_without_a_file(tmp_path: Path) -> None:
    cfg = load_config(None, str(tmp_path / "scheme.yaml"))
    assert cfg.rule_options == {}
    assert cfg.options_for(REGISTRY["oversized-step"]).max_lessons == 3
    assert cfg.fail_on == "error" and cfg.source is None
    assert not cfg.accept and not cfg.disabled and not cfg.severities


def test_top_level_and_tool_tables_mean_the_same() -> None:
    top = parse_config(
        'fail-on = "warning"\nstale-after = 4\n[thresholds]\nmax-lessons = 2\n'
        '[rules.isolated-step]\nenabled = false\n[rules.cycle]\nseverity = "warning"\n',
        "c.toml",
    )
    tool = parse_config(
        '[tool.black]\nline-length = 88\n[tool.coherence]\nfail-on = "warning"\nstale-after = 4\n'
        "[tool.coherence.thresholds]\nmax-lessons = 2\n"
        "[tool.coherence.rules.isolated-step]\nenabled = false\n"
        '[tool.coherence.rules.cycle]\nseverity = "warning"\n',
        "c.toml",
    )
    for cfg in (top, tool):
        assert cfg.fail_on == "warning"
        assert cfg.options_for(REGISTRY["stale-prerequisite"]).stale_after == 4
        oversized = cfg.options_for(REGISTRY["oversized-step"])
        assert oversized.max_lessons == 2
        assert oversized.max_new_statements == 2  # untouched defaults stay
        # The flat spelling still works, with a warning naming where it belongs now.
        assert len(cfg.warnings) == 2 and "[rules.oversized-step]" in cfg.warnings[1]
        assert cfg.disabled == {"isolated-step"}
        assert cfg.severities == {"cycle": Severity.WARNING}


def test_a_pyproject_without_our_table_is_all_defaults() -> None:
    cfg = parse_config("[tool.black]\nline-length = 88\n", "p.toml")
    assert cfg.rule_options == {} and not cfg.warnings


def test_rule_tables_take_that_rules_options() -> None:
    cfg = parse_config(
        "[rules.missing-prerequisite]\nmax-suggestions = 0\n"
        '[rules.stale-prerequisite]\nseverity = "warning"\nstale_after = 9\n',
        "c.toml",
    )
    assert cfg.options_for(REGISTRY["missing-prerequisite"]).max_suggestions == 0
    assert cfg.options_for(REGISTRY["stale-prerequisite"]).stale_after == 9
    assert cfg.severities == {"stale-prerequisite": Severity.WARNING} and not cfg.warnings
    # What `coherence rules ID` documents is what the config accepts, for every rule.
    for rule in REGISTRY.values():
        for o in rule.option_infos():
            text = f"[rules.{rule.id}]\n{o.name} = {o.default + 1}\n"
            assert getattr(parse_config(text, "c").options_for(rule), o.field) == o.default + 1
    assert Config().options_for(REGISTRY["cycle"]) == REGISTRY["cycle"].Options()


def test_acceptance_lines_point_at_each_table() -> None:
    text = (
        "# department decisions\n\n"
        '[[accept]]\nrule = "oversized-step"\nsteps = ["a"]\nreason = "Practical block"\n\n\n'
        '[[accept]]\nrule = "late-prerequisite"\nsteps = "b"\nreason = " Taught together "\n'
    )
    cfg = parse_config(text, "c.toml")
    assert [(a.rule, a.nodes, a.reason, a.line) for a in cfg.accept] == [
        ("oversized-step", ("a",), "Practical block", 3),
        ("late-prerequisite", ("b",), "Taught together", 9),
    ]
    tool = parse_config(
        '[tool.coherence]\n\n[[tool.coherence.accept]]\nrule = "cycle"\nsteps = ["x"]\n'
        'reason = "r"\n',
        "p.toml",
    )
    assert tool.accept[0].line == 3


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("fail-on = \n", r"c\.toml:1: invalid TOML"),
        ('fail-on = "sometimes"\n', r"c\.toml:1: fail-on must be one of error, warning, info"),
        ("colour = true\n", r"c\.toml:1: unknown key 'colour'"),
        ("[thresholds]\nmax-lesson = 4\n", r"c\.toml:2: unknown threshold 'max-lesson'"),
        ("[thresholds]\nmax-lessons = -1\n", r"c\.toml:2: threshold 'max-lessons' must be a whole"),
        ("[thresholds]\nmax-lessons = true\n", r"c\.toml:2: threshold 'max-lessons' must be"),
        ("[thresholds]\nstale-after = 2.5\n", r"c\.toml:2: threshold 'stale-after' must be"),
        (
            "# cycles\n[rules.cycles]\nenabled = false\n",
            r"c\.toml:2: unknown rule 'cycles'.*'cycle'",
        ),
        (
            '[rules.cycle]\nenabled = false\n[rules.isolated-step]\nenabled = "no"\n',
            r"c\.toml:4: rules\.isolated-step\.enabled must be true or false",
        ),
        (
            '[rules.isolated-step]\nseverity = "info"\n\n[rules.cycle]\nseverity = "fatal"\n',
            r"c\.toml:5: rules\.cycle\.severity must be error, warning or info",
        ),
        ("[rules.cycle]\ncolour = 1\n", r"c\.toml:2: unknown setting 'colour' for rule cycle"),
        (
            "[rules.oversized-step]\nmax-lesson = 1\n",
            r"c\.toml:2: unknown setting 'max-lesson' for rule oversized-step "
            r"\(did you mean 'max-lessons'\?\)",
        ),
        (
            '[rules.oversized-step]\nmax-lessons = "4"\n',
            r"c\.toml:2: rules\.oversized-step\.max-lessons must be a whole number >= 0, not text",
        ),
        ("[rules.cycle]\nseverity = [1]\n", r"c\.toml:2: rules\.cycle\.severity must be"),
        ("rules = 3\n", r"c\.toml:1: \[rules\] must be a table"),
        ("[rules]\ncycle = 3\n", r"c\.toml:2: \[rules\.cycle\] must be a table"),
        (
            '[[accept]]\nrule = {a = 1}\nsteps = ["a"]\nreason = "r"\n',
            r"c\.toml:1: \[\[accept\]\] rule must be a rule id \(text\), not a table",
        ),
        (
            '[[accept]]\nrule = ["cycle"]\nsteps = ["a"]\nreason = "r"\n',
            r"c\.toml:1: \[\[accept\]\] rule must be a rule id \(text\), not a list",
        ),
        (
            '[[accept]]\nrule = "cycle"\nsteps = [1, 2]\nreason = "r"\n',
            r"c\.toml:1: \[\[accept\]\] steps must be ids",
        ),
        (
            '[[accept]]\nrule = "cycle"\nsteps = {a = 1}\nreason = "r"\n',
            r"c\.toml:1: \[\[accept\]\] needs steps",
        ),
        (
            '[[accept]]\nrule = "cycle"\nsteps = ["a"]\nreason = 5\n',
            r"c\.toml:1: \[\[accept\]\] needs a reason",
        ),
        ("accept = 3\n", r"c\.toml:1: accept must be an array of tables"),
        ("accept = [3]\n", r"c\.toml:1: each \[\[accept\]\] must be a table"),
        ("fail-on = 3\n", r"c\.toml:1: fail-on must be one of"),
        ("[tool]\ncoherence = 3\n", r"c\.toml: tool\.coherence must be a table"),
        (
            '\n[[accept]]\nrule = "cycle"\nsteps = ["a"]\n',
            r"c\.toml:2: \[\[accept\]\] needs a reason",
        ),
        (
            '[[accept]]\nrule = "cycles"\nsteps = ["a"]\nreason = "r"\n',
            r"c\.toml:1: \[\[accept\]\] names unknown rule 'cycles'.*'cycle'",
        ),
        (
            '[[accept]]\nrule = "cycle"\nreason = "r"\n',
            r"c\.toml:1: \[\[accept\]\] needs steps",
        ),
        (
            '[[accept]]\nrule = "cycle"\nsteps = ["a"]\nreason = "r"\nwhy = "x"\n',
            r"c\.toml:1: unknown key 'why' in \[\[accept\]\]",
        ),
        (
            'fail-on = "error"\naccept = [{rule = "cycle", steps = ["a"]}]\n',
            r"c\.toml:2: \[\[accept\]\] needs a reason",
        ),
    ],
)
def test_bad_config_is_one_line_with_file_and_line(text: str, error: str) -> None:
    with pytest.raises(InputError, match=error) as info:
        parse_config(text, "c.toml")
    assert "\n" not in str(info.value)


def test_explicit_config_wins_over_the_one_beside_the_scheme(tmp_path: Path) -> None:
    scheme = tmp_path / "scheme.yaml"
    scheme.write_text(SCHEME)
    (tmp_path / "coherence.toml").write_text('fail-on = "never"\n')
    other = tmp_path / "strict.toml"
    other.write_text('fail-on = "info"\n')
    assert load_config(None, str(scheme)).fail_on == "never"
    assert load_config(str(other), str(scheme)).fail_on == "info"
    assert load_config(str(other), str(scheme)).source == str(other)


def test_missing_or_unreadable_config_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scheme = tmp_path / "scheme.yaml"
    scheme.write_text(SCHEME)
    with pytest.raises(InputError, match="no such config file"):
        load_config(str(tmp_path / "nope.toml"), str(scheme))
    latin = tmp_path / "latin.toml"
    latin.write_bytes('[[accept]]\nreason = "caf\xe9"\n'.encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        load_config(str(latin), None)
    assert main(["audit", str(scheme), "--config", str(tmp_path / "nope.toml")]) == 2
    err = capsys.readouterr().err
    assert "nope.toml" in err and "Traceback" not in err and err.count("\n") == 1


def test_config_beside_the_scheme_drives_the_cli(tmp_path: Path) -> None:
    scheme = tmp_path / "scheme.yaml"
    scheme.write_text(SCHEME)
    # The only finding is the 5-lesson step (a warning): passes by default.
    assert main(["audit", str(scheme)]) == 0
    (tmp_path / "coherence.toml").write_text('fail-on = "warning"\n')
    assert main(["audit", str(scheme)]) == 1
    assert main(["audit", str(scheme), "--fail-on", "error"]) == 0  # the flag wins
    (tmp_path / "coherence.toml").write_text('fail-on = "warning"\n[thresholds]\nmax-lessons = 5\n')
    assert main(["audit", str(scheme)]) == 0
    (tmp_path / "coherence.toml").write_text('[rules.oversized-step]\nseverity = "error"\n')
    assert main(["audit", str(scheme)]) == 1
    (tmp_path / "coherence.toml").write_text(
        '[rules.oversized-step]\nseverity = "error"\nenabled = false\n'
    )
    assert main(["audit", str(scheme)]) == 0
