"""The registry of rules, in display order."""

from __future__ import annotations

from coherence.errors import InputError
from coherence.rules.base import Rule
from coherence.rules.connections import IsolatedStep, StalePrerequisite
from coherence.rules.cycles import Cycle
from coherence.rules.gaps import (
    FrameworkSequence,
    LatePrerequisite,
    MissingPrerequisite,
    UncoveredStatement,
    UnknownStatement,
)
from coherence.rules.step_size import OversizedStep

_RULES: list[Rule] = [
    MissingPrerequisite(),
    LatePrerequisite(),
    UnknownStatement(),
    FrameworkSequence(),
    UncoveredStatement(),
    Cycle(),
    OversizedStep(),
    StalePrerequisite(),
    IsolatedStep(),
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
    from coherence.util import did_you_mean

    raise InputError(
        f"unknown rule '{rule_id}'{did_you_mean(rule_id, list(REGISTRY))}; "
        f"rules: {', '.join(REGISTRY)}"
    )
