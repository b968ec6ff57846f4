"""Small hand-made schemes and frameworks for the link-drafting tests."""

from __future__ import annotations

from typing import Any

from coherence.model import Framework, Scheme


def framework(*statements: tuple[str, str, str, list[str]], stage: str = "KS3") -> Framework:
    """A framework from (code, title, strand, requires) tuples."""
    return Framework.model_validate(
        {
            "id": "test-fw",
            "name": "Test framework",
            "statements": [
                {"code": c, "title": t, "strand": s, "stage": stage, "requires": r}
                for c, t, s, r in statements
            ],
        }
    )


def unit(uid: str, title: str, steps: list[Any], **kw: Any) -> dict[str, Any]:
    """A unit dict; steps are (id, title) pairs or step dicts."""
    out: dict[str, Any] = {"id": uid, "title": title, **kw}
    out["steps"] = [s if isinstance(s, dict) else {"id": s[0], "title": s[1]} for s in steps]
    return out


def scheme(*units: dict[str, Any], **kw: Any) -> Scheme:
    """A scheme from unit dicts (placed in Year 7 autumn 1 unless told)."""
    us = [{"year": 7, "term": 1, **u} for u in units]
    return Scheme.model_validate({"name": "Test", "units": us, **kw})
