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

#: The six half-terms of the English school year, as people write them, and short.
HALF_TERM_NAMES = ("Autumn 1", "Autumn 2", "Spring 1", "Spring 2", "Summer 1", "Summer 2")
HALF_TERM_SHORT = ("Aut1", "Aut2", "Spr1", "Spr2", "Sum1", "Sum2")


def period_label(year: int, term: int, per_year: int = 6, *, short: bool = False) -> str:
    """Where something is taught, in words: ``Y7 Autumn 1`` (or ``Y7 Aut1``).

    Half-terms have their English names; other calendars are numbered.

    Examples
    --------
    >>> period_label(7, 1), period_label(9, 6, short=True), period_label(2, 3, 3)
    ('Y7 Autumn 1', 'Y9 Sum2', 'Year 2 term 3')
    """
    if per_year == 6:
        return f"Y{year} {(HALF_TERM_SHORT if short else HALF_TERM_NAMES)[term - 1]}"
    return f"Y{year} T{term}" if short else f"Year {year} term {term}"


_SEASONS = {"autumn": 1, "spring": 3, "summer": 5}
_SEASON_ABBREV = {
    "aut": "autumn",
    "au": "autumn",
    "spr": "spring",
    "sp": "spring",
    "sum": "summer",
    "su": "summer",
    "summ": "summer",
}
# "autumn", "autumn 1", "autumn term 2", "autumn half term 1", "autumn a", "autumn (2)"
_SEASON_RE = re.compile(
    r"^(autumn|spring|summer)(?:\s*(?:half\s*)?term)?\s*\(?([12ab])?\)?(?:\s*term)?$"
)
# "3", "ht3", "half term 3", "term 4", "t4", "hterm 2"
_NUMBER_RE = re.compile(r"^(?:ht|half\s*term|term|t|hterm)?\s*([1-6])$")

# The native spellings, looked up before any folding (the hot path on big schemes).
_CANONICAL = {
    **{f"{season}-{n}": start + n - 1 for season, start in _SEASONS.items() for n in (1, 2)},
    **_SEASONS,
    **{str(n): n for n in range(1, 7)},
}

#: What :func:`parse_term` accepts, for error messages.
TERM_FORMS = (
    "Autumn 1 .. Summer 2 (or autumn-1, 'Autumn Term 1', 'Aut 1', 'Autumn A'/'Autumn B'),"
    " HT1 .. HT6, Term 1 .. Term 6, 1 .. 6, or Autumn/Spring/Summer (Term) for three terms"
)


def _fold_term(text: str) -> str:
    """Lower case; ``-``, ``_``, ``.`` and runs of spaces become one space; season
    abbreviations written out (``Aut2`` -> ``autumn 2``)."""
    text = " ".join(re.sub(r"[\s_\-.:]+", " ", text.strip().lower()).split())
    m = re.match(r"^([a-z]+)(.*)$", text)
    if m and m.group(1) in _SEASON_ABBREV:
        text = _SEASON_ABBREV[m.group(1)] + " " + m.group(2).strip()
    m = re.match(r"^(autumn|spring|summer)(\d)$", text)
    if m:
        text = f"{m.group(1)} {m.group(2)}"
    return text.strip()


