"""The scheme model: term parsing, validation, JSON Schema."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from coherence.model import Scheme, parse_term, scheme_json_schema


@pytest.mark.parametrize(
    ("label", "half_term"),
    [
        ("autumn-1", 1),
        ("Autumn 2", 2),
        ("spring-1", 3),
        ("Spring 2", 4),
        ("summer-1", 5),
        ("SUMMER-2", 6),
        ("spring", 3),
        ("summer", 5),
        ("Aut2", 2),
        ("HT4", 4),
        ("half term 6", 6),
        (3, 3),
        (6.0, 6),
        ("5.0", 5),
    ],
)
def test_parse_term_accepts_what_departments_write(label: object, half_term: int) -> None:
    assert parse_term(label) == half_term


@pytest.mark.parametrize("label", ["winter", 0, 7, "autumn-3", "", True, "term"])
def test_parse_term_rejects_non_half_terms(label: object) -> None:
    with pytest.raises(ValueError):
        parse_term(label)


def _scheme(**unit: object) -> dict[str, object]:
    base = {"id": "u", "title": "U", "year": 7, "term": 1, "steps": [{"id": "a", "title": "A"}]}
    base.update(unit)
    return {"name": "S", "units": [base]}


def test_year_accepts_excel_floats_and_year_prefix() -> None:
    assert Scheme.model_validate(_scheme(year=8.0)).units[0].year == 8
    assert Scheme.model_validate(_scheme(year="Year 9")).units[0].year == 9


def test_unknown_keys_and_bad_ids_are_rejected() -> None:
    with pytest.raises(ValidationError):
        Scheme.model_validate(_scheme(colour="red"))
    with pytest.raises(ValidationError):
        Scheme.model_validate(_scheme(steps=[{"id": "has space", "title": "A"}]))
    with pytest.raises(ValidationError):
        Scheme.model_validate(_scheme(steps=[]))


def test_json_schema_describes_the_file_format_not_internals() -> None:
    schema = scheme_json_schema()
    text = json.dumps(schema)
    step = schema["$defs"]["Step"]["properties"]
    assert {"id", "title", "lessons", "requires", "covers"} <= set(step)
    assert "line" not in step
    assert "additionalProperties" in text


def test_shipped_schema_file_matches_the_models() -> None:
    """curricula/scheme.schema.json (referenced by the bundled schemes) is up to date."""
    from pathlib import Path

    shipped = Path(__file__).resolve().parents[1] / "curricula" / "scheme.schema.json"
    assert json.loads(shipped.read_text()) == scheme_json_schema(), (
        "regenerate with: coherence schema > curricula/scheme.schema.json"
    )
