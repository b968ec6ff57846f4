"""A report as a format-neutral document: one builder per report, one writer per format.

A builder (:mod:`coherence.report.audit`, :mod:`coherence.report.comparison`)
decides *what* a report says, once, as a list of blocks; the writers
(:mod:`coherence.report.text`, :mod:`coherence.report.markdown`,
:mod:`coherence.report.html`) decide only *how* each block looks in their
format. So the text, Markdown and HTML reports cannot drift apart.

Text in a document is raw: scheme text is untrusted and each writer escapes it
for its own format. A span's ``style`` names what the text *is*, never how it
looks:

``strong``, ``em``, ``code``, ``muted``
    emphasis;
``title``
    a step's title after its id (quoted in text, after a colon in Markdown);
``error``, ``warning``, ``info``, ``accepted``, ``drafted``
    a finding's severity or state;
``diff``, ``bad``, ``good``
    a compared value that differs, is worrying, or is reassuring;
``note``, ``why``
    a caution, or an explanation for the reader (paragraph styles).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeAlias


@dataclass(frozen=True)
class Span:
    """A piece of text with what it is (see the module docstring for styles)."""

    text: str
    style: str = ""


#: A line of text made of spans.
Inline: TypeAlias = tuple[Span, ...]


def inline(*parts: str | Span) -> Inline:
    """Spans from strings (unstyled) and spans; empty strings are left out.

    Examples
    --------
    >>> inline("a ", Span("b", "strong"), "")
    (Span(text='a ', style=''), Span(text='b', style='strong'))
    """
    return tuple(p if isinstance(p, Span) else Span(p) for p in parts if p)


def prose(text: str) -> Inline:
    """Documentation prose as spans, its `backquoted` parts as ``code``.

    Examples
    --------
    >>> prose("set `max-gap` to 3")
    (Span(text='set ', style=''), Span(text='max-gap', style='code'), Span(text=' to 3', style=''))
    """
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an unpaired backquote: leave the text as it is
        return inline(text)
    return inline(*(Span(p, "code") if i % 2 else p for i, p in enumerate(parts)))


def plain_text(spans: Inline) -> str:
    """The text of spans, without styles.

    Examples
    --------
    >>> plain_text(inline("a ", Span("b", "strong")))
    'a b'
    """
    return "".join(s.text for s in spans)


@dataclass(frozen=True)
class Heading:
    """A heading: ``level`` 1 is the report's title, 2 a section, 3 a subsection."""

    spans: Inline
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; ``brief`` is a shorter wording for compact formats (the terminal)."""

    spans: Inline
    style: str = ""
    brief: Inline | None = None


@dataclass(frozen=True)
class Fact:
    """One headline figure: ``value`` then what it counts (``"36"``, ``"units"``)."""

    value: str
    label: str
    style: str = ""


@dataclass(frozen=True)
class Facts:
    """Headline figures (a line in text, cards in HTML, a list in Markdown)."""

    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class Cell:
    """A table cell: one or more lines of spans, with an optional style and a bar.

    ``style`` applies to the whole cell (``diff``, ``bad``, ``good``); ``bar``
    (0-100) is drawn as a bar by formats that can.
    """

    lines: tuple[Inline, ...]
    style: str = ""
    bar: float | None = None

    @property
    def text(self) -> str:
        """The cell's text, lines joined by spaces."""
        return " ".join(plain_text(line) for line in self.lines)


def cell(*parts: str | Span, style: str = "", bar: float | None = None) -> Cell:
    """A one-line cell.

    Examples
    --------
    >>> cell("12", style="bad").text
    '12'
    """
    return Cell((inline(*parts),), style, bar)


@dataclass(frozen=True)
class Row:
    """A table row; ``mark`` (a severity symbol, say) leads the row where the format has room."""

    cells: tuple[Cell, ...]
    mark: Span | None = None


@dataclass(frozen=True)
class Table:
    """A table.

    ``numeric`` holds the indexes of right-aligned columns. ``layout`` is how a
    narrow format (the terminal) shows it: ``grid`` (columns) or ``entries``
    (each row as a heading line made of the other columns' first lines, then
    column ``body``'s lines and every further line indented under it), for
    rows with long text. ``note`` says what the columns mean.
    """

    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    title: str = ""
    numeric: frozenset[int] = frozenset()
    layout: Literal["grid", "entries"] = "grid"
    body: int = -1
    note: str = ""


@dataclass(frozen=True)
class Bullets:
    """A bulleted list."""

    items: tuple[Inline, ...]


@dataclass(frozen=True)
class Figure:
    """A Graphviz map, drawn only by formats with pictures (HTML).

    ``dot`` gives its DOT source when called (so nothing is drawn for text);
    ``pages`` gives ``(heading, DOT)`` pairs to print instead when the map is
    too wide for a page.
    """

    dot: Callable[[], str]
    pages: Callable[[], Sequence[tuple[str, str]]] | None = None


Block: TypeAlias = Heading | Paragraph | Facts | Table | Bullets | Figure


@dataclass
class Document:
    """A whole report: its title (for the HTML ``<title>``) and its blocks."""

    title: str
    blocks: list[Block] = field(default_factory=list)


def rows(*cells_per_row: Sequence[Cell]) -> tuple[Row, ...]:
    """Rows without marks from sequences of cells.

    Examples
    --------
    >>> len(rows([cell("a"), cell("b")], [cell("c"), cell("d")]))
    2
    """
    return tuple(Row(tuple(c)) for c in cells_per_row)
