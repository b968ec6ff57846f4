"""Pydantic models of a scheme of learning and of a framework.

These models are the contract of the native YAML format: ``coherence schema``
prints their JSON Schema. Every loader (YAML, CSV, XLSX, Curricular Analytics)
returns the same :class:`Scheme`, with the source file and line of each item
kept in private attributes so findings can point back at the user's file.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator
from pydantic.json_schema import SkipJsonSchema

Id = Annotated[
    str,
    Field(
        min_length=1,
        max_length=200,
        pattern=r"^[^\s,;]+$",
        description="An identifier: no spaces, commas or semicolons.",
    ),
]

System = Literal["half-terms", "semester", "quarter"]

#: Periods per school year for each calendar system.
PERIODS_PER_YEAR: dict[str, int] = {"half-terms": 6, "semester": 2, "quarter": 3}

_TERM_NAMES = {
    "autumn-1": 1,
    "autumn-2": 2,
    "spring-1": 3,
    "spring-2": 4,
    "summer-1": 5,
    "summer-2": 6,
    # Three-term schools: a term starts at its first half-term.
    "autumn": 1,
    "spring": 3,
    "summer": 5,
}
_TERM_RE = re.compile(
    r"^(autumn|spring|summer)[\s_-]*([12])?$|^(?:ht|half[\s_-]*term)?[\s_-]*([1-6])$"
)
_ABBREV = {"aut": "autumn", "spr": "spring", "sum": "summer"}


def parse_term(value: object) -> int:
    """Return the half-term number (1-6) that a term label names.

    Parameters
    ----------
    value : str or int
        ``autumn-1`` .. ``summer-2``, ``1`` .. ``6``, ``autumn``/``spring``/``summer``
        (three-term schools; a term counts from its first half-term), or
        common spellings such as ``Autumn 1``, ``Aut2``, ``HT3``, ``6.0``.

    Returns
    -------
    int
        The half-term, 1 to 6.

    Raises
    ------
    ValueError
        If the label is not a half-term.

    Examples
    --------
    >>> parse_term("Autumn 2"), parse_term(5), parse_term("spring")
    (2, 5, 3)
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a half-term")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        if 1 <= value <= 6:
            return value
        raise ValueError(f"half-term {value} is out of range: use 1-6 or autumn-1 .. summer-2")
    text = str(value).strip().lower()
    if re.fullmatch(r"[1-6]\.0+", text):
        return int(text[0])
    for short, full in _ABBREV.items():
        if text.startswith(short) and not text.startswith(full):
            text = full + text[len(short) :]
    if text in _TERM_NAMES:
        return _TERM_NAMES[text]
    m = _TERM_RE.match(text)
    if m:
        if m.group(1):
            return _TERM_NAMES[m.group(1)] + (int(m.group(2)) - 1 if m.group(2) else 0)
        return int(m.group(3))
    raise ValueError(
        f"{value!r} is not a half-term: use autumn-1 .. summer-2, 1-6, or autumn/spring/summer"
    )


