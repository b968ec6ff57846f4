"""Building display text from untrusted scheme text, never through markup.

Every title, id and message from a scheme reaches the screen through these
helpers as plain :class:`rich.text.Text` or :class:`textual.content.Content`,
so ``[@click=app.quit]x`` or ``[b]x`` shows those characters and does nothing.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content
from textual.style import Style

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan", "accepted": "green"}
SEVERITY_MARK = {"error": "✖", "warning": "▲", "info": "●"}
STRAND_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")


def plain(*parts: str | tuple[str, str]) -> Text:
    """Join literal text parts; a ``(text, style)`` tuple styles a part.

    Examples
    --------
    >>> plain("[b]x", (" y", "bold")).plain
    '[b]x y'
    """
    out = Text()
    for part in parts:
        if isinstance(part, tuple):
            out.append(part[0], part[1])
        else:
            out.append(part)
    return out


def highlighted(candidate: str, offsets: object, style: Style) -> Content:
    """Literal ``candidate`` with the fuzzy-matched characters styled.

    Textual's own ``Matcher.highlight`` parses the candidate as markup; scheme
    titles must not be, so the palette uses this instead.
    """
    content = Content(candidate)
    for offset in offsets if isinstance(offsets, list | tuple) else ():
        if 0 <= offset < len(candidate) and not candidate[offset].isspace():
            content = content.stylize(style, offset, offset + 1)
    return content
