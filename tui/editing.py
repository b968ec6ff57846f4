"""Editing in the explorer: each action collects a choice and hands an operation of
:mod:`coherence.edit` to the session; the app then shows the new audit and says,
in plain words, which findings the change fixed or added.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text

from coherence.edit import (
    AcceptFinding,
    AddPrerequisite,
    Change,
    EditError,
    KeepLink,
    MoveStep,
    MoveUnit,
    Operation,
    RejectLink,
    RemovePrerequisite,
    SetPriorKnowledge,
    SetTitle,
    drafted_links,
    keep_all_above,
)
from coherence.errors import InputError
from coherence.util import plural
from tui.screens.edit import (
    Choice,
    ConfirmQuitScreen,
    LinesScreen,
    PromptScreen,
    ReviewScreen,
    pick,
)

if TYPE_CHECKING:
    from tui.app import CoherenceApp


def _app(obj: object) -> CoherenceApp:
    return obj  # type: ignore[return-value]


class EditActions:
    """Mixed into :class:`tui.app.CoherenceApp`: edit, undo, redo, save, review, quit."""

    # ------------------------------------------------------------ plumbing
    def apply_edit(self, op: Operation) -> Change | None:
        """Make an edit through the session; show the result and what changed."""
        app = _app(self)
        try:
            change = app.session.apply(op)
        except EditError as e:
            app.notify(str(e), title="Not changed", severity="warning", markup=False)
            return None
        self.after_change(change)
        return change

    def after_change(self, change: Change) -> None:
        """Show the new audit and a notice naming the findings that changed."""
        app = _app(self)
        with app.batch_update():  # one repaint for the tree, the view and the notice
            app.show_result(change.result)
            detail = "\n".join(change.diff.lines(name=lambda n: f"'{self.title_of(n)}' ({n})"))
            app.notify(
                change.notice() + (f"\n{detail}" if detail else ""),
                title="Changed",
                markup=False,
                timeout=6,
            )

    def title_of(self, node_id: str) -> str:
        """A step's, unit's, prior item's or statement's title (the id when unknown)."""
        cg = _app(self).result.graph
        if node_id in cg.unit_by_id:
            return cg.unit_by_id[node_id].title
        if node_id in cg.g:
            return str(cg.g.nodes[node_id].get("title") or node_id)
        if cg.framework is not None:
            st = cg.framework.by_code().get(node_id)
            if st is not None:
                return st.title
        return node_id

    def _current_step(self) -> str | None:
        app = _app(self)
        cur = app.current
        if cur is None or app.result.graph.g.nodes.get(cur, {}).get("kind") != "step":
            app.notify("choose a step first", severity="warning")
            return None
        return cur

    # -------------------------------------------------------- undo, redo, save
    def action_undo(self) -> None:
        """Undo the last edit."""
        self._show_history(_app(self).session.undo(), "nothing to undo")

    def action_redo(self) -> None:
        """Redo the last undone edit."""
        self._show_history(_app(self).session.redo(), "nothing to redo")

    def _show_history(self, change: Change | None, nothing: str) -> None:
        if change is None:
            _app(self).notify(nothing)
        else:
            self.after_change(change)

    def action_save(self) -> None:
        """Save, saying so first: a large YAML file takes seconds to write with its comments."""
        app = _app(self)
        app.notify("Saving…", timeout=3)
        app.call_after_refresh(self.save_now)

    def save_now(self) -> bool:
        """Write the edits (YAML in place with comments; spreadsheets beside, as YAML)."""
        app = _app(self)
        try:
            saved = app.session.save()
        except InputError as e:
            app.notify(str(e), title="Not saved", severity="error", markup=False, timeout=10)
            return False
        app.path = app.session.path
        app.set_titles()
        app.notify(saved.note, title="Saved", markup=False, timeout=8)
        return True

    async def action_quit(self) -> None:
        """Quit, asking first when there are unsaved changes."""
        app = _app(self)
        if not app.is_open or not app.session.dirty:
            app.exit()
            return

        def answered(answer: str | None) -> None:
            if answer == "discard" or (answer == "save" and self.save_now()):
                app.exit()

        app.push_screen(ConfirmQuitScreen(len(app.session.history)), answered)

    # ------------------------------------------------------------------ edits
    def action_move_unit(self) -> None:
        """Move the current step's unit to another half-term or position."""
        app = _app(self)
        step = self._current_step()
        if step is None:
            return
        cg = app.result.graph
        unit = cg.unit_by_id[str(cg.g.nodes[step]["unit"])]
        years = sorted({u.year for u in cg.units if u.year is not None}) or [7]
        choices: list[Choice] = []
        per_year = cg.periods_per_year
        for year in years:
            for term in range(1, per_year + 1):
                label = cg.label_for(year, term)
                peers = [u for u in cg.units if (u.year, u.term) == (year, term) and u != unit]
                for i, peer in enumerate(peers):
                    choices.append(
                        Choice(
                            f"{label} · before {peer.title}",
                            f"position {i + 1}",
                            partial(self.apply_edit, MoveUnit(unit.id, year, term, i)),
                        )
                    )
                choices.append(
                    Choice(
                        f"{label} · at the end" if peers else f"{label} · (no units yet)",
                        f"position {len(peers) + 1}",
                        partial(self.apply_edit, MoveUnit(unit.id, year, term, None)),
                    )
                )
        app.push_screen(pick(f"Move unit '{unit.title}' to…", choices))

    def action_move_step(self) -> None:
        """Move the current step into another unit, or elsewhere in its own."""
        app = _app(self)
        step = self._current_step()
        if step is None:
            return
        cg = app.result.graph
        choices: list[Choice] = []
        for u in cg.units:
            others = [s for s in u.steps if s != step]
            for i, s in enumerate(others):
                choices.append(
                    Choice(
                        f"{u.title} · before {self.title_of(s)}",
                        cg.period_label(s),
                        partial(self.apply_edit, MoveStep(step, u.id, i)),
                    )
                )
            choices.append(
                Choice(
                    f"{u.title} · at the end",
                    cg.label_for(u.year, u.term),
                    partial(self.apply_edit, MoveStep(step, u.id, None)),
                )
            )
        app.push_screen(pick(f"Move step '{self.title_of(step)}' to…", choices))

    def action_add_prerequisite(self) -> None:
        """Make the current step build on a step, unit or prior item chosen by search."""
        app = _app(self)
        step = self._current_step()
        if step is None:
            return
        cg = app.result.graph
        have = set(cg.prerequisites(step))
        choices = [
            Choice(
                f"{p.title} ({p.id})",
                "prior knowledge",
                partial(self.apply_edit, AddPrerequisite(step, p.id)),
            )
            for p in cg.scheme.prior
        ]
        for n in cg.order:
            if n != step and n not in have:
                choices.append(
                    Choice(
                        f"{self.title_of(n)} ({n})",
                        cg.period_label(n),
                        partial(self.apply_edit, AddPrerequisite(step, n)),
                    )
                )
        app.push_screen(pick(f"'{self.title_of(step)}' builds on…", choices))

    def action_remove_prerequisite(self) -> None:
        """Stop the current step building on one of the prerequisites it lists."""
        app = _app(self)
        step = self._current_step()
        if step is None:
            return
        s = next(x for x in app.session.scheme.steps if x.id == step)
        if not s.requires:
            app.notify("this step lists no prerequisites of its own", severity="warning")
            return
        choices = [
            Choice(
                f"{self.title_of(r)} ({r})",
                "remove",
                partial(self.apply_edit, RemovePrerequisite(step, r)),
            )
            for r in s.requires
        ]
        app.push_screen(pick(f"'{self.title_of(step)}' no longer builds on…", choices))

    def action_edit_title(self) -> None:
        """Retitle the current step."""
        step = self._current_step()
        if step is None:
            return

        def done(value: str | None) -> None:
            if value is not None and value != self.title_of(step):
                self.apply_edit(SetTitle(step, value))

        _app(self).push_screen(
            PromptScreen(Text(f"New title for {step}:"), self.title_of(step)), done
        )

    def action_edit_unit_title(self) -> None:
        """Retitle the current step's unit."""
        app = _app(self)
        step = self._current_step()
        if step is None:
            return
        unit = app.result.graph.unit_by_id[str(app.result.graph.g.nodes[step]["unit"])]

        def done(value: str | None) -> None:
            if value is not None and value != unit.title:
                self.apply_edit(SetTitle(unit.id, value))

        app.push_screen(PromptScreen(Text(f"New title for unit {unit.id}:"), unit.title), done)

    def action_edit_prior_knowledge(self) -> None:
        """Edit the current step's prior-knowledge statements."""
        app = _app(self)
        step = self._current_step()
        if step is None:
            return
        s = next(x for x in app.session.scheme.steps if x.id == step)

        def done(lines: list[str] | None) -> None:
            if lines is not None:
                self.apply_edit(SetPriorKnowledge(step, tuple(lines)))

        question = Text(f"What '{s.title}' builds on, in your words (one statement a line):")
        app.push_screen(LinesScreen(question, s.prior_knowledge), done)

    def action_accept_finding(self) -> None:
        """Accept the finding under the cursor in the findings view, with a reason."""
        from tui.widgets.findings.findings_view import FindingsView

        app = _app(self)
        app.catch_up("findings")  # rows of the audit shown, though the view was not opened
        f = app.query_one(FindingsView).selected()
        if f is None:
            app.notify("choose a finding in the findings view (f) first", severity="warning")
            return
        if f.accepted:
            app.notify("already accepted", severity="warning")
            return

        def done(reason: str | None) -> None:
            if reason is not None:
                self.apply_edit(AcceptFinding(f.rule, f.nodes, reason))

        question = Text("Accept ")
        question.append(f.rule, "bold")
        question.append(f" at {', '.join(f.nodes)}.\nWhy does the department accept it?")
        app.push_screen(
            PromptScreen(question, placeholder="e.g. agreed at the March meeting"), done
        )

    # -------------------------------------------------------------- review
    def action_review_links(self) -> None:
        """Go through the drafted links one by one."""
        app = _app(self)
        if not drafted_links(app.session.scheme):
            app.notify("no drafted links to review: run 'coherence link' first")
            return

        def decide(d: object, keep: bool) -> bool:
            from coherence.edit import DraftedLink

            assert isinstance(d, DraftedLink)
            op = KeepLink if keep else RejectLink
            return self.apply_edit(op(d.step, d.kind, d.link.target)) is not None

        def above(score: float) -> bool:
            try:
                op = keep_all_above(app.session.scheme, score)
            except EditError as e:
                app.notify(str(e), severity="warning", markup=False)
                return False
            return self.apply_edit(op) is not None

        app.push_screen(
            ReviewScreen(lambda: drafted_links(app.session.scheme), decide, above, self.title_of)
        )

    def pending_review(self) -> str:
        """``3 drafted links to review`` (or empty)."""
        n = len(drafted_links(_app(self).session.scheme))
        return plural(n, "drafted link") + " to review" if n else ""
