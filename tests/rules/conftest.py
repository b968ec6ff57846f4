"""Small hand-made schemes for rule tests."""

from __future__ import annotations

import dataclasses
from typing import Any

from coherence.graph import CurriculumGraph, build_graph
from coherence.model import Framework, Scheme
from coherence.rules.base import Finding
from coherence.rules.registry import REGISTRY


def step(sid: str, *requires: str, **kw: Any) -> dict[str, Any]:
    """A step dict: ``step("b", "a", lessons=2)``."""
    return {"id": sid, "title": kw.pop("title", f"Step {sid}"), "requires": list(requires), **kw}


def unit(uid: str, year: int, term: str | int, *steps: dict[str, Any], **kw: Any) -> dict[str, Any]:
    """A unit dict placed at (year, term)."""
    return {
        "id": uid,
        "title": f"Unit {uid}",
        "year": year,
        "term": term,
        "steps": list(steps),
        **kw,
    }


def graph(
    *units: dict[str, Any],
    prior: list[dict[str, Any]] | None = None,
    framework: Framework | None = None,
) -> CurriculumGraph:
    """Build the graph of a scheme made of ``units``."""
    scheme = Scheme.model_validate({"name": "Test", "units": list(units), "prior": prior or []})
    return build_graph(scheme, framework)


def framework(*statements: tuple[str, str, list[str]]) -> Framework:
    """A framework from (code, stage, requires) triples."""
    return Framework.model_validate(
        {
            "id": "test-fw",
            "name": "Test framework",
            "statements": [
                {
                    "code": c,
                    "title": f"Statement {c}",
                    "strand": "algebra",
                    "stage": stage,
                    "requires": req,
                }
                for c, stage, req in statements
            ],
        }
    )


def check(rule_id: str, cg: CurriculumGraph, **options: Any) -> list[Finding]:
    """Run a registered rule on ``cg`` with its registry defaults, changed by ``options``."""
    rule = REGISTRY[rule_id]
    return rule.check(cg, dataclasses.replace(rule.Options(), **options))
