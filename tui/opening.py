"""Opening a scheme in the explorer: the load and audit, and what shows while they run.

A 50,000-step scheme is some 850,000 Python objects, every one of them alive for as long as
the explorer shows the scheme. Left to the cyclic garbage collector, they are all walked by
its first full collection after the load: measured at 50,000 steps, 0.55 s in the middle of
drawing the first screen (and later full collections land on a key press). Frozen
(:func:`gc.freeze`), they are left out of every collection; reference counting still frees
them. They are handed back (:func:`thaw`) when the audit shown is replaced by an edit or a
reload, and when the app ends, so nothing frozen is kept past its use.
"""

from __future__ import annotations

import gc
from pathlib import Path

# The YAML parser (a Rust extension) is imported here, on the main thread, before any
# scheme is opened on another: imported first on a thread that then ends, yaml_rs 0.1.6
# crashes the process (segmentation fault) when a later thread parses YAML. Measured: the
# second scheme opened in the background in one process crashed within a few opens.
import yaml_rs  # noqa: F401
from rich.text import Text
from textual.widgets import Static

from coherence.edit import EditSession
from coherence.text import printable
from coherence.util import paused_gc


def open_session(
    path: str | None, framework: str | None = None, config: str | None = None
) -> EditSession:
    """Load and audit a scheme for the explorer, its objects frozen out of the collector.

    Parameters
    ----------
    path, framework, config : str or None
        What :class:`coherence.edit.EditSession` opens (a None path: the bundled example).

    Returns
    -------
    EditSession
        The scheme open for editing, with its first audit.

    Examples
    --------
    >>> session = open_session(None)
    >>> len(session.result.graph.order) > 100
    True
    >>> thaw()
    """
    # The collector is paused while the objects are made (as the CLI does on start-up; a
    # 50k-step load leaves 59 unreachable objects), then everything alive is frozen.
    with paused_gc():
        session = EditSession(path, framework, config)
        gc.freeze()
    return session


def thaw() -> None:
    """Give the objects frozen by :func:`open_session` back to the garbage collector."""
    gc.unfreeze()


class OpeningNotice(Static):
    """Shown while a scheme is read and audited: which file, the seconds so far, q quits.

    The seconds tick once a second: Textual's animated ``LoadingIndicator`` cost the load
    running beside it about 0.3 s of CPU on a 50,000-step scheme (measured).
    """

    def __init__(self, path: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.path = path
        self.seconds = 0

    def on_mount(self) -> None:
        self._show()
        self.set_interval(1.0, self._tick)

    def _tick(self) -> None:
        self.seconds += 1
        self._show()

    def _show(self) -> None:
        text = Text("Opening ", "bold")
        text.append(printable(Path(self.path).name), "bold")
        text.append(f"  {self.seconds} s" if self.seconds else "", "dim")
        text.append("\nreading the scheme and running the audit: a large scheme takes seconds")
        text.append("\n\nq quits", "dim")
        self.update(text)
