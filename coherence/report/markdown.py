"""The Markdown writer: a :class:`~coherence.report.document.Document` for sharing.

Scheme text is escaped: Markdown punctuation is backslashed, ``<``/``>``/``&``
become entities and control characters are shown as escapes, so a step titled
``<b>x</b>`` or ``[link](javascript:...)`` shows literally wherever the Markdown
is rendered.
"""

from __future__ import annotations

import re

from coherence.report.document import (
    Bullets,
    Cell,
    Document,
    Facts,
    Heading,
    Inline,
    Paragraph,
    Table,
)
from coherence.text import printable

# Scheme text never starts a line here (it sits in table cells or after a label),
# so only inline syntax needs escaping: emphasis, code, links, tables, strikethrough.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|~])")

#: Span and paragraph styles shown in italics or bold; the rest are plain text.
_ITALIC = frozenset({"em", "why", "muted", "note", "drafted", "accepted"})
_BOLD = frozenset({"strong", "diff", "bad"})


def md_escape(text: str) -> str:
    """Escape text for Markdown (also safe inside table cells).

    Examples
    --------
    >>> md_escape("<b>x</b> [a](b) | c")
    '&lt;b&gt;x&lt;/b&gt; \\\\[a\\\\](b) \\\\| c'
    """
    text = printable(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return " ".join(text.split())


def _wrap(text: str, style: str) -> str:
    if not text:
        return ""
    if style in _BOLD:
        return f"**{text}**"
    return f"*{text}*" if style in _ITALIC else text


def _inline(spans: Inline) -> str:
    out = []
    for s in spans:
        text = md_escape(s.text)
        if s.style == "title":
            out.append(f": {text}")
            continue
        # md_escape folds outer spaces away; they go back outside any emphasis markers.
        lead = " " if s.text[:1].isspace() and text else ""
        trail = " " if s.text[-1:].isspace() and text else ""
        out.append(lead + _wrap(text, s.style) + trail)
    return "".join(out)


def _cell(c: Cell) -> str:
    return _wrap("<br>".join(_inline(line) for line in c.lines), c.style)


def _table(t: Table) -> list[str]:
    out = [f"**{md_escape(t.title)}**", ""] if t.title else []
    out.append("| " + " | ".join(md_escape(h[:1].upper() + h[1:]) for h in t.headers) + " |")
    out.append(
        "|" + "|".join("---:" if i in t.numeric else "---" for i in range(len(t.headers))) + "|"
    )
    out += ["| " + " | ".join(_cell(c) for c in row.cells) + " |" for row in t.rows]
    if t.note:
        out += ["", f"*{md_escape(t.note)}*"]
    return out


def format_markdown(doc: Document) -> str:
    """Write a document as Markdown.

    Examples
    --------
    >>> from coherence.report.document import Document, Heading, Paragraph, inline
    >>> print(format_markdown(Document("T", [Heading(inline("<T>"), 1),
    ...     Paragraph(inline("a|b"), "why")])), end="")
    # &lt;T&gt;
    <BLANKLINE>
    *a\\|b*
    """
    out: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            out.append("#" * block.level + " " + _inline(block.spans))
        elif isinstance(block, Paragraph):
            out.append(_wrap(_inline(block.spans), block.style))
        elif isinstance(block, Facts):
            out += [
                f"- {_wrap(md_escape(f.value), 'strong')} {md_escape(f.label)}" for f in block.facts
            ]
        elif isinstance(block, Table):
            if not block.rows:
                continue
            out += _table(block)
        elif isinstance(block, Bullets):
            out += [f"- {_inline(item)}" for item in block.items]
        else:  # a figure: Markdown has no maps
            continue
        out.append("")
    return "\n".join(out)
