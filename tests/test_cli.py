"""The command line: check, schema, version, help, exit codes."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from coherence import __version__
from coherence.cli import main

SCHEME = """\
name: Tiny
prior:
  - id: ks2
    title: KS2 fractions
units:
  - id: u1
    title: Fractions
    year: 7
    term: autumn-1
    requires: [ks2]
    steps:
      - id: a
        title: Compare fractions
      - id: b
        title: Add fractions
        requires: [a]
"""


def test_check_prints_one_line_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "s.yaml"
    f.write_text(SCHEME)
    assert main(["check", str(f)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    assert "1 units, 2 steps, 2 edges, 1 prior items" in out[0]


def test_check_bad_input_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "s.yaml"
    f.write_text(SCHEME.replace("term: autumn-1", "term: winter"))
    assert main(["check", str(f)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert f"{f}:9:" in err[0] and "winter" in err[0]


def test_schema_is_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "Scheme"
    assert "units" in schema["required"]


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["--version"])
    assert e.value.code == 0
    assert __version__ in capsys.readouterr().out
    with pytest.raises(SystemExit) as e:
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("check", "schema"):
        assert command in out


def test_a_named_command_builds_only_its_own_parser() -> None:
    from coherence.cli import build_parser

    def commands(parser: argparse.ArgumentParser) -> set[str]:
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        return set(sub.choices)

    assert commands(build_parser("audit")) == {"audit"}
    everything = commands(build_parser())
    assert {"audit", "check", "explore", "tui"} <= everything
    for word in ("tui", "audt", "_common", "--help", "no-such-command"):
        assert commands(build_parser(word)) == everything


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["no-such-command"])
    assert e.value.code == 2


def test_mistyped_command_gets_did_you_mean(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["audt"])
    assert e.value.code == 2
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert "'audt'" in last and "did you mean 'audit'?" in last


def test_mistyped_option_value_gets_did_you_mean(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["audit", "--format", "mardown"])
    assert e.value.code == 2
    assert "did you mean 'markdown'?" in capsys.readouterr().err


def test_nothing_close_keeps_the_list_of_choices(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["audit", "--format", "xyz"])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert "did you mean" not in err and "markdown" in err


def test_audit_html_points_at_report_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["audit", "--format", "html"])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "coherence report" in err
