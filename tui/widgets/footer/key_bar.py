"""A one-line key bar: the bindings in force, redrawn as text.

Textual's ``Footer`` rebuilds a widget per binding whenever focus moves, which
costs ~100 ms per view switch on a large scheme; this bar renders the same
information as one line of text. When the line is too narrow, the keys a user
needs to find their way (quit, help, the palette, save, undo) stay and the
others go.
"""

from __future__ import annotations

from rich.text import Text
from textual.screen import Screen
from textual.widgets import Static

#: Actions kept on a narrow screen, in the order they are dropped last.
ESSENTIAL = ("quit", "help", "save", "undo", "dismiss_modal", "close", "command_palette")


def _cell_width(label: str, description: str) -> int:
    return len(label) + len(description) + 4


class KeyBar(Static):
    """Shows the visible bindings of the focused widget and its ancestors."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def on_mount(self) -> None:
        # Redraw whenever the screen's bindings change (focus moves, a modal closes).
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.app.screen_change_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, _: Screen[object]) -> None:
        self.call_after_refresh(self.refresh_keys)

    def on_resize(self) -> None:
        """A new width may fit more (or fewer) keys."""
        self.refresh_keys()

    def keys(self) -> list[tuple[str, str, str]]:
        """(key label, description, action) of the bindings in force on this bar's screen."""
        out: list[tuple[str, str, str]] = []
        seen: set[str] = set()
        if self.app.screen is not self.screen:
            return out  # a modal is up: its keys are not this screen's
        for active in self.app.active_bindings.values():
            binding = active.binding
            if not binding.show or binding.description in seen:
                continue
            seen.add(binding.description)
            label = binding.key_display or self.app.get_key_display(binding)
            out.append((label, binding.description, binding.action))
        return out

    def refresh_keys(self) -> None:
        """Redraw from the app's active bindings, dropping the least needed keys to fit."""
        if self.app.screen is not self.screen:
            return
        items = self.keys()
        if self.app.check_action("command_palette", ()) is not False:
            items.append(("^p", "palette", "command_palette"))
        width = self.size.width or 80
        total = sum(_cell_width(k, d) for k, d, _ in items)
        droppable = [i for i, (_, _, a) in enumerate(items) if a not in ESSENTIAL]
        dropped: set[int] = set()
        while total > width and droppable:
            i = droppable.pop()
            dropped.add(i)
            total -= _cell_width(items[i][0], items[i][1])
        text = Text(no_wrap=True, overflow="ellipsis")
        for i, (label, description, _) in enumerate(items):
            if i in dropped:
                continue
            text.append(f" {label} ", "bold reverse")
            text.append(f" {description} ")
        if text == getattr(self, "_shown", None):
            return  # focus moved, the keys did not: no repaint
        self._shown = text
        self.update(text, layout=False)  # one line, docked: the layout stays
