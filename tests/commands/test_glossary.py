"""``coherence glossary``: every plain word of the reports, with its exact technical name."""

from __future__ import annotations

import re

import pytest

from coherence.cli import main
from coherence.commands.glossary import TERMS, find
from coherence.comparison import MIN_SHARED_FOR_ORDER
from coherence.report.audit import PLAIN_MEASURES


def test_glossary_names_every_technical_term(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["glossary"]) == 0
    out = capsys.readouterr().out
    for exact in (
        "blocking factor",
        "delay factor",
        "centrality",
        "structural complexity",
        "Curricular Analytics",
        "Kendall's tau-b",
        "Jaccard",
    ):
        assert exact in out, exact
    assert max(len(line) for line in out.splitlines()) <= 100


def test_every_plain_word_the_reports_use_is_explained() -> None:
    for plain, _meaning, exact in PLAIN_MEASURES.values():
        term = find(plain)
        assert term is not None and term.plain == plain and exact in term.exact
    for plain in ("order agreement", "shared coverage", "longest gap", "keystone step"):
        term = find(plain)
        assert term is not None and term.plain == plain


def test_the_minimum_it_states_is_the_one_compare_uses() -> None:
    term = find("order agreement")
    assert term is not None
    assert re.findall(r"fewer than (\d+)", term.meaning) == [str(MIN_SHARED_FOR_ORDER)]


def test_one_term_by_technical_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["glossary", "Jaccard"]) == 0
    assert capsys.readouterr().out.startswith("shared coverage  [Jaccard")
    assert len(TERMS) == len({t.plain for t in TERMS})


def test_unknown_term_is_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["glossary", "unlok"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "did you mean 'unlocks'?" in err[0]
