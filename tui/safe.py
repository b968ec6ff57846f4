"""Building display text from untrusted scheme text, never through markup.

Every title, id and message from a scheme reaches the screen through these
helpers as plain :class:`rich.text.Text` or :class:`textual.content.Content`,
so ``[@click=app.quit]x`` or ``[b]x`` shows those characters and does nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.segment import Segment
from rich.text import Text
from textual.color import Color
from textual.content import Content
from textual.filter import LineFilter
from textual.style import Style

from coherence.report.text import RICH_STYLE
from coherence.text import printable

#: Severities look as they do in the text report.
SEVERITY_STYLE = {s: RICH_STYLE[s] for s in ("error", "warning", "info", "accepted")}
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
            out.append(_visible(part[0]), part[1])
        else:
            out.append(_visible(part))
    return out


def _visible(text: str) -> str:
    """Control characters shown as escapes (a newline between parts is layout: kept)."""
    return "\n".join(printable(line) for line in text.split("\n"))


def highlighted(candidate: str, offsets: object, style: Style) -> Content:
    """Literal ``candidate`` with the fuzzy-matched characters styled.

    Textual's own ``Matcher.highlight`` parses the candidate as markup; scheme
    titles must not be, so the palette uses this instead.
    """
    shown = printable(candidate)
    content = Content(shown)
    if shown != candidate:  # escapes moved the characters: no highlight rather than a wrong one
        return content
    for offset in offsets if isinstance(offsets, list | tuple) else ():
        if 0 <= offset < len(candidate) and not candidate[offset].isspace():
            content = content.stylize(style, offset, offset + 1)
    return content


# Characters a terminal acts on or that reorder text; all have no width on screen.
_CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


class ControlFilter(LineFilter):
    """The last guard before the terminal: drops control characters from every line drawn.

    Widgets show scheme text through :func:`plain` (escapes visible); a widget
    that forgets still cannot send an escape sequence (a window title, a clear
    screen) or a bidirectional override to the terminal. The characters dropped
    take no cells, so the layout is unchanged.
    """

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        """Remove control characters from text segments (control segments are Textual's own)."""
        return [
            Segment(_CONTROL.sub("", s.text), s.style, s.control)
            if not s.control and _CONTROL.search(s.text)
            else s
            for s in segments
        ]


class TerminalGuard:
    """Mixin for an :class:`~textual.app.App`: adds :class:`ControlFilter` to its line filters."""

    _control_filter = ControlFilter()

    def get_line_filters(self) -> Sequence[LineFilter]:
        """The app's own filters, then the control-character guard."""
        return [*super().get_line_filters(), self._control_filter]  # type: ignore[misc]
