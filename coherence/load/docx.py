"""Load a scheme from a Word document (``.docx``): its tables, read as spreadsheets.

Each table is read like a sheet (header row found within its first rows, columns
matched by the same synonyms, steps one per line in a cell, or a long-term plan
grid). Short paragraphs above a table (headings such as ``Year 7``, ``Autumn Term 1``
or ``Year 8 Spring 2``) give its year and half-term when it has no such columns; a
new year heading forgets the half-term of the one before. Errors and notes name
the table and row (``table 2 row 5``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from coherence.errors import InputError
from coherence.load.table import Table, find_term, find_year, read_tables
from coherence.model import Scheme

#: Paragraphs longer than this are prose, not headings: they never set a year or term; nor
#: does a paragraph that is not styled as a heading and ends as a sentence does.
HEADING_MAX_CHARS = 80


@dataclass
class _Context:
    """The year and half-term the headings read so far give, and which headings."""

    year: int | None = None
    term: str | None = None
    year_heading: str | None = None
    term_heading: str | None = None

    def read(self, text: str, heading: bool) -> None:
        """Take the year and half-term a heading names (prose sentences are ignored)."""
        text = " ".join(text.split())
        if not text or len(text) > HEADING_MAX_CHARS:
            return
        if not heading and text.endswith((".", "?", "!")):
            return
        year, term = find_year(text), find_term(text)
        if year is not None:
            self.year, self.year_heading = year, text
            self.term, self.term_heading = None, None
        if term is not None:
            self.term, self.term_heading = term, text

    def describe(self) -> str | None:
        heads = list(dict.fromkeys(h for h in (self.year_heading, self.term_heading) if h))
        if not heads:
            return None
        return "the heading " + " / ".join(f"'{h}'" for h in heads)


def _is_heading(paragraph: Any) -> bool:
    name = str(getattr(paragraph.style, "name", "") or "") if paragraph.style is not None else ""
    return name.startswith(("Heading", "Title"))


def _document(path: str, data: bytes) -> Any:
    try:
        import docx

        return docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises assorted errors on malformed parts
        raise InputError(
            f"not a readable Word document ({type(e).__name__}: {str(e)[:80]})", file=path
        ) from None


def docx_tables(path: str, data: bytes) -> list[Table]:
    """The tables of a Word document in order, each with the year/term of its headings.

    Raises
    ------
    InputError
        When the file is not a readable Word document.
    """
    from docx.table import Table as WordTable
    from docx.text.paragraph import Paragraph

    doc = _document(path, data)
    context = _Context()
    tables: list[Table] = []
    try:
        for child in doc.element.body.iterchildren():
            tag = str(child.tag).rsplit("}", 1)[-1]
            if tag == "p":
                paragraph = Paragraph(child, doc)
                context.read(paragraph.text, _is_heading(paragraph))
            elif tag == "tbl":
                tables.append(_table(WordTable(child, doc), len(tables) + 1, context))
    except Exception as e:  # a malformed table part: python-docx raises assorted errors
        raise InputError(
            f"not a readable Word document ({type(e).__name__}: {str(e)[:80]})", file=path
        ) from None
    return tables


def _table(word_table: Any, number: int, context: _Context) -> Table:
    rows = [[cell.text.strip() for cell in row.cells] for row in word_table.rows]
    return Table(
        "docx",
        f"table {number}",
        rows,
        list(range(1, len(rows) + 1)),
        year=context.year,
        term=context.term,
        context=context.describe(),
    )


def load_docx_scheme(path: str, data: bytes) -> Scheme:
    """Load a scheme from the tables of a Word document.

    Parameters
    ----------
    path : str
        File name, for messages.
    data : bytes
        The ``.docx`` file's content.

    Returns
    -------
    Scheme
        With load notes for whatever was read loosely (tables skipped, years and
        half-terms taken from headings, cells split into steps).

    Raises
    ------
    InputError
        When the document is unreadable, has no table that holds a scheme, or a
        table has bad cells.
    """
    tables = docx_tables(path, data)
    if not tables:
        raise InputError("the document has no tables: a scheme is read from its tables", file=path)
    return read_tables(path, tables)
