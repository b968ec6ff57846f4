"""The text writer: a :class:`~coherence.report.document.Document` for a terminal.

Plain text (pipes, files, ``-o``) needs no third-party import, which keeps
``coherence audit`` as quick to start as ``python -c "import networkx,
pydantic"``; with ``color`` the same document goes through rich, with
colours and box tables.

Scheme text is untrusted: every piece of it goes through
:func:`~coherence.text.printable` (terminal control characters are shown as
escapes, never sent), and it only ever enters rich as plain
:class:`rich.text.Text` content, never as markup.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from coherence.report.document import (
    Block,
    Bullets,
    Cell,
    Document,
    Facts,
    Figure,
    Heading,
    Inline,
    Paragraph,
    Span,
    Table,
)
from coherence.text import printable

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.table import Table as RichTable
    from rich.text import Text as RichText

    from coherence.audit import AuditResult

#: How each span or paragraph style looks in colour.
RICH_STYLE = {
    "strong": "bold",
    "em": "italic",
    "code": "bold",
    "muted": "dim",
    "error": "bold red",
    "warning": "yellow",
    "info": "cyan",
    "accepted": "green",
    "drafted": "cyan",
    "diff": "bold yellow",
    "bad": "bold red",
    "good": "green",
    "note": "yellow",
    "why": "italic",
    "when": "magenta",
}

#: Heading styles by level.
_HEADING = {1: "bold", 2: "bold underline", 3: ""}

#: A line as (printable text, rich style) segments.
_Line = list[tuple[str, str]]


def _segments(spans: Inline, base: str = "") -> _Line:
    out = []
    for s in spans:
        text = printable(s.text)
        if s.style == "title":
            text = f" “{text}”"
        out.append((text, " ".join(x for x in (base, RICH_STYLE.get(s.style, "")) if x)))
    return out


def _cell_lines(c: Cell) -> list[_Line]:
    return [_segments(line, RICH_STYLE.get(c.style, "")) for line in c.lines]


def _entries(t: Table) -> Iterator[_Line]:
    """Each row as a heading line, then its body column and further lines indented."""
    for row in t.rows:
        cells = [_cell_lines(c) for c in row.cells]
        head: _Line = [("  ", "")]
        if row.mark is not None:
            head += _segments((row.mark, Span(" ")))
        firsts = [lines[0] for i, lines in enumerate(cells) if i != t.body and lines]
        for k, first in enumerate(x for x in firsts if "".join(s for s, _ in x)):
            head += ([("  ", "")] if k else []) + first
        yield head
        body = cells[t.body] if 0 <= t.body < len(cells) else []
        rest = [line for i, lines in enumerate(cells) if i != t.body for line in lines[1:]]
        for line in [*body, *rest]:
            yield [("    ", ""), *line]


def _lines(block: Block) -> Iterator[_Line]:
    """A block other than a grid table, as lines."""
    if isinstance(block, Heading):
        if block.level > 1:
            yield []
        yield _segments(block.spans, _HEADING.get(block.level, ""))
    elif isinstance(block, Paragraph):
        spans = block.brief if block.brief is not None else block.spans
        yield _segments(spans, RICH_STYLE.get(block.style, ""))
    elif isinstance(block, Facts):
        line: _Line = []
        for i, f in enumerate(block.facts):
            line += [(" · ", "")] if i else []
            line.append((printable(f"{f.value} {f.label}"), RICH_STYLE.get(f.style, "")))
        yield line
    elif isinstance(block, Bullets):
        for item in block.items:
            yield [("  • ", ""), *_segments(item)]
    elif isinstance(block, Table):
        if block.title:
            yield [(printable(block.title), "bold")]
        yield from _entries(block)
        if block.note:
            yield [(printable(block.note), "dim")]


def _fit(widths: list[int], fixed: set[int], width: int) -> list[int]:
    """Column widths narrowed, widest text column first, until the row fits ``width``.

    Examples
    --------
    >>> _fit([10, 60, 40], {0}, 80)
    [10, 33, 33]
    """
    widths = list(widths)
    room = width - 2 * (len(widths) - 1)
    while sum(widths) > room:
        i = max(
            (i for i in range(len(widths)) if i not in fixed), key=widths.__getitem__, default=-1
        )
        if i < 0 or widths[i] <= 12:
            break
        widths[i] -= 1
    return widths


def _grid(t: Table, width: int) -> list[str]:
    """A grid table as plain lines, long cells wrapped to fit ``width``."""
    head = [printable(h) for h in t.headers]
    body = [[printable(c.text) for c in r.cells] for r in t.rows]
    natural = [max(len(h), *(len(r[i]) for r in body)) for i, h in enumerate(head)]
    widths = _fit(natural, set(t.numeric), width)

    def fmt(cells: list[str]) -> list[str]:
        wrapped = [
            textwrap.wrap(c, max(w, 1), break_on_hyphens=False) or [""]
            for c, w in zip(cells, widths, strict=True)
        ]
        lines = []
        for k in range(max(len(x) for x in wrapped)):
            parts = [x[k] if k < len(x) else "" for x in wrapped]
            lines.append(
                "  ".join(
                    c.rjust(w) if i in t.numeric else c.ljust(w)
                    for i, (c, w) in enumerate(zip(parts, widths, strict=True))
                ).rstrip()
            )
        return lines

    out = [printable(t.title)] if t.title else []
    out += [*fmt(head), "  ".join("-" * w for w in widths)]
    out += [line for r in body for line in fmt(r)]
    return out + (textwrap.wrap(printable(t.note), width) if t.note else [])


def _wrap(text: str, width: int) -> list[str]:
    if len(text) <= width:
        return [text]
    indent = " " * (len(text) - len(text.lstrip(" ")) + 2)
    return textwrap.wrap(
        text, width, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False
    )


def _pieces(doc: Document) -> Iterator[Table | _Line]:
    """What a terminal shows of a document: grid tables whole, everything else as lines."""
    for block in doc.blocks:
        if isinstance(block, Figure):
            continue
        if isinstance(block, Table) and block.layout == "grid" and block.rows:
            yield block
        else:
            yield from _lines(block)


def _plain(doc: Document, width: int) -> str:
    out: list[str] = []
    for piece in _pieces(doc):
        if isinstance(piece, Table):
            out += ["", *_grid(piece, width), ""]
        else:
            out += _wrap("".join(s for s, _ in piece), width)
    kept = [line for i, line in enumerate(out) if line or (i and out[i - 1])]
    return "\n".join(kept).strip("\n") + "\n"


def rich_table(t: Table, *, expand: bool = False) -> RichTable:
    """A grid table as a rich ``Table`` (scheme text literal, never markup)."""
    from rich.table import Table as RichTable
    from rich.text import Text

    table = RichTable(
        title=Text(printable(t.title), "bold") if t.title else None,
        title_justify="left",
        expand=expand,
        caption=Text(printable(t.note)) if t.note else None,
        caption_justify="left",
    )
    for i, h in enumerate(t.headers):
        table.add_column(Text(printable(h)), justify="right" if i in t.numeric else "left")
    for row in t.rows:
        table.add_row(*(Text(printable(c.text), RICH_STYLE.get(c.style, "")) for c in row.cells))
    return table


def _rich(doc: Document, width: int) -> str:
    from rich.console import Group
    from rich.text import Text

    parts: list[RenderableType] = []
    for piece in _pieces(doc):
        if isinstance(piece, Table):
            parts += [Text(""), rich_table(piece)]
            continue
        text = Text.assemble(*piece)
        indent = len(text.plain) - len(text.plain.lstrip(" "))
        # Wrapped lines keep their indent (findings under their step, as in plain text).
        parts.append(_Indented(text[indent:], indent) if indent else text)
    while parts and isinstance(parts[0], Text) and not parts[0].plain:
        parts.pop(0)
    return to_string(Group(*parts), color=True, width=width)


def format_text(doc: Document, *, color: bool = False, width: int = 100) -> str:
    """Write a document as text: plain, or with ANSI colours and box tables when ``color``.

    Parameters
    ----------
    doc : Document
    color : bool
        Colours and box-drawn tables (through rich) for a terminal.
    width : int
        Wrap long lines at this many characters.

    Examples
    --------
    >>> from coherence.report.document import Document, Heading, Paragraph, inline
    >>> doc = Document("T", [Heading(inline("T"), 1), Paragraph(inline("a\\x1b[2J b"))])
    >>> print(format_text(doc), end="")
    T
    a\\x1b[2J b
    """
    return _rich(doc, width) if color else _plain(doc, width)


def to_string(renderable: RenderableType, *, color: bool = False, width: int = 100) -> str:
    """Render rich content to a string; markup and emoji codes are never interpreted.

    Examples
    --------
    >>> from rich.text import Text
    >>> to_string(Text("[b]x"), width=20).strip()
    '[b]x'
    """
    from rich.console import Console

    buf = io.StringIO()
    console = Console(
        file=buf,
        force_terminal=color,
        no_color=not color,
        width=width,
        highlight=False,
        emoji=False,
        markup=False,
    )
    console.print(renderable)
    return buf.getvalue()


class _Indented:
    """Text wrapped under an indent, its lines no longer than they need be.

    (rich's ``Padding`` fills every wrapped line out to the width with spaces.)
    """

    def __init__(self, text: RichText, indent: int) -> None:
        self.text, self.indent = text, indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.text import Text

        width = max(options.max_width - self.indent, 1)
        for line in self.text.wrap(console, width):
            line.rstrip()
            yield Text.assemble(" " * self.indent, line)


class FittedTable:
    """A grid table that, where its columns do not fit the width, lists its rows instead.

    Each row then takes a line of its first column (and title), and a line under
    it naming the rest (``taught Y7 Autumn 2 · unlocks 138``): a narrow pane
    (the explorer at 80 columns, or a projector's large font) shows every word
    rather than a grid of cells cut to a few letters.
    """

    def __init__(self, table: Table, *, expand: bool = False) -> None:
        self.table = table
        self.expand = expand

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.measure import Measurement
        from rich.text import Text

        grid = rich_table(self.table)
        unbounded = options.update(max_width=100_000)
        if Measurement.get(console, unbounded, grid).maximum <= options.max_width:
            grid.expand = self.expand
            yield grid
            return
        t = self.table
        if t.title:
            yield Text(printable(t.title), "bold")
        named = {0} | {i for i, h in enumerate(t.headers) if h == "title"}
        for row in t.rows:
            words = [printable(row.cells[i].text) for i in sorted(named) if i < len(row.cells)]
            figures = [
                f"{t.headers[i]} {c.text}" for i, c in enumerate(row.cells) if i not in named
            ]
            yield Text.assemble((words[0], "bold"), *(f"  {w}" for w in words[1:]))
            if figures:
                yield _Indented(Text(printable(" · ".join(figures)), "dim"), 4)
        if t.note:
            yield Text(printable(t.note), "dim")


def keystone_table(result: AuditResult, *, limit: int = 10, expand: bool = False) -> FittedTable:
    """The audit report's keystone steps for the explorer's metrics view (fitted to its width)."""
    from coherence.report.audit import KEYSTONES_WHY, keystones

    table = replace(keystones(result, limit), title=f"Keystone steps: {KEYSTONES_WHY}")
    return FittedTable(table, expand=expand)


def strand_table(result: AuditResult, *, expand: bool = False) -> FittedTable:
    """The audit report's strands for the explorer's metrics view (fitted to its width)."""
    from coherence.report.audit import strands

    return FittedTable(replace(strands(result), title="Strands"), expand=expand)
