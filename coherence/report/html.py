"""The HTML writer: a :class:`~coherence.report.document.Document` as one printable page.

One file, no network: inline CSS (``report.css`` beside this module) and
inline SVG maps (from Graphviz's ``dot`` when installed; the page says so when
it is not). All scheme text is escaped with
:func:`~coherence.text.escape_html`; the SVG comes from DOT whose labels were
quoted by :func:`coherence.maps.dot_quote`, and ``dot`` escapes text in SVG.
"""

from __future__ import annotations

import re

from coherence.errors import InputError
from coherence.report.document import (
    Bullets,
    Cell,
    Document,
    Facts,
    Figure,
    Heading,
    Inline,
    Paragraph,
    Table,
)
from coherence.text import escape_html as escape

#: Span styles drawn as HTML elements; other styles become a class on a <span>.
_TAGS = {"strong": "b", "em": "i", "code": "code"}
#: Paragraph classes by style (``muted`` is the stylesheet's ``sub``).
_PARAGRAPH = {"muted": "sub", "drafted": "why drafted"}


def _css() -> str:
    """The reports' stylesheet (``report.css`` beside this module)."""
    from importlib import resources

    return resources.files("coherence.report").joinpath("report.css").read_text("utf-8")


def _inline(spans: Inline) -> str:
    out = []
    for s in spans:
        text = escape(s.text)
        if not text:
            continue
        if s.style == "title":
            out.append(f" {text}")
        elif s.style in _TAGS:
            out.append(f"<{_TAGS[s.style]}>{text}</{_TAGS[s.style]}>")
        elif s.style:
            out.append(f'<span class="{s.style}">{text}</span>')
        else:
            out.append(text)
    return "".join(out)


def _td(c: Cell, numeric: bool) -> str:
    bar = "with-bar" if c.bar is not None else ""
    classes = " ".join(x for x in ("num" if numeric else "", c.style, bar) if x)
    attr = f' class="{classes}"' if classes else ""
    lines = [_inline(line) for line in c.lines]
    body = lines[0] if lines else ""
    body += "".join(f'<div class="more">{line}</div>' for line in lines[1:])
    if c.bar is not None:
        body += f' <span class="bar"><i style="width:{c.bar:.0f}%"></i></span>'
    return f"<td{attr}>{body}</td>"


def _table(t: Table) -> list[str]:
    out = [f"<p><b>{escape(t.title)}</b></p>"] if t.title else []
    wide = ' class="wide"' if len(t.headers) > 8 else ""
    out.append(f"<table{wide}><thead><tr>")
    out += [
        f"<th{' class=num' if i in t.numeric else ''}>{escape(h[:1].upper() + h[1:])}</th>"
        for i, h in enumerate(t.headers)
    ]
    out.append("</tr></thead><tbody>")
    for row in t.rows:
        tds = "".join(_td(c, i in t.numeric) for i, c in enumerate(row.cells))
        out.append(f"<tr>{tds}</tr>")
    out.append("</tbody></table>")
    if t.note:
        out.append(f'<p class="why">{escape(t.note)}</p>')
    return out


def svg(dot_source: str) -> str:
    """Inline SVG of a map from DOT, or a sentence saying why there is none."""
    from coherence.maps import dot_available, render_bytes

    if not dot_available():
        return (
            '<p class="why">Map not drawn: Graphviz\'s <code>dot</code> is not installed '
            "(apt-get install graphviz).</p>"
        )
    try:
        drawn = render_bytes(dot_source, "svg").decode("utf-8")
    except InputError as e:
        return f'<p class="why">Map not drawn: {escape(str(e))}</p>'
    drawn = drawn[drawn.find("<svg") :]
    # dot's SVG carries no scripts; strip any anyway, so nothing can run in the report.
    drawn = re.sub(r"<script\b.*?</script>", "", drawn, flags=re.S | re.I)
    size = re.match(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', drawn)
    if size and float(size[1]) > 2.5 * float(size[2]):
        # A long, flat map shrunk to the page width has unreadable text: on screen it
        # scrolls sideways at a legible size; print still fits it to the page.
        return f'<div class="map wide">{drawn}</div>'
    return f'<div class="map">{drawn}</div>'


def _figure(f: Figure) -> list[str]:
    """A map; when it is a long strip and has print pages, those pages for print.

    Shrunk to a printed page, a whole key stage's map is a strip with unreadable
    text; on screen it scrolls sideways, so the screen keeps the whole map and
    print gets the figure's pages (a map per school year) instead.
    """
    whole = svg(f.dot())
    if 'class="map wide"' not in whole or f.pages is None:
        return [whole]
    out = ['<section class="landscape">', f'<div class="screen-only">{whole}</div>']
    for heading, dot in f.pages():
        out.append(
            f'<section class="print-only year"><h3>{escape(heading)}</h3>{svg(dot)}</section>'
        )
    return [*out, "</section>"]


def format_html(doc: Document) -> str:
    """Write a document as one self-contained HTML page (inline style, no scripts).

    Examples
    --------
    >>> from coherence.report.document import Document, Heading, inline
    >>> page = format_html(Document("<script>", [Heading(inline("<script>x</script>"), 1)]))
    >>> "<script>" in page, "<h1>&lt;script&gt;x&lt;/script&gt;</h1>" in page
    (False, True)
    """
    body: list[str] = []
    first_section = True
    for block in doc.blocks:
        if isinstance(block, Heading):
            level = block.level
            first = level == 2 and first_section
            first_section = first_section and level != 2
            attr = ' class="first"' if first else ""
            body.append(f"<h{level}{attr}>{_inline(block.spans)}</h{level}>")
        elif isinstance(block, Paragraph):
            cls = _PARAGRAPH.get(block.style, block.style)
            attr = f' class="{cls}"' if cls else ""
            body.append(f"<p{attr}>{_inline(block.spans)}</p>")
        elif isinstance(block, Facts):
            body.append('<div class="cards">')
            body += [
                f'<div class="card {f.style}"><b>{escape(f.value)}</b>'
                f"<span>{escape(f.label)}</span></div>"
                for f in block.facts
            ]
            body.append("</div>")
        elif isinstance(block, Table):
            if block.rows:
                body += _table(block)
        elif isinstance(block, Bullets):
            body += ["<ul>", *(f"<li>{_inline(item)}</li>" for item in block.items), "</ul>"]
        else:
            body += _figure(block)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(doc.title)}</title>\n"
        f"<style>{_css()}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )
