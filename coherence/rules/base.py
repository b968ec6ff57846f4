"""What a rule is, and what it finds.

A rule is one object (as in ruff or sqlfluff): its id, family, default
severity, a typed options dataclass holding the only copy of its defaults,
its documentation as fields, a ``check`` whose findings take id and severity
from the rule, and a hook telling the map how to mark its findings.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Literal

if TYPE_CHECKING:
    import networkx as nx

    from coherence.graph import CurriculumGraph


class Severity(StrEnum):
    """How serious a finding is. Ordered: error > warning > info."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """3 for error, 2 for warning, 1 for info.

        Examples
        --------
        >>> Severity.WARNING.rank
        2
        """
        return SEVERITY_RANK[self.value]


#: Rank of each severity, and of the ``--fail-on`` values (``never`` fails on nothing).
SEVERITY_RANK: dict[str, int] = {"error": 3, "warning": 2, "info": 1, "never": 99}


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
class RuleDoc:
    """A rule's documentation, in ruff's shape.

    Attributes
    ----------
    what : str
        What it does.
    why : str
        Why it matters for learners.
    example : str
        A scheme excerpt (YAML) the rule flags.
    use_instead : str
        What to write instead: prose, or prose then YAML after a line ending in ``:``.
    references : tuple of str
        Where the idea comes from.
    """

    what: str
    why: str
    example: str
    use_instead: str
    references: tuple[str, ...] = ()


#: How the map marks a finding: an edge ``(u, v)`` or a node, in one of the map's styles.
MapMark = tuple[Literal["edge"], tuple[str, str], str] | tuple[Literal["node"], str, str]


@dataclass(frozen=True)
class NoOptions:
    """Options of a rule that has none."""


@dataclass(frozen=True)
class OptionInfo:
    """One option as the configuration spells it."""

    name: str  #: as written in ``coherence.toml`` (dashes)
    field: str  #: the dataclass field (underscores)
    default: Any
    help: str


def option(default: int, help: str) -> Any:
    """A rule option: a default (the only copy of it) and one line of help."""
    return field(default=default, metadata={"help": help})


class Rule:
    """A coherence rule. Subclasses set the class attributes and ``check``.

    Attributes
    ----------
    id : str
        Stable id used in configs, acceptances and output.
    family : str
        ``gaps``, ``cycles``, ``step-size`` or ``connections``.
    severity : Severity
        Default severity (configurable).
    summary : str
        One line: why it matters for learners.
    doc : RuleDoc
        The full documentation.
    Options : type
        A frozen dataclass of the rule's options with their defaults.
    needs : frozenset of str
        What the scheme must have: ``"positions"``, ``"framework"``, ``"covers"``
        (at least one framework link).
    partly : mapping
        What the rule leaves unchecked without something it can do without,
        e.g. ``{"positions": "..."}``; the audit reports it.
    """

    id: ClassVar[str]
    family: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[str]
    doc: ClassVar[RuleDoc]
    Options: ClassVar[type[Any]] = NoOptions
    needs: ClassVar[frozenset[str]] = frozenset()
    partly: ClassVar[Mapping[str, str]] = {}

    def check(self, cg: CurriculumGraph, options: Any) -> list[Finding]:
        """Findings in ``cg`` with ``options`` (an instance of :attr:`Options`). Pure."""
        raise NotImplementedError

    def run(self, cg: CurriculumGraph, options: Any = None) -> list[Finding]:
        """:meth:`check` with the default options unless given."""
        return self.check(cg, self.Options() if options is None else options)

    def finding(
        self,
        nodes: tuple[str, ...],
        message: str,
        *,
        file: str | None,
        line: int | None,
        data: Mapping[str, Any] | None = None,
    ) -> Finding:
        """A finding of this rule, at its default severity."""
        return Finding(self.id, self.severity, nodes, message, file, line, data=data or {})

    def map_marks(self, finding: Finding, g: nx.DiGraph) -> Iterable[MapMark]:
        """How the map marks ``finding``: nothing by default."""
        return ()

    @classmethod
    def option_infos(cls) -> list[OptionInfo]:
        """The options as the configuration spells them, with defaults and help.

        Examples
        --------
        >>> from coherence.rules.registry import REGISTRY
        >>> [o.name for o in REGISTRY["stale-prerequisite"].option_infos()]
        ['stale-after']
        """
        return [
            OptionInfo(f.name.replace("_", "-"), f.name, f.default, f.metadata.get("help", ""))
            for f in dataclasses.fields(cls.Options)
        ]

    def markdown(self) -> str:
        """The documentation as Markdown-style sections with fenced examples.

        Examples
        --------
        >>> from coherence.rules.registry import REGISTRY
        >>> print(REGISTRY["cycle"].markdown().splitlines()[0])
        # cycle (error, cycles)
        """
        d = self.doc
        needs = f"; needs {', '.join(sorted(self.needs))}" if self.needs else ""
        out = [f"# {self.id} ({self.severity.value}, {self.family}{needs})", "", self.summary]
        out += ["", "## What it does", "", d.what, "", "## Why it matters for learners", ""]
        out += [d.why, "", "## Example", "", "```yaml", d.example, "```", "", "## Use instead", ""]
        prose, sep, code = d.use_instead.partition(":\n")
        out += [prose + ":", "", "```yaml", code, "```", ""] if sep else [d.use_instead, ""]
        options = self.option_infos()
        if options:
            out += ["## Options", "", f"In coherence.toml, under [rules.{self.id}]:", ""]
            out += ["```toml", *(f"{o.name} = {o.default}    # {o.help}" for o in options)]
            out += ["```", ""]
        if d.references:
            out += ["## References", "", *(f"- {r}" for r in d.references), ""]
        return "\n".join(out)

    def __repr__(self) -> str:
        return f"<Rule {self.id}>"
