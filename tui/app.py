"""The coherence explorer: a Textual app over the library's audit.

The app only calls the library (load, audit, render); it never re-implements
analysis. All scheme text reaches the screen as plain text (see :mod:`tui.safe`).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Header, Tree

from coherence.audit import AuditResult
from coherence.edit import EditSession
from coherence.errors import InputError
from coherence.load import bundled_scheme_path
from coherence.text import printable
from coherence.util import plural
from tui.commands import SchemeCommands
from tui.editing import EditActions
from tui.opening import OpeningNotice, open_session, thaw
from tui.safe import TerminalGuard
from tui.screens.modals import HelpScreen, RuleDocScreen
from tui.widgets.detail.step_detail import StepDetail
from tui.widgets.findings.findings_view import FindingsView
from tui.widgets.footer.key_bar import KeyBar
from tui.widgets.metrics.metrics_view import MetricsView
from tui.widgets.thread.thread_view import ThreadView
from tui.widgets.tree.scheme_tree import Entry, SchemeTree

#: Views filled when first shown after an audit (on open and after each edit), not before.
FILLED_WHEN_SHOWN = ("findings", "metrics")


class CoherenceApp(TerminalGuard, EditActions, App[None]):
    """Explore and edit a scheme's coherence: tree, step detail, findings, threads, metrics."""

    CSS_PATH = "app.tcss"
    TITLE = "coherence"
    COMMANDS = App.COMMANDS | {SchemeCommands}
    BINDINGS = [
        Binding("d", "view_detail", "Detail"),
        Binding("f", "view_findings", "Findings"),
        Binding("t", "view_thread", "Thread"),
        Binding("n", "next_strand", "Next strand", show=False),
        Binding("m", "view_metrics", "Metrics"),
        Binding("left_square_bracket", "history_back", "Back"),
        Binding("right_square_bracket", "history_forward", "Fwd", show=False),
        Binding("r", "reload", "Reload"),
        Binding("e", "export", "Export"),
        Binding("ctrl+t", "toggle_theme", "Theme", show=False),
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+z", "undo", "Undo"),
        Binding("ctrl+y", "redo", "Redo", show=False),
        Binding("M", "move_unit", "Move unit", show=False),
        Binding("S", "move_step", "Move step", show=False),
        Binding("P", "add_prerequisite", "Add prerequisite", show=False),
        Binding("R", "review_links", "Review links", show=False),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
    ]

    #: Actions in force while the scheme is still being opened.
    WHILE_OPENING = frozenset({"quit", "help", "toggle_theme"})

    session: EditSession
    result: AuditResult

    def __init__(
        self,
        path: str | None,
        framework: str | None = None,
        config: str | None = None,
        *,
        session: EditSession | None = None,
        export_dir: str | None = None,
        background: bool = False,
    ) -> None:
        """Open ``path`` (None: the bundled example), or show ``session`` if given.

        With ``background`` (as ``coherence explore`` runs it) the first screen says what is
        opening and the load and audit run in a thread; otherwise they run here, before the
        app starts.
        """
        super().__init__()
        self.path = path or bundled_scheme_path()
        self.framework = framework
        self.config_path = config
        self.export_dir = export_dir or os.getcwd()
        self.history: list[str] = []
        self.position = -1
        self.current: str | None = None
        self.strand: str | None = None
        self._navigating = False
        self._stale: set[str] = set()
        #: Why opening in the background failed (``run_app`` raises it once the app ends).
        self.open_error: BaseException | None = None
        self._frozen = session is None
        self.is_open = False
        if session is None and not background:
            session = open_session(path, framework, config)
        if session is not None:
            self._adopt(session)

    def _adopt(self, session: EditSession) -> None:
        self.session = session
        self.path = session.path
        self.result = session.result
        self.is_open = True

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            if self.is_open:
                yield from self._panes()
            else:
                yield OpeningNotice(self.path, id="opening")
        yield KeyBar(id="keys")

    def _panes(self) -> list[Widget]:
        """The tree beside the views (built once the scheme is open)."""
        views = ContentSwitcher(
            StepDetail(id="detail"),
            FindingsView(id="findings"),
            ThreadView(id="thread"),
            MetricsView(id="metrics"),
            initial="detail",
            id="views",
        )
        return [SchemeTree(self.result, id="tree"), views]

    def on_mount(self) -> None:
        if self.is_open:
            self._start()
        else:
            self.title = f"coherence · opening {printable(Path(self.path).name)}"
            threading.Thread(target=self._open, name="open scheme", daemon=True).start()

    def _open(self) -> None:
        """In a thread: load and audit, then hand the session (or the failure) to the app."""
        outcome: tuple[Callable[[Any], object], object]
        try:
            outcome = (self._opened, open_session(self.path, self.framework, self.config_path))
        except BaseException as e:  # every failure ends the app and is reported by run_app
            outcome = (self._open_failed, e)
        if not self.is_running:  # the app ended (q) while the scheme was opening
            thaw()
            return
        try:
            self.call_from_thread(*outcome)
        except Exception:
            thaw()
            if self.is_running:
                raise  # a failure to show the scheme, not an app that has just ended

    async def _opened(self, session: EditSession) -> None:
        if not self.is_running:  # quit while the scheme was opening
            thaw()
            return
        self._adopt(session)
        main = self.query_one("#main")
        await main.remove_children()
        await main.mount_all(self._panes())
        self._start()
        self.query_one(KeyBar).refresh_keys()  # the scheme's keys in the tree's first frame

    def _open_failed(self, error: BaseException) -> None:
        self.open_error = error
        self.exit(return_code=2)

    def _start(self) -> None:
        """The first screen of an open scheme: titles, the first step, keys."""
        self._set_titles()
        # Filled when first shown (at 50k steps the findings table alone took 0.1 s of the
        # first screen).
        self._stale = set(FILLED_WHEN_SHOWN)
        order = self.result.graph.order
        if order:
            self.goto(order[0])
        self.query_one(SchemeTree).focus()
        self.call_after_refresh(self.query_one(KeyBar).refresh_keys)
        self._notify_load_notes()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the scheme opens, only quit, help and the theme work (and are shown)."""
        return self.is_open or action in self.WHILE_OPENING

    def on_unmount(self) -> None:
        """Frozen objects go back to the collector when the app ends."""
        self._thaw()

    def _thaw(self) -> None:
        if self._frozen:
            self._frozen = False
            thaw()

    def _notify_load_notes(self) -> None:
        """Say once, on open, what the loader read loosely (``coherence check`` lists all)."""
        from coherence.report.common import note_text

        notes = self.result.graph.scheme.load_notes
        if not notes:
            return
        shown = [f"• {note_text(n)}" for n in notes[:5]]
        if len(notes) > 5:
            shown.append(f"… and {len(notes) - 5} more: 'coherence check' lists them all")
        self.notify("\n".join(shown), title="Read loosely from the file", markup=False, timeout=12)

    def on_descendant_focus(self) -> None:
        """The keys in force change with focus."""
        self.call_after_refresh(self.query_one(KeyBar).refresh_keys)

    def _set_titles(self) -> None:
        cg = self.result.graph
        c = self.result.counts()
        self.title = f"coherence · {printable(cg.scheme.name)}"
        self.sub_title = (
            f"{plural(len(cg.order), 'step')} · {plural(c['error'], 'error')} · "
            f"{plural(c['warning'], 'warning')} · {plural(c['info'], 'note')} · "
            f"{c['accepted']} accepted" + (" · unsaved changes" if self.session.dirty else "")
        )

    def set_titles(self) -> None:
        """Redraw the title and the counts in it."""
        self._set_titles()

    # -------------------------------------------------------------- navigation
    def goto(self, node_id: str, *, record: bool = True) -> None:
        """Show a step (or a unit's first step) and select it in the tree."""
        cg = self.result.graph
        if node_id in cg.unit_by_id:
            self.query_one(SchemeTree).reveal(node_id)
            node_id = cg.unit_by_id[node_id].steps[0]
        if node_id not in cg.g:
            self.notify(
                f"no step '{printable(node_id)}' in this scheme", severity="warning", markup=False
            )
            return
        self.current = node_id
        if record and (self.position < 0 or self.history[self.position] != node_id):
            del self.history[self.position + 1 :]
            self.history.append(node_id)
            self.position = len(self.history) - 1
        self._navigating = True
        try:
            self.query_one(SchemeTree).reveal(node_id)
        finally:
            self._navigating = False
        self.query_one(StepDetail).show(self.result, node_id)
        self.query_one(ContentSwitcher).current = "detail"

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[Entry]) -> None:
        """Moving in the tree shows the step under the cursor."""
        data = event.node.data
        if self._navigating or data is None or data.kind != "step" or data.key == self.current:
            return
        tree = self.query_one(SchemeTree)
        if tree.pending is not None or event.node is not tree.cursor_node:
            return  # a stale event: the app has moved the cursor on since
        self.goto(data.key)

    def on_step_detail_jump(self, message: StepDetail.Jump) -> None:
        """Enter on a connection."""
        self.goto(message.node_id)

    def on_findings_view_jump(self, message: FindingsView.Jump) -> None:
        """Enter on a finding."""
        self.goto(message.node_id)

    def on_findings_view_show_rule(self, message: FindingsView.ShowRule) -> None:
        """The rule's documentation, one key away."""
        self.push_screen(RuleDocScreen(message.rule))

    def action_history_back(self) -> None:
        """Back along the visited steps."""
        if self.position > 0:
            self.position -= 1
            self.goto(self.history[self.position], record=False)

    def action_history_forward(self) -> None:
        """Forward along the visited steps."""
        if self.position + 1 < len(self.history):
            self.position += 1
            self.goto(self.history[self.position], record=False)

    # ------------------------------------------------------------------- views
    def _leave_findings(self) -> None:
        """Keys of a hidden view must not stay in force: focus the tree when leaving it."""
        if self.query_one(FindingsView).has_focus_within:
            self.query_one(SchemeTree).focus()

    def action_view_detail(self) -> None:
        """The step detail."""
        self._leave_findings()
        self.query_one(ContentSwitcher).current = "detail"

    def action_view_findings(self) -> None:
        """The findings table."""
        self.catch_up("findings")
        self.query_one(ContentSwitcher).current = "findings"
        # Typing goes to the filter; Enter or Tab moves on to the table.
        self.query_one("#rule-filter").focus()

    def action_view_metrics(self) -> None:
        """The metrics."""
        self._leave_findings()
        self.catch_up("metrics")
        self.query_one(ContentSwitcher).current = "metrics"

    def action_view_thread(self) -> None:
        """The thread of the current step's strand."""
        strand = self.strand
        if self.current and self.current in self.result.graph.g:
            strand = self.result.graph.g.nodes[self.current].get("strand") or strand
        strands = list(self.result.metrics.strands)
        if not strands:
            return
        self.show_thread(strand if strand in strands else strands[0])

    def show_thread(self, strand: str) -> None:
        """Show one strand as a timeline."""
        self._leave_findings()
        self.strand = strand
        self.query_one(ThreadView).show(self.result, strand)
        self.query_one(ContentSwitcher).current = "thread"

    def action_next_strand(self) -> None:
        """The next strand in the thread view."""
        strands = list(self.result.metrics.strands)
        if not strands:
            return
        i = strands.index(self.strand) + 1 if self.strand in strands else 0
        self.show_thread(strands[i % len(strands)])

    def action_help(self) -> None:
        """Key help."""
        self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        """Light / dark."""
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    # --------------------------------------------------------- reload, export
    def action_reload(self) -> None:
        """Re-read the file and re-run the audit, keeping the selection."""
        if self.session.dirty:
            self.notify(
                "There are unsaved changes: save them (ctrl+s) or undo them (ctrl+z) first.",
                title="Not reloaded",
                severity="warning",
                markup=False,
            )
            return
        try:
            session = EditSession(self.path, self.framework, self.config_path)
        except Exception as e:  # any failure keeps the last good state on screen
            self.notify(
                _reload_problem(e), title="Reload failed", severity="error", markup=False, timeout=8
            )
            return
        self.session = session
        result = session.result
        self.show_result(result)
        c = result.counts()
        self.notify(
            f"Reloaded: {plural(c['error'], 'error')}, {plural(c['warning'], 'warning')}, "
            f"{plural(c['info'], 'note')}",
            markup=False,
        )

    def catch_up(self, view: str) -> None:
        """Fill a view that missed the last audit (filled when shown, not per edit or on open)."""
        if view not in self._stale:
            return
        self._stale.discard(view)
        if view == "findings":
            self.query_one(FindingsView).load(self.result)
        else:
            self.query_one(MetricsView).show(self.result)

    def show_result(self, result: AuditResult) -> None:
        """Show a new audit everywhere, keeping the selection and the view."""
        keep = self.current
        self._thaw()  # the audit shown until now may go
        self.result = result
        self.query_one(SchemeTree).load(result)
        view = self.query_one(ContentSwitcher).current
        # Only the view on screen is redrawn now: each costs ~0.1 s on 500 steps.
        self._stale = set(FILLED_WHEN_SHOWN)
        if view in self._stale:
            self.catch_up(view)
        self._set_titles()
        if keep and keep in result.graph.g:
            self.goto(keep, record=False)
        elif result.graph.order:
            self.goto(result.graph.order[0])
        if view == "thread" and self.strand in result.metrics.strands:
            self.show_thread(self.strand or "")
        elif view in ("findings", "metrics"):
            self.query_one(ContentSwitcher).current = view

    def action_export(self) -> None:
        """Write a Graphviz map of the current neighbourhood (or strand, in the thread view)."""
        from coherence.maps import dot_available, render, to_dot

        view = self.query_one(ContentSwitcher).current
        if view == "thread" and self.strand:
            dot = to_dot(self.result, strand=self.strand)
            stem = f"coherence-strand-{self.strand}"
        elif self.current:
            dot = to_dot(self.result, focus=self.current, depth=2)
            stem = f"coherence-{self.current}"
        else:
            return
        fmt = "svg" if dot_available() else "dot"
        safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in stem)
        out = Path(self.export_dir) / f"{safe}.{fmt}"
        try:
            render(dot, str(out), fmt)
        except (InputError, OSError) as e:
            self.notify(printable(str(e)), title="Export failed", severity="error", markup=False)
            return
        note = "" if fmt == "svg" else " (Graphviz not installed: DOT source)"
        self.notify(f"Wrote {printable(str(out))}{note}", title="Export", markup=False)


def _reload_problem(e: Exception) -> str:
    """One line for a failed reload: the bad-input message, or what went wrong."""
    if isinstance(e, InputError):
        return printable(str(e))
    if isinstance(e, OSError):
        from coherence.io import describe_os_error

        return printable(f"{e.filename or 'the file'}: {describe_os_error(e)}")
    if isinstance(e, MemoryError):
        return "the file is too large to load"
    return printable(f"the file could not be loaded ({type(e).__name__}: {e})")[:300]


def run_app(
    path: str | None,
    framework: str | None = None,
    config: str | None = None,
    compare: str | None = None,
) -> None:
    """Open the explorer (``coherence explore``)."""
    if compare:
        from coherence.audit import run_audit
        from tui.screens.comparison import CompareApp

        session = EditSession(path, framework, config)
        CompareApp(session.result, run_audit(compare, framework, None)).run()
        return
    app = CoherenceApp(path, framework, config, background=True)
    app.run()
    if app.open_error is not None:
        raise app.open_error
