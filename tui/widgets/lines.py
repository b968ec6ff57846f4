"""A Static for long text of one-line rows that renders only the rows in view."""

from __future__ import annotations

from rich.text import Text
from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.visual import Visual
from textual.widgets import Static


class TextLines(Static):
    """Rows of text, never wrapped, turned into strips only when they come into view.

    A ``Static`` renders all of its text whenever it changes: a thread of 1,700 rows took
    0.3-0.5 s per key at 50,000 steps (measured). Here :meth:`render_line` renders the one
    row asked for and keeps it until the text or the width changes. Rows never wrap (a long
    one is cut as ``text-overflow`` says), so the height is the number of rows.
    :meth:`render` still gives the whole text, as a ``Static``'s does.
    """

    DEFAULT_CSS = """
    TextLines {
        text-wrap: nowrap;
    }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._rows: list[Text] = []
        self._whole: Content | None = Content("")
        self._strips: dict[tuple[int, int], Strip] = {}

    def show_rows(self, rows: list[Text]) -> None:
        """Show these rows (each one line of text)."""
        self._rows = rows
        self._whole = None
        self._strips.clear()
        self.clear_cached_dimensions()
        self.refresh(layout=True)

    def render(self) -> Content:
        """All the rows as one text (for a selection, or a test that reads the widget)."""
        if self._whole is None:
            self._whole = Content("\n").join(Content.from_rich_text(r) for r in self._rows)
        return self._whole

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """One line per row."""
        return len(self._rows)

    def render_line(self, y: int) -> Strip:
        """Render row ``y`` alone (the whole text while a selection is being made)."""
        if self.text_selection is not None:
            return super().render_line(y)
        width = self.size.width
        strip = self._strips.get((y, width))
        if strip is None:
            style = self.visual_style
            strips: list[Strip] = []
            if y < len(self._rows):
                row = Content.from_rich_text(self._rows[y])
                strips = Visual.to_strips(self, row, width, 1, style)
            # Each cell says where it is in the text (for selecting with the mouse): row y.
            strip = (
                strips[0].apply_offsets(0, y) if strips else Strip.blank(width, style.rich_style)
            )
            self._strips[(y, width)] = strip
        return strip
