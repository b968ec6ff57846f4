"""The registry of rules, in display order."""

from __future__ import annotations

from coherence.errors import InputError
from coherence.rules import connections, cycles, gaps, step_size
from coherence.rules.base import Rule, Severity

_RULES = [
    Rule(
        id="missing-prerequisite",
        severity=Severity.ERROR,
        family="gaps",
        summary="Pupils are assumed to know something the scheme never teaches.",
        check=gaps.missing_prerequisite,
        options={"max_suggestions": 3},
    ),
    Rule(
        id="late-prerequisite",
        severity=Severity.ERROR,
        family="gaps",
        summary="Pupils meet the step before the knowledge it builds on.",
        check=gaps.late_prerequisite,
        needs=frozenset({"positions"}),
    ),
    Rule(
        id="framework-sequence",
        severity=Severity.WARNING,
        family="gaps",
        summary="The framework's experts say this statement comes too soon.",
        check=gaps.framework_sequence,
        needs=frozenset({"positions", "framework"}),
    ),
    Rule(
        id="uncovered-statement",
        severity=Severity.WARNING,
        family="gaps",
        summary="Pupils are entitled to this statement and no step teaches it.",
        check=gaps.uncovered_statement,
        needs=frozenset({"framework"}),
    ),
    Rule(
        id="cycle",
        severity=Severity.ERROR,
        family="cycles",
        summary="Steps that need each other: none can be taught first.",
        check=cycles.cycle,
    ),
    Rule(
        id="oversized-step",
        severity=Severity.WARNING,
        family="step-size",
        summary="Too big a jump: small steps keep every pupil with the class.",
        check=step_size.oversized_step,
        options={"max_lessons": 3, "max_new_statements": 2, "max_fresh_prerequisites": 3},
        partly={
            "positions": "only lesson counts checked: new statements and fresh prerequisites "
            "need teaching positions (year and term per unit)"
        },
    ),
    Rule(
        id="stale-prerequisite",
        severity=Severity.INFO,
        family="connections",
        summary="Knowledge last met long ago has faded: plan retrieval.",
        check=connections.stale_prerequisite,
        needs=frozenset({"positions"}),
        options={"stale_after": 6},
    ),
    Rule(
        id="isolated-step",
        severity=Severity.INFO,
        family="connections",
        summary="A step linked to nothing cannot be checked and is easily forgotten.",
        check=connections.isolated_step,
    ),
]

#: Every rule by id, in display order.
REGISTRY: dict[str, Rule] = {r.id: r for r in _RULES}

#: Findings about the configuration itself (not a rule that can be run or switched off).
UNUSED_ACCEPTANCE = "unused-acceptance"


def get_rule(rule_id: str) -> Rule:
    """Look a rule up by id.

    Raises
    ------
    InputError
        For an unknown id, with the closest ids suggested.

    Examples
    --------
    >>> get_rule("cycle").severity
    <Severity.ERROR: 'error'>
    """
    if rule_id in REGISTRY:
        return REGISTRY[rule_id]
    from coherence.load.common import did_you_mean

    raise InputError(
        f"unknown rule '{rule_id}'{did_you_mean(rule_id, list(REGISTRY))}; "
        f"rules: {', '.join(REGISTRY)}"
    )
