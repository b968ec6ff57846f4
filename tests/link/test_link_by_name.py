"""`coherence link` takes a bundled scheme's name, as every other command does."""

from __future__ import annotations

import json

import pytest

from coherence.cli import main


def test_link_a_bundled_scheme_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["link", "oak-ks3", "--format", "json", "--only", "covers"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scheme"] == "Oak National Academy maths, Key Stage 3"
    assert data["proposals"] and {p["kind"] for p in data["proposals"]} == {"covers"}
