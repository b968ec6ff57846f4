"""Screens for editing: choose through the palette, type a title or a reason, review
drafted links one by one, and confirm quitting with unsaved changes.

They only collect what the user wants; the edit itself is made by
:mod:`coherence.edit` (through the app), never here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static, TextArea

from coherence.edit import DraftedLink
from tui.safe import highlighted


@dataclass(frozen=True)
class Choice:
    """One thing to choose in a picker: the text shown, a hint, and what choosing does."""

    text: str
    help: str
    run: Callable[[], Any]


class _ChoiceProvider(Provider):
    """Palette search over a fixed list of choices (set per picker by :func:`pick`)."""

    choices: Sequence[Choice] = ()

    async def discover(self) -> Hits:
        """Every choice, before anything is typed."""
        style = self.matcher("").match_style
        for c in self.choices[:200]:
            yield DiscoveryHit(highlighted(c.text, (), style), c.run, c.text, c.help)

    async def search(self, query: str) -> Hits:
        """Fuzzy search; scheme text is never parsed as markup."""
        matcher = self.matcher(query)
        for c in self.choices:
            score, offsets = matcher.fuzzy_search.match(query, c.text)
            if score > 0:
                yield Hit(
                    score, highlighted(c.text, offsets, matcher.match_style), c.run, c.text, c.help
                )


def pick(placeholder: str, choices: Sequence[Choice]) -> CommandPalette:
    """A command palette offering only ``choices`` (the palette's own step search)."""
    provider = type("Pick", (_ChoiceProvider,), {"choices": tuple(choices)})
    return CommandPalette(providers=[provider], placeholder=placeholder)


class PromptScreen(ModalScreen[str | None]):
    """Ask for one line of text (a title, a reason, a score); Enter confirms, Esc cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: Text, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self._question = question
        self._value = value
        self._placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self._question)
            yield Input(value=self._value, placeholder=self._placeholder, id="prompt-input")
            yield Static(Text("Enter to confirm · Esc to cancel", "dim"))

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter: confirm."""
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        """Esc: cancel."""
        self.dismiss(None)


class LinesScreen(ModalScreen[list[str] | None]):
    """Edit several lines (prior knowledge, one statement a line); ctrl+s keeps, Esc cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "done", "Keep", priority=True),
    ]

    def __init__(self, question: Text, lines: Sequence[str]) -> None:
        super().__init__()
        self._question = question
        self._lines = "\n".join(lines)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self._question)
            yield TextArea(self._lines, id="lines-input")
            yield Static(Text("one statement a line · ctrl+s to keep · Esc to cancel", "dim"))

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_done(self) -> None:
        """Keep the lines."""
        self.dismiss(self.query_one(TextArea).text.splitlines())

    def action_cancel(self) -> None:
        """Cancel."""
        self.dismiss(None)


class ConfirmQuitScreen(ModalScreen[str]):
    """Unsaved changes: save and quit, quit without saving, or stay."""

    BINDINGS = [
        Binding("s", "answer('save')", "Save and quit"),
        Binding("d", "answer('discard')", "Quit without saving"),
        Binding("escape,c", "answer('cancel')", "Stay"),
    ]

    def __init__(self, edits: int) -> None:
        super().__init__()
        self._edits = edits

    def compose(self) -> ComposeResult:
        text = Text("Unsaved changes\n\n", "bold")
        word = "change is" if self._edits == 1 else "changes are"
        text.append(f"{self._edits} {word} not saved.\n\n")
        text.append(" s ", "bold reverse")
        text.append(" save and quit   ")
        text.append(" d ", "bold reverse")
        text.append(" quit without saving   ")
        text.append(" esc ", "bold reverse")
        text.append(" stay")
        with Vertical(classes="dialog"):
            yield Static(text)

    def action_answer(self, answer: str) -> None:
        """The user's choice."""
        self.dismiss(answer)


class ReviewScreen(ModalScreen[None]):
    """Drafted links one by one: evidence and score; keep, reject, skip, or keep all above."""

    BINDINGS = [
        Binding("y,k", "keep", "Keep"),
        Binding("n,x", "reject", "Reject"),
        Binding("right,space", "skip(1)", "Next"),
        Binding("left", "skip(-1)", "Previous", show=False),
        Binding("a", "keep_above", "Keep all above…"),
        Binding("escape,q", "close", "Close"),
    ]

    def __init__(
        self,
        links: Callable[[], list[DraftedLink]],
        decide: Callable[[DraftedLink, bool], bool],
        keep_above: Callable[[float], bool],
        describe: Callable[[str], str],
    ) -> None:
        super().__init__()
        self._links = links
        self._decide = decide
        self._keep_above = keep_above
        self._describe = describe
        self.position = 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog review"):
            yield Static(id="review-body")
            yield Static(id="review-keys")

    def on_mount(self) -> None:
        self.show()

    def current(self) -> DraftedLink | None:
        """The proposal on screen."""
        links = self._links()
        if not links:
            return None
        self.position %= len(links)
        return links[self.position]

    def show(self) -> None:
        """Draw the current proposal (all scheme text as plain text)."""
        links = self._links()
        body = Text()
        d = self.current()
        if d is None:
            body.append("No drafted links left to review.\n\n", "bold green")
            body.append("Save (ctrl+s) to write your decisions to the file.")
        else:
            body.append(f"Drafted link {self.position + 1} of {len(links)}\n\n", "bold")
            body.append(self._describe(d.step), "bold")
            body.append(f"  {d.step}\n", "dim")
            body.append("builds on  " if d.kind == "requires" else "covers  ", "italic")
            body.append(self._describe(d.link.target), "bold")
            body.append(f"  {d.link.target}\n\n", "dim")
            body.append("score ", "dim")
            body.append(f"{d.link.score:.2f}", "bold cyan")
            body.append("   from ", "dim")
            body.append(d.link.source)
            body.append("\nevidence  ", "dim")
            body.append(d.link.evidence or "(none given)")
        self.query_one("#review-body", Static).update(body)
        keys = Text()
        for key, label in (("y", "keep"), ("n", "reject"), ("→", "next"), ("a", "keep all above…")):
            keys.append(f" {key} ", "bold reverse")
            keys.append(f" {label}  ")
        keys.append(" esc ", "bold reverse")
        keys.append(" close")
        self.query_one("#review-keys", Static).update(keys)

    def action_keep(self) -> None:
        """Keep the proposal."""
        d = self.current()
        if d is not None and self._decide(d, True):
            self.show()

    def action_reject(self) -> None:
        """Reject the proposal."""
        d = self.current()
        if d is not None and self._decide(d, False):
            self.show()

    def action_skip(self, step: int) -> None:
        """Leave it for now."""
        self.position += step
        self.show()

    def action_keep_above(self) -> None:
        """Keep every proposal scoring at least a threshold."""

        def chosen(value: str | None) -> None:
            if value is None:
                return
            try:
                score = float(value)
            except ValueError:
                self.notify(f"{value!r} is not a score between 0 and 1", severity="error")
                return
            if self._keep_above(score):
                self.position = 0
                self.show()

        self.app.push_screen(
            PromptScreen(Text("Keep every drafted link scoring at least:"), "0.8"), chosen
        )

    def action_close(self) -> None:
        """Back to the scheme."""
        self.dismiss(None)