def parse_term(value: object) -> int:
    """Return the half-term number (1-6) that a term label names.

    Parameters
    ----------
    value : str or int
        ``autumn-1`` .. ``summer-2``, ``1`` .. ``6``, ``autumn``/``spring``/``summer``
        (three-term schools; a term counts from its first half-term), or the
        spellings schools use: ``Autumn Term 1``, ``Aut 1``, ``Aut2``, ``HT3``,
        ``Term 4`` (six terms), ``Spring Term`` (three terms), ``Autumn A``/``B``,
        ``6.0``.

    Returns
    -------
    int
        The half-term, 1 to 6.

    Raises
    ------
    ValueError
        If the label is not a half-term; the message lists the accepted forms.

    Examples
    --------
    >>> parse_term("Autumn 2"), parse_term(5), parse_term("spring")
    (2, 5, 3)
    >>> parse_term("Autumn Term 1"), parse_term("HT3"), parse_term("Term 4")
    (1, 3, 4)
    >>> parse_term("Summer Term"), parse_term("Autumn B"), parse_term("Spr 1")
    (5, 2, 3)
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a half-term: use {TERM_FORMS}")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        if 1 <= value <= 6:
            return value
        raise ValueError(f"half-term {value} is out of range: use {TERM_FORMS}")
    fast = _CANONICAL.get(value) if isinstance(value, str) else None
    if fast is not None:
        return fast
    text = _fold_term(str(value))
    if re.fullmatch(r"[1-6] 0+", text):  # "6.0" from a spreadsheet
        return int(text[0])
    m = _SEASON_RE.match(text)
    if m:
        half = {"1": 0, "a": 0, "2": 1, "b": 1}.get(m.group(2) or "1", 0)
        return _SEASONS[m.group(1)] + half
    m = _NUMBER_RE.match(text)
    if m:
        return int(m.group(1))
    raise ValueError(f"{value!r} is not a half-term: use {TERM_FORMS}")


def term_name(value: object) -> str:
    """The native spelling of a term label: ``autumn-1`` .. ``summer-2``, or ``autumn``,
    ``spring``, ``summer`` for a three-term school's term.

    Examples
    --------
    >>> term_name("Aut 2"), term_name("Spring Term"), term_name(6), term_name("HT3")
    ('autumn-2', 'spring', 'summer-2', 'spring-1')
    """
    half = parse_term(value)
    if isinstance(value, str):
        m = _SEASON_RE.match(_fold_term(value))
        if m and not m.group(2):
            return m.group(1)
    season = ("autumn", "spring", "summer")[(half - 1) // 2]
    return f"{season}-{2 - half % 2}"


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
            where += f":{self.cell}" if where else self.cell
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
    tier: Literal["foundation", "higher"] | None = Field(
        default=None,
        description="GCSE tier the scheme teaches: foundation leaves higher-only statements "
        "out of its coverage.",
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


#: GCSE tiers as the DfE subject content marks them: standard type (basic
#: foundation), underlined (additional foundation), bold (higher only).
GcseTier = Literal["basic-foundation", "additional-foundation", "higher-only"]


class Statement(_Located):
    """A framework statement: one thing the national curriculum says to teach."""

    code: Id
    title: str = Field(min_length=1)
    strand: str
    stage: str = Field(description="Key stage, e.g. KS1, KS2, KS2-Y6, KS3, KS4.")
    year: int | None = Field(
        default=None, ge=1, le=13, description="Year group, where the curriculum gives one."
    )
    tier: GcseTier | None = Field(
        default=None,
        description="GCSE tier: basic-foundation, additional-foundation (both taught on the "
        "foundation tier) or higher-only. A statement with parts in several tiers takes "
        "its lowest.",
    )
    iri: str | None = Field(
        default=None,
        description="The national curriculum content descriptor this statement is (an IRI of "
        "Oak National Academy's curriculum ontology).",
    )
    requires: list[Id] = Field(default_factory=list, description="Codes this statement builds on.")
    keywords: list[str] = Field(
        default_factory=list,
        description="Words and phrases a teacher writes in a step title for this statement "
        "(used to draft links).",
    )
    # The file the statement was written in (an included framework's, for example).
    file: SkipJsonSchema[str | None] = Field(default=None, exclude=True, repr=False)


class Framework(_Located):
    """An expert reference: statements and the prerequisite links between them."""

    id: str | None = None
    name: str = Field(min_length=1)
    source: str | None = Field(default=None, description="Where the statements come from.")
    licence: str | None = None
    includes: list[str] = Field(
        default_factory=list,
        description="Frameworks whose statements this one contains: bundled ids or paths "
        "(relative to this file).",
    )
    links: dict[Id, list[Id]] = Field(
        default_factory=dict,
        description="Extra prerequisite links, statement code -> codes it builds on (for "
        "links between included frameworks).",
    )
    statements: list[Statement] = Field(
        default_factory=list, description="Statements (at least one, here or included)."
    )
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
