"""Modal screens: key help and a rule's documentation."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

HELP = """\
coherence explore: keys

  ↑ ↓ ← →, Enter   move in the tree; Enter on a connection jumps to it
  tab / shift+tab  move between the tree and the view
  d                step detail            f   findings (s: severity, k: rule doc)
  t                thread (strand) view   n   next strand in the thread view
  m                metrics                ctrl+p  command palette: go to any step or unit
  [ / ]            back / forward along the steps you visited
  r                reload the file and re-run the audit (keeps the selection)
  e                export a Graphviz map of this step's neighbourhood or this strand
  ctrl+t           light / dark theme     ?   this help      q   quit

Editing (each change re-runs the audit and says which findings it fixed or added)
  M                move this step's unit to another half-term or position
  S                move this step to another place or unit
  P                add a prerequisite (search for it)   a   accept a finding (in findings)
  R                review drafted links: y keep, n reject, a keep all above a score
  ctrl+z / ctrl+y  undo / redo            ctrl+s  save (YAML keeps its comments)
  ctrl+p           "edit: ..." commands: retitle, prior knowledge, remove a prerequisite
"""


class _TextModal(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss_modal", "Close")]

    def __init__(self, text: Text) -> None:
        super().__init__()
        self._text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self._text)

    def action_dismiss_modal(self) -> None:
        """Close."""
        self.dismiss(None)


class HelpScreen(_TextModal):
    """The key bindings."""

    def __init__(self) -> None:
        super().__init__(Text(HELP))


class RuleDocScreen(_TextModal):
    """A rule's full documentation."""

    def __init__(self, rule_id: str) -> None:
        from coherence.rules.registry import REGISTRY

        rule = REGISTRY.get(rule_id)
        text = Text()
        if rule is None:
            text.append(f"{rule_id}\n\nA finding about the configuration itself.")
        else:
            text.append(rule.markdown())
        super().__init__(text)
