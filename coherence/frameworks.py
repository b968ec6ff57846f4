"""Which framework statements a scheme answers for: its years and its GCSE tier.

A Year 7-9 scheme checked against the Years 1-11 framework ``england`` is
not told that GCSE statements are uncovered: only the statements of its own
years count for coverage. Statements of earlier years that it covers are
revisits (and prior knowledge), never gaps.
"""

from __future__ import annotations

from collections.abc import Iterable

from coherence.model import Framework, Statement

#: School years of each key stage.
KEY_STAGES: tuple[tuple[int, int, str], ...] = (
    (1, 2, "KS1"),
    (3, 6, "KS2"),
    (7, 9, "KS3"),
    (10, 11, "KS4"),
    (12, 13, "KS5"),
)


def key_stage(year: int) -> str | None:
    """The key stage of a school year.

    Examples
    --------
    >>> key_stage(2), key_stage(7), key_stage(11), key_stage(0)
    ('KS1', 'KS3', 'KS4', None)
    """
    return next((ks for lo, hi, ks in KEY_STAGES if lo <= year <= hi), None)


def statements_in_scope(
    framework: Framework, years: Iterable[int | None], tier: str | None = None
) -> list[Statement]:
    """The statements a scheme teaching ``years`` (and ``tier``) must cover.

    A statement with a year group is in scope when the scheme teaches that
    year; one without (a key-stage statement such as KS3's) when the scheme
    teaches a year of its key stage (``KS4`` of ``KS4-H``). A foundation-tier
    scheme leaves higher-only statements out. A scheme with no years (not
    placed in a calendar) answers for every statement.

    Parameters
    ----------
    framework : Framework
        The framework, includes already merged.
    years : iterable of int or None
        The years of the scheme's units (None for a unit with no year).
    tier : {"foundation", "higher"}, optional
        The scheme's GCSE tier.

    Returns
    -------
    list of Statement
        In framework order.

    Examples
    --------
    >>> from coherence.model import Framework
    >>> fw = Framework.model_validate({"name": "F", "statements": [
    ...     {"code": "a", "title": "A", "strand": "n", "stage": "KS2", "year": 5},
    ...     {"code": "b", "title": "B", "strand": "n", "stage": "KS3"},
    ...     {"code": "c", "title": "C", "strand": "n", "stage": "KS4", "tier": "higher-only"},
    ...     {"code": "d", "title": "D", "strand": "n", "stage": "KS4",
    ...      "tier": "basic-foundation"}]})
    >>> [s.code for s in statements_in_scope(fw, [7, 8, 9])]
    ['b']
    >>> [s.code for s in statements_in_scope(fw, [10, 11], "foundation")]
    ['d']
    >>> [s.code for s in statements_in_scope(fw, [5, 10])]
    ['a', 'c', 'd']
    >>> len(statements_in_scope(fw, [None]))
    4
    """
    taught = {y for y in years if y is not None}
    if not taught:
        return list(framework.statements)
    stages = {ks for y in taught if (ks := key_stage(y))}
    out = []
    for s in framework.statements:
        if s.year is not None:
            if s.year not in taught:
                continue
        elif s.stage.split("-")[0] not in stages:
            continue
        if tier == "foundation" and s.tier == "higher-only":
            continue
        out.append(s)
    return out