class _Located(BaseModel):
    """Base: forbids unknown keys and remembers where the item was written."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    # Set by the loaders (any value written in the file is overwritten). A plain
    # field, not a pydantic private attribute: those cost ~10 us per item, which
    # is most of the validation time of a 50,000-step scheme.
    line: SkipJsonSchema[int | None] = Field(default=None, exclude=True, repr=False)


class PriorItem(_Located):
    """Knowledge assumed on entry (for example from Key Stage 2)."""

    id: Id
    title: str = Field(min_length=1)
    covers: list[str] = Field(default_factory=list, description="Framework statement codes.")


LinkSource = Literal["framework", "prior-knowledge", "text", "sequence"]


class InferredLink(_Located):
    """A link drafted by ``coherence link`` for the department to keep or reject.

    Kept apart from the department's own ``requires``/``covers``: moving it there
    keeps it, deleting it rejects it.
    """

    target: Id = Field(
        description="A step, unit or prior id (requires) or a statement code (covers)."
    )
    score: float = Field(ge=0, le=1, description="How strongly the evidence supports the link.")
    source: LinkSource = Field(description="Where the proposal came from.")
    evidence: str = Field(default="", description="Why, in words.")


class LinkRef(_Located):
    """A link named by its ends: a drafted or rejected proposal."""

    step: Id = Field(description="The step or unit the link belongs to.")
    kind: Literal["requires", "covers"]
    target: Id


class Step(_Located):
    """A small step: the unit of teaching and the node of the prerequisite graph."""

    id: Id
    title: str = Field(min_length=1)
    lessons: int = Field(default=1, ge=1, le=100, description="Lessons the step takes.")
    requires: list[Id] = Field(
        default_factory=list, description="Ids of steps, units or prior items this step builds on."
    )
    covers: list[str] = Field(default_factory=list, description="Framework statement codes.")
    corequires: list[Id] = Field(
        default_factory=list,
        description="Co-requisites: may be taught in the same term (Curricular Analytics).",
    )
    strict_corequires: list[Id] = Field(
        default_factory=list,
        description="Strict co-requisites: taught in the same term (Curricular Analytics).",
    )
    credits: float | None = Field(default=None, description="Credit hours (Curricular Analytics).")
    prior_knowledge: list[str] = Field(
        default_factory=list,
        description="Free-text statements of what this step builds on, as the department "
        "wrote them (those naming a step, unit or prior item by id or title become "
        "prerequisites).",
    )
    inferred_requires: list[InferredLink] = Field(
        default_factory=list, description="Drafted prerequisites awaiting review."
    )
    inferred_covers: list[InferredLink] = Field(
        default_factory=list, description="Drafted framework statements awaiting review."
    )
    notes: str | None = None

    @field_validator("lessons", mode="before")
    @classmethod
    def _whole_float(cls, v: Any) -> Any:
        if isinstance(v, float) and v.is_integer():
            return int(v)
        return v


class Unit(_Located):
    """A unit (block) of teaching: consecutive small steps on one theme."""

    id: Id
    title: str = Field(min_length=1)
    year: int | None = Field(default=None, ge=0, le=13, description="School year (1-13).")
    term: int | str | None = Field(
        default=None,
        description="Half-term: autumn-1 .. summer-2 or 1-6; autumn/spring/summer for "
        "three-term schools; the term number for semester and quarter systems.",
    )
    strand: str | None = Field(default=None, description="The thread this unit belongs to.")
    requires: list[Id] = Field(
        default_factory=list, description="Prerequisites of the unit's first step."
    )
    covers: list[str] = Field(default_factory=list, description="Framework statement codes.")
    prior_knowledge: list[str] = Field(
        default_factory=list,
        description="Free-text statements of what the unit builds on, as the department "
        "wrote them (those naming a step, unit or prior item by id or title become "
        "prerequisites of its first step).",
    )
    inferred_requires: list[InferredLink] = Field(
        default_factory=list, description="Drafted prerequisites awaiting review."
    )
    inferred_covers: list[InferredLink] = Field(
        default_factory=list, description="Drafted framework statements awaiting review."
    )
    notes: str | None = None
    steps: list[Step] = Field(min_length=1, description="Small steps in teaching order.")

    @field_validator("year", mode="before")
    @classmethod
    def _year(cls, v: Any) -> Any:
        if isinstance(v, float) and v.is_integer():
            return int(v)
        if isinstance(v, str):
            text = v.strip().lower().removeprefix("year").removeprefix("y").strip()
            if re.fullmatch(r"\d{1,15}(\.0+)?", text):  # longer: refused below, not overflowed
                return int(float(text))
        return v


class LoadNote(BaseModel):
    """Something a loader read loosely: said to the user, never silently dropped.

    Examples
    --------
    >>> str(LoadNote(message="sheet 'Cover' skipped: no scheme columns", file="s.xlsx"))
    "s.xlsx: sheet 'Cover' skipped: no scheme columns"
    """

    message: str
    file: str | None = None
    line: int | None = None
    cell: str | None = None

    def __str__(self) -> str:
        where = self.file or ""
        if self.cell:
            where += f"!{self.cell}" if where else self.cell
        elif self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.message}" if where else self.message


class Scheme(_Located):
    """A scheme of learning: units of small steps in teaching order."""

    name: str = Field(min_length=1)
    school: str | None = None
    framework: str | None = Field(
        default=None, description="A bundled framework id or a path to a framework file."
    )
    system: System = Field(
        default="half-terms",
        description="Calendar: half-terms (schools) or semester/quarter (Curricular Analytics).",
    )
    prior: list[PriorItem] = Field(default_factory=list, description="Knowledge assumed on entry.")
    drafted_links: list[LinkRef] = Field(
        default_factory=list,
        description="Every link the last 'coherence link' run drafted (to tell rejections).",
    )
    rejected_links: list[LinkRef] = Field(
        default_factory=list,
        description="Drafted links the department rejected: never proposed again.",
    )
    units: list[Unit] = Field(min_length=1, description="Units in teaching order.")
    _source: str | None = PrivateAttr(default=None)
    _notes: list[LoadNote] = PrivateAttr(default_factory=list)

    @property
    def source(self) -> str | None:
        """The file the scheme was loaded from."""
        return self._source

    @property
    def load_notes(self) -> list[LoadNote]:
        """What the loader read loosely (a skipped sheet, a split cell, ...), in file order."""
        return self._notes

    @property
    def steps(self) -> list[Step]:
        """All steps in file order."""
        return [s for u in self.units for s in u.steps]

    def is_placed(self) -> bool:
        """True when every unit has a year and a term (teaching positions are known)."""
        return all(u.year is not None and u.term is not None for u in self.units)


class Statement(_Located):
    """A framework statement: one thing the national curriculum says to teach."""

    code: Id
    title: str = Field(min_length=1)
    strand: str
    stage: str = Field(description="Key stage, e.g. KS2-Y6, KS3, KS4-F, KS4-H.")
    requires: list[Id] = Field(default_factory=list, description="Codes this statement builds on.")
    keywords: list[str] = Field(
        default_factory=list,
        description="Words and phrases a teacher writes in a step title for this statement "
        "(used to draft links).",
    )


class Framework(_Located):
    """An expert reference: statements and the prerequisite links between them."""

    id: str | None = None
    name: str = Field(min_length=1)
    source: str | None = Field(default=None, description="Where the statements come from.")
    licence: str | None = None
    statements: list[Statement] = Field(min_length=1)
    _source_file: str | None = PrivateAttr(default=None)

    def by_code(self) -> dict[str, Statement]:
        """Statements keyed by code."""
        return {s.code: s for s in self.statements}


def scheme_json_schema() -> dict[str, Any]:
    """Return the JSON Schema of the scheme file format.

    Examples
    --------
    >>> scheme_json_schema()["title"]
    'Scheme'
    """
    schema = Scheme.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
