"""A one-line key bar: the bindings in force, redrawn as text.

Textual's ``Footer`` rebuilds a widget per binding whenever focus moves, which
costs ~100 ms per view switch on a large scheme; this bar renders the same
information as one line of text.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


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

    def refresh_keys(self) -> None:
        """Redraw from the app's active bindings."""
        text = Text(no_wrap=True, overflow="ellipsis")
        seen: set[str] = set()
        for key, active in self.app.active_bindings.items():
            binding = active.binding
            if not binding.show or binding.description in seen:
                continue
            seen.add(binding.description)
            label = binding.key_display or self.app.get_key_display(binding)
            text.append(f" {label} ", "bold reverse")
            text.append(f" {binding.description} ")
            _ = key
        text.append(" ^p ", "bold reverse")
        text.append(" palette")
        self.update(text)
