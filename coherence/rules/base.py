"""What a rule is, and what it finds."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coherence.graph import CurriculumGraph


class Severity(StrEnum):
    """How serious a finding is. Ordered: error > warning > info."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """3 for error, 2 for warning, 1 for info."""
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@dataclass(frozen=True)
class Finding:
    """One problem a rule found.

    Attributes
    ----------
    rule : str
        The rule id, e.g. ``late-prerequisite``.
    severity : Severity
    nodes : tuple of str
        The step (or other node) ids involved; the first is the one the finding is about.
    message : str
        Plain text (never markup), one or two sentences.
    file, line : str or None, int or None
        Where in the user's file to look.
    accepted : bool
        True when the department accepted it in its config (with ``reason``).
    reason : str or None
        Why it was accepted.
    data : mapping
        Rule-specific facts (e.g. ``{"gap": 3}``) for reports and renderings.
    inferred : bool
        True when the finding rests on a link drafted by ``coherence link`` that
        the department has not reviewed yet (set by the audit, not the rules).
    """

    rule: str
    severity: Severity
    nodes: tuple[str, ...]
    message: str
    file: str | None = None
    line: int | None = None
    accepted: bool = False
    reason: str | None = None
    data: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    inferred: bool = False


@dataclass(frozen=True)
class Skipped:
    """A rule that did not run, and why (e.g. no framework, no teaching positions)."""

    rule: str
    why: str


@dataclass(frozen=True)
class Rule:
    """A coherence rule.

    Attributes
    ----------
    id : str
        Stable id used in configs, acceptances and output.
    severity : Severity
        Default severity (configurable).
    family : str
        ``gaps``, ``cycles``, ``step-size`` or ``connections``.
    summary : str
        One line: why it matters for learners.
    check : callable
        ``check(graph, options) -> list[Finding]``: pure.
    needs : frozenset of str
        What the scheme must have: ``"positions"``, ``"framework"``.
    options : mapping
        Default thresholds, e.g. ``{"max_lessons": 3}``.
    partly : mapping
        What the rule leaves unchecked without something it can do without,
        e.g. ``{"positions": "reasons (b) and (c) ..."}``; the audit reports it.
    """

    id: str
    severity: Severity
    family: str
    summary: str
    check: Callable[[CurriculumGraph, Mapping[str, Any]], list[Finding]]
    needs: frozenset[str] = frozenset()
    options: Mapping[str, Any] = field(default_factory=dict)
    partly: Mapping[str, str] = field(default_factory=dict)

    @property
    def doc(self) -> str:
        """The rule's full documentation (its check function's docstring)."""
        import inspect

        return inspect.cleandoc(self.check.__doc__ or self.summary)
